"""Abuse handling: banning an attendee from an event, and words that hold questions.

- ``ban(event, actor, question_id, reason, on)``: bans (or un-bans) whoever asked that
  question (staff never see attendee identities; a question is the handle). Their
  pending and published questions are dismissed, so they leave the public lists;
  their later asks and votes are refused with ``forbidden``. Commits.
- ``set_held_words(event, actor, language, words)``: the event's word list for one
  language. A new question in that language containing one of the words (whole words,
  ignoring case and accents) waits for a moderator even with premoderation off.
- ``refuse_if_banned`` and ``held_word`` are the checks ``ask`` and ``vote`` make.

Bans are read through a per-process cache refreshed every ``BAN_CACHE_SECONDS``: a
vote does not pay a query, and another worker sees a new ban within that time.
"""

import threading
import time

from sqlalchemy import select

from qa_app.domain import rules
from qa_app.domain.access.permissions import can_moderate
from qa_app.domain.changes import Actor, QuestionChange
from qa_app.domain.errors import N_, Forbidden, Invalid, NotFound
from qa_app.domain.lifecycle import refuse_if_archived
from qa_app.domain.questions import upnext
from qa_app.domain.questions.unit import Unit
from qa_app.domain.safety import skeleton
from qa_app.domain.store import bump_seq
from qa_app.extensions import db
from qa_app.models import Question, State
from qa_app.models.safety import AttendeeBan, HeldWords

BAN_CACHE_SECONDS = 2.0
MAX_WORDS = 500
MAX_WORD_CHARS = 80
BANNED = "banned"  # the reason recorded on the questions a ban dismissed

_bans: dict[int, tuple[float, frozenset[str]]] = {}
_bans_lock = threading.Lock()


def _banned(event_id: int) -> frozenset[str]:
    with _bans_lock:
        cached = _bans.get(event_id)
    if cached and time.monotonic() - cached[0] < BAN_CACHE_SECONDS:
        return cached[1]
    query = select(AttendeeBan.attendee).where(AttendeeBan.event_id == event_id)
    banned = frozenset(db.session.scalars(query))
    with _bans_lock:
        _bans[event_id] = (time.monotonic(), banned)
    return banned


def forget_bans(event_id: int) -> None:
    with _bans_lock:
        _bans.pop(event_id, None)


def refuse_if_banned(event, attendee: str) -> None:
    if attendee in _banned(event.id):
        raise Forbidden(N_("A moderator has stopped you from asking or voting at this event."))


def ban(event, actor: Actor, question_id, reason=None, on=True) -> tuple[bool, list]:
    """Ban (``on``) or un-ban the asker of ``question_id``; returns (banned, changes)."""
    if not can_moderate(actor.grant):
        raise Forbidden(N_("Only moderators can do that."))
    refuse_if_archived(event)
    on = rules.clean_flag(on)
    reason = rules.clean_text(
        reason, field_max=rules.MAX_REASON_CHARS, required=False, empty_message=""
    )
    question = db.session.get(Question, rules.clean_id(question_id))
    if question is None or question.event_id != event.id:
        raise NotFound(N_("That question does not exist."))
    seq = bump_seq(event.id)  # takes the event's row lock, as moderate() does
    attendee = question.attendee
    mine = (AttendeeBan.event_id == event.id, AttendeeBan.attendee == attendee)
    existing = db.session.scalar(select(AttendeeBan).where(*mine))
    changes = []
    if not on:
        if existing is not None:
            db.session.delete(existing)
    elif existing is None:
        banned = AttendeeBan(event_id=event.id, attendee=attendee, reason=reason)
        banned.banned_by = actor.user_id
        db.session.add(banned)
        changes = _dismiss_all(event, actor, attendee, seq)
    db.session.commit()
    forget_bans(event.id)
    return on, changes


def _dismiss_all(event, actor: Actor, attendee: str, seq: int) -> list[QuestionChange]:
    live = (State.PENDING, State.PUBLISHED)
    questions = db.session.scalars(
        select(Question).where(
            Question.event_id == event.id, Question.attendee == attendee, Question.state.in_(live)
        )
    ).all()
    unit = Unit(event, actor, seq)
    for question in questions:
        before = question.state
        unit.watch(question, "dismiss")
        question.state = rules.next_state(before, "dismiss", question.highlighted)
        question.highlighted = False
        question.dismiss_reason = question.dismiss_reason_code = None  # the asker is not told
        upnext.settle(unit, question)
        unit.record(question, "dismiss", before, BANNED)
    return unit.changes() if questions else []


def held_word(event, language: str, *texts: str | None) -> str | None:
    """The first word of the event's list for ``language`` found in any of ``texts`` (the
    question and the asker's name), or None. Compared on skeletons (skeleton.py), so
    "c.h.e.a.p", "ch\u00adeap" and a Cyrillic "с" still match "cheap"."""
    this_list = (HeldWords.event_id == event.id, HeldWords.language == language)
    words = db.session.scalar(select(HeldWords.words).where(*this_list))
    if not words:
        return None
    seen = tuple(spelling for text in texts if text for spelling in skeleton.spellings(text))
    for word in words.split("\n"):
        if skeleton.has_phrase(seen, skeleton.skeleton(word)):
            return word
    return None


def word_lists(event) -> dict[str, list[str]]:
    rows = db.session.execute(
        select(HeldWords.language, HeldWords.words).where(HeldWords.event_id == event.id)
    )
    return {language: words.split("\n") for language, words in rows if words}


def set_held_words(event, actor: Actor, language, words) -> dict[str, list[str]]:
    """Replace the word list of one language; returns every list of the event."""
    if not can_moderate(actor.grant):
        raise Forbidden(N_("Only moderators can do that."))
    refuse_if_archived(event)
    language = rules.clean_language(language, event.languages)
    if not isinstance(words, list) or len(words) > MAX_WORDS:
        raise Invalid(N_("Send a list of at most %(limit)s words."), limit=MAX_WORDS)
    cleaned = []
    for word in words:
        word = rules.clean_text(word, field_max=MAX_WORD_CHARS, required=False, empty_message="")
        word = " ".join(word.split()) if word else None
        if word and word not in cleaned:
            cleaned.append(word)
    row = db.session.scalar(
        select(HeldWords).where(HeldWords.event_id == event.id, HeldWords.language == language)
    )
    if row is None:
        row = HeldWords(event_id=event.id, language=language)
        db.session.add(row)
    row.words = "\n".join(cleaned)
    db.session.commit()
    return word_lists(event)
