"""Socket.IO handlers of the moderator's toolkit: the asker's ``edit`` and ``withdraw``,
the moderator's ``bulk`` and ``similar``. Registered by ``sockets.init_app``."""

from flask import current_app, session

from qa_app.domain.questions import asker, similarity
from qa_app.domain.questions import operations as questions
from qa_app.domain.safety.ratelimit import check as check_rate
from qa_app.live import broadcast
from qa_app.live.broadcast import ATTENDEE_NS, STAFF_NS
from qa_app.sockets.handlers import (
    ATTENDEE_KEY,
    acknowledged,
    action_fields,
    announce,
    staff_actor,
)
from qa_app.web.rate_limits import limiter


@acknowledged
def attendee_edit(event, payload):
    """Asker rewrites their pending question (``question_id``, ``text``). Ack: ``question``.

    Staff hear ``question``; so does the asker (it is not public yet).
    """
    attendee = session[ATTENDEE_KEY]
    # Edits and withdrawals share one budget of the ask rate, apart from asking.
    check_rate(limiter(), "change:" + attendee, current_app.config["ASK_RATE"])
    changes = asker.edit(event, attendee, payload.get("question_id"), payload.get("text"))
    return {"question": broadcast.own_payload(announce(changes).question)}


@acknowledged
def withdraw(event, payload):
    """Asker withdraws their pending or published question. Ack: ``question``.

    Staff hear ``question`` (state ``withdrawn``), attendees ``question_removed`` when it
    was public; questions merged into it come back and are heard as usual.
    """
    attendee = session[ATTENDEE_KEY]
    check_rate(limiter(), "change:" + attendee, current_app.config["ASK_RATE"])
    changes = asker.withdraw(event, attendee, payload.get("question_id"))
    return {"question": broadcast.own_payload(announce(changes).question)}


@acknowledged
def bulk(event, payload):
    """Moderator applies one action to several questions, all or none.

    Ack: ``questions`` (staff form). A refusal carries ``question_id``, the one refused.
    """
    changes = questions.bulk(
        event,
        staff_actor(event),
        payload.get("question_ids"),
        payload.get("action"),
        **action_fields(payload),
    )
    for change in changes:
        broadcast.question_changed(change)
    wanted = set(payload["question_ids"])
    return {"questions": [c.question for c in changes if c.question["id"] in wanted]}


@acknowledged
def similar(event, payload):
    """Moderator asks for questions like this one. Ack: ``suggestions``; nobody hears it."""
    suggestions = similarity.similar(event, staff_actor(event), payload.get("question_id"))
    return {"suggestions": suggestions}


HANDLERS = {
    ATTENDEE_NS: {"edit": attendee_edit, "withdraw": withdraw},
    STAFF_NS: {"bulk": bulk, "similar": similar},
}
