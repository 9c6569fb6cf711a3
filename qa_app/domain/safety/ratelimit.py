"""Rate limits: a moving window from the ``limits`` library, in Redis or in this process.

One interface, ``Limiter.hit(key, limit, window)``, whatever the storage. With Redis
(several workers), the limits are shared by every worker; when Redis cannot be reached,
each worker falls back to its own limits (with a warning in the log) instead of
refusing every ask and vote, and tries Redis again a few seconds later.
"""

import bisect
import logging
import math
import time

from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, memory
from limits.strategies import MovingWindowRateLimiter

from qa_app.domain.errors import N_, RateLimited

log = logging.getLogger(__name__)
REDIS_RETRY_SECONDS = 5.0
REDIS_TIMEOUT_SECONDS = 0.5


class ProcessStorage(MemoryStorage):
    """``limits``' memory storage, with a sweep that stays cheap with many keys.

    The library sweeps every key 100 times a second while hits come in (about 16 µs a
    key: a sixth of a second for 10,000 attendees, on the event loop under eventlet).
    Here the sweep runs at most every ``SWEEP_SECONDS``, only trims keys whose oldest
    hit has expired, and forgets keys with none left, so memory stays bounded.
    """

    SWEEP_SECONDS = 10.0

    def __init__(self, *args, **kwargs):
        self._next_sweep = time.monotonic() + self.SWEEP_SECONDS
        super().__init__(*args, **kwargs)

    # Replaces the library's private scheduler (called by every hit; the name is mangled).
    def _MemoryStorage__schedule_expiry(self) -> None:
        if time.monotonic() >= self._next_sweep:
            self._next_sweep = time.monotonic() + self.SWEEP_SECONDS
            self.sweep()

    def sweep(self) -> None:
        now = memory.time.time()  # the clock the library stamps its entries with
        for key in list(self.events):
            entries = self.events.get(key)
            if entries and entries[-1].expiry > now:
                continue  # newest first: nothing has expired yet
            with self.locks[key]:
                entries = self.events.get(key) or []
                keep = bisect.bisect_left(entries, -now, key=lambda entry: -entry.expiry)
                if keep:
                    self.events[key] = entries[:keep]
                else:
                    self.events.pop(key, None)
                    self.locks.pop(key, None)


class Limiter:
    """Moving-window limits: shared through Redis when a URL is given, else per process."""

    def __init__(self, redis_url: str | None = None):
        self._local = MovingWindowRateLimiter(ProcessStorage())
        self._shared = None
        if redis_url:
            storage = RedisStorage(
                redis_url,
                wrap_exceptions=True,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )
            self._shared = MovingWindowRateLimiter(storage)
        self._shared_down_until = 0.0
        self._items: dict[tuple[int, int], RateLimitItemPerSecond] = {}

    @property
    def shared(self) -> bool:
        """True while limits are shared through Redis (not during a fallback)."""
        return self._shared is not None and time.monotonic() >= self._shared_down_until

    def _item(self, limit: int, window: float) -> RateLimitItemPerSecond:
        spec = (int(limit), max(1, math.ceil(window)))
        if spec not in self._items:
            self._items[spec] = RateLimitItemPerSecond(*spec)
        return self._items[spec]

    def _run(self, action: str, key: str, limit: int, window: float, per_process: bool):
        item = self._item(limit, window)
        if not per_process and self.shared:
            try:
                return getattr(self._shared, action)(item, key)
            except StorageError as exc:
                self._shared_down_until = time.monotonic() + REDIS_RETRY_SECONDS
                log.warning(
                    "rate limits: Redis unreachable (%s); per-process limits for %.0f s",
                    exc.storage_error,
                    REDIS_RETRY_SECONDS,
                )
        return getattr(self._local, action)(item, key)

    def hit(self, key: str, limit: int, window: float, per_process: bool = False) -> bool:
        """Count one action under ``key``; False when ``limit`` per ``window`` s is used up."""
        return self._run("hit", key, limit, window, per_process)

    def allows(self, key: str, limit: int, window: float) -> bool:
        """Whether one more action would be allowed, without counting it."""
        return self._run("test", key, limit, window, False)

    def remaining(self, key: str, limit: int, window: float) -> int:
        """How many more actions ``key`` may take in the window now."""
        return self._run("get_window_stats", key, limit, window, False).remaining

    def clear(self, key: str, limit: int, window: float) -> None:
        """Forget the actions counted under ``key`` for this limit."""
        self._run("clear", key, limit, window, False)


def check(limiter, key: str, rate: tuple[int, float] | None) -> None:
    """Raise ``RateLimited`` when ``key`` used up ``rate``; a rate of None is no limit."""
    if rate is None:
        return
    limit, window = rate
    if not limiter.hit(key, limit, window):
        raise RateLimited(N_("You are going a little fast. Please wait a moment and try again."))
