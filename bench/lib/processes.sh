# Starting and stopping what a scenario needs: the fake provider, a private RabbitMQ, genx3d in
# each role. Sourced by bench/run.sh. Every process started here is recorded in STARTED and
# stopped by pid in stop_all (bench/run.sh traps EXIT), never by name.

STARTED=()

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# stop_pid PID: TERM, up to 15 s to drain, then KILL.
stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

stop_all() {
  local i
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do stop_pid "${STARTED[$i]}"; done
  STARTED=()
}

# start_fake_provider LATENCY_MS LOG: sets FAKE_PORT and FAKE_PID.
# One thread: the fake stands in for a provider on other machines, yet takes these cores from the
# process measured. Two threads on two cores cost it 17% more CPU per request (0.048 against
# 0.040 ms, medians of 6 embedded bursts each) in locking and cross-thread wake-ups, and one
# thread keeps up with every scenario, 200 ms latency at 1,000 in flight included.
start_fake_provider() {
  local out="$2.out"
  "$FAKE_PROVIDER" --port 0 --threads 1 --latency-ms "$1" --record-limit 0 >"$out" 2>"$2" &
  FAKE_PID=$!
  STARTED+=("$FAKE_PID")
  for _ in $(seq 1 100); do
    if grep -q '^ready' "$out" 2>/dev/null; then
      FAKE_PORT=$(sed -n 's/^http_port=//p' "$out")
      return 0
    fi
    sleep 0.1
  done
  echo "bench: fake_provider did not start; see $2" >&2
  return 1
}

# write_providers FILE: every gpt-4o* model goes to the fake provider, with no client-side
# limits (the benchmark measures genx3d, not a provider quota).
write_providers() {
  cat >"$1" <<JSON
{
  "providers": {
    "fake": {
      "protocol": "openai",
      "base_url": "http://127.0.0.1:$FAKE_PORT/v1",
      "api_key_env": "BENCH_FAKE_KEY",
      "connect_timeout_ms": 5000,
      "timeout_ms": 900000,
      "max_concurrent": 100000,
      "max_attempts": 1
    }
  },
  "models": {"gpt-4o*": {"provider": "fake"}}
}
JSON
}

# write_config FILE CONCURRENCY: rate limits out of the way; the code sandbox off unless
# BENCH_SANDBOX=1 (it runs answers in Node.js, a cost of its own, not of the job system).
write_config() {
  local sandbox=false
  [ "${BENCH_SANDBOX:-0}" = 1 ] && sandbox=true
  cat >"$1" <<JSON
{
  "log_level": "${BENCH_LOG_LEVEL:-info}",
  "server": {"default_rate_limit_per_minute": 1000000000, "threads": ${BENCH_IO_THREADS:-0}},
  "worker": {"concurrency": $2},
  "sandbox": {"enabled": $sandbox}
}
JSON
}

# make_key DATA_DIR: prints a fresh API key with an effectively unlimited rate.
make_key() {
  "$GENX3D" keys create --name bench --rate-limit 1000000000 --data-dir "$1" 2>/dev/null | tail -1
}

# wait_healthy PORT
wait_healthy() {
  for _ in $(seq 1 200); do
    /usr/bin/python3 -c 'import sys, urllib.request as u; u.urlopen(sys.argv[1], timeout=2)' \
      "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: genx3d on port $1 did not become ready" >&2
  return 1
}

# start_genx3d ROLE LOG ARGS…: starts `genx3d ROLE ARGS…`; sets GENX3D_PID.
start_genx3d() {
  local role=$1 log=$2
  shift 2
  BENCH_FAKE_KEY=sk-bench "$GENX3D" "$role" "$@" >"$log" 2>&1 &
  GENX3D_PID=$!
  STARTED+=("$GENX3D_PID")
}

# RabbitMQ: one private node per bench/run.sh invocation, one vhost per run (a clean slate
# without a restart, which takes ~10 s).
RABBIT_DIR=""
ensure_rabbitmq() {
  [ -n "$RABBIT_DIR" ] && return 0
  RABBIT_DIR="$WORK/rabbitmq"
  "$REPO/tests/support/rabbitmq.sh" start "$RABBIT_DIR" >/dev/null
}

# Stops our node only, by name and pid. Not `rabbitmq.sh stop`: that also ends epmd, which every
# Erlang node on the machine shares (other people's test brokers included).
stop_rabbitmq() {
  [ -n "$RABBIT_DIR" ] && [ -f "$RABBIT_DIR/env" ] || return 0
  (
    # shellcheck disable=SC1091
    . "$RABBIT_DIR/env"
    /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBITMQ_NODENAME" stop >/dev/null 2>&1 || true
    [ -f "$RABBIT_DIR/server.pid" ] && stop_pid "$(cat "$RABBIT_DIR/server.pid")"
  )
  RABBIT_DIR=""
}

# new_vhost NAME: prints the broker URL of a fresh vhost.
new_vhost() {
  local ctl="$REPO/tests/support/rabbitmq.sh"
  "$ctl" ctl "$RABBIT_DIR" -q add_vhost "$1" >/dev/null
  "$ctl" ctl "$RABBIT_DIR" -q set_permissions -p "$1" guest '.*' '.*' '.*' >/dev/null
  sed "s#/\$#/$1#" "$RABBIT_DIR/url"
}

# rabbit_pid: the broker's Erlang VM, measured beside genx3d but not counted as genx3d.
rabbit_pid() {
  cat "$RABBIT_DIR/rabbit.pid" 2>/dev/null || true
}
