"""The transcript as plain rows, in the order and with the filters asked for.

Every format is rendered from a ``Transcript``; nothing after ``load_transcript`` touches
the database, so the formats are tested on plain data.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from qa_app.exports.filters import ORDERS, ExportOptions
from qa_app.extensions import db
from qa_app.models import Event, Question, State, Vote, WrittenAnswer, iso

__all__ = ["ORDERS", "Transcript", "load_transcript"]
PUBLIC_STATES = (State.PUBLISHED, State.ANSWERED)


@dataclass(frozen=True)
class Transcript:
    event: dict  # Event.to_dict()
    rows: list[dict]
    options: ExportOptions = field(default_factory=ExportOptions)
    vote_times: list[datetime] = field(default_factory=list)  # each counted vote, UTC
    participants: int = 0  # distinct attendees who asked or voted on these questions


def _conditions(event: Event, options: ExportOptions) -> list:
    conditions = [Question.event_id == event.id]
    if options.state:
        conditions.append(Question.state == options.state)
    if options.language:
        conditions.append(Question.language == options.language)
    if options.topic_id:
        conditions.append(Question.topic_id == options.topic_id)
    if options.panelist_id:
        conditions.append(Question.panelist_id == options.panelist_id)
    return conditions


def _sorted(questions: list[Question], order: str) -> list[Question]:
    if order == "votes":
        return sorted(questions, key=lambda q: (-q.votes, q.asked_at, q.id))
    if order == "answered":
        # Answered ones in the order they were answered, then the rest as asked.
        return sorted(
            questions, key=lambda q: (q.answered_at is None, q.answered_at or q.asked_at, q.id)
        )
    return sorted(questions, key=lambda q: (q.asked_at, q.id))


def load_transcript(event: Event, options: ExportOptions | None = None) -> Transcript:
    """Read the questions, their votes and who took part, as the options say."""
    options = options or ExportOptions()
    conditions = _conditions(event, options)
    query = (
        select(Question)
        .where(*conditions)
        .options(
            selectinload(Question.translations),
            selectinload(Question.history),
            selectinload(Question.panelist),
            selectinload(Question.topic),
            selectinload(Question.merged_sources),
            selectinload(Question.written_answer).selectinload(WrittenAnswer.translations),
        )
    )
    questions = _sorted(list(db.session.scalars(query)), options.order)
    # A vote pooled into a question by a merge is the same person's vote again: not counted.
    votes = db.session.execute(
        select(Vote.created_at, Vote.attendee)
        .join(Question, Question.id == Vote.question_id)
        .where(*conditions, Vote.via_question_id.is_(None))
    ).all()
    people = {q.attendee for q in questions} | {attendee for _at, attendee in votes}
    zone = ZoneInfo(event.timezone)
    return Transcript(
        event=event.to_dict(),
        rows=[_row(q, zone, options.anonymous) for q in questions],
        options=options,
        vote_times=sorted(at for at, _attendee in votes),
        participants=len(people),
    )


def _was_public(question: Question) -> bool:
    return question.state in PUBLIC_STATES or any(
        change.to_state in PUBLIC_STATES for change in question.history
    )


def _row(question: Question, zone: ZoneInfo, anonymous: bool) -> dict:
    """One question with its translations and its full history."""
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
        "was_published": _was_public(question),
        "topic_id": question.topic_id,
        "topic": question.topic.title if question.topic else None,
        "panelist_id": question.panelist_id,
        "panelist": question.panelist.name if question.panelist else None,
        "highlighted_at": iso(question.highlighted_at),
        "answered_at": iso(question.answered_at),
        "answer_note": question.answer_note,
        "dismiss_reason": question.dismiss_reason,
        "dismiss_reason_code": question.dismiss_reason_code,
        "original_text": question.original_text,  # before the first edit, if edited
        "original_language": question.original_language,
        "edited_by": question.edited_by,
        "outcome": question.answered_how,
        "written_answer": _answer(question.written_answer),
        "merged_into": question.merged_into_id,
        "merged": [source.id for source in question.merged_sources],
        "history": [change.to_dict() for change in question.history],
    }


def _answer(answer: WrittenAnswer | None) -> dict | None:
    if answer is None:
        return None
    return {
        "text": answer.text,
        "language": answer.language,
        "by": answer.by,
        "at": iso(answer.written_at),
        "translations": [
            {"language": t.language, "text": t.text, "by": t.by, "verified": t.verified}
            for t in answer.translations
        ],
    }
