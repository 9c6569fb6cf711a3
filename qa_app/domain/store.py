"""Small database helpers shared by the units of work."""

from sqlalchemy import Sequence, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value

from qa_app.domain.errors import N_, NotFound
from qa_app.extensions import db
from qa_app.models import Event, Question, Vote

# Built once: every Socket.IO event reads the event row, and every change bumps its
# seq. Building a statement costs more than running it on SQLite (see docs/performance.md).
# populate_existing: a second read in the same session sees the row as it is now.
_EVENT_BY_CODE = (
    select(Event).where(Event.code == bindparam("code")).execution_options(populate_existing=True)
)
# Codes match without regard to case ("skills-mw" typed on a phone): the exact spelling
# first (the unique index), then any case (rare: a person typed it).
_EVENT_BY_CODE_ANY_CASE = (
    select(Event)
    .where(func.lower(Event.code) == func.lower(bindparam("code")))
    .execution_options(populate_existing=True)
)
_EVENTS = Event.__table__
_BUMP_SEQ = (
    update(_EVENTS)
    .where(_EVENTS.c.id == bindparam("event_id"))
    .values(seq=_EVENTS.c.seq + 1)
    .returning(_EVENTS.c.seq)
)

# PostgreSQL: seq comes from one sequence (migration 0005), so votes never write the
# event's row, which would serialise every vote of an event on one row lock (about 300
# votes/s). An advisory lock per event keeps the order clients rely on: votes take it
# shared (they run side by side), question and settings changes take it exclusively, so
# they wait for the votes in flight and every vote after them gets a higher seq.
CHANGE_SEQ = Sequence("qa_change_seq", metadata=Event.metadata)
_SEQ_LOCKS = 0x51410012  # the advisory-lock namespace of qa_app's per-event locks
_LOCK_EVENT = select(func.pg_advisory_xact_lock(_SEQ_LOCKS, bindparam("event_id")))
_BUMP_SEQ_PG = (
    update(_EVENTS)
    .where(_EVENTS.c.id == bindparam("event_id"))
    .values(seq=CHANGE_SEQ.next_value())
    .returning(_EVENTS.c.seq)
)


def on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def get_event(code) -> Event:
    if not isinstance(code, str) or not code:
        raise NotFound(N_("There is no event with that code."))
    event = db.session.scalar(_EVENT_BY_CODE, {"code": code})
    if event is None:
        event = db.session.scalar(_EVENT_BY_CODE_ANY_CASE, {"code": code})
    if event is None:
        raise NotFound(N_("There is no event with that code."))
    return event


def bump_seq(event_id: int) -> int:
    """Advance the event's change counter inside the current transaction (on PostgreSQL,
    after the event's exclusive lock: see CHANGE_SEQ).

    A plain table UPDATE (cheaper than an ORM one); a loaded ``Event`` is told the new
    value, so ``event.seq`` stays true within the unit of work.
    """
    params = {"event_id": event_id}
    if on_postgresql():
        db.session.execute(_LOCK_EVENT, params)
        seq = db.session.execute(_BUMP_SEQ_PG, params).scalar_one()
    else:
        seq = db.session.execute(_BUMP_SEQ, params).scalar_one()
    loaded = db.session.identity_map.get(db.session.identity_key(Event, event_id))
    if loaded is not None:
        set_committed_value(loaded, "seq", seq)
    return seq


# The vote path runs a hundred times a second in a big event: its statements are built
# once, on the tables (no ORM bookkeeping), one INSERT per dialect.
_QUESTIONS, _VOTES = Question.__table__, Vote.__table__
_VOTE_COLUMNS = (
    _QUESTIONS.c.id,
    _QUESTIONS.c.event_id,
    _QUESTIONS.c.attendee,
    _QUESTIONS.c.state,
    _QUESTIONS.c.votes,
)
_QUESTION_FOR_VOTE = select(*_VOTE_COLUMNS).where(_QUESTIONS.c.id == bindparam("question_id"))
# PostgreSQL: the same read takes the event's shared lock (see CHANGE_SEQ).
_QUESTION_FOR_VOTE_PG = select(
    *_VOTE_COLUMNS,
    func.pg_advisory_xact_lock_shared(_SEQ_LOCKS, _QUESTIONS.c.event_id).label("locked"),
).where(_QUESTIONS.c.id == bindparam("question_id"))
_ADD_VOTE = {
    module.__name__.rsplit(".", 1)[-1]: module.insert(_VOTES)
    .values(
        question_id=bindparam("question_id"),
        attendee=bindparam("attendee"),
        created_at=bindparam("created_at"),
    )
    .on_conflict_do_nothing()
    .returning(_VOTES.c.id)
    for module in (postgresql, sqlite)
}
_REMOVE_VOTE = delete(_VOTES).where(
    _VOTES.c.question_id == bindparam("question_id"), _VOTES.c.attendee == bindparam("attendee")
)
_COUNT_VOTE = (
    update(_QUESTIONS)
    .where(_QUESTIONS.c.id == bindparam("question_id"))
    .values(votes=_QUESTIONS.c.votes + bindparam("delta"))
    .returning(_QUESTIONS.c.votes)
)
# The seq is drawn while this row's lock is held, so one question's counts and seqs rise
# together: the newest count of a question is the one with the highest seq.
_COUNT_VOTE_PG = _COUNT_VOTE.returning(CHANGE_SEQ.next_value())


def question_for_vote(question_id: int):
    """The few columns a vote checks (id, event_id, attendee, state, votes), or None."""
    query = _QUESTION_FOR_VOTE_PG if on_postgresql() else _QUESTION_FOR_VOTE
    return db.session.execute(query, {"question_id": question_id}).first()


def set_vote(question_id: int, attendee: str, on: bool, at) -> bool:
    """Add or remove one attendee's vote row; True when a row changed."""
    params = {"question_id": question_id, "attendee": attendee}
    if on:
        insert = _ADD_VOTE[db.session.get_bind().dialect.name]
        return db.session.execute(insert, {**params, "created_at": at}).first() is not None
    return db.session.execute(_REMOVE_VOTE, params).rowcount == 1


def count_vote(question_id: int, delta: int) -> int:
    """Move a question's vote counter atomically; returns the new count (within a change
    that already took its seq, such as a merge)."""
    params = {"question_id": question_id, "delta": delta}
    return db.session.execute(_COUNT_VOTE, params).scalar_one()


def count_vote_with_seq(question_id: int, delta: int, event_id: int) -> tuple[int, int]:
    """A vote's own change: move the counter, and return the new count and its seq.

    SQLite bumps the event's seq (one writer at a time anyway); PostgreSQL draws it from
    the sequence, leaving the event's row alone.
    """
    if on_postgresql():
        params = {"question_id": question_id, "delta": delta}
        votes, seq = db.session.execute(_COUNT_VOTE_PG, params).one()
        return votes, seq
    return count_vote(question_id, delta), bump_seq(event_id)
