#!/usr/bin/env bash
# Runs the benchmark scenarios of issue 6 on loopback and prints their medians.
#
#   bench/run.sh [--runs N] [--quick] [--build DIR] [scenario…]
#
# Scenarios (all by default): celery-0ms embedded-0ms amqp-0ms amqp-200ms longpoll-10k
# interactive-under-batch amqp-raw. celery-0ms is the baseline the 0 ms targets are ratios to
# (python3-celery; installed when root). --runs (default 3) repeats each scenario with fresh
# processes and reports medians; --quick (or BENCH_QUICK=1) shrinks every size for a smoke
# check. --build (or BENCH_BUILD) names the CMake build folder (default build/, what `make`
# builds). Results: bench/out/<timestamp>.json and .md; the table is printed last.
# BENCH_SANDBOX=1 keeps the code sandbox on; BENCH_LOG_LEVEL sets genx3d's log level (info);
# BENCH_PERF=1 records a perf profile of the genx3d processes per phase (bench/out/perf/);
# BENCH_IO_THREADS sets genx3d's server.threads (default 0: one per core).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
ALL_SCENARIOS=(celery-0ms embedded-0ms amqp-0ms amqp-200ms longpoll-10k interactive-under-batch
  amqp-raw)

RUNS=3
QUICK=${BENCH_QUICK:-0}
BUILD=${BENCH_BUILD:-$REPO/build}
SCENARIOS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --build) BUILD=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "bench: unknown flag $1" >&2; exit 2 ;;
    *) SCENARIOS+=("$1"); shift ;;
  esac
done
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=("${ALL_SCENARIOS[@]}")

BUILD="$(cd "$BUILD" && pwd)"
GENX3D="$BUILD/genx3d"
LOADGEN="$BUILD/bench/genx3d_loadgen"
AMQP_RAW="$BUILD/bench/genx3d_amqp_raw"
FAKE_PROVIDER="$BUILD/tests/fake_provider"
for bin in "$GENX3D" "$LOADGEN" "$AMQP_RAW" "$FAKE_PROVIDER"; do
  [ -x "$bin" ] || { echo "bench: $bin is missing; build first (make)" >&2; exit 1; }
done

# shellcheck source=lib/processes.sh
. "$HERE/lib/processes.sh"
# shellcheck source=lib/scenarios.sh
. "$HERE/lib/scenarios.sh"

for s in "${SCENARIOS[@]}"; do
  declare -F "scenario_$s" >/dev/null || { echo "bench: unknown scenario $s" >&2; exit 2; }
done

# 10,000 held long-polls need as many descriptors in genx3d as in the load generator.
ulimit -n "$(ulimit -Hn)"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/genx3d-bench.XXXXXX")
mkdir -p "$HERE/out"
cleanup() {
  stop_all
  stop_rabbitmq
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One broker for the whole invocation (it takes ~10 s to start); each run gets a vhost.
for s in "${SCENARIOS[@]}"; do
  case "$s" in amqp-*|celery-*) ensure_rabbitmq; break ;; esac
done

RESULTS="$WORK/results"
mkdir -p "$RESULTS"
for s in "${SCENARIOS[@]}"; do
  for run in $(seq 1 "$RUNS"); do
    echo "== $s, run $run of $RUNS (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    dir="$WORK/${s//[^a-z0-9]/_}_$run"
    # A subshell, so `set -e` holds inside the scenario and its processes die with it.
    set +e
    (trap stop_all EXIT; trap 'exit 130' INT TERM; "scenario_$s" "$dir")
    rc=$?
    set -e
    [ $rc -eq 130 ] && exit 130
    if [ $rc -ne 0 ]; then
      echo "bench: $s run $run failed; logs in $dir (BENCH_KEEP=1 keeps them)" >&2
      continue
    fi
    for f in "$dir"/*.json; do
      case "$f" in */config.json|*/providers.json) continue ;; esac
      cp "$f" "$RESULTS/${s}_${run}_$(basename "$f")"
    done
  done
done

/usr/bin/python3 "$HERE/summarize.py" --quick "$QUICK" --runs "$RUNS" \
  --json "$HERE/out/$STAMP.json" --md "$HERE/out/$STAMP.md" "$RESULTS"/*.json
cat "$HERE/out/$STAMP.md"
