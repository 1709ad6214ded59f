#!/usr/bin/env python3
"""Soak load for samovar serve (bench/perf/soak.sh runs it): CLIENTS threads send, for SECONDS,
a mix of streamed (40 %), non-streamed (30 %), streamed-then-abandoned (15 %) and malformed (15 %)
chat requests to http://127.0.0.1:PORT, each bounded by a timeout. Every request ends in exactly
one outcome: ok (200 and a complete answer: [DONE] for streams, a choice for JSON), cancelled (the
client left on purpose after two chunks), busy (429 with Retry-After; the client waits a second), rejected (400 for a
malformed body), or a failure: lost (any other status, a broken or incomplete answer, a refused
connection) or hung (no answer within the timeout). Prints one JSON object of the counts.

Usage: soak.py PORT SECONDS CLIENTS [TIMEOUT_S]
"""
import http.client
import json
import random
import sys
import threading
import time
from collections import Counter

PORT, SECONDS, CLIENTS = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
TIMEOUT = float(sys.argv[4]) if len(sys.argv) > 4 else 120.0
WORDS = "привет мир чай самовар сегодня мы говорить дом река hello world tea".split()
counts = Counter()
lock = threading.Lock()


def body(rng, stream):
    return json.dumps({
        "model": "tiny",
        "stream": stream,
        "max_tokens": rng.randint(4, 48),
        "temperature": rng.choice([0, 0.7, 1.0]),
        "messages": [{"role": "user", "content": " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 60)))}],
    })


def malformed(rng):
    return rng.choice([
        "{not json",
        json.dumps({"model": "tiny", "messages": "not a list"}),
        json.dumps({"model": "tiny", "messages": [{"role": "user", "content": "x"}], "temperature": -3}),
        json.dumps({"model": "tiny", "messages": [{"role": "user", "content": "x"}], "max_tokens": "many"}),
    ])


def one(rng):
    kind = rng.choices(["stream", "json", "abandon", "malformed"], [40, 30, 15, 15])[0]
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=TIMEOUT)
    try:
        payload = malformed(rng) if kind == "malformed" else body(rng, kind != "json")
        connection.request("POST", "/v1/chat/completions", payload, {"Content-Type": "application/json"})
        response = connection.getresponse()
        if response.status == 429 and response.getheader("Retry-After"):
            response.read()
            return "busy"
        if kind == "malformed":
            response.read()
            return "rejected" if response.status == 400 else "lost"
        if response.status != 200:
            response.read()
            return "lost"
        if kind == "json":
            answer = json.loads(response.read())
            return "ok" if answer["choices"][0]["finish_reason"] in ("stop", "length") else "lost"
        chunks = 0
        for line in response:
            if line.startswith(b"data: "):
                chunks += 1
                if line.strip() == b"data: [DONE]":
                    return "ok"
                if kind == "abandon" and chunks >= 2:
                    return "cancelled"
                if b'"error"' in line:
                    return "lost"
        return "lost"
    except TimeoutError:
        return "hung"
    except (OSError, http.client.HTTPException, ValueError, KeyError):
        return "lost"
    finally:
        connection.close()


def client(seed, until):
    rng = random.Random(seed)
    while time.monotonic() < until:
        outcome = one(rng)
        with lock:
            counts[outcome] += 1
        if outcome == "busy":
            time.sleep(1)  # as the SDKs do after a 429 with Retry-After


until = time.monotonic() + SECONDS
threads = [threading.Thread(target=client, args=(i, until)) for i in range(CLIENTS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(dict(sorted(counts.items()))))
