"""Configuration: the only module that reads ``os.environ``."""

import os
import re
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = REPO_ROOT / "instance"


def _secret_key() -> str:
    """Return QA_SECRET_KEY, or a key generated once and kept in instance/."""
    if os.environ.get("QA_SECRET_KEY"):
        return os.environ["QA_SECRET_KEY"]
    INSTANCE_DIR.mkdir(exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Drivers that would block eventlet's or gevent's hub in C while waiting for the
# server; pg8000 is pure Python, so its socket waits are cooperative once patched.
_BLOCKING_POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2")


def database_url(url: str | None = None) -> str:
    """QA_DATABASE_URL (or the SQLite default), with PostgreSQL URLs using pg8000."""
    url = url or os.environ.get("QA_DATABASE_URL") or "sqlite:///" + str(INSTANCE_DIR / "qa.db")
    scheme, sep, rest = url.partition("://")
    if sep and scheme in _BLOCKING_POSTGRES_SCHEMES:
        return "postgresql+pg8000://" + rest
    return url


def engine_options(url: str) -> dict:
    """Connection pool settings: PostgreSQL gets a bounded, self-healing pool per worker."""
    if not url.startswith("postgresql"):
        return {}
    return {
        "pool_size": int(os.environ.get("QA_DB_POOL_SIZE", "10")),
        "max_overflow": int(os.environ.get("QA_DB_MAX_OVERFLOW", "20")),
        "pool_timeout": 10,  # a join storm waits for a connection, but not forever
        "pool_pre_ping": True,  # survive a database restart
        "pool_recycle": 1800,
    }


def rate(name: str, default: tuple[int, int]) -> tuple[int, float]:
    """A per-attendee rate limit from the environment, written ``COUNT/SECONDS``."""
    value = os.environ.get(name)
    if not value:
        return default
    count, _, seconds = value.partition("/")
    try:
        parsed = (int(count), float(seconds or 60))
    except ValueError:
        parsed = (0, 0.0)
    if parsed[0] < 1 or parsed[1] <= 0:
        raise ValueError("%s must look like 60/60 (actions/seconds), not %r" % (name, value))
    return parsed


# The same rule as the security headers' (issue 11): CSP sources, space-separated.
_SOURCE = re.compile(r"^('self'|'none'|https?:|(https?://)?(\*\.)?[A-Za-z0-9.-]+(:(\d+|\*))?)$")


def frame_ancestors(value: str | None) -> str:
    """QA_FRAME_ANCESTORS: CSP sources allowed to frame the public pages (``'self'``)."""
    sources = (value or "").split() or ["'self'"]
    bad = [source for source in sources if not _SOURCE.match(source)]
    if bad or ("'none'" in sources and len(sources) > 1):
        raise ValueError(
            "QA_FRAME_ANCESTORS takes CSP sources such as 'self' https://www.example.org, "
            "not %r" % value
        )
    return " ".join(sources)


class Config:
    """Settings for a running app; tests override attributes through create_app()."""

    SECRET_KEY = None  # filled lazily by create_app() so importing this module writes nothing
    SQLALCHEMY_DATABASE_URI = database_url()
    SQLALCHEMY_ENGINE_OPTIONS = engine_options(SQLALCHEMY_DATABASE_URI)
    MESSAGE_QUEUE = os.environ.get("QA_MESSAGE_QUEUE") or None
    # The public address, for links made outside a request (CLI invitation links).
    BASE_URL = (os.environ.get("QA_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    ASYNC_MODE = os.environ.get("QA_ASYNC_MODE", "eventlet")
    LANGUAGES = ("en", "fr", "es", "ar")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(REPO_ROOT / "translations")
    NODE_MODULES_DIR = str(REPO_ROOT / "node_modules")
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a moderator's tab stays open for the whole event
    # Live updates: vote counts are sent at most once per window per event. The window
    # adapts to the fan-out cost so that sending them takes at most QA_VOTES_CPU_SHARE of
    # the process, between QA_VOTES_WINDOW_MIN (or QA_VOTES_WINDOW) and QA_VOTES_WINDOW_MAX.
    VOTES_WINDOW_SECONDS = float(
        os.environ.get("QA_VOTES_WINDOW_MIN") or os.environ.get("QA_VOTES_WINDOW") or 0.15
    )
    VOTES_WINDOW_MAX_SECONDS = float(
        os.environ.get("QA_VOTES_WINDOW_MAX") or max(2.0, VOTES_WINDOW_SECONDS)
    )
    VOTES_CPU_SHARE = float(os.environ.get("QA_VOTES_CPU_SHARE") or 0.5)
    # GET /metrics: admins, or anyone sending "Authorization: Bearer <QA_METRICS_TOKEN>".
    METRICS_TOKEN = os.environ.get("QA_METRICS_TOKEN") or None
    # Socket.IO: the largest message a client may send, and allowed origins.
    MAX_MESSAGE_BYTES = 16 * 1024
    _ORIGINS = os.environ.get("QA_CORS_ORIGINS", "").split(",")
    CORS_ALLOWED_ORIGINS = [o.strip() for o in _ORIGINS if o.strip()] or None  # None: same origin
    # Who may show the attendee page and the projector in a frame (CSP frame-ancestors):
    # QA_FRAME_ANCESTORS="'self' https://webinar.example.org"; default the app itself.
    FRAME_ANCESTORS = frame_ancestors(os.environ.get("QA_FRAME_ANCESTORS"))
    # Rate limits: (actions, seconds) per attendee; QA_ASK_RATE / QA_VOTE_RATE as "5/60".
    ASK_RATE = rate("QA_ASK_RATE", (5, 60))
    VOTE_RATE = rate("QA_VOTE_RATE", (60, 60))

    @staticmethod
    def secret_key() -> str:
        return _secret_key()
