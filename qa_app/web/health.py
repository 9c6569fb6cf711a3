"""What /healthz checks: the database (a read and a write) and Redis, each on its own."""

import redis
from flask import current_app
from sqlalchemy import exc as sa
from sqlalchemy import insert, text, update

from qa_app.extensions import db
from qa_app.models import utcnow
from qa_app.models.safety import HealthCheck
from qa_app.web.outages import log_outage, reset_session

REDIS_TIMEOUT_SECONDS = 1.0


def database_status() -> str:
    """``ok``, ``read-only`` (reads work, writes fail: full disk, read-only file) or
    ``unreachable``."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not healthy", never a 500
        log_outage("/healthz (database read)", exc)
        reset_session()
        return "unreachable"
    try:
        # A committed write: a rolled-back one would not touch the disk at all.
        row = update(HealthCheck).where(HealthCheck.id == 1).values(checked_at=utcnow())
        if db.session.execute(row).rowcount == 0:
            db.session.execute(insert(HealthCheck).values(id=1, checked_at=utcnow()))
        db.session.commit()
    except sa.IntegrityError:  # another worker inserted the row at the same moment
        reset_session()
    except Exception as exc:
        log_outage("/healthz (database write)", exc)
        reset_session()
        return "read-only"
    return "ok"


def redis_status() -> str:
    """``ok``, ``unreachable``, or ``not used`` (one process, no message queue)."""
    url = current_app.config["MESSAGE_QUEUE"]
    if not url or not url.startswith(("redis://", "rediss://")):
        return "not used"
    client = redis.Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )  # a hung Redis: "unreachable" within the deadline, never a hung /healthz
    try:
        client.ping()
    except Exception as exc:
        log_outage("/healthz (redis)", exc)
        return "unreachable"
    finally:
        client.close()
    return "ok"
