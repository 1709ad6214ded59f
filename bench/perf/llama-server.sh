#!/usr/bin/env bash
# samovar against llama-server of the llama.cpp release samovar loads (v0.5.0), same model, same
# threads, same machine, measured in one interleaved run (bench/README.md, "Against llama-server"):
#   1. throughput: `samovar bench load --endpoint SAMOVAR --compare-endpoint LLAMA_SERVER`, 128 input
#      and 64 output tokens (ignore_eos), concurrency 1 and 4, the two servers measured level by
#      level in alternating order (--rounds), after warm-up requests; both serve 4 sequences.
#   2. repeated-prompt TTFT: one sequence each; prompt A, then B, then A again (new A and B each
#      round, ~PERF_PROMPT_WORDS words, 1 output token, greedy), each request timed to its end (the
#      prefill plus one step); both use their host-RAM prompt cache (--cache-ram 8192, llama-server's
#      default too). Rounds alternate between the servers.
# The model is the ~150M-parameter synthetic Llama in Q8_0 (written once under the cache folder).
# Prints the figures and the ratios samovar / llama-server; the JSON report stays in the work folder.
#
# Usage: LLAMA_SERVER=/path/to/llama-server bench/perf/llama-server.sh
#   (llama-server built from llama.cpp v0.5.0; see bench/README.md for the build from the pinned
#   node-llama-cpp package's source bundle)
# Environment: PERF_THREADS (default all cores), PERF_REQUESTS (per level and round, 16),
#   PERF_ROUNDS (throughput rounds per level, 2), PERF_TTFT_ROUNDS (8), PERF_PROMPT_WORDS (200),
#   PERF_FLASH_ATTN (on|off for both servers, default off), SAMOVAR_TARGET, PERF_CACHE as
#   targets.sh. Needs the server and bench jars (it builds nothing), curl, python3.
set -euo pipefail

PERF_NAME=llama-server
. "$(dirname "$(readlink -f "$0")")/lib.sh"
threads="${PERF_THREADS:-$(nproc)}"
requests="${PERF_REQUESTS:-16}"
rounds="${PERF_ROUNDS:-2}"
ttft_rounds="${PERF_TTFT_ROUNDS:-8}"
words="${PERF_PROMPT_WORDS:-200}"
flash="${PERF_FLASH_ATTN:-off}"
llama_server="${LLAMA_SERVER:-}"
q8="$cache/synthetic-150m-q8_0.gguf"
work="$(mktemp -d -t samovar-vs-llama.XXXXXX)"
llama_pid=""

if [ -z "$llama_server" ] || [ ! -x "$llama_server" ]; then fail "set LLAMA_SERVER to a llama-server binary of llama.cpp v0.5.0"; fi
[ -f "$server_jar" ] || fail "no $server_jar: build it first (./mvnw -B -Dsamovar.launcher -pl server -am package)"
[ -f "$bench_jar" ] || fail "no $bench_jar: build it first (./mvnw -B -Dsamovar.launcher -pl bench -am package)"
case "$flash" in on | off) ;; *) fail "PERF_FLASH_ATTN must be on or off" ;; esac
stop_llama() { if [ -n "$llama_pid" ]; then kill "$llama_pid" 2>/dev/null || true; wait "$llama_pid" 2>/dev/null || true; llama_pid=""; fi; }
trap 'stop_llama; cleanup' EXIT

if [ ! -f "$q8" ]; then
  say "writing the ~150M-parameter Q8_0 model to $q8"
  "$java" -jar "$server_jar" models synthetic --out "$q8" --size 150m --type Q8_0 >&2
fi

# llama PARALLEL CTX_PER_SEQUENCE: starts llama-server on a free port ($llama_port) and waits for it.
llama() {
  llama_port="$(free_port)"
  "$llama_server" -m "$q8" --alias m --host 127.0.0.1 --port "$llama_port" -np "$1" -c "$(($1 * $2))" \
    -t "$threads" -tb "$threads" -fa "$flash" --cache-ram 8192 --no-webui >"$work/llama-$1.log" 2>&1 &
  llama_pid=$!
  await_ready "http://127.0.0.1:$llama_port/health" "$llama_pid" "$work/llama-$1.log"
}

samovar_flags=(--model "$q8" --alias m --threads "$threads")
[ "$flash" = on ] && samovar_flags+=(--flash-attn)

