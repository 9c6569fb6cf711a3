"""Questions and what is added to them: votes, translations, written answers, history."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa_app.extensions import db
from qa_app.models.base import PUBLIC_STATES, State, UTCDateTime, iso, utcnow
from qa_app.models.event import Event, Panelist, Topic


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
