"""Vote changes shared between workers over Redis, for each worker's own coalescer."""

import json
import logging

from qa_app.domain.changes import VoteChange
from qa_app.domain.snapshot import public_cache
from qa_app.extensions import socketio
from qa_app.live import redis_link

log = logging.getLogger(__name__)


class RedisVoteRelay:
    """Shares vote changes between workers over a Redis channel (one small message
    per vote); each worker's coalescer merges them with its own."""

    CHANNEL = "qa_app:votes"

    def __init__(self, url: str):
        self._publisher = redis_link.Publisher(url, "vote relay")
        self._listener = redis_link.listener(url)
        self._started = False

    def publish(self, change: VoteChange) -> None:
        # The vote is committed; the other workers' clients re-sync once Redis is back.
        message = [change.event_code, change.question_id, change.votes, change.seq]
        self._publisher.publish(self.CHANNEL, json.dumps(message))

    def start(self, app, coalescer) -> None:
        """Listen in the background (called once by the serving process, wsgi.py)."""
        if not self._started:
            self._started = True
            socketio.start_background_task(self._listen, app, coalescer)

    def _listen(self, app, coalescer) -> None:
        while True:
            try:
                pubsub = self._listener.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.CHANNEL)
                for message in pubsub.listen():
                    code, question_id, votes, seq = json.loads(message["data"])
                    if coalescer.add(code, question_id, votes, seq):
                        with app.app_context():
                            public_cache().votes_changed(
                                VoteChange(code, seq, question_id, votes, True)
                            )
            except Exception as exc:  # one line, not a traceback a second while Redis is down
                log.warning("vote relay lost Redis (%s); reconnecting", exc)
                socketio.sleep(1.0)
