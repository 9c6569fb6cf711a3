"""Read-only lists of events for the web pages: the home page, a series, /manage.

Status (scheduled, live, ended) follows the times and the close, so it is computed in
Python on the few rows an organisation has, not in SQL (portable across engines).
"""

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Event, EventStatus, Grant, Question, Series, State, utcnow
from .grants import global_grant
from .permissions import EVENT_OWNERS, can_manage_event

MAX_LISTED = 500


@dataclass
class EventBuckets:
    """Events split by status: live first, then upcoming (soonest first), then past."""

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
        for event in sorted(events, key=lambda e: e.starts_at):
            slot[event.status(now)].append(event)
        buckets.past.reverse()  # the most recent first
        return buckets


def _search(query, text: str):
    text = (text or "").strip()[:100]
    if not text:
        return query
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return query.where(
        or_(Event.title.ilike(pattern, escape="\\"), Event.code.ilike(pattern, escape="\\"))
    )


def events_of(user_id: int, text: str = "") -> EventBuckets:
    """The events this person holds any role on (every event with a global grant)."""
    query = select(Event).options(selectinload(Event.series))
    everywhere = global_grant(user_id)
    if not everywhere:
        mine = select(Grant.event_id).where(Grant.user_id == user_id)
        query = query.where(Event.id.in_(mine))
    query = _search(query, text).order_by(Event.starts_at.desc()).limit(MAX_LISTED)
    events = list(db.session.scalars(query))
    buckets = EventBuckets.of(events)
    if can_manage_event(everywhere):
        buckets.managed = {event.id for event in events}
    else:
        owned = select(Grant.event_id).where(
            Grant.user_id == user_id, Grant.role.in_([str(role) for role in EVENT_OWNERS])
        )
        buckets.managed = set(db.session.scalars(owned))
    return buckets


def public_events(now=None) -> EventBuckets:
    """Events marked public that are live or still to come (archived ones are not listed)."""
    query = (
        select(Event)
        .where(Event.public.is_(True), Event.archived_at.is_(None))
        .order_by(Event.starts_at)
        .limit(MAX_LISTED)
    )
    buckets = EventBuckets.of(db.session.scalars(query), now)
    buckets.past = []
    return buckets


def record_of(event: Event) -> tuple[list[Question], list[Question]]:
    """After the end: the answered questions (in the order they were answered), then the
    other published ones by votes. Pending and dismissed questions stay private."""
    questions = db.session.scalars(
        select(Question)
        .where(Question.event_id == event.id, Question.state.in_((State.ANSWERED, State.PUBLISHED)))
        .options(selectinload(Question.topic), selectinload(Question.panelist))
    ).all()
    answered = sorted(
        (q for q in questions if q.state == State.ANSWERED),
        key=lambda q: (q.answered_at or q.asked_at, q.id),
    )
    rest = sorted(
        (q for q in questions if q.state == State.PUBLISHED), key=lambda q: (-q.votes, q.id)
    )
    return answered, rest


def series_choices() -> list[tuple[str, str]]:
    """Every series as (code, title), for the event form's picker."""
    rows = db.session.execute(select(Series.code, Series.title).order_by(Series.title))
    return [(code, title) for code, title in rows]


def topic_usage(event: Event) -> dict[int, int]:
    """How many questions (any state) use each topic of the event."""
    rows = db.session.execute(
        select(Question.topic_id, func.count())
        .where(Question.event_id == event.id, Question.topic_id.is_not(None))
        .group_by(Question.topic_id)
    )
    return {topic_id: count for topic_id, count in rows}
