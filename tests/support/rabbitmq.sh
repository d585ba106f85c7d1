#!/usr/bin/env bash
# A private RabbitMQ node for the tests: its own ports, node name, data, logs and cookie, on
# 127.0.0.1 only, started as the current user from /usr/lib/rabbitmq/bin (the /usr/sbin wrappers
# switch to the rabbitmq user). See ../shared/notes/rabbitmq-on-debian.md.
#
#   rabbitmq.sh start DIR   starts a node whose state lives in DIR; writes DIR/url (amqp://…)
#                           and DIR/env (the environment the node's tools need)
#   rabbitmq.sh stop DIR    stops it
#   rabbitmq.sh ctl DIR ARGS…  runs rabbitmqctl against it (e.g. stop_app, start_app)
set -euo pipefail
cmd="$1"
dir="$(mkdir -p "$2" && cd "$2" && pwd)"
shift 2
bin=/usr/lib/rabbitmq/bin

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

case "$cmd" in
  start)
    if [ ! -x "$bin/rabbitmq-server" ]; then
      echo "rabbitmq-server is not installed (make test installs it: scripts/install-deps.sh)" >&2
      exit 1
    fi
    rm -rf "$dir/home" "$dir/mnesia" "$dir/log"
    mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
    port=$(free_port)
    dist=$(free_port)
    node="genx3dtest${port}@localhost"
    cat > "$dir/env" <<ENV
export HOME="$dir/home"
export RABBITMQ_NODENAME="$node"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port
export RABBITMQ_DIST_PORT=$dist
export RABBITMQ_MNESIA_BASE="$dir/mnesia"
export RABBITMQ_LOG_BASE="$dir/log"
export RABBITMQ_PID_FILE="$dir/rabbit.pid"
export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
export ERL_EPMD_ADDRESS=127.0.0.1
ENV
    echo "[]." > "$dir/enabled_plugins"
    # shellcheck disable=SC1091
    . "$dir/env"
    nohup "$bin/rabbitmq-server" > "$dir/log/console.log" 2>&1 &
    echo $! > "$dir/server.pid"
    for _ in $(seq 1 120); do
      # ping answers as soon as the Erlang node is up; await_startup waits for the rabbit app
      # itself (vhosts, listeners), which is what the tests need.
      if "$bin/rabbitmq-diagnostics" -n "$node" -q ping >/dev/null 2>&1 &&
         "$bin/rabbitmqctl" -n "$node" -q await_startup --timeout 60 >/dev/null 2>&1; then
        echo "amqp://guest:guest@127.0.0.1:$port/" > "$dir/url"
        echo "rabbitmq: $node listening on 127.0.0.1:$port"
        exit 0
      fi
      sleep 0.5
    done
    echo "rabbitmq: the node did not start; log:" >&2
    tail -50 "$dir/log/console.log" >&2
    exit 1
    ;;
  stop)
    [ -f "$dir/env" ] || exit 0
    # shellcheck disable=SC1091
    . "$dir/env"
    "$bin/rabbitmqctl" -n "$RABBITMQ_NODENAME" stop >/dev/null 2>&1 || true
    if [ -f "$dir/server.pid" ]; then kill "$(cat "$dir/server.pid")" 2>/dev/null || true; fi
    # epmd was started for this node's HOME; it serves no one else here.
    pkill -u "$(id -u)" -f "epmd -daemon -address 127.0.0.1" 2>/dev/null || true
    rm -f "$dir/url"
    ;;
  ctl)
    # shellcheck disable=SC1091
    . "$dir/env"
    "$bin/rabbitmqctl" -n "$RABBITMQ_NODENAME" "$@"
    ;;
  *)
    echo "usage: $0 start|stop|ctl DIR [ARGS…]" >&2
    exit 2
    ;;
esac
