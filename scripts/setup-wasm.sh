#!/usr/bin/env bash
# Installs what the npm package's build and tests need, skipping what is already there:
# the wasm32 target, wasm-bindgen-cli (= the crate's exact version), Debian's Chromium and
# ChromeDriver, and the pinned JS tools (binaryen's wasm-opt, TypeScript, playwright-core,
# fast-xml-parser for the bench; Jest, webpack, miniflare, publint and attw for the loading
# tests) from bindings-wasm/tools/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
WB=0.2.129
rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB" ]; then
  echo "setup-wasm: cargo install wasm-bindgen-cli $WB (~4 min)"
  cargo install wasm-bindgen-cli --version "=$WB" --locked --quiet
fi
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "setup-wasm: apt-get install chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
# Reinstalled whenever the lockfile changed since the last install.
if ! cmp -s bindings-wasm/tools/package-lock.json bindings-wasm/tools/node_modules/.installed-lock.json; then
  (cd bindings-wasm/tools && npm ci --no-audit --no-fund --loglevel=error \
    && cp package-lock.json node_modules/.installed-lock.json)
fi
