#!/usr/bin/env bash
# Packaging tests: the built artifacts, installed the way a user installs them, then exercised
# against the sandbox over loopback — never the source tree or target/debug.
#   1. Python: dist/triplink-*.whl pip-installed into an empty venv; the Python test imports it
#      from outside the repository; mypy sees its type hints through py.typed.
#   2. JVM: the Kotlin test program and a Java program compiled and run against
#      dist/triplink-jvm-*.jar plus the POM's declared dependencies only (versions checked).
#   3. Mobile: `cargo check` of the binding for aarch64-linux-android and aarch64-apple-ios (no
#      NDK or Xcode here), and the Gradle (Kotlin DSL) and Swift package files' syntax.
# Needs the sandbox binary (scripts/test-uniffi.sh builds it) and installs its tools when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/packaging
TOOLS=$ROOT/bindings-uniffi/tests
K=$TOOLS/node_modules/kotlin-compiler
VENV=$ROOT/target/packaging-venv
rm -rf "$OUT" && mkdir -p "$OUT"

# --- build the artifacts (both scripts install their own tools) ---
echo "== packaging: the wheel (maturin) and the jar"
WHEEL=$(bash scripts/build-wheel.sh)
JAR=$(bash scripts/build-jvm-jar.sh)
echo "     $(basename "$WHEEL") ($(du -k "$WHEEL" | cut -f1) KB), $(basename "$JAR") ($(du -k "$JAR" | cut -f1) KB)"
"$VENV/bin/pip" install -q 'tree-sitter==0.26.1' 'tree-sitter-kotlin==1.1.0' 'tree-sitter-swift==0.7.4' \
  'mypy==2.4.1'
cargo build -q --locked -p triplink-sandbox

# --- the sandbox on free ports; each language gets a fresh one ---
SANDBOX_PID=
ELSEWHERE=
stop_sandbox() { [ -z "$SANDBOX_PID" ] || { kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; }; }
trap 'stop_sandbox; [ -z "$ELSEWHERE" ] || rm -rf "$ELSEWHERE"' EXIT
start_sandbox() {
  stop_sandbox
  "$ROOT/target/debug/triplink-sandbox" --port 0 >"$OUT/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  for _ in $(seq 1 100); do
    grep -q '^  eu:' "$OUT/sandbox.log" && break
    sleep 0.1
  done
  US=$(sed -n 's/^  us (and GLZ): *//p' "$OUT/sandbox.log")
  EU=$(sed -n 's/^  eu: *//p' "$OUT/sandbox.log")
  if [ -z "$US" ] || [ -z "$EU" ]; then
    echo "test-packaging: the sandbox did not start:" >&2; cat "$OUT/sandbox.log" >&2; exit 1
  fi
}
CSV=$ROOT/sandbox/data/members.csv

# --- Python: the wheel in an empty venv, run from outside the repository ---
echo "== packaging: Python, the installed wheel"
python3 -m venv "$OUT/py"
"$OUT/py/bin/pip" install -q --no-index "$WHEEL"
ELSEWHERE=$(mktemp -d)   # outside the repository: nothing there but the test files
cp "$TOOLS/python/test_triplink.py" "$TOOLS/python/test_events.py" "$TOOLS/python/typing_check.py" "$ELSEWHERE/"
start_sandbox
(cd "$ELSEWHERE" && "$OUT/py/bin/python" -I test_triplink.py "$US" "$EU" "$CSV")
start_sandbox
(cd "$ELSEWHERE" && "$OUT/py/bin/python" -I test_events.py "$US" "$EU" "$CSV")
# mypy reads the installed package's hints (py.typed): the check file must pass, and a copy
# with one wrong type must be refused, so hints are really there and really read.
(cd "$ELSEWHERE" && "$VENV/bin/mypy" --python-executable "$OUT/py/bin/python" --no-incremental \
  --strict typing_check.py >"$OUT/mypy.log" 2>&1) || { cat "$OUT/mypy.log"; echo "FAIL mypy on typing_check.py" >&2; exit 1; }
sed 's/^WRONG_TYPE_LINE = .*/WRONG_TYPE_LINE: int = normalize_name("x", False)/' \
  "$TOOLS/python/typing_check.py" >"$ELSEWHERE/typing_wrong.py"
