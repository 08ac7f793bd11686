#!/usr/bin/env bash
# Several workers on one queue (issue 29): throughput of 1, 2 and 4 worker processes sharing
# PostgreSQL (token store, journal, work lease) against a sandbox with 20 ms of latency on
# every route; each round runs the three in turn (a fresh sandbox each), so a shared host's
# drift touches them alike. Prints each run and the median requests/s per worker count, with
# the speed-up over one worker.
#
#   bash scripts/bench-workers.sh                      # 10,000 requests, 3 rounds
#   QUEUE=2000 ROUNDS=5 LATENCY_MS=20 BACKEND=redis bash scripts/bench-workers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
QUEUE=${QUEUE:-10000}
ROUNDS=${ROUNDS:-3}
LATENCY_MS=${LATENCY_MS:-20}
BACKEND=${BACKEND:-postgres}

eval "$(bash scripts/services.sh start)"
trap 'bash scripts/services.sh stop' EXIT
OUT=$(mktemp)
TRIPLINK_WORKERS_QUEUE=$QUEUE TRIPLINK_BENCH_ROUNDS=$ROUNDS TRIPLINK_BENCH_LATENCY_MS=$LATENCY_MS \
TRIPLINK_BENCH_BACKEND=$BACKEND TRIPLINK_REQUIRE_SERVICES=1 \
  cargo test -q -p triplink --features postgres,redis --locked --test shared_workers \
  bench_workers -- --ignored --nocapture --test-threads=1 | tee "$OUT" | grep '^BENCH' || true

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m}'; }
rate() { grep "^BENCH .*workers=$1 " "$OUT" | sed 's/.*requests_per_s=//'; }
base=$(rate 1 | median)
for n in 1 2 4; do
  m=$(rate "$n" | median)
  spread=$(rate "$n" | sort -n | paste -sd' ')
  echo "workers=$n median ${m} requests/s (runs: $spread) speed-up $(awk -v a="$m" -v b="$base" 'BEGIN {printf "%.2f", a/b}')x"
done
rm -f "$OUT"
