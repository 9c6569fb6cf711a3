"""Close a staff member's live /staff sockets on every worker.

python-socketio's message queue can disconnect a sid that lives on another worker,
but only a worker knows which sids its own clients have (``get_participants`` is
local). So the command travels instead: ``close(user_id, event_code)`` closes the
matching sockets of this process and publishes ``[user_id, event_code]`` on a Redis
channel; every worker listens and closes its own. A CLI process (``flask staff
revoke``) has no sockets and only publishes.
"""

import json
import logging

from flask import current_app

from qa_app.extensions import socketio
from qa_app.live import redis_link

log = logging.getLogger(__name__)
STAFF_NS = "/staff"
CHANNEL = "qa_app:close_sockets"


def user_room(user_id: int) -> str:
    return "user:%d" % user_id


def user_event_room(user_id: int, code: str) -> str:
    return "user:%d:%s" % (user_id, code)


def sockets_in(namespace: str, room: str) -> int:
    """How many of this process's sockets are in ``room`` (an identity's own room)."""
    server = socketio.server
    return sum(1 for _ in server.manager.get_participants(namespace, room)) if server else 0


def close_local(user_id: int, event_code: str | None = None) -> int:
    """Disconnect this process's /staff sockets of the user (on one event, or all)."""
    server = socketio.server
    if server is None:  # a process that never served Socket.IO
        return 0
    room = user_room(user_id) if event_code is None else user_event_room(user_id, event_code)
    sids = [sid for sid, _ in server.manager.get_participants(STAFF_NS, room)]
    for sid in sids:
        server.disconnect(sid, namespace=STAFF_NS, ignore_queue=True)
    return len(sids)


class SocketCloser:
    """Closes sockets here, and through Redis on the other workers when there are any."""

    def __init__(self, url: str | None):
        self._publisher = self._listener = None
        if url and url.startswith(("redis://", "rediss://")):
            self._publisher = redis_link.Publisher(url, "socket closer")
            self._listener = redis_link.listener(url)
        self._started = False

    def close(self, user_id: int, event_code: str | None = None) -> int:
        closed = close_local(user_id, event_code)
        if self._publisher is not None:
            # Redis down or hung: the others' sockets lose their rights at their next event.
            self._publisher.publish(CHANNEL, json.dumps([user_id, event_code]))
        return closed

    def start(self) -> None:
        """Listen for the other workers' commands (called once by the serving process)."""
        if self._listener is not None and not self._started:
            self._started = True
            socketio.start_background_task(self._listen)

    def _listen(self) -> None:
        while True:
            try:
                pubsub = self._listener.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    user_id, event_code = json.loads(message["data"])
                    close_local(int(user_id), event_code)
            except Exception as exc:  # an outage: one line, not a traceback per retry
                log.warning("socket closer lost Redis (%s); reconnecting", exc)
                socketio.sleep(1.0)


EXTENSION_KEY = "qa_app.live.socket_closer"


def closer(app=None) -> SocketCloser:
    """The app's closer, made on first use from its ``MESSAGE_QUEUE``."""
    app = app or current_app
    if EXTENSION_KEY not in app.extensions:
        app.extensions[EXTENSION_KEY] = SocketCloser(app.config["MESSAGE_QUEUE"])
    return app.extensions[EXTENSION_KEY]


def start(app) -> None:
    """Called once by the serving process (wsgi.py): hear the other workers' commands."""
    closer(app).start()
