"""Tables, state enums, ``to_dict()`` payloads and small ``can_*`` predicates."""

import enum
from datetime import UTC, datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa_app.domain import passwords
from qa_app.extensions import db


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


class User(UserMixin, db.Model):
    """A person. What they may do comes only from their grants."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    # Rotated at logout: sockets opened under an older value lose their rights.
    session_token: Mapped[str] = mapped_column(String(64), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    grants: Mapped[list["Grant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Grant.id"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account cannot sign in
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = passwords.hash_password(password)

    def check_password(self, password: str) -> bool:
        return passwords.verify_password(self.password_hash, password)

    @property
    def display_name(self) -> str:
        return self.name or self.email


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

    series: Mapped["Series | None"] = relationship(back_populates="events")
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
    position: Mapped[int] = mapped_column(Integer, default=0)
    event: Mapped[Event] = relationship(back_populates="panelists")
    user: Mapped[User | None] = relationship()

    def to_dict(self, with_languages: bool = True) -> dict:
        data = {"id": self.id, "name": self.name, "organisation": self.organisation}
        if with_languages:
            data["languages"] = self.languages
        return data


class Question(db.Model):
    __tablename__ = "questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # The asker's opaque identity from their cookie; never sent to other clients.
    attendee: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    name: Mapped[str | None] = mapped_column(String(80))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    panelist_id: Mapped[int | None] = mapped_column(ForeignKey("panelists.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(12), default=State.PENDING)
    votes: Mapped[int] = mapped_column(Integer, default=0)
    highlighted: Mapped[bool] = mapped_column(Boolean, default=False)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    highlighted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_note: Mapped[str | None] = mapped_column(Text)
    dismiss_reason: Mapped[str | None] = mapped_column(Text)

    # Issue 9: edits, merges, up next, interpreter flags, outcomes, reason codes.
    original_text: Mapped[str | None] = mapped_column(Text)  # before the first edit
    original_language: Mapped[str | None] = mapped_column(String(8))
    edited_by: Mapped[str | None] = mapped_column(String(12))  # "moderator" or "asker"
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL"), index=True
    )
    queue_position: Mapped[int | None] = mapped_column(Integer)  # "up next", from 0
    interpreter_flag: Mapped[str | None] = mapped_column(String(12))
    answered_how: Mapped[str | None] = mapped_column(String(8))  # "live" or "written"
    dismiss_reason_code: Mapped[str | None] = mapped_column(String(20))

    event: Mapped[Event] = relationship()
    topic: Mapped[Topic | None] = relationship()
    panelist: Mapped[Panelist | None] = relationship()
    translations: Mapped[list["Translation"]] = relationship(
        back_populates="question", order_by="Translation.language", cascade="all, delete-orphan"
    )
    history: Mapped[list["StateChange"]] = relationship(
        back_populates="question", order_by="StateChange.id", cascade="all, delete-orphan"
    )
    merged_sources: Mapped[list["Question"]] = relationship(
        foreign_keys=[merged_into_id], order_by="Question.id", viewonly=True
    )
    written_answer: Mapped["WrittenAnswer | None"] = relationship(
        back_populates="question", cascade="all, delete-orphan", uselist=False
    )

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES


class WrittenAnswer(db.Model):
    """A public answer in writing, by a moderator or the assigned panelist."""

    __tablename__ = "written_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    by: Mapped[str] = mapped_column(String(120))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    question: Mapped[Question] = relationship(back_populates="written_answer")
    translations: Mapped[list["AnswerTranslation"]] = relationship(
        back_populates="answer",
        order_by="AnswerTranslation.language",
        cascade="all, delete-orphan",
    )


class AnswerTranslation(db.Model):
    __tablename__ = "answer_translations"
    __table_args__ = (UniqueConstraint("answer_id", "language"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("written_answers.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(120))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[WrittenAnswer] = relationship(back_populates="translations")


class Translation(db.Model):
    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("question_id", "language"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(120))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    question: Mapped[Question] = relationship(back_populates="translations")


class Vote(db.Model):
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("question_id", "attendee"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    attendee: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set on a vote pooled into a question by a merge: undoing the merge takes it back.
    via_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE")
    )


class StateChange(db.Model):
    """One row per change to a question: who, what, when and why."""

    __tablename__ = "state_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12))
    actor: Mapped[str] = mapped_column(String(254))  # a user's e-mail, or "attendee"
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    question: Mapped[Question] = relationship(back_populates="history")

    def to_dict(self) -> dict:
        return {
            "action": self.action,
            "from": self.from_state,
            "to": self.to_state,
            "by": self.actor,
            "reason": self.reason,
            "at": iso(self.at),
        }


# Series, grants, invitations and reset links live in their own module; importing it here
# registers them with every import of the models.
from qa_app.models_access import Grant, Invitation, ResetLink, Series  # noqa: E402, F401
