#!/usr/bin/env bash
# Design rule 1: the core never depends on a binding crate.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=$(cargo tree -p triplink-core -e normal --locked)
if grep -Eq 'wasm-bindgen|uniffi|tokio ' <<<"$tree"; then
  echo "triplink-core depends on a binding crate or tokio:" >&2
  grep -E 'wasm-bindgen|uniffi|tokio ' <<<"$tree" >&2
  exit 1
fi
echo "triplink-core: no wasm-bindgen, no uniffi, no tokio"
