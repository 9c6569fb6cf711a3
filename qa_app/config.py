"""Configuration: the only module that reads ``os.environ``."""

import os
import re
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = REPO_ROOT / "instance"


# Keys copied from examples and tutorials: cookies signed with them can be forged by anyone.
PLACEHOLDER_KEYS = frozenset(
    {
        "change-me-to-64-random-hex-characters",  # deploy/qa_app.env.example
        "change-me",
        "changeme",
        "secret",
        "secret-key",
        "secretkey",
        "your-secret-key",
        "dev",
        "development",
        "test",
        "default",
    }
)
MIN_KEY_LENGTH = 16


def check_secret_key(key: str, where: str) -> str:
    """Refuse a placeholder or short key: it would let anyone sign a staff session."""
    if key.strip().lower() in PLACEHOLDER_KEYS or key.lower().startswith("change-me"):
        raise ValueError(
            "%s is a placeholder; set a random one, e.g. python -c "
            "'import secrets; print(secrets.token_hex(32))'" % where
        )
    if len(key) < MIN_KEY_LENGTH:
        raise ValueError("%s is too short: use at least %d characters" % (where, MIN_KEY_LENGTH))
    return key


def _secret_key() -> str:
    """Return QA_SECRET_KEY, or a key generated once and kept in instance/ (mode 0600)."""
    if os.environ.get("QA_SECRET_KEY"):
        return check_secret_key(os.environ["QA_SECRET_KEY"], "QA_SECRET_KEY")
    INSTANCE_DIR.mkdir(exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        # Written to a private temporary file (mkstemp: mode 0600 from the first byte, no
        # moment at 0666), then linked into place: a worker starting at the same moment
        # either finds no key file or a complete one, and only one key ever wins.
        descriptor, temporary = tempfile.mkstemp(dir=INSTANCE_DIR, prefix=".secret_key.")
        try:
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_hex(32))
            os.link(temporary, key_file)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    if key_file.stat().st_mode & 0o077:  # a key file from an older version, or copied
        key_file.chmod(0o600)
    return check_secret_key(key_file.read_text().strip(), str(key_file))


# psycopg2 (C, libpq): about 1.8 ms of CPU per vote against pg8000's 4.4 ms (pure Python),
# measured through the domain. Its waits are made cooperative by wsgi.py: eventlet's
# monkey_patch() installs a green wait callback, and wsgi.py installs one for gevent.
_POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+psycopg", "postgresql+pg8000")


def database_url(url: str | None = None) -> str:
    """QA_DATABASE_URL (or the SQLite default), with PostgreSQL URLs using psycopg2."""
    url = url or os.environ.get("QA_DATABASE_URL") or "sqlite:///" + str(INSTANCE_DIR / "qa.db")
    scheme, sep, rest = url.partition("://")
    if sep and scheme in _POSTGRES_SCHEMES:
        return "postgresql+psycopg2://" + rest
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


def rate(name: str, default: tuple[int, int] | None) -> tuple[int, float] | None:
    """A rate limit from the environment, ``COUNT/SECONDS``; ``off`` (None) is no limit."""
    value = (os.environ.get(name) or "").strip()
    if not value:
        return default
    if value.lower() == "off":
        return None
    count, _, seconds = value.partition("/")
    try:
        parsed = (int(count), float(seconds or 60))
    except ValueError:
        parsed = (0, 0.0)
    if parsed[0] < 1 or parsed[1] <= 0:
        raise ValueError("%s must look like 60/60 (actions/seconds), not %r" % (name, value))
    return parsed


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


_YES = ("1", "yes", "on", "true")
_NO = ("", "0", "no", "off", "false")
# Hosts whose plain-HTTP pages browsers treat as secure contexts: Secure cookies work there.
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def embed_cross_site(value: str | None, base: str | None = None) -> bool:
    """QA_EMBED_CROSS_SITE: whether the attendee page may be framed by another *site* with
    its cookies (then ``SameSite=None; Secure; Partitioned``, which needs HTTPS)."""
    text = (value or "").strip().lower()
    if text in _NO:
        return False
    if text not in _YES:
        raise ValueError(
            "QA_EMBED_CROSS_SITE is 1 (pages framed by another site keep their cookies: "
            "SameSite=None; Secure; Partitioned) or 0 (SameSite=Lax), not %r" % value
        )
    address = urlsplit((base or "").strip())
    if address.scheme == "http" and address.hostname not in _LOCAL_HOSTS:
        raise ValueError(
            "QA_EMBED_CROSS_SITE=1 needs HTTPS: browsers refuse Secure cookies from a plain "
            "HTTP site, so no attendee would get an identity (QA_BASE_URL is %r)" % base
        )
    return True


