""" "Up next": the moderator's ordered list of published questions, positions from 0.

Positions are kept dense (0, 1, 2, ...) after every change, so a client can sort on
them and the first one is always at 0.
"""

from sqlalchemy import select

from qa_app.domain.errors import N_, Conflict
from qa_app.domain.questions.unit import Unit
from qa_app.extensions import db
from qa_app.models import Event, Question, State


def lined_up(event: Event) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.event_id == event.id, Question.queue_position.is_not(None))
            .order_by(Question.queue_position, Question.id)
        )
    )


def first(event: Event) -> Question:
    """The question "put on screen" takes when none is named."""
    queue = lined_up(event)
    if not queue:
        raise Conflict(N_("Nothing is lined up next."))
    return queue[0]


def _renumber(unit: Unit, queue: list[Question]) -> None:
    for position, question in enumerate(queue):
        if question.queue_position != position:
            unit.watch(question, "queue", staff_only=True)
            question.queue_position = position


def place(unit: Unit, question: Question, position: int | None) -> None:
    """Put ``question`` at ``position`` (past the end: last), or take it out (None)."""
    queue = [q for q in lined_up(unit.event) if q.id != question.id]
    if position is None:
        if question.queue_position is None:
            raise Conflict(N_("This question is not in the up next list."))
        question.queue_position = None
    else:
        queue.insert(min(position, len(queue)), question)
    _renumber(unit, queue)


def settle(unit: Unit, question: Question) -> None:
    """Only published questions that are not on screen stay lined up."""
    if question.queue_position is None:
        return
    if question.state == State.PUBLISHED and not question.highlighted:
        return
    unit.watch(question, "queue", staff_only=True)
    question.queue_position = None
    db.session.flush()
    _renumber(unit, [q for q in lined_up(unit.event) if q.id != question.id])
