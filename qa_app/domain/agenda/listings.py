"""Read-only views of events for the web pages: /manage's list, and the record after the end.

Status (scheduled, live, ended) follows the times and the close (``Event.status``), so
events are split in Python, on the rows ``events_admin.list_events`` returns.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from qa_app.domain.access.grants import global_grant
from qa_app.domain.access.permissions import EVENT_OWNERS, can_manage_event
from qa_app.domain.agenda.events import list_events
from qa_app.extensions import db
from qa_app.models import Event, EventStatus, Grant, Question, State, WrittenAnswer, utcnow


@dataclass
class EventBuckets:
    """Events split by status: live, upcoming (soonest first) and past (latest first)."""

    live: list[Event] = field(default_factory=list)
    upcoming: list[Event] = field(default_factory=list)
    past: list[Event] = field(default_factory=list)
    managed: set[int] = field(default_factory=set)  # ids of those the reader may set up

    @classmethod
    def of(cls, events, now=None) -> "EventBuckets":
        now = now or utcnow()
        buckets = cls()
        slot = {
            EventStatus.LIVE: buckets.live,
            EventStatus.SCHEDULED: buckets.upcoming,
            EventStatus.ENDED: buckets.past,
        }
        for event in sorted(events, key=lambda e: (e.starts_at, e.id)):
            slot[event.status(now)].append(event)
        buckets.past.reverse()
        return buckets


def events_of(user_id: int, text: str = "") -> EventBuckets:
    """The events this person holds any role on (every event with a global grant)."""
    everywhere = global_grant(user_id)
    events = list_events(search=text[:100] or None)
    if not everywhere:
        mine = set(db.session.scalars(select(Grant.event_id).where(Grant.user_id == user_id)))
        events = [event for event in events if event.id in mine]
    buckets = EventBuckets.of(events)
    if can_manage_event(everywhere):
        buckets.managed = {event.id for event in events}
    else:
        owned = select(Grant.event_id).where(
            Grant.user_id == user_id, Grant.role.in_([str(role) for role in EVENT_OWNERS])
        )
        buckets.managed = set(db.session.scalars(owned))
    return buckets


def record_of(event: Event) -> tuple[list[Question], list[Question]]:
    """After the end: the answered questions (in the order they were answered), then the
    other published ones by votes, with their notes and written answers. Pending,
    dismissed, withdrawn and merged-away questions are not part of the record."""
    questions = db.session.scalars(
        select(Question)
        .where(Question.event_id == event.id, Question.state.in_((State.ANSWERED, State.PUBLISHED)))
        .options(
            selectinload(Question.topic),
            selectinload(Question.panelist),
            selectinload(Question.translations),
            selectinload(Question.written_answer).selectinload(WrittenAnswer.translations),
        )
    ).all()
    answered = sorted(
        (q for q in questions if q.state == State.ANSWERED),
        key=lambda q: (q.answered_at or q.asked_at, q.id),
    )
    rest = sorted(
        (q for q in questions if q.state == State.PUBLISHED), key=lambda q: (-q.votes, q.id)
    )
    return answered, rest
