#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine; every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup component add rustfmt clippy >/dev/null 2>&1 || true
