#!/usr/bin/env bash
# The npm package's test layers: build both builds, install the `npm pack` tarball into
# scratch projects and test it as users load it — publint and attw on the tarball, TypeScript
# through its `exports`, Node ESM against the sandbox, CommonJS (Node's test runner and Jest's
# default config), workerd (miniflare), Vite dev/build and webpack 5 in Chromium — then
# wasm-bindgen-test in Node and headless Chromium, and the checkout page under Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup-wasm.sh
echo "-- wasm: clippy (wasm32)"
cargo clippy -p triplink-wasm --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
cargo clippy -p triplink-wasm --no-default-features --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
bash scripts/build-wasm.sh >/dev/null
TOOLS=$ROOT/bindings-wasm/tools/node_modules

echo "-- wasm: npm pack tarball in a scratch project, Node against the sandbox"
cargo build -p triplink-sandbox --locked --quiet
export TRIPLINK_SANDBOX_BIN=$ROOT/target/debug/triplink-sandbox
export TRIPLINK_MEMBERS_CSV=$ROOT/sandbox/data/members.csv
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
(cd bindings-wasm/npm && npm pack --silent --pack-destination "$SCRATCH" >/dev/null)
tar -tzf "$SCRATCH"/triplink-sdk-*.tgz > "$SCRATCH/tarball.txt"
grep -qx package/LICENSE "$SCRATCH/tarball.txt" || { echo "the npm tarball does not ship LICENSE"; exit 1; }
TGZ=$(ls "$SCRATCH"/triplink-sdk-*.tgz)

echo "-- wasm: publint and attw --pack on the tarball"
"$TOOLS/.bin/publint" run --strict "$TGZ"
"$TOOLS/.bin/attw" --pack bindings-wasm/npm --profile node16 --format table-flipped \
  --exclude-entrypoints ./triplink_wasm_bg.wasm ./booking/triplink_wasm_bg.wasm

cp bindings-wasm/tests-js/*.mjs bindings-wasm/tests-cjs/check.cjs bindings-wasm/tests-ts/usage.ts bindings-wasm/tests-ts/typed-model.ts \
  bindings-wasm/tests-ts/tsconfig.json tests/fixtures/itinerary/trip_all_segments.xml "$SCRATCH/"
(cd "$SCRATCH" && echo '{"name":"scratch","private":true,"type":"module"}' > package.json \
  && npm install --no-audit --no-fund --loglevel=error "$TGZ")

echo "-- wasm: TypeScript through the tarball's exports (tsc --noEmit --strict)"
(cd "$SCRATCH" && "$TOOLS/.bin/tsc" -p tsconfig.json)

echo "-- wasm: Node ESM (both builds, the slim entry, the sandbox)"
(cd "$SCRATCH" && node --test --test-reporter=spec node.test.mjs booking.test.mjs abort.test.mjs events.test.mjs)

echo "-- wasm: CommonJS project: Node's test runner, then Jest with its default config"
mkdir "$SCRATCH/cjs"
cp bindings-wasm/tests-cjs/* "$SCRATCH/cjs/"
(cd "$SCRATCH/cjs" && echo '{"name":"scratch-cjs","private":true}' > package.json \
  && npm install --no-audit --no-fund --loglevel=error "$TGZ" \
  && node --test --test-reporter=spec require.test.cjs \
  && node "$TOOLS/jest/bin/jest.js" --ci jest.test.js)

echo "-- wasm: the workerd condition in workerd (miniflare)"
cp bindings-wasm/tests-worker/worker.test.mjs "$SCRATCH/"
(cd "$SCRATCH" && TRIPLINK_TOOLS_DIR=$ROOT/bindings-wasm/tools node --conditions=workerd worker.test.mjs)

# One sandbox for the wasm-bindgen tests (the fetch transport test logs in over CORS).
"$TRIPLINK_SANDBOX_BIN" --port 0 > "$SCRATCH/sandbox.out" &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID 2>/dev/null || true; rm -rf "$SCRATCH"' EXIT
for _ in $(seq 100); do grep -q 'eu:' "$SCRATCH/sandbox.out" && break; sleep 0.1; done
export TRIPLINK_SANDBOX_URL
TRIPLINK_SANDBOX_URL=$(grep -oP 'us \(and GLZ\):\s+\K\S+' "$SCRATCH/sandbox.out")

echo "-- wasm: bundlers in Chromium (Vite build, webpack 5 build, Vite dev server)"
mkdir "$SCRATCH/bundler"
cp bindings-wasm/tests-bundler/* "$SCRATCH/bundler/"
(cd "$SCRATCH/bundler" && TRIPLINK_TOOLS_DIR=$ROOT/bindings-wasm/tools node bundlers.test.mjs)

echo "-- wasm: wasm-bindgen-test in Node"
cargo test -p triplink-wasm --target wasm32-unknown-unknown --locked --test web --test panic --test write_objects

echo "-- wasm: wasm-bindgen-test in headless Chromium"
(cd bindings-wasm && WASM_BINDGEN_USE_BROWSER=1 \
  cargo test -p triplink-wasm --target wasm32-unknown-unknown --locked --test web --test panic --test write_objects)

echo "-- wasm: checkout page in Chromium (Playwright)"
TRIPLINK_SDK_DIR="$SCRATCH/node_modules/@triplink/sdk" node examples/checkout/checkout.test.mjs
