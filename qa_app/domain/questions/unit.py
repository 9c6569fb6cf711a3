"""The bookkeeping every unit of work on questions shares: finding a question, writing
its history, and turning what it touched into ``QuestionChange``s for the broadcaster."""

from dataclasses import dataclass

from qa_app.domain import rules
from qa_app.domain.changes import Actor, QuestionChange
from qa_app.domain.errors import N_, NotFound
from qa_app.domain.questions.payloads import staff_question
from qa_app.extensions import db
from qa_app.models import Event, Question, StateChange

ATTENDEE_ACTOR = "attendee"


def question_of(event: Event, question_id) -> Question:
    question = db.session.get(Question, rules.clean_id(question_id))
    if question is None or question.event_id != event.id:
        raise NotFound(N_("That question does not exist."))
    return question


@dataclass
class _Touched:
    question: Question
    was_public: bool
    action: str
    reason: str | None
    staff_only: bool


class Unit:
    """One unit of work by one actor (None: the asker) at one ``seq``."""

    def __init__(self, event: Event, actor: Actor | None, seq: int):
        self.event, self.actor, self.seq = event, actor, seq
        self._touched: dict[int, _Touched] = {}
        self.merging = False  # set by merges: they move questions between merged lists

    def watch(self, question: Question, action: str, staff_only: bool = False) -> None:
        """Call before changing a question: it remembers whether attendees saw it.

        ``staff_only``: nothing attendees see changes (up next, flags), so they are
        not sent the question again.
        """
        touched = self._touched.get(question.id)
        if touched is None:
            self._touched[question.id] = _Touched(
                question, question.is_public, action, None, staff_only
            )
        else:
            touched.staff_only = touched.staff_only and staff_only

    def record(self, question: Question, action: str, before: str | None, reason=None) -> None:
        """A history row: who did what, from which state to which, and why."""
        touched = self._touched.get(question.id)
        if touched is not None and touched.action == action:
            touched.reason = reason
        db.session.add(
            StateChange(
                question=question,
                action=action,
                from_state=before,
                to_state=question.state,
                actor=self.actor.email if self.actor else ATTENDEE_ACTOR,
                actor_user_id=self.actor.user_id if self.actor else None,
                reason=reason,
            )
        )

    def changes(self, main: Question | None = None) -> list[QuestionChange]:
        """What changed, the ``main`` question last (its payload is the ack's)."""
        db.session.flush()
        touched = sorted(
            self._touched.values(), key=lambda t: main is not None and t.question.id == main.id
        )
        if self.merging:
            for item in touched:
                db.session.expire(item.question, ["merged_sources"])  # a view-only list
        return [
            QuestionChange(
                event_code=self.event.code,
                seq=self.seq,
                question=staff_question(item.question),
                attendee=item.question.attendee,
                was_public=item.was_public,
                action=item.action,
                reason=item.reason,
                staff_only=item.staff_only,
            )
            for item in touched
        ]
