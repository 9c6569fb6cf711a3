"""What a client sees when it (re)joins: the event, its questions and the current seq."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import PUBLIC_STATES, Event, Question, State, Vote

_LOAD = (
    selectinload(Question.translations),
    selectinload(Question.panelist),
    selectinload(Question.topic),
)


def _questions(*conditions) -> list[Question]:
    query = select(Question).where(*conditions).options(*_LOAD).order_by(Question.id)
    return list(db.session.scalars(query))


def staff_view(event: Event) -> list[dict]:
    """Every question of the event, with staff-only fields."""
    return [q.to_staff_dict() for q in _questions(Question.event_id == event.id)]


def public_questions(event: Event) -> list[dict]:
    """The questions every attendee may see."""
    return [
        q.to_dict()
        for q in _questions(Question.event_id == event.id, Question.state.in_(PUBLIC_STATES))
    ]


def attendee_view(event: Event, attendee: str) -> dict:
    """Public questions, the attendee's own pending ones, and what they voted for."""
    own_pending = _questions(
        Question.event_id == event.id,
        Question.attendee == attendee,
        Question.state == State.PENDING,
    )
    voted = db.session.scalars(
        select(Vote.question_id)
        .join(Question, Question.id == Vote.question_id)
        .where(Question.event_id == event.id, Vote.attendee == attendee)
    ).all()
    asked = db.session.scalars(
        select(Question.id).where(Question.event_id == event.id, Question.attendee == attendee)
    ).all()
    return {
        "questions": public_questions(event) + [q.to_dict() for q in own_pending],
        "voted": sorted(voted),
        "asked": sorted(asked),
    }


def panelist_ids_of(event: Event, user_id: int) -> list[int]:
    """The event's panel seats held by this staff account (panelists see their questions)."""
    return [p.id for p in event.panelists if p.user_id == user_id]
