"""Vote coalescing: one ``votes`` message per event per window, as short as the load allows.

Plain Python: time, sending and background tasks are passed in, so the rules are tested
with a fake clock. ``qa_app.live.fanout`` wires it to the real ones.
"""

import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

log = logging.getLogger(__name__)


class Backlog:
    """Urgent work in flight in this process: question and event broadcasts, joins.

    The votes window widens only while such work waits behind a flush: when some is still
    unfinished as a flush ends, or when several pieces had to run between its batches.
    One question sent between two batches went out at once, and widens nothing.
    ``urgent()`` marks the work; ``watch()`` starts looking at a flush's start, and
    ``take_contended()`` answers at its end.
    """

    CROWD = 3  # pieces of urgent work run during one flush that count as a queue behind it

    def __init__(self):
        self._lock = threading.Lock()
        self._active = 0
        self._during = 0

    @contextmanager
    def urgent(self):
        with self._lock:
            self._active += 1
            self._during += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1

    def watch(self) -> None:
        with self._lock:
            self._during = 0

    def take_contended(self) -> bool:
        with self._lock:
            contended = self._active > 0 or self._during >= self.CROWD
            self._during = 0
        return contended


# This process's urgent work: broadcast.py and the join handlers mark it.
URGENT = Backlog()


class LatencyWindow:
    """How long votes are collected before one message goes out: as short as it can be.

    The next flush starts as soon as the previous one has finished and ``minimum`` has
    passed since it started, so a flush that takes longer than the minimum is followed
    at once by the next (the flush loop's cadence). The window widens (doubling, up to
    ``maximum``) only when urgent work (a question, a moderation, joins) ran or waited
    during a flush, so that work goes first; with nothing waiting it is back at the
    minimum after the next flush.

    ``cpu_share``, off by default (``QA_VOTES_CPU_SHARE``), is an optional ceiling on the
    share of the process that flushing may take: the window is then at least
    ``cost / cpu_share``.
    """

    def __init__(self, minimum: float, maximum: float, cpu_share: float | None = None):
        if not 0 < minimum <= maximum:
            raise ValueError("the votes window needs 0 < minimum <= maximum")
        if cpu_share is not None and not 0 < cpu_share <= 1:
            raise ValueError("the share of the process for votes must be in (0, 1]")
        self.minimum, self.maximum, self.cpu_share = minimum, maximum, cpu_share
        self.current = minimum

    def observe(self, cost: float, contended: bool = False) -> float:
        """Take one flush's CPU cost, and whether urgent work waited; returns the window."""
        window = min(self.maximum, self.current * 2) if contended else self.minimum
        if self.cpu_share is not None:
            window = max(window, min(self.maximum, cost / self.cpu_share))
        self.current = window
        return window


class VoteCoalescer:
    """Collects vote counts and sends one ``votes`` message per event per window.

    Only the counts that changed in the window are sent, absolute, and each question
    keeps the count of its newest change (by seq), so a late or repeated change cannot
    make a count go back. Each message's seq is at least the highest seq among its counts
    and higher than the previous message's for the event, so a client (which keeps, per
    question, the count with the highest seq) never hides a newer count behind an
    earlier message, and sees the seqs of ``votes`` messages strictly increase.

    ``send(code, payload)`` delivers one message and returns how many sockets it reached;
    it yields between batches of sockets so that questions go out first (broadcast.py).
    """

    def __init__(
        self,
        window: LatencyWindow,
        send: Callable[[str, dict], int],
        spawn: Callable[[Callable], object],
        sleep: Callable[[float], None],
        clock: Callable[[], float] = time.monotonic,
        cpu_clock: Callable[[], float] = time.process_time,
        backlog: Backlog | None = None,
    ):
        self.window = window
        self.backlog = backlog or Backlog()
        self.send, self.spawn, self.sleep, self.clock = send, spawn, sleep, clock
        # The optional CPU ceiling follows the CPU a flush costs, not its wall time: on a busy
        # machine waiting for a core is not fan-out work.
        self.cpu_clock = cpu_clock
        self._pending: dict[str, dict[int, tuple[int, int]]] = {}  # code: id: (votes, seq)
        self._newest: dict[str, dict[int, int]] = {}  # code: id: seq of the newest count
        self._sent_seq: dict[str, int] = {}
        self._lock = threading.Lock()
        self._running = False
        self._logged_window = window.current
        self.flushes = 0
        self.flush_seconds = 0.0  # totals, for the metrics
        self.flush_cpu_seconds = 0.0
        self.last_flush_seconds = 0.0
        self.deliveries = 0

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
                self.spawn(self._flush_loop)
        return True

    def flush(self) -> None:
        """Send what is pending; widen the window if urgent work waited meanwhile."""
        with self._lock:
            pending, self._pending = self._pending, {}
            payloads = []
            for code, counts in pending.items():
                seq = max(self._sent_seq.get(code, -1) + 1, *(s for _, s in counts.values()))
                self._sent_seq[code] = seq
                votes = {str(qid): count for qid, (count, _) in counts.items()}
                payloads.append((code, {"counts": votes, "seq": seq}))
        if not payloads:
            return
        started, cpu_started = self.clock(), self.cpu_clock()
        self.backlog.watch()
        reached = sum(self.send(code, payload) for code, payload in payloads)
        cost, took = self.cpu_clock() - cpu_started, self.clock() - started
        window = self.window.observe(cost, self.backlog.take_contended())
        self.flushes += 1
        self.flush_seconds += took
        self.flush_cpu_seconds += cost
        self.last_flush_seconds = took
        self.deliveries += reached
        if abs(window - self._logged_window) > 0.1 * self._logged_window:
            log.info(
                "votes window %.3f s (a flush to %d sockets took %.3f s, %.3f s of CPU)",
                window,
                reached,
                took,
                cost,
            )
            self._logged_window = window

    def _flush_loop(self) -> None:
        # The window counts from the start of the previous flush: the time spent sending
        # to thousands of sockets is not added to it, and a flush longer than the window
        # is followed at once by the next.
        started = self.clock()
        while True:
            self.sleep(max(0.0, started + self.window.current - self.clock()))
            started = self.clock()
            self.flush()
            with self._lock:
                if not self._pending:
                    self._running = False
                    return
