"""What a client sees when it (re)joins: the event, its questions and the current seq.

Attendees all see the same public part (the event and its published and answered
questions), so each process keeps it in a :class:`PublicCache` keyed by the event's
``seq``. A join then costs one cheap read of the event row plus two small indexed
queries for the attendee's own questions and votes, not a full question query.
Every change made in this process is applied to the cache after its commit; a
change made by another worker shows up as a newer ``seq`` in the database, and the
next join rebuilds the cache from the database.
"""

import threading
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from qa_app.domain.changes import EventChange, QuestionChange, VoteChange
from qa_app.domain.questions.payloads import (
    own_question,
    public_question,
    staff_question,
)
from qa_app.extensions import db
from qa_app.models import PUBLIC_STATES, Event, Question, State, Vote, WrittenAnswer

_LOAD = (
    selectinload(Question.translations),
    selectinload(Question.panelist),
    selectinload(Question.topic),
    selectinload(Question.merged_sources).selectinload(Question.translations),
    selectinload(Question.written_answer).selectinload(WrittenAnswer.translations),
)
PUBLIC_STATE_NAMES = frozenset(str(state) for state in PUBLIC_STATES)


def _questions(*conditions) -> list[Question]:
    # populate_existing: rows changed by table-level UPDATEs (votes) are read as they are.
    query = (
        select(Question)
        .where(*conditions)
        .options(*_LOAD)
        .order_by(Question.id)
        .execution_options(populate_existing=True)
    )
    return list(db.session.scalars(query))


def staff_view(event: Event) -> list[dict]:
    """Every question of the event, with staff-only fields."""
    return [staff_question(q) for q in _questions(Question.event_id == event.id)]


def public_questions(event: Event) -> list[dict]:
    """The questions every attendee may see, straight from the database."""
    return [
        public_question(staff_question(q))
        for q in _questions(Question.event_id == event.id, Question.state.in_(PUBLIC_STATES))
    ]


@dataclass
class PublicState:
    """The public part of one event at one ``seq``. Question dicts are never mutated
    in place (a change replaces them), so a list handed out stays consistent."""

    seq: int
    event: dict
    questions: dict[int, dict] = field(default_factory=dict)  # by id
    vote_seqs: dict[int, int] = field(default_factory=dict)  # by id, when above ``seq``
    _list: list[dict] | None = None

    def question_list(self) -> list[dict]:
        """The questions in id order; built once per seq and shared by every join."""
        if self._list is None:
            self._list = sorted(self.questions.values(), key=lambda q: q["id"])
        return self._list


class PublicCache:
    """Per-process cache of each event's public state, kept current by local changes.

    A change with ``seq`` one above the cached one is applied and advances it; a
    change with the cached ``seq`` (several questions changed by one action) is
    applied again harmlessly, since payloads and counts are absolute; an older one
    is already included; a newer one means a change was missed (made elsewhere, or
    applied out of order), so the entry is dropped and rebuilt at the next join.
    """

    def __init__(self, votes_advance_event_seq: bool = True):
        # SQLite: a vote advances the event's seq like any change. PostgreSQL: it draws a
        # seq of its own and leaves the event's alone (store.CHANGE_SEQ); the cache then
        # keeps each question's newest count by seq, and the entry's seq is the event's.
        self.votes_advance_event_seq = votes_advance_event_seq
        self._entries: dict[str, PublicState] = {}
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self.builds = 0  # how many times an entry was read from the database

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get(self, event: Event) -> PublicState:
        """The public state at ``event.seq`` (the seq just read from the database)."""
        entry = self._entries.get(event.code)
        if entry is not None and entry.seq == event.seq:
            return entry
        with self._lock:
            build_lock = self._building.setdefault(event.code, threading.Lock())
        # One join rebuilds; the others arriving meanwhile wait and reuse its result.
        with build_lock:
            entry = self._entries.get(event.code)
            if entry is not None and entry.seq >= event.seq:
                return entry
            entry = PublicState(
                seq=event.seq,
                event=event.to_dict(),
                questions={q["id"]: q for q in public_questions(event)},
            )
            self.builds += 1
            with self._lock:
                current = self._entries.get(event.code)
                if current is None or current.seq <= entry.seq:
                    self._entries[event.code] = entry
            return entry

    def _update(self, code: str, seq: int, change) -> None:
        with self._lock:
            entry = self._entries.get(code)
            if entry is None or seq < entry.seq:
                return
            if seq > entry.seq + 1:
                del self._entries[code]
                return
            change(entry)
            entry.seq = seq
            entry._list = None

    def question_changed(self, change: QuestionChange) -> None:
        def apply(entry: PublicState) -> None:
            question_id = change.question["id"]
            if change.question["state"] in PUBLIC_STATE_NAMES:
                entry.questions[question_id] = public_question(change.question)
            else:
                entry.questions.pop(question_id, None)

        self._update(change.event_code, change.seq, apply)

    def votes_changed(self, change: VoteChange) -> None:
        if not change.changed:
            return
        question_id = change.question_id

        def apply(entry: PublicState) -> None:
            question = entry.questions.get(question_id)
            if question is not None:
                entry.questions[question_id] = {**question, "votes": change.votes}

        if self.votes_advance_event_seq:
            self._update(change.event_code, change.seq, apply)
            return
        # Every vote with a seq below the entry's was counted when it was built (a question
        # or settings change waits for the votes in flight before taking its seq).
        with self._lock:
            entry = self._entries.get(change.event_code)
            if entry is None or change.seq <= entry.vote_seqs.get(question_id, entry.seq):
                return
            entry.vote_seqs[question_id] = change.seq
            apply(entry)
            entry._list = None

    def event_changed(self, change: EventChange) -> None:
        def apply(entry: PublicState) -> None:
            entry.event = change.event

        self._update(change.event_code, change.seq, apply)


CACHE_KEY = "qa_public_cache"


def public_cache() -> PublicCache:
    """This app's cache (one per app, so tests with fresh databases never share one)."""
    cache = current_app.extensions.get(CACHE_KEY)
    if cache is None:
        postgres = db.engine.dialect.name == "postgresql"
        cache = current_app.extensions.setdefault(CACHE_KEY, PublicCache(not postgres))
    return cache


def attendee_view(event: Event, attendee: str) -> dict:
    """The event, public questions, the attendee's own pending ones, and their votes."""
    public = public_cache().get(event)
    own = db.session.execute(
        select(Question.id, Question.state).where(
            Question.event_id == event.id, Question.attendee == attendee
        )
    ).all()
    pending_ids = [qid for qid, state in own if state == State.PENDING]
    own_pending = _questions(Question.id.in_(pending_ids)) if pending_ids else []
    voted = db.session.scalars(
        select(Vote.question_id)
        .join(Question, Question.id == Vote.question_id)
        .where(Question.event_id == event.id, Vote.attendee == attendee)
    ).all()
    return {
        "event": public.event,
        "questions": public.question_list()
        + [own_question(staff_question(q)) for q in own_pending],
        "voted": sorted(voted),
        "asked": sorted(qid for qid, _ in own),
        "seq": public.seq,
    }


def panelist_ids_of(event: Event, user_id: int) -> list[int]:
    """The event's panel seats held by this staff account (panelists see their questions)."""
    return [p.id for p in event.panelists if p.user_id == user_id]
