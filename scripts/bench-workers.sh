#!/usr/bin/env bash
# Several workers on one queue (issue 29): throughput of 1, 2 and 4 worker processes sharing
# PostgreSQL or Redis (token store, journal, work lease) against a sandbox with 20 ms of
# latency on every route (the test binary in a release build); each round runs the three in
# turn (a fresh sandbox each), so a shared host's drift touches them alike. Prints each run and,
# per backend, the median requests/s per worker count with the runs, and the speed-up over one
# worker.
#
#   bash scripts/bench-workers.sh                      # 10,000 requests, 3 rounds, PostgreSQL then Redis
#   QUEUE=2000 ROUNDS=5 LATENCY_MS=20 BACKENDS=redis bash scripts/bench-workers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
QUEUE=${QUEUE:-10000}
ROUNDS=${ROUNDS:-3}
LATENCY_MS=${LATENCY_MS:-20}
BACKENDS=${BACKENDS:-${BACKEND:-"postgres redis"}}

eval "$(bash scripts/services.sh start)"
trap 'bash scripts/services.sh stop' EXIT
OUT=$(mktemp)

# The median of stdin's numbers, printed with $1 decimals (one by default).
median() { sort -n | awk -v d="${1:-1}" '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.*f", d, m}'; }
for backend in $BACKENDS; do
  : >"$OUT"
  TRIPLINK_WORKERS_QUEUE=$QUEUE TRIPLINK_BENCH_ROUNDS=$ROUNDS TRIPLINK_BENCH_LATENCY_MS=$LATENCY_MS \
  TRIPLINK_BENCH_BACKEND=$backend TRIPLINK_REQUIRE_SERVICES=1 \
    cargo test -q --release -p triplink --features postgres,redis --locked --test shared_workers \
    bench_workers -- --ignored --nocapture --test-threads=1 >"$OUT"
  grep '^BENCH' "$OUT" | sed "s/^/$backend /"
  rate() { grep "^BENCH .*workers=$1 " "$OUT" | sed 's/.*requests_per_s=//'; }
  for n in 1 2 4; do
    # The speed-up per round (the same round's one-worker run as the baseline).
    sp=$(paste <(rate "$n") <(rate 1) | awk '{printf "%.2f\n", $1 / $2}')
    echo "backend=$backend workers=$n median $(rate "$n" | median) requests/s" \
      "(runs: $(rate "$n" | paste -sd' ')); speed-up median $(echo "$sp" | median 2)x" \
      "(rounds: $(echo "$sp" | paste -sd' '))"
  done
done
rm -f "$OUT"
