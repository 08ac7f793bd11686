#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine; every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup component add rustfmt clippy >/dev/null 2>&1 || true

# Debian packages: xmllint validates every Itinerary document the SDK writes against the XSDs.
need_apt=()
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
# Headless Chromium renders the CLI's HTML report in its test (cli/tests/html_report_cli.rs).
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
