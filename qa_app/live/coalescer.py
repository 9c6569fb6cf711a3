"""Vote coalescing: one ``votes`` message per event per window, the window fitted to the load.

Plain Python: time, sending and background tasks are passed in, so the rules are tested
with a fake clock. ``qa_app.live.fanout`` wires it to the real ones.
"""

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class AdaptiveWindow:
    """How long votes are collected before one message goes out.

    Sending one message to every client of an event costs ``cost`` seconds of CPU (the
    fan-out, about 35 µs per socket); sent every ``window`` seconds it takes
    ``cost / window`` of the process. The window is ``cost / share``, kept within
    ``[minimum, maximum]``, so flushing stays under ``share`` of the process and
    questions, votes and joins keep the rest. It widens at once when a flush costs more
    (so fan-out never falls behind) and shrinks gradually (a smoothed cost), so one quick
    flush does not undo a load that was measured many times.
    """

    def __init__(self, minimum: float, maximum: float, share: float, shrink_rate: float = 0.2):
        if not 0 < minimum <= maximum:
            raise ValueError("the votes window needs 0 < minimum <= maximum")
        if not 0 < share <= 1:
            raise ValueError("the share of the process for votes must be in (0, 1]")
        self.minimum, self.maximum, self.share = minimum, maximum, share
        self.shrink_rate = shrink_rate
        self.cost = 0.0  # smoothed seconds per flush
        self.current = minimum

    def observe(self, cost: float) -> float:
        """Take one flush's duration; returns the new window."""
        if cost >= self.cost:
            self.cost = cost
        else:
            self.cost += self.shrink_rate * (cost - self.cost)
        self.current = min(self.maximum, max(self.minimum, self.cost / self.share))
        return self.current


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
        window: AdaptiveWindow,
        send: Callable[[str, dict], int],
        spawn: Callable[[Callable], object],
        sleep: Callable[[float], None],
        clock: Callable[[], float] = time.monotonic,
        cpu_clock: Callable[[], float] = time.process_time,
    ):
        self.window = window
        self.send, self.spawn, self.sleep, self.clock = send, spawn, sleep, clock
        # The window follows the CPU a flush costs, not its wall time: on a busy machine
        # waiting for a core is not fan-out work, and widening for it would only add delay.
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
        """Send what is pending, and fit the window to how long that took."""
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
        reached = sum(self.send(code, payload) for code, payload in payloads)
        cost, took = self.cpu_clock() - cpu_started, self.clock() - started
        window = self.window.observe(cost)
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
        # A steady cadence: the window counts from the start of the previous flush, so
        # the time spent sending to thousands of sockets is not added to every window.
        started = self.clock()
        while True:
            self.sleep(max(0.0, started + self.window.current - self.clock()))
            started = self.clock()
            self.flush()
            with self._lock:
                if not self._pending:
                    self._running = False
                    return
