"""Namespaces, rooms, event names and payloads: the only module that emits.

Everything here runs after the change it announces was committed. Payloads carry
data, never translated prose: each client renders labels in its own language.
"""

import json
import logging
import threading
import time

from .domain.changes import EventChange, QuestionChange, VoteChange
from .domain.payloads import own_question, public_question
from .domain.snapshot import public_cache
from .extensions import socketio

log = logging.getLogger(__name__)
ATTENDEE_NS = "/attendee"
STAFF_NS = "/staff"


def event_room(code: str) -> str:
    return "event:" + code


def attendee_room(code: str, attendee: str) -> str:
    return "attendee:%s:%s" % (code, attendee)


def user_room(user_id: int) -> str:
    return "user:%d" % user_id


public_payload = public_question
own_payload = own_question


def question_changed(change: QuestionChange) -> None:
    """Staff see every change; attendees see public questions, and askers their own.

    Sent at once (not coalesced). The process's join cache takes the change first.
    Attendee payloads come from allow-lists (domain/payloads.py); a change only staff
    can see (up next, interpreter flags, notes) is not sent to attendees at all.
    """
    public_cache().question_changed(change)
    seq, code = change.seq, change.event_code
    socketio.emit(
        "question",
        {"question": change.question, "seq": seq},
        to=event_room(code),
        namespace=STAFF_NS,
    )
    if change.staff_only:
        return
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
    for namespace in (STAFF_NS, ATTENDEE_NS):
        socketio.emit("event", payload, to=event_room(change.event_code), namespace=namespace)


class VoteCoalescer:
    """Collects vote counts and sends one ``votes`` message per event per window.

    Only the counts that changed in the window are sent, and each message is
    encoded once for the whole room. Counts are absolute and each question keeps the
    count of its newest change (by seq), so a late or repeated change cannot make a
    count go back. A message's seq is never lower than the previous message's for the
    event: clients keep, per question, the count with the highest seq, and a newer
    count must not be hidden behind an earlier message whose seq was higher.

    With several workers (``relay`` set), every worker hears every vote through Redis
    and sends the merged counts to its own clients only, so a client gets one
    ``votes`` message per window however many workers there are.
    """

    def __init__(self, window: float, relay: "RedisVoteRelay | None" = None):
        self.window = window
        self.relay = relay
        self._pending: dict[str, dict[int, tuple[int, int]]] = {}  # code: id: (votes, seq)
        self._newest: dict[str, dict[int, int]] = {}  # code: id: seq of the newest count
        self._sent_seq: dict[str, int] = {}
        self._lock = threading.Lock()
        self._running = False

    def add(self, code: str, question_id: int, votes: int, seq: int) -> bool:
        """Take a count; False when a newer one for that question was already taken."""
        with self._lock:
            newest = self._newest.setdefault(code, {})
            if seq <= newest.get(question_id, -1):
                return False
            newest[question_id] = seq
            self._pending.setdefault(code, {})[question_id] = (votes, seq)
            if not self._running:
                self._running = True
                socketio.start_background_task(self._flush_loop)
        return True

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
            payloads = []
            for code, counts in pending.items():
                seq = max(self._sent_seq.get(code, 0), *(s for _, s in counts.values()))
                self._sent_seq[code] = seq
                votes = {str(qid): count for qid, (count, _) in counts.items()}
                payloads.append((code, {"counts": votes, "seq": seq}))
        local_only = self.relay is not None  # every worker sends to its own clients
        for code, payload in payloads:
            for namespace in (ATTENDEE_NS, STAFF_NS):
                socketio.emit(
                    "votes",
                    payload,
                    to=event_room(code),
                    namespace=namespace,
                    ignore_queue=local_only,
                )

    def _flush_loop(self) -> None:
        # A steady cadence: the window counts from the start of the previous flush, so
        # the time spent sending to thousands of sockets is not added to every window.
        started = time.monotonic()
        while True:
            socketio.sleep(max(0.0, started + self.window - time.monotonic()))
            started = time.monotonic()
            self.flush()
            with self._lock:
                if not self._pending:
                    self._running = False
                    return


class RedisVoteRelay:
    """Shares vote changes between workers over a Redis channel (one small message
    per vote); each worker's coalescer merges them with its own."""

    CHANNEL = "qa_app:votes"

    def __init__(self, url: str):
        import redis

        self._redis = redis.Redis.from_url(url)
        self._started = False

    def publish(self, change: VoteChange) -> None:
        message = [change.event_code, change.question_id, change.votes, change.seq]
        try:
            self._redis.publish(self.CHANNEL, json.dumps(message))
        except Exception as exc:  # the vote is committed; clients re-sync once Redis is back
            log.warning("vote relay: cannot publish (%s)", exc)

    def start(self, app, coalescer: VoteCoalescer) -> None:
        """Listen in the background (called once by the serving process, wsgi.py)."""
        if not self._started:
            self._started = True
            socketio.start_background_task(self._listen, app, coalescer)

    def _listen(self, app, coalescer: VoteCoalescer) -> None:
        while True:
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.CHANNEL)
                for message in pubsub.listen():
                    code, question_id, votes, seq = json.loads(message["data"])
                    if coalescer.add(code, question_id, votes, seq):
                        with app.app_context():
                            public_cache().votes_changed(
                                VoteChange(code, seq, question_id, votes, True)
                            )
            except Exception as exc:
                log.warning("vote relay lost Redis (%s); reconnecting", exc)
                socketio.sleep(1.0)


_coalescer: VoteCoalescer | None = None


def init_app(app) -> None:
    global _coalescer
    queue = app.config["MESSAGE_QUEUE"]
    relay = RedisVoteRelay(queue) if queue and queue.startswith(("redis://", "rediss://")) else None
    _coalescer = VoteCoalescer(app.config["VOTES_WINDOW_SECONDS"], relay)


def start_workers_relay(app) -> None:
    """Called by the serving process: hear the other workers' votes (when there are any)."""
    if _coalescer is not None and _coalescer.relay is not None:
        _coalescer.relay.start(app, _coalescer)


def votes_changed(change: VoteChange) -> None:
    if change.changed:
        public_cache().votes_changed(change)
        _coalescer.add(change.event_code, change.question_id, change.votes, change.seq)
        if _coalescer.relay is not None:
            _coalescer.relay.publish(change)


def queue_restored(server) -> None:
    """The message queue is back after an outage: this worker's clients may have missed
    changes published meanwhile, so each is told to send ``sync`` again (``resync``)."""
    for namespace in (ATTENDEE_NS, STAFF_NS):
        server.emit("resync", {}, namespace=namespace, ignore_queue=True)


def disconnect_user(user_id: int) -> None:
    """Close a staff member's live sockets in this process (used at logout).

    Sockets on other workers lose their rights at their next event, since the
    session token they carry no longer matches.
    """
    server = socketio.server
    for sid, _ in list(server.manager.get_participants(STAFF_NS, user_room(user_id))):
        server.disconnect(sid, namespace=STAFF_NS)
