"""Live fan-out, per serving process: the vote coalescer, the Redis relay between workers,
the event-loop lag monitor and the count of messages delivered.

broadcast.py emits; this module decides when vote counts go out and keeps the figures
that ``GET /metrics`` reports (each worker its own).
"""

import functools
from collections import deque
from dataclasses import dataclass

from flask import current_app

from qa_app.domain.changes import VoteChange
from qa_app.domain.snapshot import public_cache
from qa_app.extensions import socketio
from qa_app.live import broadcast, direct
from qa_app.live.coalescer import URGENT, LatencyWindow, VoteCoalescer
from qa_app.live.lag import LagMonitor
from qa_app.live.relay import RedisVoteRelay

EXTENSION_KEY = "qa_live"


class Deliveries:
    """Counts every Socket.IO packet this process writes to a client, and the rate:
    through the sockets' queues (counted here) and written directly (live/direct.py)."""

    def __init__(self):
        self.queued = 0
        self._samples: deque[tuple[float, int]] = deque(maxlen=11)  # about 10 s

    def install(self, engine) -> None:
        """Wrap the Engine.IO server's ``send_packet``: python-socketio hands it every
        packet for every client (room broadcasts included), from any async mode."""
        send = engine.send_packet

        def counting(sid, pkt):
            self.queued += 1
            return send(sid, pkt)

        engine.send_packet = counting

    @property
    def total(self) -> int:
        return self.queued + direct.STATS.direct

    def tick(self, now: float) -> None:
        """Sample the total (called often; keeps one sample a second)."""
        if not self._samples or now - self._samples[-1][0] >= 1.0:
            self._samples.append((now, self.total))

    def per_second(self) -> float:
        if len(self._samples) < 2:
            return 0.0
        (t0, n0), (t1, n1) = self._samples[0], self._samples[-1]
        return (n1 - n0) / (t1 - t0)


@dataclass
class Live:
    coalescer: VoteCoalescer
    relay: RedisVoteRelay | None
    lag: LagMonitor
    deliveries: Deliveries
    started: bool = False


def init_app(app) -> None:
    queue = app.config["MESSAGE_QUEUE"]
    redis_queue = bool(queue) and queue.startswith(("redis://", "rediss://"))
    relay = RedisVoteRelay(queue) if redis_queue else None
    direct.install()
    direct.refuse_compression(app)
    window = LatencyWindow(
        app.config["VOTES_WINDOW_SECONDS"],
        app.config["VOTES_WINDOW_MAX_SECONDS"],
        app.config["VOTES_CPU_SHARE"],
    )
    # With Redis every worker hears every vote and sends to its own clients only; with
    # another kind of queue the merged message goes through the queue, in one piece.
    send = functools.partial(broadcast.send_votes, local=relay is not None or not queue)
    coalescer = VoteCoalescer(
        window, send, socketio.start_background_task, socketio.sleep, backlog=URGENT
    )
    deliveries = Deliveries()
    deliveries.install(socketio.server.eio)
    lag = LagMonitor(socketio.sleep)
    lag.tickers.append(deliveries.tick)
    app.extensions[EXTENSION_KEY] = Live(coalescer, relay, lag, deliveries)


def live(app=None) -> Live:
    return (app or current_app).extensions[EXTENSION_KEY]


def start(app) -> None:
    """Called once by the serving process (wsgi.py): measure the event loop, and hear
    the votes counted by the other workers (when there are any)."""
    state = live(app)
    if state.started:
        return
    state.started = True
    socketio.start_background_task(state.lag.run)
    if state.relay is not None:
        state.relay.start(app, state.coalescer)


def votes_changed(change: VoteChange) -> None:
    """After a vote's commit: the join cache, this worker's coalescer, the other workers."""
    if change.changed:
        public_cache().votes_changed(change)
        state = live()
        state.coalescer.add(change.event_code, change.question_id, change.votes, change.seq)
        if state.relay is not None:
            state.relay.publish(change)
