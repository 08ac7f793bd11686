#!/usr/bin/env bash
# Read-ahead within one worker (issue 29, item 6): requests/s of the auto-connect job on a
# 1,000-request queue with 20 ms of injected latency on every sandbox route, at concurrency 1,
# 4 and 16, each run against a fresh sandbox process (the job in its own process:
# examples/auto_connect_scale.rs, SQLite journal, in-memory token store).
# Prints each run, then per concurrency the median requests/s with the runs, and the fraction
# of the latency-bound ideal: concurrency x (requests/s at concurrency 1 of the same round).
#
# With BASELINE_JOB=path/to/an/older/auto_connect_scale, each round runs the baseline and this
# tree's job in turn (alternating, so a shared host's drift touches both alike) and prints the
# per-round speed-up's median and range. Build the baseline (this tree without the read-ahead
# commit's core changes) in its own worktree *and its own target directory* — with a shared one
# both builds write the same artifact and cargo may take either as fresh:
#   git worktree add /tmp/wt-before HEAD && cd /tmp/wt-before
#   git diff 3770b68^ 3770b68 -- core/src | git apply -R --3way
#   CARGO_TARGET_DIR=/tmp/wt-before/target cargo build --release --example auto_connect_scale
#   cp /tmp/wt-before/target/release/examples/auto_connect_scale /tmp/job-before
#
#   bash scripts/bench-read-ahead.sh
#   RUNS=5 CONCURRENCIES="1 16" QUEUE=2000 BASELINE_JOB=/tmp/job-before bash scripts/bench-read-ahead.sh
set -euo pipefail
cd "$(dirname "$0")/.."

QUEUE=${QUEUE:-1000}
RUNS=${RUNS:-3}
LATENCY_MS=${LATENCY_MS:-20}
CONCURRENCIES=${CONCURRENCIES:-"1 4 16"}
BASELINE_JOB=${BASELINE_JOB:-}

cargo build --release -q -p triplink-sandbox
cargo build --release -q --example auto_connect_scale
SANDBOX=target/release/triplink-sandbox
JOB=target/release/examples/auto_connect_scale
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VARIANTS="after"
[ -n "$BASELINE_JOB" ] && VARIANTS="before after"

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
range() { sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.2f-%.2f", lo, hi}'; }

# One run: prints requests/s.
run_once() {
  local job=$1 c=$2 dir=$3
  mkdir -p "$dir"
  "$SANDBOX" --port 0 --no-demo --seed-requests "$QUEUE" >"$dir/sandbox.out" 2>&1 &
  local sb=$!
  for _ in $(seq 600); do grep -q "eu:" "$dir/sandbox.out" 2>/dev/null && break; sleep 0.1; done
  local us eu
  us=$(awk '/us \(and GLZ\):/ {print $4}' "$dir/sandbox.out")
  eu=$(awk '/ eu:/ {print $2}' "$dir/sandbox.out")
  curl -sf "$us/_sandbox/seed/members.csv" >"$dir/members.csv"
  # Each variant prepares its own directory: the member table's layout may differ between
  # the commits compared.
  "$job" --prepare --members "$dir/members.csv" --dir "$dir"
  curl -sf -X POST -H 'content-type: application/json' "$us/_sandbox/faults" \
    -d "{\"method\":null,\"path_prefix\":\"/\",\"kind\":{\"kind\":\"latency\",\"ms\":$LATENCY_MS},\"times\":4294967295}" >/dev/null
  "$job" --base "$us" --eu "$eu" --dir "$dir" --store memory --concurrency "$c" >"$dir/job.out" || true
  kill "$sb"; wait "$sb" 2>/dev/null || true
  local secs handled
  secs=$(sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p' "$dir/job.out")
  handled=$(sed -n 's/.*"handled":\([0-9]*\).*/\1/p' "$dir/job.out")
  [ "$handled" = "$QUEUE" ] || { echo "run in $dir handled ${handled:-nothing} of $QUEUE" >&2; exit 1; }
  awk -v n="$handled" -v s="$secs" 'BEGIN {printf "%.2f\n", n / s}'
}

for run in $(seq "$RUNS"); do
  for c in $CONCURRENCIES; do
    for v in $VARIANTS; do
      job=$JOB; [ "$v" = before ] && job=$BASELINE_JOB
      rate=$(run_once "$job" "$c" "$WORK/$v-$c-$run")
      echo "round=$run concurrency=$c variant=$v queue=$QUEUE latency_ms=$LATENCY_MS requests_per_s=$rate"
      echo "$rate" >>"$WORK/rate-$v-$c"
      rm -rf "$WORK/$v-$c-$run"
    done
  done
done

first=$(echo "$CONCURRENCIES" | awk '{print $1}')
for v in $VARIANTS; do
  for c in $CONCURRENCIES; do
    echo "variant=$v concurrency=$c median $(median <"$WORK/rate-$v-$c") requests/s" \
      "(runs: $(tr '\n' ' ' <"$WORK/rate-$v-$c"))"
    if [ "$first" = 1 ]; then
      # Per round: this concurrency's rate over (concurrency x the same round's rate at 1).
      fr=$(paste "$WORK/rate-$v-$c" "$WORK/rate-$v-1" | awk -v c="$c" '{printf "%.3f\n", $1 / (c * $2)}')
      echo "variant=$v concurrency=$c fraction of the ideal: median $(echo "$fr" | median)," \
        "range $(echo "$fr" | range) (rounds: $(echo "$fr" | tr '\n' ' '))"
    fi
  done
done
if [ -n "$BASELINE_JOB" ]; then
  for c in $CONCURRENCIES; do
    sp=$(paste "$WORK/rate-after-$c" "$WORK/rate-before-$c" | awk '{printf "%.2f\n", $1 / $2}')
    echo "concurrency=$c after/before per-round speed-up: median $(echo "$sp" | median)," \
      "range $(echo "$sp" | range) (rounds: $(echo "$sp" | tr '\n' ' '))"
  done
fi
