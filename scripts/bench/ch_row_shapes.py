#!/usr/bin/env python3
"""What one history row costs a ClickHouse server, by the shape of the table it goes into.

  ch_row_shapes.py HTTP_PORT [ROWS]

Creates four MergeTree tables in the `default` database (dropped afterwards): Strata's
history shape (19 columns, 13 Nullable), the same 19 columns without Nullable, 8 plain
columns and 1 column; then, ROWS times (default 200), inserts one row into each (rotating
which goes first) and sends `SELECT 1` (the price of a request that writes nothing). Prints
the median and 10th percentile of each, in milliseconds, over one keep-alive connection.

The difference between a shape and `SELECT 1` is what the server spends writing the part:
on 18.16 a one-row INSERT writes a new part with files per column (two per Nullable column).
"""
import http.client
import statistics
import sys

port = int(sys.argv[1])
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 200
connection = http.client.HTTPConnection("127.0.0.1", port)


def post(statement):
    connection.request("POST", "/", body=statement.encode("utf-8"))
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"ch_row_shapes: HTTP {response.status}: {body[:300]!r}")


HASH = "0" * 64
SHAPES = [
    ("history shape: 19 columns, 13 Nullable",
     """id String, seq Int64, version Int64, name String, description Nullable(String), event String,
        checksum Nullable(String), rollback_sql Nullable(String), started_at Nullable(DateTime('UTC')),
        finished_at Nullable(DateTime('UTC')), execution_ms Nullable(Float64), applied_by String,
        tool_version String, engine_version String, error Nullable(String), failed_statement Nullable(Int32),
        note Nullable(String), details Nullable(String), format_version Int32""",
     "('run-{v}', {v}000, {v}, 'n', NULL, 'applied', '{h}', 'DROP TABLE x', now(), now(), 1.5, 'a@h', 't', "
     "'18.16', NULL, NULL, NULL, NULL, 2)"),
    ("19 columns, none Nullable",
     """id String, seq Int64, version Int64, name String, description String, event String,
        checksum String, rollback_sql String, started_at DateTime('UTC'), finished_at DateTime('UTC'),
        execution_ms Float64, applied_by String, tool_version String, engine_version String, error String,
        failed_statement Int32, note String, details String, format_version Int32""",
     "('run-{v}', {v}000, {v}, 'n', '', 'applied', '{h}', 'DROP TABLE x', now(), now(), 1.5, 'a@h', 't', "
     "'18.16', '', 0, '', '', 2)"),
    ("8 columns, none Nullable",
     "id String, seq Int64, version Int64, name String, event String, checksum String, rollback_sql String, details String",
     "('run-{v}', {v}000, {v}, 'n', 'applied', '{h}', 'DROP TABLE x', '{{}}')"),
    ("1 column", "x Int64", "({v})"),
]

for index, (_, columns, _) in enumerate(SHAPES):
    post(f"DROP TABLE IF EXISTS default.strata_row_shape_{index}")
    post(f"CREATE TABLE default.strata_row_shape_{index} ({columns}) ENGINE = MergeTree ORDER BY tuple()")

names = [name for name, _, _ in SHAPES] + ["SELECT 1 (a request that writes nothing)"]
times = {name: [] for name in names}
clock = __import__("time").perf_counter
try:
    for v in range(1, rows + 1):
        order = list(range(len(names)))
        order = order[v % len(order):] + order[:v % len(order)]
        for index in order:
            if index < len(SHAPES):
                statement = f"INSERT INTO default.strata_row_shape_{index} VALUES " + SHAPES[index][2].format(v=v, h=HASH)
            else:
                statement = "SELECT 1"
            started = clock()
            post(statement)
            times[names[index]].append((clock() - started) * 1000)
finally:
    for index in range(len(SHAPES)):
        post(f"DROP TABLE IF EXISTS default.strata_row_shape_{index}")

print(f"  {'median':>7} {'p10':>7}   one request, ms ({rows} each, interleaved)")
for name in names:
    values = sorted(times[name])
    print(f"  {statistics.median(values):7.2f} {values[len(values) // 10]:7.2f}   {name}")
