"""What an asker may do to their own question: edit it while it waits for approval,
and withdraw it while it waits or once it is published (its votes go with it)."""

from sqlalchemy import delete

from qa_app.domain import rules
from qa_app.domain.changes import QuestionChange
from qa_app.domain.errors import N_, DomainError, NotFound
from qa_app.domain.lifecycle import refuse_if_archived
from qa_app.domain.questions import editing, merging, upnext
from qa_app.domain.questions.unit import Unit, question_of
from qa_app.domain.store import bump_seq
from qa_app.extensions import db
from qa_app.models import Event, Question, Vote


def _own(event: Event, attendee: str, question_id) -> Question:
    question = question_of(event, question_id)
    if question.attendee != attendee:
        # Someone else's question: as if it did not exist, whatever its state.
        raise NotFound(N_("That question does not exist."))
    return question


def _run(event: Event, attendee: str, question_id, action: str, change) -> list[QuestionChange]:
    refuse_if_archived(event)
    unit = Unit(event, None, bump_seq(event.id))
    try:
        question = _own(event, attendee, question_id)
        before = question.state
        after = rules.next_state(before, action, table=rules.ASKER_TRANSITIONS)
        unit.watch(question, action)
        reason = change(unit, question)
        question.state = after
        upnext.settle(unit, question)
        unit.record(question, action, before, reason)
        changes = unit.changes(question)
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    return changes


def edit(event: Event, attendee: str, question_id, text) -> list[QuestionChange]:
    """The asker rewrites their pending question; the history keeps the old words."""
    text = rules.clean_question_text(text)

    def change(unit: Unit, question: Question) -> str | None:
        return editing.rewrite(question, text, question.language, by="asker")

    return _run(event, attendee, question_id, "edit", change)


def withdraw(event: Event, attendee: str, question_id) -> list[QuestionChange]:
    """The asker takes their question back: it leaves every list, with its votes.

    Questions merged into it come back as they were.
    """

    def change(unit: Unit, question: Question) -> None:
        merging.release_all(unit, question)
        db.session.execute(delete(Vote).where(Vote.question_id == question.id))
        question.votes = 0
        question.highlighted = False

    return _run(event, attendee, question_id, "withdraw", change)
