#!/usr/bin/env bash
# The npm package's test layers: build it, type-check a TypeScript usage file, install the
# `npm pack` tarball into a scratch project and run the Node tests against the sandbox,
# wasm-bindgen-test in Node and headless Chromium, and the checkout page under Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup-wasm.sh
echo "-- wasm: clippy (wasm32)"
cargo clippy -p triplink-wasm --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
bash scripts/build-wasm.sh >/dev/null
TOOLS=$ROOT/bindings-wasm/tools/node_modules

echo "-- wasm: TypeScript (tsc --noEmit --strict)"
"$TOOLS/.bin/tsc" -p bindings-wasm/tests-ts/tsconfig.json

echo "-- wasm: npm pack tarball in a scratch project, Node against the sandbox"
cargo build -p triplink-sandbox --locked --quiet
export TRIPLINK_SANDBOX_BIN=$ROOT/target/debug/triplink-sandbox
export TRIPLINK_MEMBERS_CSV=$ROOT/sandbox/data/members.csv
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
(cd bindings-wasm/npm && npm pack --silent --pack-destination "$SCRATCH" >/dev/null)
tar -tzf "$SCRATCH"/triplink-sdk-*.tgz > "$SCRATCH/tarball.txt"
grep -qx package/LICENSE "$SCRATCH/tarball.txt" || { echo "the npm tarball does not ship LICENSE"; exit 1; }
cp bindings-wasm/tests-js/*.mjs tests/fixtures/itinerary/trip_all_segments.xml "$SCRATCH/"
(cd "$SCRATCH" && echo '{"name":"scratch","private":true,"type":"module"}' > package.json \
  && npm install --no-audit --no-fund --loglevel=error ./triplink-sdk-*.tgz \
  && node --test --test-reporter=spec node.test.mjs)

# One sandbox for the wasm-bindgen tests (the fetch transport test logs in over CORS).
"$TRIPLINK_SANDBOX_BIN" --port 0 > "$SCRATCH/sandbox.out" &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID 2>/dev/null || true; rm -rf "$SCRATCH"' EXIT
for _ in $(seq 100); do grep -q 'eu:' "$SCRATCH/sandbox.out" && break; sleep 0.1; done
export TRIPLINK_SANDBOX_URL
TRIPLINK_SANDBOX_URL=$(grep -oP 'us \(and GLZ\):\s+\K\S+' "$SCRATCH/sandbox.out")

echo "-- wasm: the package through a bundler (Vite build, run in Chromium)"
mkdir "$SCRATCH/bundler"
cp bindings-wasm/tests-bundler/* "$SCRATCH/bundler/"
(cd "$SCRATCH/bundler" && "$TOOLS/.bin/vite" build && TRIPLINK_TOOLS_DIR=$ROOT/bindings-wasm/tools node bundler.test.mjs)

echo "-- wasm: wasm-bindgen-test in Node"
cargo test -p triplink-wasm --target wasm32-unknown-unknown --locked --test web --test panic --test write_objects

echo "-- wasm: wasm-bindgen-test in headless Chromium"
(cd bindings-wasm && WASM_BINDGEN_USE_BROWSER=1 \
  cargo test -p triplink-wasm --target wasm32-unknown-unknown --locked --test web --test panic --test write_objects)

echo "-- wasm: checkout page in Chromium (Playwright)"
TRIPLINK_SDK_DIR="$SCRATCH/node_modules/@triplink/sdk" node examples/checkout/checkout.test.mjs
