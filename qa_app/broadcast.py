"""Namespaces, rooms, event names and payloads: the only module that emits.

Everything here runs after the change it announces was committed. Payloads carry
data, never translated prose: each client renders labels in its own language.
"""

import threading

from .domain.changes import EventChange, QuestionChange, VoteChange
from .domain.snapshot import public_cache, public_question
from .extensions import socketio

ATTENDEE_NS = "/attendee"
STAFF_NS = "/staff"


def event_room(code: str) -> str:
    return "event:" + code


def attendee_room(code: str, attendee: str) -> str:
    return "attendee:%s:%s" % (code, attendee)


def user_room(user_id: int) -> str:
    return "user:%d" % user_id


public_payload = public_question


def question_changed(change: QuestionChange) -> None:
    """Staff see every change; attendees see public questions, and askers their own.

    Sent at once (not coalesced). The process's join cache takes the change first.
    """
    public_cache().question_changed(change)
    seq, code = change.seq, change.event_code
    socketio.emit(
        "question",
        {"question": change.question, "seq": seq},
        to=event_room(code),
        namespace=STAFF_NS,
    )
    if change.public:
        socketio.emit(
            "question",
            {"question": public_payload(change.question), "seq": seq},
            to=event_room(code),
            namespace=ATTENDEE_NS,
        )
        return
    if change.was_public:
        socketio.emit(
            "question_removed",
            {"id": change.question["id"], "seq": seq},
            to=event_room(code),
            namespace=ATTENDEE_NS,
        )
    # The asker still sees their own pending question, and why it was not selected.
    own = public_payload(change.question)
    own["dismiss_reason"] = change.question.get("dismiss_reason")
    socketio.emit(
        "question",
        {"question": own, "seq": seq},
        to=attendee_room(code, change.attendee),
        namespace=ATTENDEE_NS,
    )


def event_changed(change: EventChange) -> None:
    public_cache().event_changed(change)
    payload = {"event": change.event, "seq": change.seq}
    for namespace in (STAFF_NS, ATTENDEE_NS):
        socketio.emit("event", payload, to=event_room(change.event_code), namespace=namespace)


class VoteCoalescer:
    """Collects vote counts and sends one ``votes`` message per event per window.

    Only the counts that changed in the window are sent, and each message is
    encoded once for the whole room. Counts are absolute, so a late or repeated
    message cannot make a count drift; clients keep the one with the highest seq.
    """

    def __init__(self, window: float):
        self.window = window
        self._pending: dict[str, tuple[dict[str, int], int]] = {}
        self._lock = threading.Lock()
        self._running = False

    def add(self, change: VoteChange) -> None:
        with self._lock:
            counts, seq = self._pending.get(change.event_code, ({}, 0))
            counts[str(change.question_id)] = change.votes
            self._pending[change.event_code] = (counts, max(seq, change.seq))
            if not self._running:
                self._running = True
                socketio.start_background_task(self._flush_loop)

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        for code, (counts, seq) in pending.items():
            payload = {"counts": counts, "seq": seq}
            for namespace in (ATTENDEE_NS, STAFF_NS):
                socketio.emit("votes", payload, to=event_room(code), namespace=namespace)

    def _flush_loop(self) -> None:
        while True:
            socketio.sleep(self.window)
            self.flush()
            with self._lock:
                if not self._pending:
                    self._running = False
                    return


_coalescer: VoteCoalescer | None = None


def init_app(app) -> None:
    global _coalescer
    _coalescer = VoteCoalescer(app.config["VOTES_WINDOW_SECONDS"])


def votes_changed(change: VoteChange) -> None:
    if change.changed:
        public_cache().votes_changed(change)
        _coalescer.add(change)


def disconnect_user(user_id: int) -> None:
    """Close a staff member's live sockets in this process (used at logout).

    Sockets on other workers lose their rights at their next event, since the
    session token they carry no longer matches.
    """
    server = socketio.server
    for sid, _ in list(server.manager.get_participants(STAFF_NS, user_room(user_id))):
        server.disconnect(sid, namespace=STAFF_NS)
