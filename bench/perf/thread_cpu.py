#!/usr/bin/env python3
"""Per-thread CPU time and context switches of a running process, from /proc (Linux).

  thread_cpu.py snapshot PID FILE    writes each thread's name, CPU time (schedstat, ns) and
                                     voluntary / involuntary context switches to FILE (JSON)
  thread_cpu.py diff BEFORE AFTER    prints what each group of threads (names without their
                                     trailing number) used between two snapshots, most CPU first

Threads that ended between the snapshots are counted only in the first line, the whole process's
CPU time (/proc/PID/stat, in clock ticks).
"""
import collections
import json
import os
import re
import sys


def snapshot(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    ticks = int(fields[11]) + int(fields[12])  # utime + stime, ended threads included
    threads = {"process": {"name": "(whole process)", "cpu_ns": ticks * 1_000_000_000 // os.sysconf("SC_CLK_TCK"), "voluntary": 0, "involuntary": 0}}
    for tid in os.listdir(f"/proc/{pid}/task"):
        base = f"/proc/{pid}/task/{tid}"
        try:
            with open(f"{base}/comm") as f:
                name = f.read().strip()
            with open(f"{base}/schedstat") as f:
                cpu_ns = int(f.read().split()[0])
            status = {}
            with open(f"{base}/status") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    status[key] = value.strip()
        except FileNotFoundError:  # the thread ended while we looked
            continue
        threads[tid] = {
            "name": name,
            "cpu_ns": cpu_ns,
            "voluntary": int(status["voluntary_ctxt_switches"]),
            "involuntary": int(status["nonvoluntary_ctxt_switches"]),
        }
    return threads


def diff(before, after):
    groups = collections.defaultdict(lambda: {"threads": 0, "cpu_ns": 0, "voluntary": 0, "involuntary": 0})
    for tid, now in after.items():
        then = before.get(tid, {"cpu_ns": 0, "voluntary": 0, "involuntary": 0})
        group = groups[re.sub(r"[-#]?\d+$", "", now["name"])]
        group["threads"] += 1
        for key in ("cpu_ns", "voluntary", "involuntary"):
            group[key] += now[key] - then[key]
    print(f"{'threads':<24} {'count':>5} {'CPU ms':>9} {'voluntary':>10} {'involuntary':>12}")
    for name, g in sorted(groups.items(), key=lambda item: -item[1]["cpu_ns"]):
        if g["cpu_ns"] or g["voluntary"] or g["involuntary"]:
            print(f"{name:<24} {g['threads']:>5} {g['cpu_ns'] / 1e6:>9.0f} {g['voluntary']:>10} {g['involuntary']:>12}")


def main(args):
    if len(args) == 3 and args[0] == "snapshot":
        with open(args[2], "w") as f:
            json.dump(snapshot(args[1]), f)
    elif len(args) == 3 and args[0] == "diff":
        with open(args[1]) as a, open(args[2]) as b:
            diff(json.load(a), json.load(b))
    else:
        sys.exit("usage: thread_cpu.py snapshot PID FILE | thread_cpu.py diff BEFORE AFTER")


if __name__ == "__main__":
    main(sys.argv[1:])
