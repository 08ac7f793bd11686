#!/usr/bin/env bash
# Design rule 1: the core never depends on a binding crate.
set -euo pipefail
cd "$(dirname "$0")/.."
# Crate names only (`--prefix none`, first field): paths such as a checkout in a directory
# named `uniffi` must not match.
names=$(cargo tree -p triplink-core -e normal --locked --prefix none | awk '{print $1}' | sort -u)
if grep -Eqx 'wasm-bindgen.*|uniffi.*|tokio' <<<"$names"; then
  echo "triplink-core depends on a binding crate or tokio:" >&2
  grep -Ex 'wasm-bindgen.*|uniffi.*|tokio' <<<"$names" >&2
  exit 1
fi
echo "triplink-core: no wasm-bindgen, no uniffi, no tokio"
# The uniffi binding brings no async runtime: the foreign executor drives its futures.
if cargo tree -p triplink-uniffi -e normal --locked --prefix none | awk '{print $1}' | grep -qx tokio; then
  echo "triplink-uniffi depends on tokio" >&2
  exit 1
fi
echo "triplink-uniffi: no tokio"
