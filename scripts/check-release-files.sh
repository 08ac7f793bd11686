#!/usr/bin/env bash
# Release hygiene the published artifacts depend on: every published crate packages the
# LICENSE, the npm package's copy is the repository's, no manifest holds a placeholder URL,
# and `rust-version` names the toolchain this suite runs on.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "check-release-files: $*"; exit 1; }

for crate in triplink-core triplink; do
  files=$(cargo package --list --allow-dirty -p "$crate" 2>/dev/null)
  grep -qx LICENSE <<<"$files" || fail "cargo package -p $crate does not ship LICENSE"
done
cmp -s LICENSE bindings-wasm/npm/LICENSE || fail "bindings-wasm/npm/LICENSE differs from LICENSE"
grep -q 'Apache License' LICENSE && grep -q 'Version 2.0, January 2004' LICENSE \
  || fail "LICENSE is not the Apache-2.0 text"

if git grep -n -E 'example\.(invalid|com)/' -- '*Cargo.toml' '*package.json' ':!**/node_modules/**'; then
  fail "a manifest holds a placeholder URL"
fi

declared=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
running=$(rustc --version | sed -E 's/^rustc ([0-9]+\.[0-9]+).*/\1/')
[ "$declared" = "$running" ] \
  || fail "rust-version is $declared but this suite runs on $running: set it to what CI verifies"

floor=$(python3 -c 'import json;print(json.load(open("bindings-wasm/npm/package.json"))["engines"]["node"])' \
  | sed -E 's/^>=([0-9]+).*/\1/')
node_major=$(node --version | sed -E 's/^v([0-9]+).*/\1/')
[ "$floor" = "$node_major" ] \
  || fail "npm engines starts at Node $floor but the tests run on Node $node_major"
echo "check-release-files: LICENSE packaged (triplink-core, triplink, npm), no placeholder URL, rust-version $declared, Node >=$floor"
