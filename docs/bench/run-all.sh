#!/usr/bin/env bash
# Runs the benchmark matrix of docs/benchmarks.md: every configuration RUNS times (default 3),
# one local broker for all, each bench/latency/memory line labelled with its configuration and
# appended to OUT (default docs/bench/results.txt). Then:
#   ./streamml bench --report docs/bench/results.txt --svg docs/bench/benchmarks.svg
# Usage: docs/bench/run-all.sh [throughput|latency|memory|tuning|all]
# One at a time per checkout: it starts (and at the end stops) the checkout's local broker with
# ./streamml kafka start|stop, so a second copy running alongside would share and stop it.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
WHAT=${1:-all}
RUNS=${RUNS:-3}
EVENTS=${EVENTS:-40000}
KEYS=${KEYS:-20}
OUT=${OUT:-docs/bench/results.txt}

servers=$(./streamml kafka start | sed -n 's/.*bootstrap.servers=\([^ ]*\).*/\1/p')
trap './streamml kafka stop >/dev/null' EXIT
echo "broker $servers" >&2

run() { # label, then bench arguments
  local label=$1; shift
  for i in $(seq "$RUNS"); do
    ./streamml bench --bootstrap-servers="$servers" --keys="$KEYS" "$@" 2>/dev/null \
      | grep -E '^(bench|cpu|run|latency|memory|kafka) ' | sed "s/^/$label | /" | tee -a "$OUT"
  done
}

if [[ $WHAT == throughput || $WHAT == all ]]; then
  run "anomaly flink" --pipeline=anomaly --runner=flink --events="$EVENTS"
  run "anomaly direct" --pipeline=anomaly --runner=direct --events="$EVENTS"
  run "features flink" --pipeline=features --runner=flink --events="$EVENTS"
  run "features direct" --pipeline=features --runner=direct --events="$EVENTS"
fi
if [[ $WHAT == tuning || $WHAT == all ]]; then
  run "anomaly direct enforcement off" --runner=direct --events="$EVENTS" \
    --enforceImmutability=false --enforceEncodability=false
  run "anomaly direct targetParallelism=1" --runner=direct --events="$EVENTS" --targetParallelism=1
  run "anomaly flink objectReuse=false" --runner=flink --events="$EVENTS" --objectReuse=false
  run "anomaly flink fasterCopy=true" --runner=flink --events="$EVENTS" --fasterCopy=true
  run "anomaly flink maxBundleSize=10000" --runner=flink --events="$EVENTS" \
    --maxBundleSize=10000 --maxBundleTimeMills=1000
  run "anomaly flink maxBundleSize=100" --runner=flink --events="$EVENTS" \
    --maxBundleSize=100 --maxBundleTimeMills=100
  run "anomaly flink operatorChaining=false" --runner=flink --events="$EVENTS" --operatorChaining=false
  run "anomaly flink checkpointingInterval=10s" --runner=flink --events="$EVENTS" \
    --checkpointingInterval=10000
fi
if [[ $WHAT == latency || $WHAT == all ]]; then
  # The latency target is at half the sustained rate: first the rate the pipeline sustains with the
  # latency runs' keys (100) once every key's detector is full (4,000 events a key), then latency
  # at 500 events/s and at half the median of those runs (or HALF_RATE if given).
  sustained=$(KEYS=100 run "anomaly flink 100 keys 400k events" --runner=flink --events=400000 \
    | grep ' bench ' | sed -n 's/.* events_per_s=\([0-9]*\) .*/\1/p' | sort -n \
    | sed -n "$(( (RUNS + 1) / 2 ))p")
  HALF_RATE=${HALF_RATE:-$(( ${sustained:-0} / 2 ))}
  echo "sustained $sustained events/s, latency at 500 and $HALF_RATE events/s" >&2
  KEYS=100 run "anomaly flink rate=500" --runner=flink --events=20000 --rate=500
  KEYS=100 run "anomaly flink rate=$HALF_RATE, half of $sustained" --runner=flink \
    --events=$(( HALF_RATE * 15 )) --rate="$HALF_RATE"
fi
if [[ $WHAT == memory || $WHAT == all ]]; then
  # 100,000 keys, 2 and then 4 events per key: the live heap should follow the keys, not the events.
  # On Flink: the Direct runner's per-key timer bookkeeping made the same runs take hours here.
  RUNS=1 KEYS=100000 run "anomaly flink zscore 100k keys 200k events" --runner=flink \
    --events=200000 --detector=zscore
  RUNS=1 KEYS=100000 run "anomaly flink zscore 100k keys 400k events" --runner=flink \
    --events=400000 --detector=zscore
fi
