"""Redis clients with deadlines, so that a hung Redis (SIGSTOP, a full network buffer)
never leaves an ask or a vote without its ack.

- ``Publisher(url, what)``: publishes with a deadline (``REDIS_TIMEOUT_SECONDS`` to connect
  and for each reply). After a timeout it skips publishing for ``PAUSE_SECONDS`` with one
  warning, so actions wait for a hung Redis at most once in that time; the action itself
  completes locally (this worker's own clients hear it; the others re-sync when Redis is
  back). A refused connection fails at once, so it pauses nothing: the first message
  after Redis returns goes through.
- ``listener(url)``: a client for a subscription, which waits for messages as long as
  there are none (no read deadline) but still connects within the deadline.
"""

import logging
import time

import redis

from qa_app.config import REDIS_TIMEOUT_SECONDS

log = logging.getLogger(__name__)
PAUSE_SECONDS = 2.0


def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )


def listener(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_keepalive=True
    )


class Publisher:
    def __init__(self, url: str, what: str):
        self.redis = client(url)
        self._what = what
        self._paused_until = 0.0

    def publish(self, channel: str, message: str) -> bool:
        """True when Redis took the message; False (at once while paused) when not."""
        if time.monotonic() < self._paused_until:
            return False
        try:
            self.redis.publish(channel, message)
            return True
        except redis.exceptions.TimeoutError as exc:  # hung: local only for a moment
            self._paused_until = time.monotonic() + PAUSE_SECONDS
            log.warning("%s: Redis hung (%s); local only for a moment", self._what, exc)
        except Exception as exc:  # refused or unreachable: that fails fast, so no pause
            log.warning("%s: cannot publish (%s)", self._what, exc)
        return False
