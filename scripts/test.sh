#!/usr/bin/env bash
# The full test suite: formatting, lints, every test layer, and the layering check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== fmt";    cargo fmt --all --check
echo "== clippy"; cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== tests";  cargo test --workspace --lib --bins --tests --examples --locked
echo "== shared stores (real PostgreSQL and Redis from scripts/services.sh; stopped on exit)"
eval "$(bash scripts/services.sh start)"
trap 'bash scripts/services.sh stop' EXIT
cargo clippy -p triplink --all-targets --features postgres,redis --locked -- -D warnings
TRIPLINK_REQUIRE_SERVICES=1 cargo test -p triplink --features postgres,redis --locked \
  --test shared_refresh --test shared_workers --test shared_directory
TRIPLINK_REQUIRE_SERVICES=1 cargo test -p triplink-cli --locked --test shared_store_cli
echo "== doc tests"; cargo test --workspace --doc --locked
echo "== docs (no broken links)"; RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet
echo "== docs.rs view (each feature-gated item shows its feature)"; bash scripts/check-docs-features.sh
echo "== layering"; bash scripts/check-core-deps.sh
echo "== self-contained (no tracked file refers outside the repository) and release files"
python3 scripts/check-self-contained.py
python3 scripts/check-self-contained.py --self-test
bash scripts/check-release-files.sh
echo "== patched XSDs (spec/itinerary-v1/patched is exactly the listed patches of the originals)"
XSD=$(mktemp -d)
python3 scripts/patch_itinerary_xsd.py "$XSD"
diff -r "$XSD" spec/itinerary-v1/patched -x README.md \
  || { echo "spec/itinerary-v1/patched/ differs from scripts/patch_itinerary_xsd.py's output"; exit 1; }
rm -rf "$XSD"
echo "== generated code"
bash scripts/check-generated.sh
echo "== contract (SDK traffic through Prism proxies of the official swaggers, Itinerary bodies through xmllint)"; bash scripts/test-contract.sh
echo "== wasm (npm package: tsc, Node, wasm-bindgen-test in Node and Chromium, Playwright)"; bash scripts/test-wasm.sh
echo "== uniffi (generated Kotlin/Swift/Python; Swift and C header syntax)"; bash scripts/test-uniffi.sh
echo "== packaging (the wheel in a venv, the jar from Kotlin and Java, Android/iOS checks)"; bash scripts/test-packaging.sh
echo "== all test layers passed"
