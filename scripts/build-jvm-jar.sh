#!/usr/bin/env bash
# Builds the JVM jar com.triplink:triplink-jvm into dist/: the release-mobile library (symbols
# stripped) at linux-x86-64/libtriplink_uniffi.so, where JNA finds it on the classpath; the
# generated Kotlin binding and the Java bridge (bindings-uniffi/jvm/src) compiled with the npm
# Kotlin compiler; the POM (bindings-uniffi/jvm/pom.xml) inside and beside the jar.
# Needs: cargo, java + jar (JDK 17), npm (for kotlinc), libjna-java; installs the last two's
# packages when missing. Prints the jar's path.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
POM=$ROOT/bindings-uniffi/jvm/pom.xml
grep -q "<version>$VERSION</version>" "$POM" \
  || { echo "build-jvm-jar: $POM does not hold the workspace version $VERSION" >&2; exit 1; }
OUT=$ROOT/target/jvm-jar
JAR=$ROOT/dist/triplink-jvm-$VERSION.jar

[ -f /usr/share/java/jna.jar ] || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends libjna-java >/dev/null
}
K=$ROOT/bindings-uniffi/tests/node_modules/kotlin-compiler
[ -x "$K/bin/kotlinc" ] || (cd bindings-uniffi/tests && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)

# The library as maturin builds it too (cdylib only), so the wheel and the jar share one build.
cargo rustc -q --locked -p triplink-uniffi --lib --crate-type cdylib --profile release-mobile
cargo build -q --locked -p uniffi-bindgen
LIB=$ROOT/target/release-mobile/libtriplink_uniffi.so
rm -rf "$OUT" && mkdir -p "$OUT/gen" "$OUT/classes/linux-x86-64" "$OUT/classes/META-INF/maven/com.triplink/triplink-jvm"
"$ROOT/target/debug/uniffi-bindgen" generate --no-format --library -l kotlin -o "$OUT/gen" "$LIB" >/dev/null

CP=/usr/share/java/jna.jar:$K/lib/kotlinx-coroutines-core-jvm.jar
"$K/bin/kotlinc" -nowarn -jvm-target 11 "$OUT/gen/com/triplink/triplink_uniffi.kt" \
  "$ROOT"/bindings-uniffi/jvm/src/com/triplink/java/*.kt -cp "$CP" -d "$OUT/classes" 2>&1 \
  | grep -v '^warning' || true
[ -f "$OUT/classes/com/triplink/TriplinkClient.class" ] || { echo "build-jvm-jar: kotlinc failed" >&2; exit 1; }

# Symbols go here (uniffi-bindgen above needed them); what stays is the dynamic symbol table.
strip --strip-all -o "$OUT/classes/linux-x86-64/libtriplink_uniffi.so" "$LIB"
cp "$POM" "$OUT/classes/META-INF/maven/com.triplink/triplink-jvm/pom.xml"
printf 'groupId=com.triplink\nartifactId=triplink-jvm\nversion=%s\n' "$VERSION" \
  >"$OUT/classes/META-INF/maven/com.triplink/triplink-jvm/pom.properties"
printf 'Implementation-Title: triplink-jvm\nImplementation-Version: %s\nAutomatic-Module-Name: com.triplink\n' \
  "$VERSION" >"$OUT/manifest.txt"
mkdir -p dist
rm -f "$JAR"
jar --create --file "$JAR" --manifest "$OUT/manifest.txt" -C "$OUT/classes" .
cp "$POM" "dist/triplink-jvm-$VERSION.pom"
echo "$JAR"
