"""Configuration: the only module that reads ``os.environ``."""

import os
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


class Config:
    """Settings for a running app; tests override attributes through create_app()."""

    SECRET_KEY = None  # filled lazily by create_app() so importing this module writes nothing
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "QA_DATABASE_URL", "sqlite:///" + str(INSTANCE_DIR / "qa.db")
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # noqa: RUF012 (copied into app.config)
    MESSAGE_QUEUE = os.environ.get("QA_MESSAGE_QUEUE") or None
    ASYNC_MODE = os.environ.get("QA_ASYNC_MODE", "eventlet")
    LANGUAGES = ("en", "fr", "es", "ar")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(REPO_ROOT / "translations")
    NODE_MODULES_DIR = str(REPO_ROOT / "node_modules")
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a moderator's tab stays open for the whole event
    # Live updates: vote counts are sent at most once per window per event.
    VOTES_WINDOW_SECONDS = float(os.environ.get("QA_VOTES_WINDOW", "0.15"))
    # Socket.IO: the largest message a client may send, and allowed origins.
    MAX_MESSAGE_BYTES = 16 * 1024
    CORS_ALLOWED_ORIGINS = os.environ.get("QA_CORS_ORIGINS") or None
    # Rate limits: (actions, seconds) per attendee.
    ASK_RATE = (5, 60)
    VOTE_RATE = (60, 60)

    @staticmethod
    def secret_key() -> str:
        return _secret_key()
