#!/usr/bin/env bash
# samovar's performance targets (bench/README.md, "Performance targets"), one command:
#   1. startup: JVM start to /ready with the tiny model already on disk (5 runs; target < 3 s);
#   2. memory: -Xmx256m serving 8 concurrent streams of the ~150M-parameter model (no error, no OOM;
#      heap peak from jstat);
#   3. throughput and TTFT against engine-direct: `samovar bench load --engine-direct MODEL
#      --compare-endpoint URL` with 8 warm-up requests per level (the fresh server's JIT is not
#      measured) and 2 rounds per level in alternating order (5 runs; HTTP output tokens/s >= 0.97 x
#      engine-direct at concurrency 1, >= 0.95 x at 4; TTFT p50 overhead <= 5 ms), when the bench jar
#      has `load --engine-direct`.
# It builds nothing: it takes server/$SAMOVAR_TARGET/samovar-server.jar (and bench's jar for 3) and
# writes the synthetic model once under the cache folder. Prints a summary with PASS/MISS per target.
#
# Usage: bench/perf/targets.sh [startup|memory|throughput]...   (default: all three)
# Environment: SAMOVAR_TARGET (build folder name, default target), PERF_RUNS (default 5),
#   PERF_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/samovar/perf), PERF_THREADS (decoding threads of
#   server and engine-direct alike; default all cores, as both default to), PERF_REQUESTS (per level
#   and run, default 8), PERF_WARMUP (warm-up requests per level and target, 8), PERF_INPUT_TOKENS
#   (128), PERF_OUTPUT_TOKENS (64), PERF_STREAM_TOKENS (tokens per stream in the memory check, 64).
#   Needs: a JDK 25 (jstat), curl, python3.
set -euo pipefail

PERF_NAME=targets
. "$(dirname "$(readlink -f "$0")")/lib.sh"
runs="${PERF_RUNS:-5}"
threads="${PERF_THREADS:-$(nproc)}"
requests="${PERF_REQUESTS:-8}"
input_tokens="${PERF_INPUT_TOKENS:-128}"
output_tokens="${PERF_OUTPUT_TOKENS:-64}"
stream_tokens="${PERF_STREAM_TOKENS:-64}"
warmup="${PERF_WARMUP:-8}"
work="$(mktemp -d -t samovar-perf.XXXXXX)"
summary=()

[ -f "$server_jar" ] || fail "no $server_jar: build it first (./mvnw -B -Dsamovar.target=$target -pl server -am -DskipTests package)"

# stats V...: "median min max" of the numbers (the median: other builds on the machine make outliers)
stats() { python3 -c 'import sys, statistics as s; v = [float(x) for x in sys.argv[1:]]; f = lambda x: "%.0f" % x if abs(x) >= 100 else "%.3g" % x; print(f(s.median(v)), f(min(v)), f(max(v)))' "$@"; }
verdict() { python3 -c 'import sys; print("PASS" if eval(sys.argv[1]) else "MISS")' "$1"; }
row() { summary+=("$(printf '%-36s %-40s %-12s %s' "$1" "$2" "$3" "$4")"); }

# start_once LOG JAVA_OPTS...: one start of the tiny model; prints "health_ms ready_ms cpu_ms" (CPU:
# the JVM's user + system time when /ready first says 200). Runs in this shell (its output goes to a
# file, not a pipe), so that $pid is the server's and the exit trap stops it.
start_once() {
  local log="$1" t0 h="" r tck
  shift
  tck="$(getconf CLK_TCK)"
  port="$(free_port)"
  t0="$(now_ms)"
  "$java" "$@" -jar "$server_jar" serve --port "$port" --models-dir "$cache/models" --offline --model tiny --threads 1 >"$log" 2>&1 &
  pid=$!
  while :; do
    kill -0 "$pid" 2>/dev/null || fail "the server ended early (log: $log)"
    if [ -z "$h" ] && curl -fs -o /dev/null "http://127.0.0.1:$port/health"; then h=$(($(now_ms) - t0)); fi
    if curl -fs -o /dev/null "http://127.0.0.1:$port/ready"; then r=$(($(now_ms) - t0)); break; fi
    sleep 0.02
  done
  echo "$h $r $(awk -v t="$tck" '{ print int(($14 + $15) * 1000 / t) }' "/proc/$pid/stat")"
  stop
}

