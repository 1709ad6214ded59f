#!/usr/bin/env bash
# What the host-RAM prompt cache (--cache-ram) saves: a conversation that comes back after another
# one took its sequence. One sequence (--parallel 1), the ~150M-parameter synthetic model; each round
# sends prompt A, then B, then A again (new A and B every round, each about PERF_PROMPT_WORDS words,
# 1 output token, greedy) and times each request to its end: with one output token, that is the
# prefill plus one step, i.e. the time to first token. Runs the server with --cache-ram 8192, then
# with --cache-ram 0, and prints the median (min-max) of each request kind and the share of A's
# prompt tokens that came from a cache.
#
# Usage: bench/perf/host-cache.sh      Environment: PERF_ROUNDS (default 8), PERF_PROMPT_WORDS (200),
#   PERF_THREADS (decoding threads, default all cores), SAMOVAR_TARGET, PERF_CACHE as targets.sh.
#   Needs: the server jar (it builds nothing), curl, python3.
set -euo pipefail

PERF_NAME=host-cache
. "$(dirname "$(readlink -f "$0")")/lib.sh"
rounds="${PERF_ROUNDS:-8}"
words="${PERF_PROMPT_WORDS:-200}"
threads="${PERF_THREADS:-$(nproc)}"
work="$(mktemp -d -t samovar-host-cache.XXXXXX)"
[ -f "$server_jar" ] || fail "no $server_jar: build it first (./mvnw -B -Dsamovar.launcher -pl server -am package)"
synthetic_model

# prompt TAG: a prompt of $words words that starts with its tag, so that no two share a prefix.
prompt() { python3 -c 'import sys, random; r = random.Random(sys.argv[1]); w = "чай самовар мир привет сегодня говорить дом река".split(); print(sys.argv[1] + ": " + " ".join(r.choice(w) for _ in range(int(sys.argv[2]))))' "$1" "$words"; }

# ask TEXT: "seconds cached_tokens prompt_tokens" of one chat request with one output token.
ask() {
  local body
  body="$(python3 -c 'import json, sys; print(json.dumps({"model": "m", "max_tokens": 1, "temperature": 0, "messages": [{"role": "user", "content": sys.argv[1]}]}))' "$1")"
  curl -fs -o "$work/answer.json" -w '%{time_total}' "http://127.0.0.1:$port/v1/chat/completions" \
    -H 'Content-Type: application/json' -d "$body" > "$work/time"
  python3 -c 'import json, sys; a = json.load(open(sys.argv[1])); u = a["usage"]; print(open(sys.argv[2]).read().strip(), u["prompt_tokens_details"]["cached_tokens"], u["prompt_tokens"])' "$work/answer.json" "$work/time"
}

stats() { python3 -c 'import sys, statistics as s; v = [1000 * float(x) for x in sys.argv[1:]]; print("%.0f ms (%.0f-%.0f)" % (s.median(v), min(v), max(v)))' "$@"; }

for cache_ram in 8192 0; do
  serve "$work/serve-$cache_ram.log" --model "$model" --alias m --parallel 1 --ctx-size 2048 --threads "$threads" --cache-ram "$cache_ram"
  ask "warm-up: $(prompt warm-up)" >/dev/null
  first=(); other=(); back=(); cached=0; total=0
  for round in $(seq 1 "$rounds"); do
    a="$(prompt "A$round")"
    read -r t _ _ < <(ask "$a"); first+=("$t")
    read -r t _ _ < <(ask "$(prompt "B$round")"); other+=("$t")
    read -r t c p < <(ask "$a"); back+=("$t"); cached=$((cached + c)); total=$((total + p))
  done
  stop
  printf '%-16s A first: %-22s B: %-22s A again: %-22s A again cached: %d of %d prompt tokens\n' \
    "--cache-ram $cache_ram" "$(stats "${first[@]}")" "$(stats "${other[@]}")" "$(stats "${back[@]}")" "$cached" "$total"
done
rm -rf "$work"
