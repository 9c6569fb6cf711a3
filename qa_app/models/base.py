"""Column types, state enums and the mixin every table of the app shares."""

import enum
from datetime import UTC, datetime

from sqlalchemy import (
    DateTime,
    TypeDecorator,
)

from qa_app.extensions import db  # noqa: F401


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a trailing Z, the protocol's time format."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (SQLite has no time zones) and always returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime")
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=UTC) if value is not None else None


class Role(enum.StrEnum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    MODERATOR = "moderator"
    FACILITATOR = "facilitator"
    PANELIST = "panelist"
    INTERPRETER = "interpreter"


class EventStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    ENDED = "ended"


class State(enum.StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    ANSWERED = "answered"
    DISMISSED = "dismissed"
    # Left every list: the asker took it back, or it lives on inside another question.
    WITHDRAWN = "withdrawn"
    MERGED = "merged"


PUBLIC_STATES = (State.PUBLISHED, State.ANSWERED)
# Questions the moderator still works with (not dismissed, withdrawn or merged away).
LIVE_STATES = (State.PENDING, State.PUBLISHED, State.ANSWERED)


class LanguagesMixin:
    """``languages``, a list of codes, over the comma-separated ``languages_csv`` column."""

    @property
    def languages(self) -> list[str]:
        return [part for part in self.languages_csv.split(",") if part]

    @languages.setter
    def languages(self, value: list[str]) -> None:
        self.languages_csv = ",".join(value)
