"""People and what they may do: accounts, series of events, grants, invitations and reset links."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa_app.extensions import db
from qa_app.models.base import LanguagesMixin, UTCDateTime, utcnow


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
    # None: nobody has shown they hold this address yet (an account made from an
    # invitation while mail is configured, until its confirmation link is opened).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)

    grants: Mapped[list["Grant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Grant.id"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account cannot sign in
        return self.active

    @property
    def display_name(self) -> str:
        return self.name or self.email


class Series(db.Model):
    """Events that follow one another, e.g. a monthly knowledge exchange."""

    __tablename__ = "series"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "Event" is resolved by name in the mapper registry: models.event imports this module.
    events: Mapped[list["Event"]] = relationship(  # noqa: F821
        back_populates="series", order_by="Event.starts_at"
    )

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "description": self.description}


class Grant(LanguagesMixin, db.Model):
    """A right: ``user`` holds ``role`` on ``event`` (None: on every event).

    For interpreters, ``languages`` limits the languages they translate into
    (empty: any of the event's languages).
    """

    __tablename__ = "grants"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    languages_csv: Mapped[str] = mapped_column("languages", String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[User] = relationship(back_populates="grants")
    event: Mapped["Event | None"] = relationship()  # noqa: F821


class Invitation(LanguagesMixin, db.Model):
    """A one-time link that gives ``role`` on ``event`` to whoever opens it first.

    Only a hash of the token is kept: the link is shown once, to the organiser.
    """

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    languages_csv: Mapped[str] = mapped_column("languages", String(100), default="")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An admin let a signed-in account with another e-mail accept it.
    any_account: Mapped[bool] = mapped_column(Boolean, default=False)
    event: Mapped["Event | None"] = relationship()  # noqa: F821
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])

    @property
    def pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class ResetLink(db.Model):
    """A one-time password reset link an admin issued; only its hash is kept."""

    __tablename__ = "reset_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship()


class EmailConfirmation(db.Model):
    """A one-time link that shows a person holds ``email``; only its hash is kept."""

    __tablename__ = "email_confirmations"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship()


class PendingGrant(LanguagesMixin, db.Model):
    """A grant made to an address nobody has confirmed yet: it applies on confirmation."""

    __tablename__ = "pending_grants"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    languages_csv: Mapped[str] = mapped_column("languages", String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    event: Mapped["Event"] = relationship()  # noqa: F821
