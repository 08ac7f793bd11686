#!/usr/bin/env bash
# Builds the npm package in bindings-wasm/npm: the release-wasm cdylib, wasm-bindgen's web
# glue (one .wasm for browsers, bundlers and Node), then wasm-opt from npm's binaryen:
# -Oz, --flatten --rereloop, -Oz again (7 KB gzipped less than -Oz alone, trip parse speed the
# same within noise in bench/bench.mjs; --converge saved 2 KB more for 4 minutes per build).
# Needs scripts/setup-wasm.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
PKG=bindings-wasm/npm/pkg
cargo build -p triplink-wasm --target wasm32-unknown-unknown --profile release-wasm --locked
rm -rf "$PKG"
wasm-bindgen --target web --out-dir "$PKG" --out-name triplink_wasm \
  target/wasm32-unknown-unknown/release-wasm/triplink_wasm.wasm
(cd bindings-wasm/tools && npx --no-install wasm-opt -Oz --flatten --rereloop -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  ../npm/pkg/triplink_wasm_bg.wasm -o ../npm/pkg/triplink_wasm_bg.wasm)
rm -f "$PKG/.gitignore" "$PKG/package.json" "$PKG/README.md"
ls -l "$PKG"
