"""The moderator's actions: one small verb per action, registered in ``VERBS`` beside
the allowed transitions (``rules.TRANSITIONS``), and the units of work that run them
(``moderate`` for one question, ``bulk`` for several, all or none).
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from qa_app.domain import rules
from qa_app.domain.access.permissions import can_flag, can_moderate, can_write_answer
from qa_app.domain.changes import Actor, QuestionChange
from qa_app.domain.errors import N_, Conflict, DomainError, Forbidden, Invalid, NotFound
from qa_app.domain.lifecycle import refuse_if_archived
from qa_app.domain.questions import answers, editing, merging, upnext
from qa_app.domain.questions.unit import Unit, question_of
from qa_app.domain.questions.versions import text_version
from qa_app.domain.store import bump_seq
from qa_app.extensions import db
from qa_app.models import Event, Panelist, Question, utcnow


@dataclass
class Step:
    """One verb applied to one question inside a unit of work."""

    unit: Unit
    question: Question
    before: str  # the state before this action
    fields: dict


def _approve(step: Step) -> None:
    seen = step.fields.get("version")
    if seen is None:
        return None  # a client from before versions: approves the text as it is now
    if not isinstance(seen, str):
        raise Invalid(N_("Send the version of the text you read."))
    if seen != text_version(step.question.text):
        error = Conflict(
            N_("The asker changed this question after you read it. Read it again, then approve.")
        )
        error.extra.update(text=step.question.text, version=text_version(step.question.text))
        raise error
    return None


def _dismiss(step: Step) -> str | None:
    code = rules.clean_reason_code(step.fields.get("reason_code"))
    reason = rules.clean_text(
        step.fields.get("reason"),
        field_max=rules.MAX_REASON_CHARS,
        required=False,
        empty_message="",
    )
    question = step.question
    question.dismiss_reason, question.dismiss_reason_code = reason, code
    question.highlighted = False  # a dismissed question is not on screen
    return reason or code


def _restore(step: Step) -> None:
    step.question.dismiss_reason = step.question.dismiss_reason_code = None


def _highlight(step: Step) -> None:
    others = db.session.scalars(
        select(Question).where(
            Question.event_id == step.unit.event.id,
            Question.highlighted,
            Question.id != step.question.id,
        )
    ).all()
    for other in others:
        step.unit.watch(other, "unhighlight")
        other.highlighted = False
        step.unit.record(other, "unhighlight", other.state)
    step.question.highlighted = True
    step.question.highlighted_at = utcnow()


def _unhighlight(step: Step) -> None:
    step.question.highlighted = False


def _answer(step: Step) -> None:
    question = step.question
    question.highlighted = False
    question.answered_at = utcnow()
    question.answered_how = "live"


def _reopen(step: Step) -> None:
    step.question.answered_at = step.question.answered_how = None


def _panelist_of(event: Event, panelist_id) -> Panelist | None:
    if panelist_id is None:
        return None
    panelist = db.session.get(Panelist, rules.clean_id(panelist_id))
    if panelist is None or panelist.event_id != event.id:
        raise NotFound(N_("That panelist is not on this event's panel."))
    return panelist


def _assign(step: Step) -> str | None:
    if "panelist_id" not in step.fields:
        raise Invalid(N_("Choose a panelist, or none."))
    step.question.panelist = _panelist_of(step.unit.event, step.fields["panelist_id"])
    return step.question.panelist.name if step.question.panelist else None


def _note(step: Step) -> str | None:
    note = rules.clean_text(
        step.fields.get("note"), field_max=rules.MAX_NOTE_CHARS, required=False, empty_message=""
    )
    step.question.answer_note = note
    return note


def _queue(step: Step) -> str:
    if "position" not in step.fields:
        raise Invalid(N_("Give a position in the up next list, or null."))
    position = rules.clean_position(step.fields["position"])
    upnext.place(step.unit, step.question, position)
    return "-" if position is None else str(position)


def _flag(step: Step) -> str | None:
    if "flag" not in step.fields:
        raise Invalid(N_("Give a flag, or null to clear it."))
    step.question.interpreter_flag = rules.clean_interpreter_flag(step.fields["flag"])
    return step.question.interpreter_flag


def _moderator(actor: Actor, question: Question | None) -> bool:
    return can_moderate(actor.grant)


def _answerer(actor: Actor, question: Question | None) -> bool:
    if question is None:  # before the question is read: could this actor ever?
        return can_write_answer(actor.grant, assigned=True)
    panelist = question.panelist
    assigned = panelist is not None and panelist.user_id == actor.user_id
    return can_write_answer(actor.grant, assigned=assigned)


@dataclass(frozen=True)
class Verb:
    run: Callable[[Step], str | None]  # returns the reason kept in the history
    allowed: Callable[[Actor, Question | None], bool] = _moderator
    refusal: str = N_("Only moderators can do that.")
    staff_only: bool = False  # attendees see nothing of it


VERBS: dict[str, Verb] = {
    "approve": Verb(_approve),
    "dismiss": Verb(_dismiss),
    "restore": Verb(_restore),
    "highlight": Verb(_highlight),
    "unhighlight": Verb(_unhighlight),
    "answer": Verb(_answer),
    "reopen": Verb(_reopen),
    "assign": Verb(_assign),
    "note": Verb(_note, staff_only=True),
    "edit": Verb(editing.edit),
    "merge": Verb(merging.merge),
    "unmerge": Verb(merging.unmerge),
    "write_answer": Verb(
        answers.write_answer,
        allowed=_answerer,
        refusal=N_("Only moderators and the assigned panelist can answer in writing."),
    ),
    "queue": Verb(_queue, staff_only=True),
    "flag": Verb(
        _flag,
        allowed=lambda actor, question: can_flag(actor.grant),
        refusal=N_("Only interpreters and moderators can flag a question."),
        staff_only=True,
    ),
}


def _verb(action) -> Verb:
    if not isinstance(action, str) or action not in VERBS:
        raise Invalid(N_("Unknown action."))
    return VERBS[action]


def _apply(unit: Unit, question: Question, action: str, fields: dict) -> None:
    verb = VERBS[action]
    if not verb.allowed(unit.actor, question):
        raise Forbidden(verb.refusal)
    before = question.state
    after = rules.next_state(before, action, question.highlighted)
    unit.watch(question, action, staff_only=verb.staff_only)
    question.state = after
    reason = verb.run(Step(unit, question, before, fields))
    upnext.settle(unit, question)
    unit.record(question, action, before, reason)


def moderate(event: Event, actor: Actor, question_id, action, **fields) -> list[QuestionChange]:
    """A staff member changes a question; returns every question that changed.

    ``highlight`` without a ``question_id`` puts the first question of up next on screen.
    """
    refuse_if_archived(event)
    verb = _verb(action)
    if not verb.allowed(actor, None):
        raise Forbidden(verb.refusal)
    # Advancing seq first locks the event's row, so moderators acting at the same
    # moment take turns and each one reads the question as the other left it.
    unit = Unit(event, actor, bump_seq(event.id))
    try:
        if action == "highlight" and question_id is None:
            question = upnext.first(event)
        else:
            question = question_of(event, question_id)
        _apply(unit, question, action, fields)
        changes = unit.changes(question)
    except DomainError:
        db.session.rollback()  # nothing half-done stays in the session
        raise
    db.session.commit()
    return changes


def bulk(event: Event, actor: Actor, question_ids, action, **fields) -> list[QuestionChange]:
    """One action on several questions in one transaction: all of them, or none.

    A refusal names the question it was about (``question_id`` in the error).
    """
    ids = rules.clean_ids(question_ids)
    if not isinstance(action, str) or action not in rules.BULK_ACTIONS:
        raise Invalid(N_("That action cannot be applied to several questions at once."))
    if action == "edit" and set(fields) != {"topic_id"}:
        raise Invalid(N_("Several questions at once can only get a new topic."))
    refuse_if_archived(event)
    if not can_moderate(actor.grant):
        raise Forbidden(N_("Only moderators can do that."))
    unit = Unit(event, actor, bump_seq(event.id))
    question = None
    for question_id in ids:
        try:
            question = question_of(event, question_id)
            _apply(unit, question, action, fields)
        except DomainError as exc:
            db.session.rollback()
            exc.extra["question_id"] = question_id
            raise
    changes = unit.changes(question)
    db.session.commit()
    return changes
