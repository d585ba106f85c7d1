# The scenarios of issue 6, one function each: scenario_NAME RUN_DIR. Each starts what it needs
# (lib/processes.sh), drives it with genx3d_loadgen, genx3d_amqp_raw or bench/celery/client.py,
# writes one JSON result per measured phase into RUN_DIR, and stops what it started. Sizes shrink
# under --quick.

q() { [ "$QUICK" = 1 ] && echo "$2" || echo "$1"; }

# loadgen OUT.json ARGS…: one load-generator run, its table on stderr (the summary goes last).
# With BENCH_PERF=1 the genx3d processes are sampled by perf meanwhile (bench/out/perf/).
loadgen() {
  local out=$1 perf_pid=""
  shift
  [ "${BENCH_PERF:-0}" = 1 ] && perf_pid=$(start_perf "$(basename "$(dirname "$out")")_$(basename "$out" .json)")
  "$LOADGEN" --port "$PORT" --key "$KEY" --model gpt-4o-mini --json "$out" "$@" >&2
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid" 2>/dev/null || true
    # Not our child (started in a command substitution): poll until it has written its file.
    while kill -0 "$perf_pid" 2>/dev/null; do sleep 0.2; done
  fi
}

# start_perf NAME: perf record (call graphs) on every genx3d pid in PIDS; prints perf's pid.
start_perf() {
  local pids
  pids=$(printf '%s\n' "${PIDS[@]}" | grep -v '^--' | grep -v '^fake_provider=\|^rabbitmq=' |
         cut -d= -f2 | paste -sd,)
  mkdir -p "$HERE/out/perf"
  perf record -F 499 --call-graph dwarf,16384 -o "$HERE/out/perf/$1.data" -p "$pids" >/dev/null 2>&1 &
  echo $!
}

# serve_embedded DIR LATENCY_MS CONCURRENCY: fake provider + `genx3d serve`; sets PORT, KEY, PIDS.
serve_embedded() {
  local dir=$1
  mkdir -p "$dir/data"
  start_fake_provider "$2" "$dir/fake_provider.log"
  write_providers "$dir/providers.json"
  write_config "$dir/config.json" "$3"
  KEY=$(make_key "$dir/data")
  PORT=$(free_port)
  start_genx3d serve "$dir/serve.log" --config "$dir/config.json" --data-dir "$dir/data" \
    --port "$PORT" --providers "$dir/providers.json"
  PIDS=(--pid "serve=$GENX3D_PID" --aux-pid "fake_provider=$FAKE_PID")
  wait_healthy "$PORT"
}

# serve_distributed DIR LATENCY_MS CONCURRENCY WORKERS: fake provider, RabbitMQ vhost,
# `genx3d api` and WORKERS `genx3d worker`s; sets PORT, KEY, PIDS.
serve_distributed() {
  local dir=$1 workers=$4 url i
  mkdir -p "$dir/data"
  ensure_rabbitmq
  url=$(new_vhost "$(basename "$dir")")
  start_fake_provider "$2" "$dir/fake_provider.log"
  write_providers "$dir/providers.json"
  write_config "$dir/config.json" "$3"
  KEY=$(make_key "$dir/data")
  PORT=$(free_port)
  start_genx3d api "$dir/api.log" --config "$dir/config.json" --data-dir "$dir/data" \
    --port "$PORT" --providers "$dir/providers.json" --broker "$url"
  PIDS=(--pid "api=$GENX3D_PID" --aux-pid "fake_provider=$FAKE_PID")
  for i in $(seq 1 "$workers"); do
    start_genx3d worker "$dir/worker$i.log" --config "$dir/config.json" \
      --providers "$dir/providers.json" --broker "$url" --concurrency "$3"
    PIDS+=(--pid "worker$i=$GENX3D_PID")
  done
  local broker
  broker=$(rabbit_pid)
  [ -n "$broker" ] && PIDS+=(--aux-pid "rabbitmq=$broker")
  wait_healthy "$PORT"
}

# ensure_celery: python3-celery (Debian's, for /usr/bin/python3), installed when root.
ensure_celery() {
  /usr/bin/python3 -c 'import celery' 2>/dev/null && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "bench: installing python3-celery" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq python3-celery >/dev/null ||
      { apt-get update -qq && apt-get install -y -qq python3-celery >/dev/null; }
    /usr/bin/python3 -c 'import celery' && return 0
  fi
  echo "bench: celery-0ms needs python3-celery (apt-get install python3-celery," \
    "or scripts/install-deps.sh)" >&2
  return 1
}

