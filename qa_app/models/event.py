"""An event and its agenda: the event, its topics and its panel."""

from datetime import datetime, timedelta

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa_app.extensions import db
from qa_app.models.access import User
from qa_app.models.base import EventStatus, LanguagesMixin, UTCDateTime, iso, utcnow


class Event(LanguagesMixin, db.Model):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    languages_csv: Mapped[str] = mapped_column("languages", String(100), default="en")
    premoderation: Mapped[bool] = mapped_column(Boolean, default=False)
    accepting: Mapped[bool] = mapped_column(Boolean, default=True)
    # Increases with every change to the event or its questions (see docs/protocol.md).
    seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    description: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(Boolean, default=False)  # listed on the home page
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("series.id", ondelete="SET NULL"), index=True
    )
    question_cap: Mapped[int | None] = mapped_column(Integer)  # per attendee; None: no cap
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # Q&A closed at the end
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # read-only from then

    series: Mapped["Series | None"] = relationship(back_populates="events")  # noqa: F821
    topics: Mapped[list["Topic"]] = relationship(
        back_populates="event", order_by="Topic.position", cascade="all, delete-orphan"
    )
    panelists: Mapped[list["Panelist"]] = relationship(
        back_populates="event", order_by="Panelist.position", cascade="all, delete-orphan"
    )

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def status(self, now: datetime | None = None) -> str:
        """``scheduled``, ``live`` or ``ended``, from the times (closing ends it early)."""
        now = now or utcnow()
        if self.closed_at is not None or now >= self.ends_at:
            return EventStatus.ENDED
        return EventStatus.LIVE if now >= self.starts_at else EventStatus.SCHEDULED

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "description": self.description,
            "closed": self.closed_at is not None,
            "archived": self.archived,
            "question_cap": self.question_cap,
            "series": self.series.to_dict() if self.series else None,
            "starts_at": iso(self.starts_at),
            "timezone": self.timezone,
            "duration_minutes": self.duration_minutes,
            "languages": self.languages,
            "premoderation": self.premoderation,
            "accepting": self.accepting,
            "topics": [{"id": t.id, "title": t.title} for t in self.topics],
            "panelists": [p.to_dict() for p in self.panelists],
        }


class Topic(db.Model):
    __tablename__ = "topics"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    event: Mapped[Event] = relationship(back_populates="topics")


class Panelist(LanguagesMixin, db.Model):
    __tablename__ = "panelists"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    languages_csv: Mapped[str] = mapped_column("languages", String(100), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Invited, not yet accepted: the seat links itself to the account that accepts.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    position: Mapped[int] = mapped_column(Integer, default=0)
    event: Mapped[Event] = relationship(back_populates="panelists")
    user: Mapped[User | None] = relationship()

    def to_dict(self, with_languages: bool = True) -> dict:
        data = {"id": self.id, "name": self.name, "organisation": self.organisation}
        if with_languages:
            data["languages"] = self.languages
        return data
