"""Units of work on questions: ask, vote, moderate, translate.

Each one validates, changes the database in one short transaction, commits, and
returns what changed as plain data. None of them emits anything.
"""

from sqlalchemy import select

from ..extensions import db
from ..models import (
    PUBLIC_STATES,
    Event,
    Panelist,
    Question,
    State,
    StateChange,
    Topic,
    Translation,
    utcnow,
)
from . import rules, safety, store
from .changes import Actor, QuestionChange, VoteChange
from .errors import N_, Closed, Conflict, Forbidden, Invalid, NotFound
from .language import check_language
from .permissions import can_moderate, can_translate
from .store import bump_seq

ATTENDEE_ACTOR = "attendee"


def _record(question: Question, action: str, before: str | None, actor: Actor | None, reason=None):
    db.session.add(
        StateChange(
            question=question,
            action=action,
            from_state=before,
            to_state=question.state,
            actor=actor.email if actor else ATTENDEE_ACTOR,
            actor_user_id=actor.user_id if actor else None,
            reason=reason,
        )
    )


def _change(event: Event, question: Question, seq: int, was_public: bool, action: str, reason=None):
    db.session.flush()
    return QuestionChange(
        event_code=event.code,
        seq=seq,
        question=question.to_staff_dict(),
        attendee=question.attendee,
        was_public=was_public,
        action=action,
        reason=reason,
    )


def _question_of(event: Event, question_id) -> Question:
    question = db.session.get(Question, rules.clean_id(question_id))
    if question is None or question.event_id != event.id:
        raise NotFound(N_("That question does not exist."))
    return question


def ask(
    event: Event,
    attendee: str,
    text,
    name=None,
    language=None,
    topic_id=None,
    confirm_language=False,
) -> QuestionChange:
    """An attendee asks a question; it is published at once unless premoderation is on.

    When the text confidently looks like another of the event's languages, nothing is
    stored and ``LanguageMismatch`` asks the asker to confirm (``confirm_language``).
    """
    text = rules.clean_question_text(text)
    name = rules.clean_name(name)
    language = rules.clean_language(language, event.languages)
    topic = None
    if topic_id is not None:
        topic = db.session.get(Topic, rules.clean_id(topic_id))
        if topic is None or topic.event_id != event.id:
            raise NotFound(N_("That topic does not exist."))
    if not event.accepting:
        raise Closed(N_("Questions are closed for now."))
    if not rules.clean_flag(confirm_language):
        check_language(text, language, event.languages)
    safety.refuse_if_banned(event, attendee)
    # A word on the event's list holds the question for a moderator, premoderation or not.
    held = safety.held_word(event, language, text)
    question = Question(
        event_id=event.id,
        attendee=attendee,
        text=text,
        name=name,
        language=language,
        topic=topic,
        state=State.PENDING if event.premoderation or held else State.PUBLISHED,
    )
    db.session.add(question)
    _record(question, "ask", None, None, reason=held and "held: " + held)
    seq = bump_seq(event.id)
    change = _change(event, question, seq, was_public=False, action="ask")
    db.session.commit()
    return change


def vote(event: Event, attendee: str, question_id, on) -> VoteChange:
    """Add or withdraw an attendee's vote; repeating the same vote changes nothing."""
    on = rules.clean_flag(on)
    safety.refuse_if_banned(event, attendee)  # a per-process cache: no query per vote
    # Plain rows, not ORM objects: this is the hottest path of a big event.
    question = store.question_for_vote(rules.clean_id(question_id))
    if question is None or question.event_id != event.id:
        raise NotFound(N_("That question does not exist."))
    if question.state not in PUBLIC_STATES and question.attendee != attendee:
        raise NotFound(N_("That question does not exist."))
    if question.state != State.PUBLISHED:
        raise Conflict(N_("Voting is closed for this question."))
    changed = store.set_vote(question.id, attendee, on, utcnow())
    if changed:
        votes = store.count_vote(question.id, 1 if on else -1)
        seq = bump_seq(event.id)
    else:
        votes, seq = question.votes, event.seq
    db.session.commit()
    return VoteChange(event.code, seq, question.id, votes, changed)


