"""Question payloads: the staff form, and the attendee forms built from allow-lists.

Attendee payloads are never the staff form minus some fields: a new staff-only field
stays private until someone adds it to an allow-list on purpose.
"""

from qa_app.domain.questions.reading import read_aloud
from qa_app.domain.questions.versions import text_version
from qa_app.domain.safety import vote_origins
from qa_app.models import Question, WrittenAnswer, iso

# Everything an attendee may see of a public question.
PUBLIC_FIELDS = (
    "id",
    "text",
    "language",
    "translations",
    "name",
    "votes",
    "state",
    "highlighted",
    "panelist",
    "topic",
    "asked_at",
    "answered_at",
    "edited",
    "outcome",
    "answer",
    "merged",
    "also_asked_in",
)
# What the asker also sees of their own question: why it was not selected, where it went.
OWN_FIELDS = (*PUBLIC_FIELDS, "dismiss_reason", "dismiss_reason_code", "merged_into")


def _translations(rows) -> dict:
    return {t.language: {"text": t.text, "by": t.by, "verified": t.verified} for t in rows}


def answer_payload(answer: WrittenAnswer | None) -> dict | None:
    if answer is None:
        return None
    return {
        "text": answer.text,
        "language": answer.language,
        "by": answer.by,
        "at": iso(answer.written_at),
        "translations": _translations(answer.translations),
    }


def _merged(question: Question) -> list[dict]:
    return [
        {
            "id": source.id,
            "text": source.text,
            "language": source.language,
            "translations": _translations(source.translations),
        }
        for source in question.merged_sources
    ]


def answers_in(question: Question) -> str | None:
    """The language the assigned panelist answers in: the question's own when they speak
    it, otherwise the first of their languages the event has; None when there is no
    panelist, or they speak none of the event's languages.

    Computed here once, so the projector, the panelist's and the interpreters' views and
    the attendees' cards all say the same.
    """
    panelist = question.panelist
    if panelist is None:
        return None
    spoken = panelist.languages
    if question.language in spoken:
        return question.language
    event_languages = question.event.languages
    return next((code for code in spoken if code in event_languages), None)


def panelist_payload(question: Question) -> dict | None:
    if question.panelist is None:
        return None
    return {**question.panelist.to_dict(with_languages=False), "answers_in": answers_in(question)}


def staff_question(question: Question) -> dict:
    """Everything about a question, as staff see it."""
    merged = _merged(question)
    return {
        "id": question.id,
        "text": question.text,
        "language": question.language,
        "translations": _translations(question.translations),
        "name": question.name,
        "votes": question.votes,
        "state": question.state,
        "highlighted": question.highlighted,
        "panelist": panelist_payload(question),
        "topic": {"id": question.topic.id, "title": question.topic.title}
        if question.topic
        else None,
        "asked_at": iso(question.asked_at),
        "answered_at": iso(question.answered_at),
        "edited": question.edited_by == "moderator",
        "outcome": question.answered_how,
        "answer": answer_payload(question.written_answer),
        "merged": merged,
        "also_asked_in": sorted({m["language"] for m in merged} - {question.language}),
        # Staff only from here on.
        "answer_note": question.answer_note,
        "dismiss_reason": question.dismiss_reason,
        "dismiss_reason_code": question.dismiss_reason_code,
        "original_text": question.original_text,
        "original_language": question.original_language,
        "edited_by": question.edited_by,
        "merged_into": question.merged_into_id,
        "queue_position": question.queue_position,
        "interpreter_flag": question.interpreter_flag,
        "read_aloud": read_aloud(question),
        # What approve sends back: the text the moderator read (moderation.text_version).
        "version": text_version(question.text),
        # Most votes from one address in the last QA_IP_QUESTION_VOTE_RATE window, when
        # that is half the cap or more (vote_origins.py); else null.
        "votes_from_one_address": vote_origins.peak(question.id),
    }


def public_question(staff: dict) -> dict:
    """What every attendee may see of a staff payload."""
    return {name: staff[name] for name in PUBLIC_FIELDS}


def own_question(staff: dict) -> dict:
    """What the asker sees of their own question, in any state."""
    return {name: staff[name] for name in OWN_FIELDS}
