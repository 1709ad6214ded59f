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

PERF_NAME=http-cpu
. "$(dirname "$(readlink -f "$0")")/lib.sh"
server_jar="${1:-$server_jar}"
bench_jar="${2:-$bench_jar}"
requests="${PERF_REQUESTS:-16}"
work="$(mktemp -d -t samovar-http-cpu.XXXXXX)"
tool="$root/bench/perf/thread_cpu.py"

[ -f "$server_jar" ] && [ -f "$bench_jar" ] || fail "no $server_jar or $bench_jar: build them first (./mvnw -B -pl server,bench -am -DskipTests package)"
[ -f "$model" ] || fail "no $model: run bench/perf/targets.sh throughput once"
serve "$work/server.log" --model "$model" --parallel 4 --ctx-size 512

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
