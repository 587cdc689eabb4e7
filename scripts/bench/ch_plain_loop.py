#!/usr/bin/env python3
"""The ClickHouse baseline for scripts/bench.sh: the up sections of a migrations folder,
sent one statement per HTTP POST on one keep-alive connection, in file order, with no
bookkeeping (no history table, no version check).

Usage: ch_plain_loop.py HTTP_PORT DATABASE DIR

Statements are split at ";" at the end of a line, which is exact for the generated
benchmark folders (no ";" inside their strings); a failed statement stops the loop.
"""
import http.client
import os
import sys
import urllib.parse

port, database, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3]
connection = http.client.HTTPConnection("127.0.0.1", port)
path = "/?" + urllib.parse.urlencode({"database": database})
sent = 0
for name in sorted(n for n in os.listdir(folder) if n.endswith(".sql") and not n.startswith(".")):
    text = open(os.path.join(folder, name), encoding="utf-8").read()
    up = text.split("-- migrate:up", 1)[1].split("\n", 1)[1].split("-- migrate:down", 1)[0]
    for statement in up.split(";\n"):
        if not statement.strip():
            continue
        connection.request("POST", path, body=statement.encode("utf-8"), headers={"Content-Type": "text/plain; charset=UTF-8"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"ch_plain_loop: {name}: HTTP {response.status}: {body[:300]!r}")
        sent += 1
if os.environ.get("PLAIN_LOOP_VERBOSE"):
    print(f"ch_plain_loop: {sent} statements", file=sys.stderr)
