#!/usr/bin/env python3
"""Top frames of a JDK Flight Recorder file's CPU samples (jdk.ExecutionSample): by self time (the top frame) and by
total time (any frame on the stack), from `jfr print --json`. Usage: jfr-top.py FILE.jfr [N]"""
import collections, json, subprocess, sys

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
doc = json.loads(subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", path],
                                check=True, capture_output=True, text=True).stdout)
events = doc["recording"]["events"]
self_count, total_count, vibe_count = collections.Counter(), collections.Counter(), collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    names = [f'{f["method"]["type"]["name"].replace("/", ".")}.{f["method"]["name"]}' for f in frames]
    if not names:
        continue
    self_count[names[0]] += 1
    for name in set(names):
        total_count[name] += 1
    first = next((x for x in names if x.startswith("dev.vibe.")), None)
    if first:
        vibe_count[first] += 1
total = len(events)
print(f"{total} CPU samples (jdk.ExecutionSample, 'profile' settings: every 10-20 ms per running thread)")
for title, counter in (("self (top frame)", self_count), ("total (on the stack)", total_count), ("innermost Vibe frame", vibe_count)):
    print(f"\n-- {title}")
    for name, c in counter.most_common(n):
        print(f"{100 * c / total:5.1f}%  {name}")
