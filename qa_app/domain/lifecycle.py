"""An event's life: archived events refuse every change; the per-attendee question cap.

API
- ``refuse_if_archived(event)``: raises ``Closed`` (code ``closed``) on an archived event.
  Every unit of work that changes an event or its questions calls it first.
- ``check_question_cap(event, attendee)``: raises ``Closed`` once the attendee has asked
  ``event.question_cap`` questions (no cap when None).
- The status (``scheduled``, ``live``, ``ended``) is ``Event.status(now)``: it follows the
  times, and closing the Q&A ends it early.
"""

from sqlalchemy import func, select

from qa_app.domain.errors import N_, Closed
from qa_app.extensions import db
from qa_app.models import Event, Question


def refuse_if_archived(event: Event) -> None:
    if event.archived_at is not None:
        raise Closed(N_("This event is archived: it is read-only and can no longer be changed."))


def check_question_cap(event: Event, attendee: str) -> None:
    if event.question_cap is None:
        return
    asked = db.session.scalar(
        select(func.count())
        .select_from(Question)
        .where(Question.event_id == event.id, Question.attendee == attendee)
    )
    if asked >= event.question_cap:
        raise Closed(
            N_("You have asked the most questions this event allows (%(cap)d)."),
            cap=event.question_cap,
        )
