"""Namespaces, rooms, event names and payloads: the only module that emits.

Everything here runs after the change it announces was committed. Payloads carry
data, never translated prose: each client renders labels in its own language.
"""

from socketio import PubSubManager

from qa_app.domain.changes import EventChange, QuestionChange
from qa_app.domain.questions.payloads import own_question, public_question
from qa_app.domain.snapshot import public_cache
from qa_app.extensions import socketio
from qa_app.live import direct, socket_closer
from qa_app.live.coalescer import URGENT

ATTENDEE_NS = "/attendee"
STAFF_NS = "/staff"


def event_room(code: str) -> str:
    return "event:" + code


def attendee_room(code: str, attendee: str) -> str:
    return "attendee:%s:%s" % (code, attendee)


user_room = socket_closer.user_room
user_event_room = socket_closer.user_event_room


public_payload = public_question
own_payload = own_question


def question_changed(change: QuestionChange) -> None:
    """Staff see every change; attendees see public questions, and askers their own.

    Sent at once (not coalesced), marked urgent so that the votes window makes room for
    it. The process's join cache takes the change first. Attendee payloads come from
    allow-lists (domain/payloads.py); a change only staff can see (up next, interpreter
    flags, notes) is not sent to attendees at all.
    """
    with URGENT.urgent():
        _send_question(change)


def _send_question(change: QuestionChange) -> None:
    public_cache().question_changed(change)
    seq, code = change.seq, change.event_code
    to_room("question", {"question": change.question, "seq": seq}, event_room(code), STAFF_NS)
    if change.staff_only:
        return
    if change.public:
        payload = {"question": public_payload(change.question), "seq": seq}
        to_room("question", payload, event_room(code), ATTENDEE_NS)
        return
    if change.was_public:
        payload = {"id": change.question["id"], "seq": seq}
        to_room("question_removed", payload, event_room(code), ATTENDEE_NS)
    # The asker still sees their own question: pending, why it was not selected, where
    # it was merged, or that it was withdrawn (their page then drops it).
    socketio.emit(
        "question",
        {"question": own_question(change.question), "seq": seq},
        to=attendee_room(code, change.attendee),
        namespace=ATTENDEE_NS,
    )


def event_changed(change: EventChange) -> None:
    public_cache().event_changed(change)
    payload = {"event": change.event, "seq": change.seq}
    with URGENT.urgent():
        for namespace in (STAFF_NS, ATTENDEE_NS):
            to_room("event", payload, event_room(change.event_code), namespace)


def to_room(event: str, payload: dict, room: str, namespace: str) -> None:
    """A message for everyone in a room. With a message queue (several workers) it goes
    through the queue to every worker; otherwise it is framed once and written to this
    worker's sockets directly (live/direct.py)."""
    if isinstance(socketio.server.manager, PubSubManager):
        socketio.emit(event, payload, to=room, namespace=namespace)
    else:
        direct.emit(socketio.server, event, payload, namespace, room)


def send_votes(code: str, payload: dict, local: bool = True) -> int:
    """Send one coalesced ``votes`` message to the event's clients; returns how many.

    ``local``: to this process's clients only (one process, or Redis workers that each
    send the merged counts themselves), in batches; otherwise through the message queue.
    """
    room = event_room(code)
    if not local:
        for namespace in (STAFF_NS, ATTENDEE_NS):
            socketio.emit("votes", payload, to=room, namespace=namespace)
        return 0
    # Between batches of sockets the sender yields, so a question or settings change
    # emitted meanwhile reaches the clients not yet served before the rest of the votes.
    return sum(
        direct.emit(socketio.server, "votes", payload, namespace, room, pause=_yield)
        for namespace in (STAFF_NS, ATTENDEE_NS)
    )


def _yield() -> None:
    socketio.sleep(0)


def queue_restored(server) -> None:
    """The message queue is back after an outage: this worker's clients may have missed
    changes published meanwhile, so each is told to send ``sync`` again (``resync``)."""
    for namespace in (ATTENDEE_NS, STAFF_NS):
        server.emit("resync", {}, namespace=namespace, ignore_queue=True)


def close_user_sockets(user_id: int, event_code: str | None = None) -> int:
    """Close a person's live /staff sockets for one event (or all), on every worker.

    Used at logout, deactivation and when a grant is removed. Returns how many sockets
    this process closed; the other workers close theirs when the command reaches them
    through the message queue (see socket_closer.py). Any socket still open loses its
    rights at its next event anyway, since each event reads the grant again.
    """
    return socket_closer.closer().close(user_id, event_code)
