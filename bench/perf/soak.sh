#!/usr/bin/env bash
# Soak test (not part of CI): serves the tiny model (--parallel 2, default queue of 8, so 10 places)
# and drives it at twice its capacity with bench/perf/soak.py (20 clients: streamed, non-streamed,
# abandoned and malformed requests) for PERF_SOAK_SECONDS (default 1200, 20 minutes). Prints the
# requests by outcome, and the server's heap in use (after a full GC, jcmd), RSS and open file
# descriptors before the load, halfway and after it (once its requests have ended). It fails when
# a request was lost or hung, or when the server did not come back to idle.
#
# Usage: bench/perf/soak.sh     Environment: PERF_SOAK_SECONDS, PERF_SOAK_CLIENTS (20), SAMOVAR_TARGET,
#   PERF_CACHE as targets.sh. Needs: the server jar (it builds nothing), curl, python3, Linux /proc.
set -euo pipefail

PERF_NAME=soak
. "$(dirname "$(readlink -f "$0")")/lib.sh"
seconds="${PERF_SOAK_SECONDS:-1200}"
clients="${PERF_SOAK_CLIENTS:-20}"
work="$(mktemp -d -t samovar-soak.XXXXXX)"
[ -f "$server_jar" ] || fail "no $server_jar: build it first (./mvnw -B -Dsamovar.launcher -pl server -am package)"

# sample LABEL: heap in use after a full GC (MiB), RSS (MiB), open file descriptors of the server.
sample() {
  local heap rss fds
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null
  heap="$("$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -n 1)"
  rss="$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")"
  fds="$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l)"
  printf '%-8s heap %5d MiB   RSS %5d MiB   open fds %4d\n' "$1" $((heap / 1024)) $((rss / 1024)) "$fds"
}

serve "$work/serve.log" --model tiny --parallel 2 --threads 2
# Warm-up: the JIT and the first allocations are not a leak.
python3 "$root/bench/perf/soak.py" "$port" 20 "$clients" >/dev/null
sample start
python3 "$root/bench/perf/soak.py" "$port" "$seconds" "$clients" >"$work/outcomes.json" &
load=$!
sleep $((seconds / 2))
sample halfway
wait "$load"
outcomes="$(cat "$work/outcomes.json")"
idle=""
for _ in $(seq 1 50); do
  if curl -fs "http://127.0.0.1:$port/slots" | python3 -c 'import json, sys; s = json.load(sys.stdin); sys.exit(0 if all(x["state"] == "idle" for x in s["slots"]) and s["queue"]["waiting"] == 0 else 1)'; then
    idle=yes
    break
  fi
  sleep 0.2
done
sample end
echo "outcomes over ${seconds} s with $clients clients: $outcomes"
python3 -c 'import json, sys; c = json.loads(sys.argv[1]); bad = c.get("lost", 0) + c.get("hung", 0); print("requests: %d, lost or hung: %d" % (sum(c.values()), bad)); sys.exit(1 if bad else 0)' "$outcomes"
[ -n "$idle" ] || fail "the server did not come back to idle after the load"
stop
rm -rf "$work"
