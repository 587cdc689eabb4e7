#!/usr/bin/env python3
"""The ClickHouse baseline for scripts/bench.sh: the up sections of a migrations folder,
sent one statement per HTTP POST on one keep-alive connection, in file order, with no
bookkeeping (no history table, no version check).

Usage: ch_plain_loop.py HTTP_PORT DATABASE DIR [--history]

With --history, one row per migration goes into a table shaped like Strata's history
(19 columns, 13 of them Nullable, MergeTree ordered by version and seq), in one INSERT after
the migration's statements: what recording each migration costs the server, without Strata.

Statements are split at ";" at the end of a line, which is exact for the generated
benchmark folders (no ";" inside their strings); a failed statement stops the loop.
"""
import http.client
import os
import sys
import urllib.parse

port, database, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with_history = "--history" in sys.argv[4:]
connection = http.client.HTTPConnection("127.0.0.1", port)
path = "/?" + urllib.parse.urlencode({"database": database})
sent = 0


def post(name, statement):
    connection.request("POST", path, body=statement.encode("utf-8"), headers={"Content-Type": "text/plain; charset=UTF-8"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"ch_plain_loop: {name}: HTTP {response.status}: {body[:300]!r}")


def quoted(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


if with_history:
    post("history table", """CREATE TABLE bench_history (
        id String, seq Int64, version Int64, name String, description Nullable(String), event String,
        checksum Nullable(String), rollback_sql Nullable(String), started_at Nullable(DateTime('UTC')),
        finished_at Nullable(DateTime('UTC')), execution_ms Nullable(Float64), applied_by String,
        tool_version String, engine_version String, error Nullable(String), failed_statement Nullable(Int32),
        note Nullable(String), details Nullable(String), format_version Int32
    ) ENGINE = MergeTree ORDER BY (version, seq)""")
for name in sorted(n for n in os.listdir(folder) if n.endswith(".sql") and not n.startswith(".")):
    text = open(os.path.join(folder, name), encoding="utf-8").read()
    up = text.split("-- migrate:up", 1)[1].split("\n", 1)[1].split("-- migrate:down", 1)[0]
    for statement in up.split(";\n"):
        if not statement.strip():
            continue
        post(name, statement)
        sent += 1
    if with_history:
        down = text.split("-- migrate:down", 1)[1] if "-- migrate:down" in text else ""
        version = int(name.split("_", 1)[0])
        post(name, "INSERT INTO bench_history VALUES (" + ", ".join([
            quoted(f"run-{version}"), str(version * 1000), str(version), quoted(name), "NULL", "'applied'",
            quoted("0" * 64), quoted(down), "now()", "now()", "1.5", quoted("bench@host"), "'plain-loop'",
            "'18.16'", "NULL", "NULL", "NULL", "NULL", "2"]) + ")")
if os.environ.get("PLAIN_LOOP_VERBOSE"):
    print(f"ch_plain_loop: {sent} statements", file=sys.stderr)