startup() {
  # The launcher's class-data sharing archive (./samovar serve), written by the first start.
  local cds=(-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$cache/cds/server.jsa" -Xlog:cds=error)
  # A fresh archive: the JVM does not replace one written for other jars (the launcher names it after
  # the jars instead).
  mkdir -p "$cache/cds"
  rm -f "$cache/cds/server.jsa"
  say "startup: one start to write the tiny model and the CDS archive, then $runs x (plain, CDS) interleaved"
  start_once "$work/startup-0.log" "${cds[@]}" >/dev/null
  local i h r c plain_ready=() plain_cpu=() cds_ready=() cds_cpu=() health=()
  for ((i = 1; i <= runs; i++)); do
    start_once "$work/startup-plain-$i.log" >"$work/start.txt"
    read -r h r c <"$work/start.txt"
    say "startup run $i, plain: port open after $h ms, ready after $r ms, $c ms CPU"
    plain_ready+=("$r")
    plain_cpu+=("$c")
    start_once "$work/startup-cds-$i.log" "${cds[@]}" >"$work/start.txt"
    read -r h r c <"$work/start.txt"
    say "startup run $i, CDS:   port open after $h ms, ready after $r ms, $c ms CPU"
    health+=("$h")
    cds_ready+=("$r")
    cds_cpu+=("$c")
  done
  read -r med min max < <(stats "${plain_ready[@]}")
  read -r cmed cmin cmax < <(stats "${plain_cpu[@]}")
  row "start to /ready, no CDS archive" "$med ms ($min-$max), CPU $cmed ms" "< 3000 ms" "$(verdict "$med < 3000")"
  read -r med min max < <(stats "${health[@]}")
  row "start to /health (port open), CDS" "$med ms ($min-$max)" "-" "info"
  read -r med min max < <(stats "${cds_ready[@]}")
  read -r cmed cmin cmax < <(stats "${cds_cpu[@]}")
  row "start to /ready, CDS (./samovar)" "$med ms ($min-$max), CPU $cmed ms" "< 3000 ms" "$(verdict "$med < 3000")"
}

memory() {
  synthetic_model
  java_opts=(-Xmx256m)
  say "memory: -Xmx256m, --parallel 8, 8 streams of $stream_tokens tokens"
  serve "$work/memory.log" --model "$model" --parallel 8 --ctx-size 512 --threads "$threads"
  "$JAVA_HOME/bin/jstat" -gc "$pid" 100 >"$work/jstat.txt" 2>&1 &
  local jstat=$! i streams=() ok=0 id
  id="$(basename "$model" .gguf)"
  for ((i = 1; i <= 8; i++)); do
    curl -fsN "http://127.0.0.1:$port/v1/chat/completions" -H 'Content-Type: application/json' \
      -d "{\"model\":\"$id\",\"messages\":[{\"role\":\"user\",\"content\":\"Поток $i: расскажи про самовар.\"}],\"max_tokens\":$stream_tokens,\"temperature\":0,\"ignore_eos\":true,\"stream\":true,\"stream_options\":{\"include_usage\":true}}" \
      >"$work/stream-$i.txt" 2>&1 &
    streams+=($!)
  done
  for i in "${!streams[@]}"; do
    wait "${streams[$i]}" || say "stream $((i + 1)): curl failed"
  done
  kill "$jstat" 2>/dev/null || true
  wait "$jstat" 2>/dev/null || true
  for ((i = 1; i <= 8; i++)); do
    if [ "$(grep -v '^$' "$work/stream-$i.txt" | tail -1)" = "data: [DONE]" ] \
      && grep -q "\"completion_tokens\":$stream_tokens" "$work/stream-$i.txt" \
      && ! grep -q '"error"' "$work/stream-$i.txt"; then
      ok=$((ok + 1))
    else
      say "stream $i did not end well: $(tail -c 300 "$work/stream-$i.txt")"
    fi
  done
  kill -0 "$pid" 2>/dev/null || fail "the server died during the memory check (log: $work/memory.log)"
  stop
  local oom=0 peak
  grep -q OutOfMemoryError "$work/memory.log" && oom=1
  # jstat -gc: S0U S1U EU OU are columns 3, 4, 6, 8 (KB); the peak of their sum over the run.
  peak="$(awk '$1 ~ /^[0-9.]+$/ { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "%.1f", m / 1024 }' "$work/jstat.txt")"
  say "memory: $ok of 8 streams complete, heap peak $peak MiB, OutOfMemoryError: $oom"
  row "8 streams with -Xmx256m" "$ok/8 complete, heap peak $peak MiB" "8/8, no OOM" "$(verdict "$ok == 8 and $oom == 0")"
}

throughput() {
  if [ ! -f "$bench_jar" ] || ! "$java" -jar "$bench_jar" bench load --help 2>/dev/null | grep -q -- --engine-direct; then
    say "throughput: $bench_jar has no 'bench load --engine-direct'; not measured"
    row "HTTP/engine tokens/s, TTFT overhead" "not measured (no bench load)" "-" "NOT RUN"
    return
  fi
  synthetic_model
  java_opts=()
  local i c1=() c4=() ttft=() report
  for ((i = 1; i <= runs; i++)); do
    serve "$work/throughput-$i.log" --model "$model" --parallel 4 --ctx-size 512 --threads "$threads"
    report="$work/load-$i.json"
    "$java" -jar "$bench_jar" bench load --engine-direct "$model" --model "$(basename "$model" .gguf)" \
      --parallel 4 --ctx-size 512 --threads "$threads" --compare-endpoint "http://127.0.0.1:$port/v1" \
      --concurrency 1,4 --requests "$requests" --input-tokens "$input_tokens" --output-tokens "$output_tokens" \
      --warmup "$warmup" --rounds 2 \
      --json "$report" >"$work/load-$i.txt" 2>&1 || { stop; tail -5 "$work/load-$i.txt" >&2; fail "bench load failed (log: $work/load-$i.txt)"; }
    stop
    read -r r1 r4 t < <(python3 "$root/bench/perf/ratios.py" "$report")
    say "throughput run $i: tokens/s ratio c1 $r1, c4 $r4; TTFT p50 overhead $t ms"
    c1+=("$r1")
    c4+=("$r4")
    ttft+=("$t")
  done
  read -r med min max < <(stats "${c1[@]}")
  row "tokens/s HTTP/engine, conc. 1" "$med ($min-$max)" ">= 0.97" "$(verdict "$med >= 0.97")"
  read -r med min max < <(stats "${c4[@]}")
  row "tokens/s HTTP/engine, conc. 4" "$med ($min-$max)" ">= 0.95" "$(verdict "$med >= 0.95")"
  read -r med min max < <(stats "${ttft[@]}")
  row "TTFT p50 overhead, conc. 1" "$med ms ($min-$max)" "<= 5 ms" "$(verdict "$med <= 5")"
}

checks=("$@")
[ ${#checks[@]} -gt 0 ] || checks=(startup memory throughput)
for check in "${checks[@]}"; do
  case "$check" in
    startup | memory | throughput) "$check" ;;
    *) fail "unknown check '$check': startup, memory or throughput" ;;
  esac
done

printf '\n%-36s %-40s %-12s %s\n' target 'measured: median (min-max)' goal result
printf '%s\n' "${summary[@]}"
say "logs: $work"
