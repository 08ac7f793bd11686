#!/usr/bin/env bash
# Builds the docs as docs.rs does (every feature, `--cfg docsrs`, which needs rustdoc's
# nightly-only `doc_cfg`, enabled here with RUSTC_BOOTSTRAP as docs.rs runs nightly) and checks
# that feature-gated items carry their feature's badge; then checks that the default docs do
# not list the test doubles at all.
set -euo pipefail
cd "$(dirname "$0")/.."
# Its own target dir: RUSTC_BOOTSTRAP changes every fingerprint, so sharing target/debug
# would rebuild the workspace twice.
OUT=target/docsrs
fail() { echo "check-docs-features: $*"; exit 1; }

RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="--cfg docsrs -D warnings" CARGO_TARGET_DIR="$OUT" \
  cargo doc -p triplink-core -p triplink --all-features --no-deps --locked --quiet
for page in triplink_core/transport/struct.ScriptedTransport.html \
            triplink_core/client/struct.ManualClock.html \
            triplink_core/transport/struct.ReqwestTransport.html \
            triplink/runtime/index.html; do
  f="$OUT/doc/$page"
  [ -f "$f" ] || fail "$page is missing from the all-features docs"
  grep -q 'Available on <strong>crate features\? <code>' "$f" || fail "$page shows no feature badge"
done

cargo doc -p triplink-core -p triplink --no-deps --locked --quiet
for name in ScriptedTransport ScriptedReply ManualClock RecordingSleeper FixedJitter; do
  if grep -rlq "struct\.$name\.html\|enum\.$name\.html" target/doc/triplink_core target/doc/triplink; then
    fail "$name is in the default public API docs"
  fi
done
echo "check-docs-features: feature badges shown; no test double in the default docs"