def cookie_attributes(cross_site: bool) -> dict:
    """The session cookie's attributes (the attendee identity, and the staff sign-in); the
    language cookie follows them (i18n.py)."""
    if cross_site:
        return {
            "SESSION_COOKIE_SAMESITE": "None",
            "SESSION_COOKIE_SECURE": True,
            "SESSION_COOKIE_PARTITIONED": True,
        }
    return {
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_PARTITIONED": False,
    }


DEFAULT_BASE_URL = "http://127.0.0.1:5000"
# Every Redis client the app makes connects, and waits for each reply, at most this long
# (a hung Redis answers nothing): past it the action answers or completes locally.
REDIS_TIMEOUT_SECONDS = 0.5


def base_url(value: str | None) -> str:
    """QA_BASE_URL: the public origin in join links and QR codes (never the request's Host)."""
    url = (value or DEFAULT_BASE_URL).strip().rstrip("/")
    if not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", url):
        raise ValueError("QA_BASE_URL must look like https://qa.example.org, not %r" % value)
    return url


def smtp_url(value: str | None) -> str | None:
    """QA_SMTP_URL: ``smtp://[user:pass@]host:port`` or ``smtps://...``; None: no mail."""
    url = (value or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(
            "QA_SMTP_URL must look like smtp://user:password@mail.example.org:587 "
            "or smtps://mail.example.org:465"
        )
    return url


def count(name: str, default: int = 0) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit():
        raise ValueError("%s must be a whole number, not %r" % (name, value))
    return int(value)


class Config:
    """Settings for a running app; tests override attributes through create_app()."""

    SECRET_KEY = None  # filled lazily by create_app() so importing this module writes nothing
    SQLALCHEMY_DATABASE_URI = database_url()
    SQLALCHEMY_ENGINE_OPTIONS = engine_options(SQLALCHEMY_DATABASE_URI)
    MESSAGE_QUEUE = os.environ.get("QA_MESSAGE_QUEUE") or None
    ASYNC_MODE = os.environ.get("QA_ASYNC_MODE", "eventlet")
    LANGUAGES = ("en", "fr", "es", "ar")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(REPO_ROOT / "translations")
    NODE_MODULES_DIR = str(REPO_ROOT / "node_modules")
    SESSION_COOKIE_HTTPONLY = True
    # A frame on another site gets its cookies only with SameSite=None; Secure; Partitioned
    # (docs/embedding.md). create_app() sets SESSION_COOKIE_SAMESITE, _SECURE and
    # _PARTITIONED from this (config.cookie_attributes): Lax by default.
    EMBED_CROSS_SITE = embed_cross_site(
        os.environ.get("QA_EMBED_CROSS_SITE"), os.environ.get("QA_BASE_URL")
    )
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a moderator's tab stays open for the whole event
    # Live updates: vote counts are sent at most once per window per event. The window is
    # QA_VOTES_WINDOW_MIN (or QA_VOTES_WINDOW), or the flush's own length when that is
    # longer; it widens towards QA_VOTES_WINDOW_MAX only while questions or joins wait.
    # QA_VOTES_CPU_SHARE, off by default, caps the share of the process flushing may take.
    VOTES_WINDOW_SECONDS = float(
        os.environ.get("QA_VOTES_WINDOW_MIN") or os.environ.get("QA_VOTES_WINDOW") or 0.15
    )
    VOTES_WINDOW_MAX_SECONDS = float(
        os.environ.get("QA_VOTES_WINDOW_MAX") or max(2.0, VOTES_WINDOW_SECONDS)
    )
    # Room broadcasts framed once and written to idle WebSockets (live/direct.py); "off"
    # sends every packet through python-socketio's queues, to compare the two paths.
    DIRECT_DELIVERY = (os.environ.get("QA_DIRECT_DELIVERY") or "on").strip().lower() != "off"
    VOTES_CPU_SHARE = (
        float(os.environ["QA_VOTES_CPU_SHARE"]) if os.environ.get("QA_VOTES_CPU_SHARE") else None
    )
    # GET /metrics: admins, or anyone sending "Authorization: Bearer <QA_METRICS_TOKEN>".
    METRICS_TOKEN = os.environ.get("QA_METRICS_TOKEN") or None
    # Socket.IO: the largest message a client may send, and allowed origins.
    MAX_MESSAGE_BYTES = 16 * 1024
    _ORIGINS = os.environ.get("QA_CORS_ORIGINS", "").split(",")
    CORS_ALLOWED_ORIGINS = [o.strip() for o in _ORIGINS if o.strip()] or None  # None: same origin
    # Hardening: who may frame the public pages, and how many proxies in front set
    # X-Forwarded-For/-Proto (0: none; only that many hops are believed).
    FRAME_ANCESTORS = frame_ancestors(os.environ.get("QA_FRAME_ANCESTORS"))
    TRUSTED_PROXIES = count("QA_TRUSTED_PROXIES")
    # Join links, QR codes and the links the CLI prints (invitations, resets); without it,
    # wsgi.py uses the address it serves on (the CLI: DEFAULT_BASE_URL).
    BASE_URL = base_url(os.environ.get("QA_BASE_URL"))
    # Mail (qa_app/web/mail.py): confirmation links, and invitations later. No URL: no mail.
    SMTP_URL = smtp_url(os.environ.get("QA_SMTP_URL"))
    MAIL_FROM = (os.environ.get("QA_MAIL_FROM") or "").strip() or None  # None: qa@<base host>
    # wsgi.py (eventlet): seconds for a client to send its request headers, and to start
    # its next request on a kept-alive connection; slower ones are disconnected.
    HEADER_TIMEOUT = count("QA_HEADER_TIMEOUT", 10)
    KEEPALIVE_TIMEOUT = 75
    # wsgi.py (eventlet): seconds for a request's whole body to arrive once its headers
    # have; and open connections per client address (0: no cap). With trusted proxies in
    # front every connection is the proxy's, so the cap is left to the proxy (nginx's
    # limit_conn, docs/security.md).
    BODY_TIMEOUT = count("QA_BODY_TIMEOUT", 10)
    CONNECTIONS_PER_ADDRESS = count("QA_CONNECTIONS_PER_ADDRESS", 1000)
    # Rate limits: (actions, seconds), written "5/60", or "off". Per attendee:
    ASK_RATE = rate("QA_ASK_RATE", (5, 60))
    VOTE_RATE = rate("QA_VOTE_RATE", (60, 60))
    # Per client address, on top: generous enough for a few hundred people behind one
    # office NAT (see docs/security.md); load tests from one address turn them off.
    IP_IDENTITY_RATE = rate("QA_IP_IDENTITY_RATE", (300, 600))
    IP_ASK_RATE = rate("QA_IP_ASK_RATE", (60, 60))
    IP_VOTE_RATE = rate("QA_IP_VOTE_RATE", (600, 60))
    # Votes one address gives one question: a venue behind one NAT still votes across
    # questions, but one machine cannot lift one question (and moderators see a warning).
    IP_QUESTION_VOTE_RATE = rate("QA_IP_QUESTION_VOTE_RATE", (20, 60))
    # Live sockets one identity (an attendee cookie, a staff account) may hold on one event
    # and namespace, per worker (0: no cap); and snapshots (sync) per socket.
    SOCKETS_PER_IDENTITY = count("QA_SOCKETS_PER_IDENTITY", 5)
    SYNC_RATE = rate("QA_SYNC_RATE", (10, 60))
    # Attendee page loads per process and second: above it, "please wait" and a retry.
    JOIN_RATE = rate("QA_JOIN_RATE", (100, 1))

    @staticmethod
    def secret_key() -> str:
        return _secret_key()
