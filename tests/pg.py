"""A throw-away PostgreSQL database on the local server, for tests that break it."""

import contextlib
import os
import secrets

import pg8000.native
import pytest

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "database": "test"}


@contextlib.contextmanager
def fresh_database(prefix: str):
    """Yields (admin connection, database name, SQLAlchemy URL); drops it afterwards."""
    try:
        admin = pg8000.native.Connection(**PG, timeout=5)
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL on 127.0.0.1:5432 (%s)" % exc)
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is unreachable (%s)" % exc)
    name = "%s_%s" % (prefix, secrets.token_hex(6))
    admin.run("CREATE DATABASE %s" % name)
    try:
        yield admin, name, "postgresql://postgres@127.0.0.1:5432/" + name
    finally:
        admin.run("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        admin.close()


def terminate_connections(admin, name: str) -> int:
    """End every session on ``name`` (as a restart or a failover would); returns how many."""
    rows = admin.run(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = :name AND pid <> pg_backend_pid()",
        name=name,
    )
    return len(rows)


def query(name: str, sql: str):
    conn = pg8000.native.Connection(**{**PG, "database": name}, timeout=10)
    try:
        return conn.run(sql)
    finally:
        conn.close()
