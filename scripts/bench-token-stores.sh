#!/usr/bin/env bash
# The auto-connect job on an N-request sandbox queue with each token store, RUNS times each:
# the job's wall time and the bytes the process wrote (/proc/self/io: wchar counts every write
# call, sockets included; write_bytes what reached the disk).
#   bash scripts/bench-token-stores.sh [N=10000] [RUNS=3] [stores="memory sqlite file"]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${2:-3}
STORES=${3:-memory sqlite file}
cargo build --release --example auto_connect >/dev/null 2>&1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for store in $STORES; do
  for run in $(seq 1 "$RUNS"); do
    rm -f "$dir"/tokens*
    line=$(TRIPLINK_SANDBOX_REQUESTS=$N TRIPLINK_TOKEN_STORE=$store TRIPLINK_TOKEN_PATH="$dir/tokens.$store" \
      target/release/examples/auto_connect --io 2>/dev/null | grep '^job:')
    echo "$store run $run: $line"
  done
done
