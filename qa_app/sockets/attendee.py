"""Socket.IO handlers of ``/attendee``: join, snapshot, ask and vote.

Identity is the attendee cookie set by ``GET /e/<code>`` before the socket connects.
"""

from flask import session
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, join_room

from qa_app.domain import snapshot
from qa_app.domain.errors import N_, Invalid
from qa_app.domain.questions import operations as questions
from qa_app.live import broadcast, fanout, socket_closer
from qa_app.live.broadcast import ATTENDEE_NS
from qa_app.live.coalescer import URGENT
from qa_app.sockets.handlers import (
    ATTENDEE_KEY,
    EVENT_KEY,
    acknowledged,
    connect_only,
    event_from_auth,
    too_many_sockets,
)
from qa_app.web.i18n import default_question_language
from qa_app.web.rate_limits import (
    check_action,
    check_question_vote,
    check_sync,
    may_open_socket,
    question_vote_warning,
)


@connect_only
def attendee_connect(auth=None):
    """An attendee joins: needs the identity cookie from ``GET /e/<code>``."""
    if not session.get(ATTENDEE_KEY):
        raise ConnectionRefusedError(_("Open the event page first."))
    with URGENT.urgent():  # a join storm widens the votes window
        event = event_from_auth(auth)
        own_room = broadcast.attendee_room(event.code, session[ATTENDEE_KEY])
        if not may_open_socket(socket_closer.sockets_in(ATTENDEE_NS, own_room)):
            raise ConnectionRefusedError(too_many_sockets())
        session[EVENT_KEY] = event.code
        join_room(broadcast.event_room(event.code))
        join_room(own_room)


@acknowledged
def attendee_sync(event, payload):
    """Attendee asks for a snapshot. Ack: ``event``, ``questions``, ``me``, ``seq``
    (``rate_limited`` past ``QA_SYNC_RATE`` for this socket)."""
    check_sync()
    with URGENT.urgent():
        view = snapshot.attendee_view(event, session[ATTENDEE_KEY])  # cached public part
    return {
        "event": view["event"],
        "questions": view["questions"],
        "me": {"voted": view["voted"], "asked": view["asked"]},
        "seq": view["seq"],
    }


@acknowledged
def ask(event, payload):
    """Attendee asks. Ack: ``question``. Staff hear ``question``; attendees too once published.

    ``language`` defaults to the sender's interface language when the event has it. If the
    text confidently looks like another of the event's languages, the ack is a ``conflict``
    with ``detected``; sending again with ``confirm_language: true`` keeps the choice.
    """
    attendee = session[ATTENDEE_KEY]
    check_action("ask", attendee)
    change = questions.ask(
        event,
        attendee,
        payload.get("text"),
        name=payload.get("name"),
        language=payload.get("language", default_question_language(event.languages)),
        topic_id=payload.get("topic_id"),
        confirm_language=payload.get("confirm_language", False),
    )
    broadcast.question_changed(change)
    return {"question": broadcast.public_payload(change.question)}


@acknowledged
def vote(event, payload):
    """Attendee votes or withdraws. Ack: ``question_id``, ``votes``. Everyone hears ``votes``;
    staff also hear ``question`` when the votes from one address reach the warning level."""
    attendee = session[ATTENDEE_KEY]
    check_action("vote", attendee)
    if "on" not in payload:
        raise Invalid(N_("Say whether the vote is on or off."))
    question_id = payload.get("question_id")
    from_here = check_question_vote(event.code, question_id) if payload["on"] is True else 0
    change = questions.vote(event, attendee, question_id, payload["on"])
    fanout.votes_changed(change)
    if change.changed and from_here and question_vote_warning(change.question_id, from_here):
        # Staff see "votes from one address" on the card (a staff-only change).
        broadcast.question_changed(questions.staff_view(event, change.question_id, change.seq))
    return {"question_id": change.question_id, "votes": change.votes}


HANDLERS = {
    ATTENDEE_NS: {
        "connect": attendee_connect,
        "sync": attendee_sync,
        "ask": ask,
        "vote": vote,
    },
}
