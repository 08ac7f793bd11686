#!/usr/bin/env bash
# The uniffi binding's tests: build the cdylib, generate Kotlin/Swift/Python with the
# in-workspace uniffi-bindgen, then run the same scenario from Kotlin (JVM + JNA) and Python
# against the sandbox over loopback, and syntax-check the Swift (no Swift compiler on Debian 12).
# Installs what it needs (libjna-java, the npm Kotlin compiler, tree-sitter-swift) only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/uniffi
TOOLS=$ROOT/bindings-uniffi/tests
LIB=$ROOT/target/debug/libtriplink_uniffi.so

# --- tools (idempotent) ---
need_apt=()
[ -f /usr/share/java/jna.jar ] || need_apt+=(libjna-java)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
python3 -c 'import ensurepip' 2>/dev/null || need_apt+=(python3-venv)
command -v gcc >/dev/null 2>&1 || need_apt+=(gcc)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test-uniffi: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
K=$TOOLS/node_modules/kotlin-compiler
if [ ! -x "$K/bin/kotlinc" ]; then
  echo "test-uniffi: npm ci (kotlin-compiler, pinned in bindings-uniffi/tests/package-lock.json)"
  (cd "$TOOLS" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
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
cp "$LIB" "$OUT/gen/"   # Python loads the library from beside its module

# --- the sandbox on free ports, stopped on exit ---
"$ROOT/target/debug/triplink-sandbox" --port 0 >"$OUT/sandbox.log" 2>&1 &
SANDBOX_PID=$!
trap 'kill "$SANDBOX_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '^  eu:' "$OUT/sandbox.log" && break
  sleep 0.1
done
US=$(sed -n 's/^  us (and GLZ): *//p' "$OUT/sandbox.log")
EU=$(sed -n 's/^  eu: *//p' "$OUT/sandbox.log")
if [ -z "$US" ] || [ -z "$EU" ]; then
  echo "test-uniffi: the sandbox did not start:" >&2; cat "$OUT/sandbox.log" >&2; exit 1
fi
CSV=$ROOT/sandbox/data/members.csv

# --- Kotlin on the JVM ---
echo "== uniffi: Kotlin (kotlinc $(basename "$(readlink -f "$K")"), JVM, JNA) against $US"
CP=/usr/share/java/jna.jar:$K/lib/kotlinx-coroutines-core-jvm.jar
"$K/bin/kotlinc" -nowarn "$OUT/gen/com/triplink/triplink_uniffi.kt" "$TOOLS/kotlin/Main.kt" \
  -cp "$CP" -d "$OUT/kotlin-test.jar" 2>&1 | grep -v '^warning' || true
[ -f "$OUT/kotlin-test.jar" ] || { echo "test-uniffi: kotlinc failed" >&2; exit 1; }
java -Djna.library.path="$ROOT/target/debug" \
  -cp "$OUT/kotlin-test.jar:$K/lib/kotlin-stdlib.jar:$CP" MainKt "$US" "$EU" "$CSV"

# --- Python (a fresh sandbox state: restart it) ---
kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true
"$ROOT/target/debug/triplink-sandbox" --port 0 >"$OUT/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 100); do
  grep -q '^  eu:' "$OUT/sandbox.log" && break
  sleep 0.1
done
US=$(sed -n 's/^  us (and GLZ): *//p' "$OUT/sandbox.log")
EU=$(sed -n 's/^  eu: *//p' "$OUT/sandbox.log")
echo "== uniffi: Python against $US"
PYTHONPATH="$OUT/gen" python3 "$TOOLS/python/test_triplink.py" "$US" "$EU" "$CSV"

# --- Swift: generated; syntax-checked (no Swift compiler exists for Debian 12 here) ---
echo "== uniffi: Swift syntax (tree-sitter-swift) and the C header (gcc -fsyntax-only)"
"$VENV/bin/python" "$TOOLS/swift/check_swift_syntax.py" "$OUT/gen/Triplink.swift"
echo '#include "TriplinkFFI.h"' | gcc -fsyntax-only -std=c11 -Wall -Werror \
  -D_Nullable= -D_Nonnull= -D_Null_unspecified= -I "$OUT/gen" -x c -
echo "ok   TriplinkFFI.h compiles as C11"
echo "== uniffi: all checks passed"
