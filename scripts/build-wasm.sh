#!/usr/bin/env bash
# Builds the npm package in bindings-wasm/npm: two builds of the one binding crate,
#   pkg/          `@triplink/sdk`, feature `full` (the default), and
#   pkg-booking/  `@triplink/sdk/booking`, no default features,
# both with the release-wasm profile (triplink-core at opt-level 3 for the full build measured
# 558 KB gzip, over the 447 KB budget: see bench/bench.mjs and the closing note of #22),
# each as wasm-bindgen's web glue (ESM: browsers, bundlers, Node, workers) plus its CommonJS
# glue (pkg*/cjs/, the `require` condition; its snippets converted by
# tools/snippets-to-cjs.mjs) over the same .wasm; then wasm-opt from npm's
# binaryen: -Oz, --flatten --rereloop, -Oz again (7 KB gzipped less than -Oz alone, trip parse
# speed the same within noise in bench/bench.mjs; --converge saved 2 KB more for 4 minutes per
# build). The booking/ entries are the package's own entries with their paths pointed at
# pkg-booking/ (one source for both builds). Needs scripts/setup-wasm.sh first.
#   scripts/build-wasm.sh [full|booking]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
NPM=bindings-wasm/npm
OPT=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

# build OUT_DIR PROFILE CARGO_FEATURE_ARGS...
build() {
  local dir=$1 out=$NPM/$1 profile=$2
  shift 2
  cargo build -p triplink-wasm --target wasm32-unknown-unknown --profile "$profile" --locked "$@"
  local wasm=target/wasm32-unknown-unknown/$profile/triplink_wasm.wasm
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" --out-name triplink_wasm "$wasm"
  wasm-bindgen --target nodejs --out-dir "$out/cjs" --out-name triplink_wasm "$wasm"
  # One .wasm per build: the CommonJS glue reads the web glue's (wasm-bindgen writes the same
  # module for both targets; checked here so a future version that does not fails the build).
  cmp -s "$out/triplink_wasm_bg.wasm" "$out/cjs/triplink_wasm_bg.wasm" \
    || { echo "build-wasm: the web and nodejs .wasm differ"; exit 1; }
  rm "$out/cjs/triplink_wasm_bg.wasm"
  sed -i 's|^const wasmPath = `${__dirname}/triplink_wasm_bg.wasm`;|const wasmPath = `${__dirname}/../triplink_wasm_bg.wasm`;|' "$out/cjs/triplink_wasm.js"
  grep -q '/../triplink_wasm_bg.wasm`;$' "$out/cjs/triplink_wasm.js" \
    || { echo "build-wasm: the CommonJS glue no longer names its .wasm as expected"; exit 1; }
  node bindings-wasm/tools/snippets-to-cjs.mjs "$out/cjs/snippets"
  echo '{"type":"commonjs"}' > "$out/cjs/package.json"
  (cd bindings-wasm/tools && npx --no-install wasm-opt -Oz --flatten --rereloop -Oz "${OPT[@]}" \
    "../npm/$dir/triplink_wasm_bg.wasm" -o "../npm/$dir/triplink_wasm_bg.wasm")
  rm -f "$out/.gitignore" "$out/package.json" "$out/README.md" "$out"/*.d.ts "$out/cjs/.gitignore" "$out/cjs/README.md" "$out/cjs"/*.d.ts
  ls -l "$out"
}

what=${1:-both}
if [ "$what" != booking ]; then build pkg release-wasm; fi
if [ "$what" != full ]; then build pkg-booking release-wasm --no-default-features; fi

# The booking entries: the package's entries, pointed at the light build.
rm -rf "$NPM/booking"
mkdir -p "$NPM/booking"
for f in index.js node.js slim.js workerd.js index.cjs; do
  sed -e "s|'\./pkg/|'../pkg-booking/|g" -e "s|\"\./pkg/|\"../pkg-booking/|g" "$NPM/$f" > "$NPM/booking/$f"
done
# CommonJS consumers resolve types through `index.d.cts` (same declarations).
cp "$NPM/index.d.ts" "$NPM/index.d.cts"
sed "s|'./index.js'|'./index.cjs'|" "$NPM/booking.d.ts" > "$NPM/booking.d.cts"
