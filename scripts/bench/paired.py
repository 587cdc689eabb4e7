#!/usr/bin/env python3
"""Runs commands in interleaved rounds, for ratios that survive a machine whose speed drifts.

  paired.py [--warmup N] OUT.json ROUNDS NAME PREPARE COMMAND [NAME PREPARE COMMAND ...]

Each round runs every command once (PREPARE first, through the shell, untimed), starting
with a different command each round so that none is always first. Wall time and CPU time
(user + system of the command and what it waited for) are recorded per run. OUT.json has
hyperfine's shape ("results": command, times, user, system), which hf.py reads, plus
"cpu_times" per command: hf.py's paired verbs divide two commands run by run. --warmup runs N rounds first and
keeps nothing of them (file cache, first-run effects).
"""
import json
import resource
import shlex
import subprocess
import sys
import time


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def run(command):
    user0, system0 = cpu_of_children()
    started = time.monotonic()
    completed = subprocess.run(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - started
    user1, system1 = cpu_of_children()
    if completed.returncode != 0:
        sys.exit(f"paired.py: '{command}' exited with {completed.returncode}:\n{completed.stderr.decode(errors='replace')[-2000:]}")
    return wall, user1 - user0, system1 - system0


def main():
    args = sys.argv[1:]
    warmup = 0
    if args[:1] == ["--warmup"]:
        warmup, args = int(args[1]), args[2:]
    if len(args) < 5 or (len(args) - 2) % 3:
        sys.exit(__doc__)
    out, rounds = args[0], int(args[1])
    commands = [args[i:i + 3] for i in range(2, len(args), 3)]
    for _ in range(warmup):
        for _, prepare, command in commands:
            if prepare:
                subprocess.run(prepare, shell=True, check=True)
            run(command)
    runs = [[] for _ in commands]
    for round_index in range(rounds):
        for offset in range(len(commands)):
            index = (round_index + offset) % len(commands)
            name, prepare, command = commands[index]
            if prepare:
                subprocess.run(prepare, shell=True, check=True)
            runs[index].append(run(command))
    results = []
    for (name, _, command), measured in zip(commands, runs):
        results.append({
            "command": name,
            "times": [wall for wall, _, _ in measured],
            "cpu_times": [user + system for _, user, system in measured],
            "user": sum(user for _, user, _ in measured) / len(measured),
            "system": sum(system for _, _, system in measured) / len(measured),
        })
    with open(out, "w") as f:
        json.dump({"results": results, "rounds": rounds}, f, indent=1)


main()
