#!/usr/bin/env python3
"""The Python tools that migrate DuckDB today, on the benchmark folders, for
`scripts/bench.sh --compare-python`. Runs in a venv with duckdb-flyway, alembic and
duckdb_engine (the duckdb Python wheel is fine here: it is only the comparison's).

  python_tools.py flyway-prepare SRC DST      SRC's up sections as duckdb-flyway migrations (mNNNN.py)
  python_tools.py flyway-up DATABASE DST      apply them (DuckDBFlyway.find_and_run_migrations)
  python_tools.py alembic-prepare SRC DST     SRC's up sections as an alembic revision chain
  python_tools.py alembic-up DATABASE DST     `alembic upgrade head`, one transaction per migration
  python_tools.py alembic-current DATABASE DST  `alembic current`: alembic's nearest to `status`

Each migration's statements are the same as Strata runs (split at ";" at a line end, exact
for the generated folders).
"""
import os
import sys


def up_statements(path):
    text = open(path, encoding="utf-8").read()
    up = text.split("-- migrate:up", 1)[1].split("\n", 1)[1].split("-- migrate:down", 1)[0]
    return [s.strip() for s in up.split(";\n") if s.strip()]


def sql_files(folder):
    return sorted(n for n in os.listdir(folder) if n.endswith(".sql") and not n.startswith("."))


def flyway_prepare(src, dst):
    os.makedirs(dst, exist_ok=True)
    for name in sql_files(src):
        version = name.split("_", 1)[0]
        with open(os.path.join(dst, f"m{version}.py"), "w", encoding="utf-8") as out:
            out.write("from duckdb_flyway import Migration\n\n")
            out.write(f"STATEMENTS = {up_statements(os.path.join(src, name))!r}\n\n")
            out.write("def run(con):\n    for statement in STATEMENTS:\n        con.execute(statement)\n\n")
            out.write(f"migration = Migration({version!r}, run)\n")


def flyway_up(database, folder):
    import duckdb
    from duckdb_flyway import DuckDBFlyway

    con = duckdb.connect(database)
    DuckDBFlyway(con, folder).find_and_run_migrations()
    con.close()


ENV_PY = '''
from alembic import context
from alembic.ddl.impl import DefaultImpl
from sqlalchemy import create_engine


class AlembicDuckDBImpl(DefaultImpl):
    """What duckdb_engine's README asks for; DuckDB DDL is transactional."""
    __dialect__ = "duckdb"
    transactional_ddl = True


engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
'''


def alembic_prepare(src, dst):
    versions = os.path.join(dst, "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(dst, "env.py"), "w", encoding="utf-8") as out:
        out.write(ENV_PY)
    previous = None
    for name in sql_files(src):
        version = name.split("_", 1)[0]
        with open(os.path.join(versions, f"r{version}.py"), "w", encoding="utf-8") as out:
            out.write("from alembic import op\n\n")
            out.write(f"revision = {version!r}\ndown_revision = {previous!r}\nbranch_labels = None\ndepends_on = None\n\n")
            out.write(f"STATEMENTS = {up_statements(os.path.join(src, name))!r}\n\n")
            out.write("def upgrade():\n    for statement in STATEMENTS:\n        op.execute(statement)\n\n")
            out.write("def downgrade():\n    raise NotImplementedError\n")
        previous = version


def alembic_config(database, folder):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", folder)
    config.set_main_option("sqlalchemy.url", f"duckdb:///{os.path.abspath(database)}")
    return config


def main():
    verb, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
    if verb == "flyway-prepare":
        flyway_prepare(a, b)
    elif verb == "flyway-up":
        flyway_up(a, b)
    elif verb == "alembic-prepare":
        alembic_prepare(a, b)
    elif verb == "alembic-up":
        from alembic import command
        command.upgrade(alembic_config(a, b), "head")
    elif verb == "alembic-current":
        from alembic import command
        command.current(alembic_config(a, b))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
