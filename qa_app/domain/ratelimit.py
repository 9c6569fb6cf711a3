"""Per-attendee rate limits: a fixed budget of actions per rolling window."""

import time
from collections import deque
from threading import Lock

from .errors import N_, RateLimited


class MemoryLimiter:
    """Sliding-window limiter for one process."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._hits: dict[str, deque] = {}
        self._lock = Lock()

    def hit(self, key: str, limit: int, window: float) -> bool:
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= limit:
                return False
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle keys so memory stays bounded
                self._hits = {k: v for k, v in self._hits.items() if v}
            return True


class RedisLimiter:
    """Fixed-window limiter shared by every worker through Redis."""

    def __init__(self, client, clock=time.time):
        self._redis = client
        self._clock = clock

    def hit(self, key: str, limit: int, window: float) -> bool:
        bucket = int(self._clock() // window)
        name = "qa:rl:%s:%d" % (key, bucket)
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, int(window) + 1)
        count, _ = pipe.execute()
        return count <= limit


def check(limiter, key: str, rate: tuple[int, float]) -> None:
    limit, window = rate
    if not limiter.hit(key, limit, window):
        raise RateLimited(N_("You are going a little fast. Please wait a moment and try again."))
