"""Outages of the database or Redis: recognised, reported as ``unavailable``, retried once.

A dropped database connection (a restart, ``pg_terminate_backend``, a network blip) is
retried once on a fresh connection; the pool's pre-ping catches the dead ones at
checkout, this catches a connection that dies during the unit of work. Anything else
that means "the database or the queue cannot do it now" (locked, read-only, full,
unreachable, pool exhausted) is an ``unavailable`` answer the client may retry, and is
logged as one line, without a traceback.
"""

import logging

import redis.exceptions
from sqlalchemy import exc as sa

from qa_app.domain.errors import N_, Unavailable
from qa_app.extensions import db

log = logging.getLogger(__name__)

OUTAGES = (
    sa.OperationalError,  # locked, read-only, disk full, server gone, connection refused
    sa.InterfaceError,
    sa.DisconnectionError,
    sa.TimeoutError,  # no pooled connection within pool_timeout
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,  # a socket reset that a driver lets through unwrapped
)
# PostgreSQL error classes (SQLSTATE) that mean "not now" rather than "never", told apart
# by their code whatever exception class the driver picked.
_PASSING_SQLSTATES = ("08", "53", "57", "58", "25006", "40001", "40P01")
_RETRY_SQLSTATES = ("08", "57P01", "40001", "40P01")  # connection lost, shut down, races


def _sqlstate(exc: BaseException) -> str:
    return str(getattr(getattr(exc, "orig", None), "pgcode", None) or "")  # psycopg2


def is_outage(exc: BaseException) -> bool:
    return isinstance(exc, OUTAGES) or _sqlstate(exc).startswith(_PASSING_SQLSTATES)


def is_dropped_connection(exc: BaseException) -> bool:
    """The database connection died under us (or lost a race): worth one more try."""
    if isinstance(exc, sa.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, ConnectionError) or _sqlstate(exc).startswith(_RETRY_SQLSTATES)


def unavailable() -> Unavailable:
    return Unavailable(N_("The server is having trouble right now. Please try again shortly."))


def reset_session() -> None:
    """Roll back; on a dead connection the rollback itself may fail, and that is fine."""
    try:
        db.session.rollback()
    except Exception:  # the connection is gone: the pool replaces it at the next checkout
        db.session.close()


def log_outage(where: str, exc: BaseException) -> None:
    log.warning("outage in %s: %s: %s", where, type(exc).__name__, str(exc).splitlines()[0])
