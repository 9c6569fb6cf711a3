"""Units of work on questions: ask, vote, translate (moderating is in moderation.py).

Each one validates, changes the database in one short transaction, commits, and
returns what changed as plain data. None of them emits anything.
"""

from sqlalchemy.orm.attributes import set_committed_value

from qa_app.domain import rules, store
from qa_app.domain.access.permissions import can_translate
from qa_app.domain.changes import Actor, QuestionChange, VoteChange
from qa_app.domain.errors import N_, Closed, Conflict, Forbidden, Invalid, NotFound
from qa_app.domain.lifecycle import check_question_cap, refuse_if_archived
from qa_app.domain.questions import answers
from qa_app.domain.questions.editing import topic_of
from qa_app.domain.questions.language import check_language
from qa_app.domain.questions.moderation import bulk, moderate
from qa_app.domain.questions.payloads import staff_question
from qa_app.domain.questions.translating import save_translation
from qa_app.domain.questions.unit import Unit, question_of
from qa_app.domain.safety import measures as safety
from qa_app.domain.store import bump_seq
from qa_app.extensions import db
from qa_app.models import PUBLIC_STATES, Event, Question, State, Translation, utcnow

__all__ = ["ask", "bulk", "moderate", "staff_view", "translate", "vote"]
TRANSLATABLE_PARTS = ("question", "answer")


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
    refuse_if_archived(event)
    text = rules.clean_question_text(text)
    name = rules.clean_name(name)
    language = rules.clean_language(language, event.languages)
    topic = topic_of(event, topic_id)
    if not event.accepting:
        raise Closed(N_("Questions are closed for now."))
    check_question_cap(event, attendee)
    if not rules.clean_flag(confirm_language):
        check_language(text, language, event.languages)
    safety.refuse_if_banned(event, attendee)
    # A word on the event's list holds the question for a moderator, premoderation or not.
    held = safety.held_word(event, language, text, name)
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
    db.session.flush()  # gives it its id
    # A new question has none of these yet: no need to ask the database.
    for name, empty in (("translations", []), ("merged_sources", []), ("written_answer", None)):
        set_committed_value(question, name, empty)
    unit = Unit(event, None, bump_seq(event.id))
    unit.watch(question, "ask")
    unit.record(question, "ask", None, reason=held and "held: " + held)
    change = unit.changes(question)[-1]
    db.session.commit()
    return change


def vote(event: Event, attendee: str, question_id, on) -> VoteChange:
    """Add or withdraw an attendee's vote; repeating the same vote changes nothing."""
    refuse_if_archived(event)
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
        votes, seq = store.count_vote_with_seq(question.id, 1 if on else -1, event.id)
    else:
        votes, seq = question.votes, event.seq
    db.session.commit()
    return VoteChange(event.code, seq, question.id, votes, changed)


def _translate_question(actor: Actor, question: Question, language, text) -> str:
    return save_translation(
        actor,
        Translation,
        "question",
        question,
        question.event.languages,
        language,
        text,
        rules.MAX_TRANSLATION_CHARS,
    )


def translate(event: Event, actor: Actor, question_id, language, text, part="question"):
    """An interpreter or moderator translates a question, or (``part="answer"``) its
    written answer; a person's work is verified."""
    refuse_if_archived(event)
    if not can_translate(actor.grant):
        raise Forbidden(N_("Only interpreters and moderators can translate."))
    if isinstance(language, str) and not can_translate(actor.grant, language):
        raise Forbidden(N_("You do not translate into that language on this event."))
    if part not in TRANSLATABLE_PARTS:
        raise Invalid(N_("Translate either the question or its answer."))
    unit = Unit(event, actor, bump_seq(event.id))  # takes the event's row lock first
    question = question_of(event, question_id)
    unit.watch(question, "translate")
    if part == "answer":
        language = answers.translate_answer(actor, question, language, text)
        action = "translate_answer"
    else:
        language = _translate_question(actor, question, language, text)
        action = "translate"
    unit.record(question, action, question.state, language)
    db.session.flush()
    db.session.refresh(question, ["translations"])
    if question.written_answer is not None:
        db.session.refresh(question.written_answer, ["translations"])
    change = unit.changes(question)[-1]
    db.session.commit()
    return change


def staff_view(event: Event, question_id: int, seq: int) -> QuestionChange:
    """A question as staff see it now, as a staff-only change at ``seq`` (nothing changed
    for attendees: the moderators' vote warning)."""
    question = question_of(event, question_id)
    change = QuestionChange(
        event_code=event.code,
        seq=seq,
        question=staff_question(question),
        attendee=question.attendee,
        was_public=question.state in PUBLIC_STATES,
        action="vote_warning",
        staff_only=True,
    )
    db.session.commit()  # end the read
    return change
