"""Tables for abuse handling and health: attendee bans, held words, the health check row.

Kept apart from models.py so that the core tables stay readable; imported by
create_app() so that the metadata (and the migrations) know them.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from qa_app.extensions import db
from qa_app.models.base import UTCDateTime, utcnow


class AttendeeBan(db.Model):
    """An attendee identity a moderator banned from one event."""

    __tablename__ = "attendee_bans"
    __table_args__ = (UniqueConstraint("event_id", "attendee"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    attendee: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    banned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HeldWords(db.Model):
    """One event's words (one per line) that hold a question in that language for review."""

    __tablename__ = "held_words"
    __table_args__ = (UniqueConstraint("event_id", "language"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    words: Mapped[str] = mapped_column(Text, default="")


class HealthCheck(db.Model):
    """One row that /healthz rewrites, to prove the database takes writes."""

    __tablename__ = "health_checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