# celery-0ms: the baseline issue 6's targets are ratios to, measured here so that both sides see
# the same machine at the same hour. Celery as the issue ran it (bench/celery/tasks.py: prefork,
# one process per core, acks_late, prefetch 1, rpc results) against the same fake provider, and
# the issue's burst of 2,000 after a warm-up of 200.
scenario_celery-0ms() {
  local dir=$1 url broker
  mkdir -p "$dir"
  ensure_celery
  ensure_rabbitmq
  url=$(new_vhost "$(basename "$dir")")
  start_fake_provider 0 "$dir/fake_provider.log"
  export CELERY_BROKER_URL="$url" FAKE_PROVIDER_URL="http://127.0.0.1:$FAKE_PORT/v1" \
    BENCH_FAKE_KEY=sk-bench
  PYTHONPATH="$HERE/celery" /usr/bin/python3 -m celery -A tasks worker --pool prefork \
    --concurrency "$(nproc)" --loglevel warning >"$dir/celery.log" 2>&1 &
  STARTED+=("$!")
  PIDS=(--pid "celery=$!" --aux-pid "fake_provider=$FAKE_PID")
  broker=$(rabbit_pid)
  [ -n "$broker" ] && PIDS+=(--aux-pid "rabbitmq=$broker")
  /usr/bin/python3 "$HERE/celery/client.py" --label celery-0ms --warmup "$(q 200 100)" \
    --jobs "$(q 2000 300)" --json "$dir/burst.json" "${PIDS[@]}" >&2
  stop_all
}

# embedded-0ms: a burst of 20,000, then an open loop at half the burst's rate (the p99 target).
scenario_embedded-0ms() {
  local dir=$1 rate
  serve_embedded "$dir" 0 256
  loadgen "$dir/burst.json" --label embedded-0ms --mode burst --jobs "$(q 20000 2000)" \
    --connections 256 "${PIDS[@]}"
  rate=$(/usr/bin/python3 -c 'import json,sys; print(max(1, json.load(open(sys.argv[1]))["jobs_per_s"] / 2))' "$dir/burst.json")
  loadgen "$dir/half.json" --label embedded-0ms@half-load --mode rate --rate "$rate" \
    --duration "$(q 10 3)" "${PIDS[@]}"
  stop_all
}

# amqp-0ms: the API and two workers over RabbitMQ, the same burst.
scenario_amqp-0ms() {
  local dir=$1
  serve_distributed "$dir" 0 256 2
  loadgen "$dir/burst.json" --label amqp-0ms --mode burst --jobs "$(q 20000 2000)" \
    --connections 256 "${PIDS[@]}"
  stop_all
}

# amqp-200ms: one worker, 1,000 jobs in flight on a provider that takes 200 ms: the bound is
# 1,000 / 0.2 s = 5,000 jobs/s. More connections than the worker's concurrency keep it full.
scenario_amqp-200ms() {
  local dir=$1
  serve_distributed "$dir" 200 1000 1
  loadgen "$dir/burst.json" --label amqp-200ms --mode burst --jobs "$(q 20000 3000)" \
    --connections 1500 "${PIDS[@]}"
  stop_all
}

# longpoll-10k: jobs stuck behind a provider that takes ten minutes; each gets an idle
# long-poll; the API's RSS is what counts, and a probe checks the API still answers.
scenario_longpoll-10k() {
  local dir=$1
  serve_embedded "$dir" 600000 16
  loadgen "$dir/hold.json" --label longpoll-10k --mode hold --holds "$(q 10000 1000)" \
    --connections 64 --duration "$(q 20 5)" "${PIDS[@]}"
  stop_all
}

# interactive-under-batch: chat latency idle, then while a 10,000-prompt batch drains. Needs
# POST /api/v1/chat/batch; without it the result says "skipped: no batch API".
scenario_interactive-under-batch() {
  local dir=$1
  serve_embedded "$dir" 100 64
  loadgen "$dir/interactive.json" --label interactive-under-batch --mode interactive \
    --batch-size "$(q 10000 1000)" --interactive-rate 10 --duration "$(q 10 3)" "${PIDS[@]}"
  stop_all
}

# amqp-raw: the broker alone, the ceiling for amqp-0ms.
scenario_amqp-raw() {
  local dir=$1 url
  mkdir -p "$dir"
  ensure_rabbitmq
  url=$(new_vhost "$(basename "$dir")")
  "$AMQP_RAW" --url "$url" --jobs "$(q 20000 2000)" --size "${BENCH_MESSAGE_BYTES:-1024}" \
    --label amqp-raw --json "$dir/raw.json" >&2
}
