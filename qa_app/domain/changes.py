"""What a unit of work changed, as plain data for the broadcaster."""

from dataclasses import dataclass

from qa_app.domain.access.permissions import NO_GRANT, EventGrant


@dataclass(frozen=True)
class Actor:
    """A logged-in staff member acting on one event, with their grant on it."""

    user_id: int | None
    email: str
    name: str
    grant: EventGrant = NO_GRANT

    @property
    def role(self) -> str | None:
        return self.grant.role

    @property
    def public_name(self) -> str:
        """The name attendees may see: the display name, never an e-mail address."""
        return self.name if self.name and "@" not in self.name else ""


@dataclass(frozen=True)
class QuestionChange:
    event_code: str
    seq: int
    question: dict  # the staff payload; attendees get fields from its allow-lists
    attendee: str  # the asker's identity, to tell them what happened
    was_public: bool
    action: str
    reason: str | None = None
    staff_only: bool = False  # nothing attendees see changed (up next, interpreter flags)

    @property
    def public(self) -> bool:
        return self.question["state"] in ("published", "answered")


@dataclass(frozen=True)
class VoteChange:
    event_code: str
    seq: int
    question_id: int
    votes: int
    changed: bool  # False when the vote was already as asked (idempotent repeat)


@dataclass(frozen=True)
class EventChange:
    event_code: str
    seq: int
    event: dict
