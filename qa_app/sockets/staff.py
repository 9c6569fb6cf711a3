"""Socket.IO handlers of ``/staff``: join, snapshot, moderate, translate and configure.

Identity is the signed-in session; the sender's grant is read afresh for every event.
"""

from flask import session
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, join_room

from qa_app.domain import snapshot
from qa_app.domain.access import permissions
from qa_app.domain.agenda import settings
from qa_app.domain.questions import operations as questions
from qa_app.domain.safety import measures as safety
from qa_app.live import broadcast, socket_closer
from qa_app.live.broadcast import STAFF_NS
from qa_app.sockets.handlers import (
    EVENT_KEY,
    acknowledged,
    action_fields,
    announce,
    connect_only,
    event_from_auth,
    staff_actor,
    too_many_sockets,
)
from qa_app.web.auth import current_actor
from qa_app.web.rate_limits import check_sync, may_open_socket


@connect_only
def staff_connect(auth=None):
    """A staff member joins: needs a signed-in session and a role on the event."""
    if current_actor(None) is None:
        raise ConnectionRefusedError(_("Please sign in."))
    event = event_from_auth(auth)
    actor = current_actor(event)
    if not permissions.can_connect(actor.grant):
        raise ConnectionRefusedError(_("You have no role on this event."))
    own_room = broadcast.user_event_room(actor.user_id, event.code)
    if not may_open_socket(socket_closer.sockets_in(STAFF_NS, own_room)):
        raise ConnectionRefusedError(too_many_sockets())
    session[EVENT_KEY] = event.code
    join_room(broadcast.event_room(event.code))
    join_room(broadcast.user_room(actor.user_id))
    join_room(own_room)


@acknowledged
def staff_sync(event, payload):
    """Staff ask for a snapshot. Ack: ``event``, every question, ``me``, ``seq``
    (``rate_limited`` past ``QA_SYNC_RATE`` for this socket)."""
    check_sync()
    actor = staff_actor(event)
    seq = event.seq
    return {
        "event": event.to_dict(),
        "questions": snapshot.staff_view(event),
        "me": {
            "voted": [],
            "user": {
                "name": actor.name,
                "email": actor.email,
                "role": actor.role,
                "roles": sorted(actor.grant.roles),
                "languages": None
                if actor.grant.languages is None
                else sorted(actor.grant.languages),
            },
            "panelist_ids": snapshot.panelist_ids_of(event, actor.user_id),
        },
        "word_lists": safety.word_lists(event),
        "seq": seq,
    }


@acknowledged
def moderate(event, payload):
    """Staff change a question. Ack: ``question`` (the one named; ``highlight`` without
    ``question_id`` takes the first of up next). Staff and, as allowed, attendees hear
    every question that changed."""
    changes = questions.moderate(
        event,
        staff_actor(event),
        payload.get("question_id"),
        payload.get("action"),
        **action_fields(payload),
    )
    return {"question": announce(changes).question}


@acknowledged
def translate(event, payload):
    """Interpreter or moderator translates the question, or its written answer
    (``part: "answer"``). Ack: ``question``. Everyone who sees it hears it."""
    change = questions.translate(
        event,
        staff_actor(event),
        payload.get("question_id"),
        payload.get("language"),
        payload.get("text"),
        part=payload.get("part", "question"),
    )
    broadcast.question_changed(change)
    return {"question": change.question}


@acknowledged
def configure(event, payload):
    """Moderator opens, closes or premoderates. Ack: ``event``. Everyone hears ``event``."""
    change = settings.configure(
        event,
        staff_actor(event),
        premoderation=payload.get("premoderation"),
        accepting=payload.get("accepting"),
    )
    broadcast.event_changed(change)
    return {"event": change.event}


HANDLERS = {
    STAFF_NS: {
        "connect": staff_connect,
        "sync": staff_sync,
        "moderate": moderate,
        "translate": translate,
        "configure": configure,
    },
}
