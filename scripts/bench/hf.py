#!/usr/bin/env python3
"""Reads hyperfine's --export-json files for scripts/bench.sh.

  hf.py table FILE          one line per command: median, min, max (ms), CPU (user+sys, ms), runs
  hf.py median FILE INDEX   the median wall time of command INDEX (0-based), in ms
  hf.py cpu FILE INDEX      its mean CPU time (user + system), in ms
  hf.py ratio A B           A / B, two decimals
  hf.py paired FILE A B     for paired.py's files: the median over rounds of A's time / B's
                            time, wall and CPU ("1.04 (CPU 1.02)"), and the rounds' spread
  hf.py paired-ratio FILE A B   that median alone (wall), two decimals
"""
import json
import statistics
import sys


def results(path):
    with open(path) as f:
        return json.load(f)["results"]


def median_ms(result):
    return statistics.median(result["times"]) * 1000


def cpu_ms(result):
    return (result["user"] + result["system"]) * 1000


verb = sys.argv[1]
if verb == "table":
    for path in sys.argv[2:]:
        for r in results(path):
            name = r.get("command")
            print(f"  {median_ms(r):10.1f} {min(r['times']) * 1000:10.1f} {max(r['times']) * 1000:10.1f} "
                  f"{cpu_ms(r):10.1f} {len(r['times']):5d}   {name}")
elif verb == "median":
    print(f"{median_ms(results(sys.argv[2])[int(sys.argv[3])]):.1f}")
elif verb == "cpu":
    print(f"{cpu_ms(results(sys.argv[2])[int(sys.argv[3])]):.1f}")
elif verb == "ratio":
    a, b = float(sys.argv[2]), float(sys.argv[3])
    print(f"{a / b:.2f}" if b else "n/a")
elif verb in ("paired", "paired-ratio"):
    rs = results(sys.argv[2])
    a, b = rs[int(sys.argv[3])], rs[int(sys.argv[4])]
    wall = [x / y for x, y in zip(a["times"], b["times"])]
    cpu = [x / y for x, y in zip(a["cpu_times"], b["cpu_times"])]
    if verb == "paired-ratio":
        print(f"{statistics.median(wall):.2f}")
    else:
        print(f"{statistics.median(wall):.2f} (CPU {statistics.median(cpu):.2f}; rounds {min(wall):.2f}-{max(wall):.2f})")
else:
    sys.exit(__doc__)
