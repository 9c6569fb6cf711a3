"""Retention: delete what attendees wrote to an event, keeping the event itself.

The event, its topics and its panel stay, so the event can be shown again or reused;
its questions, votes, translations and history go, all in one transaction.
"""

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from qa_app.domain.lifecycle import refuse_if_archived
from qa_app.domain.store import bump_seq
from qa_app.extensions import db
from qa_app.models import Event, Question, StateChange, Translation, Vote


@dataclass(frozen=True)
class Purged:
    questions: int
    votes: int
    translations: int
    history: int


def count_content(event: Event) -> Purged:
    """What a purge of the event would delete."""
    ids = select(Question.id).where(Question.event_id == event.id)

    def count(model) -> int:
        return db.session.scalar(
            select(func.count()).select_from(model).where(model.question_id.in_(ids))
        )

    return Purged(
        questions=db.session.scalar(
            select(func.count()).select_from(Question).where(Question.event_id == event.id)
        ),
        votes=count(Vote),
        translations=count(Translation),
        history=count(StateChange),
    )


def purge_event(event: Event) -> Purged:
    """Delete the event's questions, votes, translations and history; one transaction.

    An archived event is the record as it was: it refuses a purge like every change.
    """
    refuse_if_archived(event)
    ids = select(Question.id).where(Question.event_id == event.id).scalar_subquery()
    try:
        votes = db.session.execute(delete(Vote).where(Vote.question_id.in_(ids))).rowcount
        translations = db.session.execute(
            delete(Translation).where(Translation.question_id.in_(ids))
        ).rowcount
        history = db.session.execute(
            delete(StateChange).where(StateChange.question_id.in_(ids))
        ).rowcount
        questions = db.session.execute(
            delete(Question).where(Question.event_id == event.id)
        ).rowcount
        # Connected clients re-sync on the next change they see and find nothing left.
        bump_seq(event.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return Purged(questions, votes, translations, history)