# 1. throughput
serve "$work/samovar-4.log" "${samovar_flags[@]}" --parallel 4 --ctx-size 512
llama 4 512
say "throughput: concurrency 1 and 4, $requests requests per level and round, $rounds rounds"
"$java" -jar "$bench_jar" bench load --endpoint "http://127.0.0.1:$port/v1" --model m \
  --compare-endpoint "http://127.0.0.1:$llama_port/v1" --concurrency 1,4 --requests "$requests" \
  --rounds "$rounds" --warmup 4 --input-tokens 128 --output-tokens 64 --json "$work/load.json" >"$work/load.txt" 2>&1 \
  || { tail -20 "$work/load.txt" >&2; fail "bench load failed (log: $work/load.txt)"; }
stop
stop_llama
python3 - "$work/load.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
levels = lambda t: {l["concurrency"]: l for l in t["levels"]}
ours, theirs = levels(report), levels(report["compare"])
for c in (1, 4):
    for name, t in (("samovar", ours), ("llama-server", theirs)):
        if t[c]["errors"]["count"]:
            sys.exit(f"{name} had errors at concurrency {c}: {t[c]['errors']}")
print("%-34s %12s %14s %8s" % ("", "samovar", "llama-server", "ratio"))
for c in (1, 4):
    a, b = ours[c]["output_tokens_per_s"], theirs[c]["output_tokens_per_s"]
    print("%-34s %12.1f %14.1f %8.2f" % (f"output tokens/s, concurrency {c}", a, b, a / b))
    a, b = ours[c]["tpot_ms"]["p50"], theirs[c]["tpot_ms"]["p50"]
    print("%-34s %12.1f %14.1f %8.2f" % (f"TPOT p50 ms, concurrency {c}", a, b, a / b))
    a, b = ours[c]["ttft_ms"]["p50"], theirs[c]["ttft_ms"]["p50"]
    print("%-34s %12.1f %14.1f %8.2f" % (f"TTFT p50 ms, concurrency {c}", a, b, a / b))
gain = lambda t: t[4]["output_tokens_per_s"] / t[1]["output_tokens_per_s"]
print("%-34s %12.2f %14.2f" % ("batching gain (tokens/s 4 / 1)", gain(ours), gain(theirs)))
PY

# 2. repeated-prompt TTFT
prompt() { python3 -c 'import sys, random; r = random.Random(sys.argv[1]); w = "чай самовар мир привет сегодня говорить дом река".split(); print(sys.argv[1] + ": " + " ".join(r.choice(w) for _ in range(int(sys.argv[2]))))' "$1" "$words"; }
# ask PORT TEXT: seconds to the end of one chat request with one output token.
ask() {
  local body
  body="$(python3 -c 'import json, sys; print(json.dumps({"model": "m", "max_tokens": 1, "temperature": 0, "messages": [{"role": "user", "content": sys.argv[1]}]}))' "$2")"
  curl -fs -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$1/v1/chat/completions" -H 'Content-Type: application/json' -d "$body"
}
stats() { python3 -c 'import sys, statistics as s; v = [1000 * float(x) for x in sys.argv[1:]]; print("%.0f" % s.median(v))' "$@"; }
serve "$work/samovar-1.log" "${samovar_flags[@]}" --parallel 1 --ctx-size 2048 --cache-ram 8192
llama 1 2048
ask "$port" "warm-up: $(prompt warm-up)" >/dev/null
ask "$llama_port" "warm-up: $(prompt warm-up)" >/dev/null
ours=(); theirs=(); ours_first=(); theirs_first=()
say "repeated-prompt TTFT: $ttft_rounds rounds of A, B, A"
for round in $(seq 1 "$ttft_rounds"); do
  order=("$port" "$llama_port")
  ((round % 2)) || order=("$llama_port" "$port")
  for p in "${order[@]}"; do
    a="$(prompt "A$round-$p")"
    first="$(ask "$p" "$a")"
    ask "$p" "$(prompt "B$round-$p")" >/dev/null
    again="$(ask "$p" "$a")"
    if [ "$p" = "$port" ]; then ours+=("$again"); ours_first+=("$first"); else theirs+=("$again"); theirs_first+=("$first"); fi
  done
done
stop
stop_llama
a="$(stats "${ours[@]}")"; b="$(stats "${theirs[@]}")"
printf '%-34s %12s %14s %8s\n' "A first, ms (median)" "$(stats "${ours_first[@]}")" "$(stats "${theirs_first[@]}")" ""
printf '%-34s %12s %14s %8s\n' "A again after B, ms (median)" "$a" "$b" "$(python3 -c "print('%.2f' % ($a / $b))")"
say "reports and logs: $work"
