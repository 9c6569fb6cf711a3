"""Event-loop lag: how late the loop wakes a task that asked to sleep.

Every task of the process waits that long for its turn, so a long synchronous step
anywhere (password hashing, a big export, a slow query on a blocking driver) shows up
here first. Sleeping and the clock are passed in (``socketio.sleep`` in the app), so
this works in every async mode and is tested with a fake clock.
"""

import logging
import time
from collections import deque
from collections.abc import Callable

log = logging.getLogger(__name__)

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
BLOCKED_WARNING_SECONDS = 0.5


class LagMonitor:
    """Sleeps ``interval`` seconds again and again and records how late it wakes."""

    def __init__(
        self,
        sleep: Callable[[float], None],
        clock: Callable[[], float] = time.monotonic,
        interval: float = 0.05,
        recent_seconds: float = 10.0,
    ):
        self.sleep, self.clock, self.interval = sleep, clock, interval
        self.recent_seconds = recent_seconds
        self.buckets = [0] * len(BUCKETS)  # counts per bucket (not cumulative)
        self.count = 0
        self.total = 0.0
        self.last = 0.0
        self._recent: deque[tuple[float, float]] = deque()  # (when, lag)
        self.tickers: list[Callable[[float], None]] = []  # run after every measurement

    def run(self) -> None:
        while True:
            self.measure_once()

    def measure_once(self) -> float:
        started = self.clock()
        self.sleep(self.interval)
        now = self.clock()
        lag = max(0.0, now - started - self.interval)
        self.record(lag, now)
        for ticker in self.tickers:
            ticker(now)
        return lag

    def record(self, lag: float, now: float) -> None:
        self.last = lag
        self.count += 1
        self.total += lag
        for index, bound in enumerate(BUCKETS):
            if lag <= bound:
                self.buckets[index] += 1
                break
        # A monotonic queue (lags decreasing, times increasing): an older entry that is
        # not larger than a newer one can never be the maximum again.
        recent = self._recent
        while recent and recent[-1][1] <= lag:
            recent.pop()
        recent.append((now, lag))
        while recent[0][0] < now - self.recent_seconds:
            recent.popleft()
        if lag >= BLOCKED_WARNING_SECONDS:
            log.warning("event loop blocked for %.2f s", lag)

    def recent_max(self) -> float:
        """The longest lag in the last ``recent_seconds``."""
        now = self.clock()
        for when, lag in self._recent:
            if when >= now - self.recent_seconds:
                return lag
        return 0.0

    def cumulative_buckets(self) -> list[tuple[str, int]]:
        """Prometheus histogram buckets: ``(upper bound, observations at or below it)``."""
        result, running = [], 0
        for bound, count in zip(BUCKETS, self.buckets, strict=True):
            running += count
            result.append((repr(bound), running))
        result.append(("+Inf", self.count))
        return result
