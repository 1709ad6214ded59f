#!/usr/bin/env bash
# One command for a machine with an NVIDIA GPU: serves the tiny model and a generated ~150M-parameter
# model with every layer offloaded through the CUDA build of the native library, then the same on the
# bundled CPU library, runs a short `samovar bench load` against each (concurrency 1 and 4, output
# length forced with ignore_eos), and prints tokens/s and TTFT on GPU vs CPU and the VRAM the server
# used. bench load's own tables, CSV and JSON reports stay in the work folder.
#
# Usage: native/cuda/gpu-check.sh [CUDA_LIB_DIR]
#   CUDA_LIB_DIR  the folder install-cuda.sh or build-cuda.sh wrote (default: $SAMOVAR_CUDA_LIB, else
#                 ${XDG_DATA_HOME:-~/.local/share}/samovar/cuda)
# Environment: GPU_CHECK_BACKENDS (default "cuda cpu"), GPU_CHECK_REQUESTS (default 8 per model,
#   backend and concurrency level), GPU_CHECK_TOKENS (default 64 output tokens per request), GPU_CHECK_DIR (work folder, default a temporary
#   one), SAMOVAR_TARGET (the build folder name, default target). Needs: a JDK 25, curl, nvidia-smi (for VRAM); builds the jars when they are missing (Maven
#   Central must then be reachable, or carry the server's and bench's build folders along).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
cuda_lib="${1:-${SAMOVAR_CUDA_LIB:-${XDG_DATA_HOME:-$HOME/.local/share}/samovar/cuda}}"
backends="${GPU_CHECK_BACKENDS:-cuda cpu}"
requests="${GPU_CHECK_REQUESTS:-8}"
tokens="${GPU_CHECK_TOKENS:-64}"
work="${GPU_CHECK_DIR:-$(mktemp -d -t samovar-gpu-check.XXXXXX)}"
mkdir -p "$work"

fail() { echo "gpu-check: $*" >&2; exit 1; }
say() { echo "gpu-check: $*" >&2; }

. "$root/scripts/find-jdk.sh"
samovar_find_jdk || exit 1
command -v curl >/dev/null || fail "curl is not on PATH"
target="${SAMOVAR_TARGET:-target}"
jar="$root/server/$target/samovar-server.jar"
bench_jar="$root/bench/$target/samovar-bench.jar"
if [ ! -f "$jar" ] || [ ! -f "$bench_jar" ]; then
  say "building the jars"
  (cd "$root" && ./mvnw -B -q -ntp -Dsamovar.target="$target" -DskipTests package) >&2 || fail "the build failed"
fi
case " $backends " in
  *" cuda "*)
    { ls "$cuda_lib"/libllama*.so || [ -f "$cuda_lib/libjllama.so" ]; } >/dev/null 2>&1 \
      || fail "no CUDA library in $cuda_lib: run native/llama-cpp/install-cuda.sh (or native/cuda/build-cuda.sh) first"
    command -v nvidia-smi >/dev/null || fail "nvidia-smi is not on PATH: no NVIDIA driver?"
    nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader >&2 \
      || fail "nvidia-smi sees no GPU"
    [ -f "$cuda_lib/manifest.json" ] && say "CUDA library: $(tr -d '\n' <"$cuda_lib/manifest.json" | sed 's/  */ /g' | cut -c1-300)"
    ;;
esac

synthetic="$work/synthetic-150m.gguf"
if [ ! -f "$synthetic" ]; then
  say "writing the ~150M-parameter model"
  "$JAVA_HOME/bin/java" -jar "$jar" models synthetic --out "$synthetic" --size 150m >&2
fi

vram_used() {
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits | awk '{ s += $1 } END { print s + 0 }'
  else
    echo 0
  fi
}

pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi' EXIT

# serve MODEL BACKEND: starts the server on a free port, waits for /ready (model loaded), sets $port
# and $pid.
serve() {
  local model="$1" backend="$2" log="$work/serve-$3-$2.log" extra=()
  if [ "$backend" = cuda ]; then extra=(--gpu-layers all --cuda-lib "$cuda_lib"); fi
  XDG_CACHE_HOME="$work/cache" "$JAVA_HOME/bin/java" -jar "$jar" serve --model "$model" --port 0 \
    --ctx-size 1024 --parallel 4 --backend "$backend" "${extra[@]}" >"$log" 2>&1 &
  pid=$!
  port=""
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { tail -5 "$log" >&2; fail "serve $3 on $backend ended early (log: $log)"; }
    port="${port:-$(sed -n 's#.*Listening on http://[^:]*:\([0-9]*\);.*#\1#p' "$log" | head -1)}"
    if [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  fail "serve $3 on $backend did not become ready in 5 minutes (log: $log)"
}

# load ID BACKEND: `bench load` at concurrency 1 and 4, $requests requests each after one warm-up, a
# 128-token prompt and $tokens output tokens; prints "tokens/s at 4, TTFT p50 ms at 1, errors".
load() {
  local id="$1" report="$work/load-$1-$2"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$bench_jar" bench load \
    --endpoint "http://127.0.0.1:$port/v1" --model "$id" --concurrency 1,4 --requests "$requests" \
    --input-tokens 128 --output-tokens "$tokens" --warmup 1 --csv "$report.csv" --json "$report.json" \
    >"$report.txt" 2>"$report.err" || { tail -3 "$report.err" >&2; return 1; }
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { errors += $col["errors"] }
    $col["concurrency"] == 4 { rate = $col["output_tokens_per_s"] }
    $col["concurrency"] == 1 { ttft = $col["ttft_ms_p50"] }
    END { printf "%.1f %.1f %d\n", rate, ttft, errors }' "$report.csv"
}

results=()
# The tiny model is served under its catalog id, a file under its name without .gguf.
for model in tiny "$synthetic"; do
  id="$(basename "$model" .gguf)"
  for backend in $backends; do
    before="$(vram_used)"
    serve "$model" "$backend" "$id"
    after="$(vram_used)"
    info="$(curl -fs "http://127.0.0.1:$port/v1/models")"
    if [ "$backend" = cuda ]; then
      echo "$info" | grep -q '"backend":"cuda"' || { fail "$id: /v1/models does not report backend cuda: $info"; }
    fi
    layers="$(echo "$info" | grep -o '"gpu_layers":[0-9]*' | head -1 | cut -d: -f2)"
    measured="$(load "$id" "$backend")" || { fail "bench load against $id on $backend failed (reports: $work/load-$id-$backend.*)"; }
    read -r rate ttft errors <<<"$measured"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
    results+=("$(printf '%-16s %-5s %10s %14s %14s %6s %10s' "$id" "$backend" "$layers" "$rate" "$ttft" "$errors" "$((after - before))")")
  done
done

printf '%-16s %-5s %10s %14s %14s %6s %10s\n' model backend gpu_layers tokens/s@c4 ttft_p50_ms@c1 errors vram_MiB
printf '%s\n' "${results[@]}"
