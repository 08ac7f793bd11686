#!/usr/bin/env bash
# Scale runs of the auto-connect job (issue 21): for each queue size, RUNS rounds of one run
# per token store (alternating), each against a fresh sandbox process seeded with N requests, the job in its own
# process under /usr/bin/time -v (the job's peak RSS alone; the member list is loaded into an
# SQLite member database in a step before, as a supplier's database exists before the job). Prints one line per run and the
# median wall time per store and size.
#
#   bash scripts/bench-auto-connect-scale.sh                 # 10,000 requests: memory, sqlite, file
#   STORES="sqlite" SIZES="100000" bash scripts/bench-auto-connect-scale.sh
#   RUNS=5 bash scripts/bench-auto-connect-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."

STORES=${STORES:-"memory sqlite file"}
SIZES=${SIZES:-"10000"}
RUNS=${RUNS:-3}
CONCURRENCY=${CONCURRENCY:-4}

cargo build --release -q -p triplink-sandbox
cargo build --release -q --example auto_connect_scale
SANDBOX=target/release/triplink-sandbox
JOB=target/release/examples/auto_connect_scale
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }

for n in $SIZES; do
  for store in $STORES; do : >"$WORK/secs-$store"; done
  # Stores alternate within each round, so a shared host's drift touches them alike.
  for run in $(seq "$RUNS"); do
    for store in $STORES; do
      dir="$WORK/$store-$n-$run"
      mkdir -p "$dir"
      "$SANDBOX" --port 0 --no-demo --seed-requests "$n" >"$dir/sandbox.out" 2>&1 &
      sb=$!
      for _ in $(seq 600); do grep -q "eu:" "$dir/sandbox.out" 2>/dev/null && break; sleep 0.1; done
      us=$(awk '/us \(and GLZ\):/ {print $4}' "$dir/sandbox.out")
      eu=$(awk '/ eu:/ {print $2}' "$dir/sandbox.out")
      curl -sf "$us/_sandbox/seed/members.csv" >"$dir/members.csv"
      "$JOB" --prepare --members "$dir/members.csv" --dir "$dir"
      /usr/bin/time -v "$JOB" --base "$us" --eu "$eu" \
        --dir "$dir" --store "$store" --concurrency "$CONCURRENCY" \
        >"$dir/job.out" 2>"$dir/time.out" || true
      kill "$sb"; wait "$sb" 2>/dev/null || true
      secs=$(sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p' "$dir/job.out")
      handled=$(sed -n 's/.*"handled":\([0-9]*\).*/\1/p' "$dir/job.out")
      rss=$(awk '/Maximum resident set size/ {print $6}' "$dir/time.out")
      wall=$(awk '/Elapsed \(wall clock\)/ {print $8}' "$dir/time.out")
      echo "n=$n store=$store run=$run handled=$handled job_seconds=$secs process_wall=$wall peak_rss_kb=$rss"
      echo "$secs" >>"$WORK/secs-$store"
      rm -f "$dir/members.csv"
    done
  done
  for store in $STORES; do
    echo "n=$n store=$store median_job_seconds=$(median <"$WORK/secs-$store") (runs: $(tr '\n' ' ' <"$WORK/secs-$store"))"
  done
  # Each store against the first (the baseline), round by round: the ratios' median and range.
  base=$(echo "$STORES" | awk '{print $1}')
  for store in $STORES; do
    [ "$store" = "$base" ] && continue
    ratios=$(paste "$WORK/secs-$store" "$WORK/secs-$base" | awk '{printf "%.2f\n", $1 / $2}')
    echo "n=$n $store/$base per-round ratio: median $(echo "$ratios" | median)," \
      "min $(echo "$ratios" | sort -n | head -1), max $(echo "$ratios" | sort -n | tail -1)" \
      "(rounds: $(echo "$ratios" | tr '\n' ' '))"
  done
done