if (cd "$ELSEWHERE" && "$VENV/bin/mypy" --python-executable "$OUT/py/bin/python" --no-incremental \
  typing_wrong.py >"$OUT/mypy-wrong.log" 2>&1); then
  cat "$OUT/mypy-wrong.log"; echo "FAIL mypy accepted a str assigned to an int: no type hints seen" >&2; exit 1
fi
grep -q 'Incompatible types in assignment' "$OUT/mypy-wrong.log" \
  || { cat "$OUT/mypy-wrong.log"; echo "FAIL mypy did not report the wrong type" >&2; exit 1; }
echo "ok   mypy --strict passes on typed use of the installed package and refuses a wrong type"

# --- JVM: the jar plus its declared dependencies, nothing else ---
echo "== packaging: the jar's POM names the dependency versions on the test classpath"
STDLIB=$K/lib/kotlin-stdlib.jar
COROUTINES=$K/lib/kotlinx-coroutines-core-jvm.jar
JNA=/usr/share/java/jna.jar
# One entry of a jar (a zip) on stdout.
entry() { python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$1" "$2"; }
pom_version() { entry "$JAR" META-INF/maven/com.triplink/triplink-jvm/pom.xml \
  | tr -d ' \n' | grep -o "<artifactId>$1</artifactId><version>[^<]*" | sed 's/.*<version>//'; }
want_stdlib=$(entry "$STDLIB" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *//p' | tr -d '\r')
want_coroutines=$(entry "$COROUTINES" META-INF/kotlinx_coroutines_core.version)
want_jna=$(entry "$JNA" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *\([0-9.]*\).*/\1/p' | tr -d '\r')
for dep in "kotlin-stdlib $want_stdlib" "kotlinx-coroutines-core-jvm $want_coroutines" "jna $want_jna"; do
  set -- $dep
  got=$(pom_version "$1")
  [ "$got" = "$2" ] || { echo "FAIL the POM declares $1 $got, the tests run $2" >&2; exit 1; }
  echo "ok   $1 $2"
done
DEPS=$STDLIB:$COROUTINES:$JNA

echo "== packaging: Kotlin test program against the jar"
"$K/bin/kotlinc" -nowarn "$TOOLS/kotlin/Main.kt" "$TOOLS/kotlin/StopChecks.kt" "$TOOLS/kotlin/Events.kt" -cp "$JAR:$COROUTINES:$JNA" -d "$OUT/kotlin-test.jar" 2>&1 \
  | grep -v '^warning' || true
[ -f "$OUT/kotlin-test.jar" ] || { echo "test-packaging: kotlinc failed" >&2; exit 1; }
start_sandbox
# No jna.library.path: JNA finds libtriplink_uniffi.so only in the jar (linux-x86-64/).
(cd "$OUT" && java -cp "$OUT/kotlin-test.jar:$JAR:$DEPS" MainKt "$US" "$EU" "$CSV")

echo "== packaging: Java program against the jar (the com.triplink.java bridge)"
mkdir -p "$OUT/java-classes"
javac -Xlint:all -Werror -d "$OUT/java-classes" -cp "$JAR:$DEPS" "$TOOLS/java/JavaMain.java"
start_sandbox
(cd "$OUT" && java -cp "$OUT/java-classes:$JAR:$DEPS" JavaMain "$US" "$EU")
stop_sandbox

# --- mobile: what can be checked without an NDK or Xcode ---
echo "== packaging: cargo check for aarch64-linux-android and aarch64-apple-ios"
installed=$(rustup target list --installed)
for t in aarch64-linux-android aarch64-apple-ios; do
  grep -qx "$t" <<<"$installed" || rustup target add "$t"
done
cargo check -q --locked -p triplink-uniffi --target aarch64-linux-android --target aarch64-apple-ios
echo "ok   triplink-uniffi checks for aarch64-linux-android and aarch64-apple-ios"

echo "== packaging: Gradle (Kotlin DSL) and Swift package syntax"
"$VENV/bin/python" "$TOOLS/android/check_kotlin_syntax.py" \
  bindings-uniffi/android/settings.gradle.kts bindings-uniffi/android/build.gradle.kts
"$VENV/bin/python" "$TOOLS/swift/check_swift_syntax.py" Package.swift
echo "== packaging: all checks passed"
