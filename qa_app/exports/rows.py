"""The transcript as plain rows, in the order and with the filters asked for."""

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Event, Question, iso

ORDERS = ("asked", "votes", "answered")


def transcript_rows(event: Event, order: str = "asked", anonymous: bool = False) -> list[dict]:
    """One dict per question, with its translations and its full history."""
    query = (
        select(Question)
        .where(Question.event_id == event.id)
        .options(
            selectinload(Question.translations),
            selectinload(Question.history),
            selectinload(Question.panelist),
            selectinload(Question.topic),
        )
    )
    questions = list(db.session.scalars(query))
    if order == "votes":
        questions.sort(key=lambda q: (-q.votes, q.asked_at, q.id))
    elif order == "answered":
        # Answered ones in the order they were answered, then the rest as asked.
        questions.sort(key=lambda q: (q.answered_at is None, q.answered_at or q.asked_at, q.id))
    else:
        questions.sort(key=lambda q: (q.asked_at, q.id))
    zone = ZoneInfo(event.timezone)
    return [_row(q, zone, anonymous) for q in questions]


def _row(question: Question, zone: ZoneInfo, anonymous: bool) -> dict:
    local = question.asked_at.astimezone(zone)
    return {
        "id": question.id,
        "asked_at_utc": iso(question.asked_at),
        "asked_at_local": local.isoformat(timespec="seconds"),
        "language": question.language,
        "text": question.text,
        "translations": [
            {"language": t.language, "text": t.text, "by": t.by, "verified": t.verified}
            for t in question.translations
        ],
        "name": None if anonymous else question.name,
        "votes": question.votes,
        "state": question.state,
        "topic": question.topic.title if question.topic else None,
        "panelist": question.panelist.name if question.panelist else None,
        "highlighted_at": iso(question.highlighted_at),
        "answered_at": iso(question.answered_at),
        "answer_note": question.answer_note,
        "dismiss_reason": question.dismiss_reason,
        "history": [change.to_dict() for change in question.history],
    }