def _unhighlight_others(event: Event, keep: Question, actor: Actor) -> list[Question]:
    others = db.session.scalars(
        select(Question).where(
            Question.event_id == event.id, Question.highlighted, Question.id != keep.id
        )
    ).all()
    for other in others:
        other.highlighted = False
        _record(other, "unhighlight", other.state, actor)
    return list(others)


def moderate(event: Event, actor: Actor, question_id, action, **fields) -> list[QuestionChange]:
    """A moderator changes a question; returns every question that changed."""
    if not can_moderate(actor.role):
        raise Forbidden(N_("Only moderators can do that."))
    if not isinstance(action, str) or action not in rules.ACTIONS:
        raise Invalid(N_("Unknown action."))
    # Advancing seq first locks the event's row, so moderators acting at the same
    # moment take turns and each one reads the question as the other left it.
    seq = bump_seq(event.id)
    question = _question_of(event, question_id)
    before, was_public = question.state, question.is_public
    after = rules.next_state(before, action, question.highlighted)
    reason = None
    also_changed: list[Question] = []
    if action == "assign":
        if "panelist_id" not in fields:
            raise Invalid(N_("Choose a panelist, or none."))
        question.panelist = _panelist_of(event, fields["panelist_id"])
        reason = question.panelist.name if question.panelist else None
    elif action == "dismiss":
        reason = rules.clean_text(
            fields.get("reason"),
            field_max=rules.MAX_REASON_CHARS,
            required=False,
            empty_message="",
        )
        question.dismiss_reason = reason
        question.highlighted = False  # a dismissed question is not on screen
    elif action == "note":
        reason = rules.clean_text(
            fields.get("note"), field_max=rules.MAX_NOTE_CHARS, required=False, empty_message=""
        )
        question.answer_note = reason
    elif action == "highlight":
        also_changed = _unhighlight_others(event, question, actor)
        question.highlighted = True
        question.highlighted_at = utcnow()
    elif action == "unhighlight":
        question.highlighted = False
    elif action == "answer":
        question.highlighted = False
        question.answered_at = utcnow()
    elif action == "reopen":
        question.answered_at = None
    elif action == "restore":
        question.dismiss_reason = None
    question.state = after
    _record(question, action, before, actor, reason)
    changes = [_change(event, other, seq, other.is_public, "unhighlight") for other in also_changed]
    changes.append(_change(event, question, seq, was_public, action, reason))
    db.session.commit()
    return changes


def _panelist_of(event: Event, panelist_id) -> Panelist | None:
    if panelist_id is None:
        return None
    panelist = db.session.get(Panelist, rules.clean_id(panelist_id))
    if panelist is None or panelist.event_id != event.id:
        raise NotFound(N_("That panelist is not on this event's panel."))
    return panelist


def translate(event: Event, actor: Actor, question_id, language, text) -> QuestionChange:
    """An interpreter or moderator writes a translation; a person's work is verified."""
    if not can_translate(actor.role):
        raise Forbidden(N_("Only interpreters and moderators can translate."))
    seq = bump_seq(event.id)  # takes the event's row lock first, as in moderate()
    question = _question_of(event, question_id)
    language = rules.clean_language(language, event.languages)
    if language == question.language:
        raise Invalid(N_("A translation must be into another language than the original."))
    text = rules.clean_text(
        text,
        field_max=rules.MAX_TRANSLATION_CHARS,
        required=True,
        empty_message=N_("Please write the translation."),
    )
    existing = db.session.scalar(
        select(Translation).where(
            Translation.question_id == question.id, Translation.language == language
        )
    )
    if existing is None:
        existing = Translation(question=question, language=language)
        db.session.add(existing)
    existing.text = text
    # Attendees see who translated: a display name, never an e-mail address.
    existing.by = actor.name if actor.name and "@" not in actor.name else ""
    existing.by_user_id = actor.user_id
    existing.verified = True
    existing.updated_at = utcnow()
    _record(question, "translate", question.state, actor, language)
    db.session.flush()
    db.session.refresh(question, ["translations"])
    change = _change(event, question, seq, question.is_public, "translate", language)
    db.session.commit()
    return change
