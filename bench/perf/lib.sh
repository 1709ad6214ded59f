# What targets.sh and http-cpu.sh share (sourced, not run; the caller sets PERF_NAME for messages):
# a JDK 25, the jars of $SAMOVAR_TARGET (default target), the cache folder with the ~150M model, and
# a server started on a free port, stopped when the script ends.
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
samovar_find_jdk || exit 1
java="$JAVA_HOME/bin/java"
target="${SAMOVAR_TARGET:-target}"
server_jar="$root/server/$target/samovar-server.jar"
bench_jar="$root/bench/$target/samovar-bench.jar"
cache="${PERF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/samovar/perf}"
model="$cache/synthetic-150m.gguf"
java_opts=()
pid=""

say() { echo "$PERF_NAME: $*" >&2; }
fail() { say "$*"; exit 1; }
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

command -v curl >/dev/null || fail "curl is not on PATH"
command -v python3 >/dev/null || fail "python3 is not on PATH"
mkdir -p "$cache/models"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# serve LOG ARGS...: starts $server_jar's serve (with $java_opts) on a free port, sets $pid and $port;
# returns once /ready says 200 (gives up after 5 minutes).
serve() {
  local log="$1"
  shift
  port="$(free_port)"
  "$java" "${java_opts[@]}" -jar "$server_jar" serve --port "$port" --models-dir "$cache/models" --offline "$@" >"$log" 2>&1 &
  pid=$!
  await_ready "http://127.0.0.1:$port/ready" "$pid" "$log"
}

# await_ready URL PID LOG: returns once URL says 200; fails when PID ends first or after 5 minutes.
await_ready() {
  local deadline=$(($(now_ms) + 300000))
  until curl -fs -o /dev/null "$1"; do
    kill -0 "$2" 2>/dev/null || { tail -5 "$3" >&2; fail "the server ended early (log: $3)"; }
    (($(now_ms) < deadline)) || fail "the server was not ready in 5 minutes (log: $3)"
    sleep 0.02
  done
}

# Writes the ~150M-parameter synthetic model to $model once.
synthetic_model() {
  if [ ! -f "$model" ]; then
    say "writing the ~150M-parameter model to $model"
    "$java" -jar "$server_jar" models synthetic --out "$model" --size 150m >&2
  fi
}

stop() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}
