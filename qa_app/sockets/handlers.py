"""What every Socket.IO handler shares: the sender's identity, the payload check, the ack.

Every client-to-server event carries one JSON object and is acknowledged with
``{"ok": true, ...}`` or ``{"ok": false, "error": CODE, "message": TEXT}``; ``acknowledged``
turns a handler ``(event, payload) -> dict`` into one that always answers so.
"""

import functools
import logging

from flask import session
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError

from qa_app.domain.access import permissions
from qa_app.domain.errors import N_, DomainError, Forbidden, Invalid, NotFound
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.live import broadcast
from qa_app.web.auth import current_actor
from qa_app.web.i18n import localized_params
from qa_app.web.outages import (
    is_dropped_connection,
    is_outage,
    log_outage,
    reset_session,
    unavailable,
)

log = logging.getLogger(__name__)
ATTENDEE_KEY = "attendee"
EVENT_KEY = "qa_event"


def error_ack(exc: DomainError) -> dict:
    message = _(exc.message, **localized_params(exc.params))
    return {"ok": False, "error": exc.code, "message": message, **exc.extra}


def acknowledged(handler):
    """Check the payload is one object, run the handler, and turn errors into acks.

    A database connection that drops mid-way is retried once; an outage of the database
    or the queue answers ``unavailable`` (retryable), never ``conflict``.
    """

    @functools.wraps(handler)
    def wrapper(payload=None, *extra):
        retries = 1
        while True:
            try:
                return _run(handler, payload, extra)
            except DomainError as exc:
                reset_session()
                return error_ack(exc)
            except Exception as exc:
                reset_session()
                if retries and is_dropped_connection(exc):
                    retries -= 1
                    log_outage(handler.__name__ + " (retrying once)", exc)
                    continue
                return _failure(handler.__name__, exc)

    return wrapper


def _failure(where: str, exc: Exception) -> dict:
    if is_outage(exc):
        log_outage(where, exc)
        return error_ack(unavailable())
    # Never a stack trace to the client; nothing half-written stays behind.
    log.exception("unexpected error in %s", where)
    return {
        "ok": False,
        "error": "conflict",
        "message": _("Something went wrong on our side. Please try again."),
    }


def _run(handler, payload, extra) -> dict:
    if payload is None:
        payload = {}
    if not isinstance(payload, dict) or extra:
        raise Invalid(N_("Send one JSON object."))
    event = get_event(session.get(EVENT_KEY))
    # End the read transaction (SQLite: BEGIN IMMEDIATE holds the write lock) before
    # the handler's rate check, which may wait on Redis: no I/O inside a transaction.
    db.session.commit()
    return {"ok": True, **handler(event, payload)}


def too_many_sockets() -> str:
    """The refusal of one socket too many for an identity on an event."""
    return _("This event is already open in too many windows. Close one and try again.")


def connect_only(handler):
    """A namespace's connect handler, which python-socketio also runs for a client's
    *event* named ``connect`` on an open socket: that one is an unknown request, answered
    as such, not a refused connection logged with a traceback."""

    @functools.wraps(handler)
    def wrapper(auth=None, *extra):
        if session.get(EVENT_KEY):  # set by a connect that succeeded: already connected
            return error_ack(Invalid(N_("Unknown request.")))
        return handler(auth)

    return wrapper


def event_from_auth(auth):
    code = auth.get("event") if isinstance(auth, dict) else None
    try:
        return get_event(code)
    except NotFound:
        raise ConnectionRefusedError(_("There is no event with that code.")) from None


def staff_actor(event):
    """The signed-in sender with their grant on ``event``, read afresh for every event."""
    actor = current_actor(event)
    if actor is None:
        raise Forbidden(N_("Please sign in again."))
    if not permissions.can_connect(actor.grant):
        raise Forbidden(N_("You have no role on this event."))
    return actor


def announce(changes) -> dict:
    """Broadcast every question a unit of work changed; the last is the one it named."""
    for change in changes:
        broadcast.question_changed(change)
    return changes[-1]


# Every field an action may take (each verb reads its own and checks them).
ACTION_FIELDS = (
    "panelist_id",
    "reason",
    "reason_code",
    "note",
    "text",
    "topic_id",
    "language",
    "into",
    "position",
    "flag",
    "version",
)


def action_fields(payload: dict) -> dict:
    return {name: payload[name] for name in ACTION_FIELDS if name in payload}


def unknown_event(namespace: str, handlers: dict[str, dict]):
    """The catch-all handler of ``namespace``: ``handlers`` maps every namespace to its events."""
    others = {name for ns, events in handlers.items() if ns != namespace for name in events}

    def unknown(event_name, *args):
        """Any other event: refused, so a client never waits for an ack that won't come."""
        if event_name in others:
            error = Forbidden(N_("You are not allowed to do that here."))
        else:
            error = Invalid(N_("Unknown request."))
        return error_ack(error)

    return unknown
