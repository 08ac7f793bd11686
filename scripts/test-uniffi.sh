#!/usr/bin/env bash
# The uniffi binding's generation tests: build the cdylib (and the sandbox the packaging tests
# use), generate Kotlin/Swift/Python with the in-workspace uniffi-bindgen, and syntax-check the
# Swift and its C header (no Swift compiler on Debian 12). The Kotlin and Python scenarios run
# against the packaged jar and wheel in scripts/test-packaging.sh.
# Installs what it needs (tree-sitter-swift, gcc) only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/uniffi
TOOLS=$ROOT/bindings-uniffi/tests
LIB=$ROOT/target/debug/libtriplink_uniffi.so

# --- tools (idempotent) ---
need_apt=()
command -v gcc >/dev/null 2>&1 || need_apt+=(gcc)
python3 -c 'import ensurepip' 2>/dev/null || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test-uniffi: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
VENV=$ROOT/target/uniffi-venv
if ! "$VENV/bin/python" -c 'import tree_sitter, tree_sitter_swift' 2>/dev/null; then
  echo "test-uniffi: pip install tree-sitter tree-sitter-swift (into target/uniffi-venv)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'tree-sitter==0.26.1' 'tree-sitter-swift==0.7.4'
fi

# --- build and generate ---
echo "== uniffi: build the cdylib and generate Kotlin, Swift, Python"
cargo build -q --locked -p triplink-uniffi -p uniffi-bindgen -p triplink-sandbox
rm -rf "$OUT" && mkdir -p "$OUT"
"$ROOT/target/debug/uniffi-bindgen" generate --no-format --library \
  -l kotlin -l swift -l python -o "$OUT/gen" "$LIB" >/dev/null

# --- Swift: generated; syntax-checked (no Swift compiler exists for Debian 12 here) ---
echo "== uniffi: Swift syntax (tree-sitter-swift) and the C header (gcc -fsyntax-only)"
"$VENV/bin/python" "$TOOLS/swift/check_swift_syntax.py" "$OUT/gen/Triplink.swift"
echo '#include "TriplinkFFI.h"' | gcc -fsyntax-only -std=c11 -Wall -Werror \
  -D_Nullable= -D_Nonnull= -D_Null_unspecified= -I "$OUT/gen" -x c -
echo "ok   TriplinkFFI.h compiles as C11"
echo "== uniffi: all checks passed"
