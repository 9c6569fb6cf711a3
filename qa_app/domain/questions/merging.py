"""Merging duplicates, across languages, and undoing it.

The question named goes into ``into``, which keeps every text: attendees see one
question, "also asked in" the other languages. Votes are pooled by distinct attendee
(a vote pooled from the merged question remembers where it came from), so undoing the
merge, possible until the question is answered, gives every question its own votes back.
"""

from sqlalchemy import delete, select
from sqlalchemy.orm.attributes import set_committed_value

from qa_app.domain import store
from qa_app.domain.errors import N_, Conflict, Invalid
from qa_app.domain.questions.unit import Unit, question_of
from qa_app.extensions import db
from qa_app.models import LIVE_STATES, Question, State, StateChange, Vote, utcnow


def _label(question: Question) -> str:
    return "#%d" % question.id


def _pool_votes(source: Question, into: Question) -> int:
    """Copy the votes of attendees who had not voted for ``into`` yet; how many."""
    voters = set(db.session.scalars(select(Vote.attendee).where(Vote.question_id == source.id)))
    already = set(db.session.scalars(select(Vote.attendee).where(Vote.question_id == into.id)))
    now = utcnow()
    new = sorted(voters - already)
    db.session.add_all(
        Vote(question_id=into.id, attendee=attendee, created_at=now, via_question_id=source.id)
        for attendee in new
    )
    return len(new)


def _unpool_votes(source: Question, into: Question) -> int:
    result = db.session.execute(
        delete(Vote).where(Vote.question_id == into.id, Vote.via_question_id == source.id)
    )
    return result.rowcount


def _move_votes(question: Question, delta: int) -> None:
    if delta:
        db.session.flush()
        # An atomic relative update, like a vote's: a vote landing meanwhile still counts.
        set_committed_value(question, "votes", store.count_vote(question.id, delta))


def merge(step) -> str:
    """``into``: the question that stays. A person confirms every merge (this call)."""
    source, unit = step.question, step.unit
    if "into" not in step.fields:
        raise Invalid(N_("Choose the question to merge into."))
    into = question_of(unit.event, step.fields["into"])
    if into.id == source.id:
        raise Invalid(N_("A question cannot be merged into itself."))
    if into.state not in LIVE_STATES:
        raise Conflict(
            N_("That question cannot take others now: it is %(state)s."), state=into.state
        )
    if source.merged_sources:
        raise Conflict(
            N_("Other questions are merged into this one: merge the others into it instead.")
        )
    unit.watch(into, "merge")
    unit.merging = True
    source.merged_into_id = into.id
    source.highlighted = False
    _move_votes(into, _pool_votes(source, into))
    unit.record(into, "merge", into.state, _label(source))
    return _label(into)


def state_before_merge(question: Question) -> str:
    last = db.session.scalar(
        select(StateChange.from_state)
        .where(StateChange.question_id == question.id, StateChange.action == "merge")
        .order_by(StateChange.id.desc())
        .limit(1)
    )
    return last or State.PUBLISHED


def release(unit: Unit, source: Question) -> str:
    """Take ``source`` out of the question it was merged into, with its votes."""
    into = db.session.get(Question, source.merged_into_id) if source.merged_into_id else None
    if into is not None and into.state == State.ANSWERED:
        raise Conflict(
            N_("The question it was merged into is answered: the merge can no longer be undone.")
        )
    unit.merging = True
    source.merged_into_id = None
    source.state = state_before_merge(source)
    if into is None:
        return ""
    unit.watch(into, "unmerge")
    _move_votes(into, -_unpool_votes(source, into))
    unit.record(into, "unmerge", into.state, _label(source))
    return _label(into)


def unmerge(step) -> str:
    return release(step.unit, step.question)


def release_all(unit: Unit, into: Question) -> None:
    """Before ``into`` leaves (withdrawn): every question merged into it comes back."""
    for source in list(into.merged_sources):
        unit.watch(source, "unmerge")
        before = source.state
        release(unit, source)
        unit.record(source, "unmerge", before, _label(into))
