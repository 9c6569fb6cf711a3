"""The Socket.IO message queue on Redis, made to heal quickly and to say so.

python-socketio's Redis manager waits up to a minute between reconnection attempts,
and messages published while a worker was cut off from Redis never reach its
clients: a question dismissed on worker A stays on screen for the attendees of
worker B. This manager retries every second, and once its subscription is back after
an outage, has ``broadcast.queue_restored`` tell this worker's clients to re-sync.
"""

import logging
import time

import socketio

from qa_app.live import redis_link

log = logging.getLogger(__name__)
RETRY_SECONDS = 1.0


class HealingRedisManager(socketio.RedisManager):
    def __init__(self, url: str, on_restored, **kwargs):
        super().__init__(url, **kwargs)
        self._on_restored = on_restored
        # Emits reach this worker's clients first (python-socketio), then go to Redis
        # with a deadline, skipped for a moment after a failure: a hung Redis never
        # holds an ack (redis_link.py).
        self._publisher = redis_link.Publisher(url, "message queue")

    def _redis_connect(self):
        # The subscription waits for messages with no read deadline; it still connects
        # within one. python-socketio's own publishing client is not used.
        self.redis = redis_link.listener(self.redis_url)
        self.pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        self.connected = True

    def _publish(self, data):
        self._publisher.publish(self.channel, self.json.dumps(data))

    def _redis_listen_with_retries(self):
        lost = False
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                if lost:
                    lost = False
                    log.warning("message queue: Redis is back; clients re-sync")
                    self._on_restored(self.server)
                yield from self.pubsub.listen()
            except Exception as exc:
                if not lost:
                    log.warning("message queue: Redis lost (%s); retrying every second", exc)
                lost = True
                time.sleep(RETRY_SECONDS)


def client_manager(url: str | None):
    """The manager for ``QA_MESSAGE_QUEUE``, or None to let Flask-SocketIO choose."""
    if not url or not url.startswith(("redis://", "rediss://")):
        return None
    from qa_app.live import broadcast

    return HealingRedisManager(url, broadcast.queue_restored, channel="flask-socketio")
