#!/usr/bin/env bash
# The CPU that streaming over HTTP costs per token, server and client apart (bench/README.md,
# "Performance targets"): serves the ~150M-parameter model of targets.sh (--parallel 4 --ctx-size
# 512, all cores), warms it up with 8 requests, then streams PERF_REQUESTS (16) requests of 128 prompt
# and 64 output tokens at concurrency 1 with `samovar bench load`, and prints what each group of the
# server's threads used meanwhile (thread_cpu.py) and what the bench process used for the same
# requests (its CPU for the run minus its CPU for a run of no measured requests).
#
# Usage: bench/perf/http-cpu.sh [SERVER_JAR [BENCH_JAR]]   (default: the jars of $SAMOVAR_TARGET)
# Needs the model that targets.sh writes (run it once), a JDK 25, curl, python3.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
samovar_find_jdk || exit 1
java="$JAVA_HOME/bin/java"
target="${SAMOVAR_TARGET:-target}"
server_jar="${1:-$root/server/$target/samovar-server.jar}"
bench_jar="${2:-$root/bench/$target/samovar-bench.jar}"
cache="${PERF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/samovar/perf}"
model="$cache/synthetic-150m.gguf"
requests="${PERF_REQUESTS:-16}"
work="$(mktemp -d -t samovar-http-cpu.XXXXXX)"
tool="$root/bench/perf/thread_cpu.py"
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi' EXIT

[ -f "$model" ] || { echo "http-cpu: no $model: run bench/perf/targets.sh throughput once" >&2; exit 1; }
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$java" -jar "$server_jar" serve --port "$port" --models-dir "$cache/models" --offline --model "$model" \
  --parallel 4 --ctx-size 512 >"$work/server.log" 2>&1 &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/ready"; do
  kill -0 "$pid" 2>/dev/null || { tail -5 "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

# bench N WARMUP: bench load at concurrency 1; prints the CPU seconds the bench process used
bench() {
  python3 - "$java" -jar "$bench_jar" bench load --endpoint "http://127.0.0.1:$port/v1" \
    --model "$(basename "$model" .gguf)" --concurrency 1 --requests "$1" --warmup "$2" \
    --input-tokens 128 --output-tokens 64 --json "$work/load-$1.json" <<'PY'
import resource, subprocess, sys
with open("/dev/null", "w") as quiet:
    subprocess.run(sys.argv[1:], stdout=quiet, stderr=quiet, check=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime)
PY
}

bench 8 0 >/dev/null  # the server's JIT warms up
base="$(bench 1 0)"
python3 "$tool" snapshot "$pid" "$work/before.json"
full="$(bench "$((requests + 1))" 0)"
python3 "$tool" snapshot "$pid" "$work/after.json"
tokens=$((requests * 64))
echo "server threads while $((requests + 1)) requests streamed (the last $tokens tokens of them measured by the client):"
python3 "$tool" diff "$work/before.json" "$work/after.json"
python3 -c "import sys; print('bench process: %.0f ms of CPU for %d more requests (%d tokens), %.3f ms per token' % ((float(sys.argv[2]) - float(sys.argv[1])) * 1000, int(sys.argv[3]), int(sys.argv[4]), (float(sys.argv[2]) - float(sys.argv[1])) * 1000 / int(sys.argv[4])))" "$base" "$full" "$requests" "$tokens"
