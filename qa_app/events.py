"""Socket.IO handlers: read identity, validate, call the domain, acknowledge.

Every client-to-server event carries one JSON object and is acknowledged with
``{"ok": true, ...}`` or ``{"ok": false, "error": CODE, "message": TEXT}``.
"""

import functools
import logging

from flask import session
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, join_room

from qa_app import broadcast, fanout
from qa_app.auth import current_actor
from qa_app.broadcast import ATTENDEE_NS, STAFF_NS
from qa_app.domain import permissions, questions, safety, settings, snapshot
from qa_app.domain.errors import N_, DomainError, Forbidden, Invalid, NotFound
from qa_app.domain.store import get_event
from qa_app.extensions import db, socketio
from qa_app.i18n import default_question_language, localized_params
from qa_app.outages import is_dropped_connection, is_outage, log_outage, reset_session, unavailable
from qa_app.rate_limits import check_action

log = logging.getLogger(__name__)
ATTENDEE_KEY = "attendee"
EVENT_KEY = "qa_event"


def _error(exc: DomainError) -> dict:
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
                return _error(exc)
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
        return _error(unavailable())
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


def _event_from_auth(auth):
    code = auth.get("event") if isinstance(auth, dict) else None
    try:
        return get_event(code)
    except NotFound:
        raise ConnectionRefusedError(_("There is no event with that code.")) from None


def _staff_actor(event):
    """The signed-in sender with their grant on ``event``, read afresh for every event."""
    actor = current_actor(event)
    if actor is None:
        raise Forbidden(N_("Please sign in again."))
    if not permissions.can_connect(actor.grant):
        raise Forbidden(N_("You have no role on this event."))
    return actor


# --- /attendee --------------------------------------------------------------------


def attendee_connect(auth=None):
    """An attendee joins: needs the identity cookie from ``GET /e/<code>``."""
    if not session.get(ATTENDEE_KEY):
        raise ConnectionRefusedError(_("Open the event page first."))
    event = _event_from_auth(auth)
    session[EVENT_KEY] = event.code
    join_room(broadcast.event_room(event.code))
    join_room(broadcast.attendee_room(event.code, session[ATTENDEE_KEY]))


@acknowledged
def attendee_sync(event, payload):
    """Attendee asks for a snapshot. Ack: ``event``, ``questions``, ``me``, ``seq``."""
    view = snapshot.attendee_view(event, session[ATTENDEE_KEY])  # cached public part
    return {
        "event": view["event"],
        "questions": view["questions"],
        "me": {"voted": view["voted"], "asked": view["asked"]},
        "seq": view["seq"],
    }


@acknowledged
def ask(event, payload):
    """Attendee asks. Ack: ``question``. Staff hear ``question``; attendees too once published.

    ``language`` defaults to the sender's interface language when the event has it. If the
    text confidently looks like another of the event's languages, the ack is a ``conflict``
    with ``detected``; sending again with ``confirm_language: true`` keeps the choice.
    """
    attendee = session[ATTENDEE_KEY]
    check_action("ask", attendee)
    change = questions.ask(
        event,
        attendee,
        payload.get("text"),
        name=payload.get("name"),
        language=payload.get("language", default_question_language(event.languages)),
        topic_id=payload.get("topic_id"),
        confirm_language=payload.get("confirm_language", False),
    )
    broadcast.question_changed(change)
    return {"question": broadcast.public_payload(change.question)}


@acknowledged
def vote(event, payload):
    """Attendee votes or withdraws. Ack: ``question_id``, ``votes``. Everyone hears ``votes``."""
    attendee = session[ATTENDEE_KEY]
    check_action("vote", attendee)
    if "on" not in payload:
        raise Invalid(N_("Say whether the vote is on or off."))
    change = questions.vote(event, attendee, payload.get("question_id"), payload["on"])
    fanout.votes_changed(change)
    return {"question_id": change.question_id, "votes": change.votes}


def _announce(changes) -> dict:
    for change in changes:
        broadcast.question_changed(change)
    return changes[-1]


# --- /staff -----------------------------------------------------------------------


def staff_connect(auth=None):
    """A staff member joins: needs a signed-in session and a role on the event."""
    if current_actor(None) is None:
        raise ConnectionRefusedError(_("Please sign in."))
    event = _event_from_auth(auth)
    actor = current_actor(event)
    if not permissions.can_connect(actor.grant):
        raise ConnectionRefusedError(_("You have no role on this event."))
    session[EVENT_KEY] = event.code
    join_room(broadcast.event_room(event.code))
    join_room(broadcast.user_room(actor.user_id))
    join_room(broadcast.user_event_room(actor.user_id, event.code))


@acknowledged
def staff_sync(event, payload):
    """Staff ask for a snapshot. Ack: ``event``, every question, ``me``, ``seq``."""
    actor = _staff_actor(event)
    seq = event.seq
    return {
        "event": event.to_dict(),
        "questions": snapshot.staff_view(event),
        "me": {
            "voted": [],
            "user": {
                "name": actor.name,
                "email": actor.email,
                "role": actor.role,
                "roles": sorted(actor.grant.roles),
                "languages": None
                if actor.grant.languages is None
                else sorted(actor.grant.languages),
            },
            "panelist_ids": snapshot.panelist_ids_of(event, actor.user_id),
        },
        "word_lists": safety.word_lists(event),
        "seq": seq,
    }


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
)


def _action_fields(payload: dict) -> dict:
    return {name: payload[name] for name in ACTION_FIELDS if name in payload}


@acknowledged
def moderate(event, payload):
    """Staff change a question. Ack: ``question`` (the one named; ``highlight`` without
    ``question_id`` takes the first of up next). Staff and, as allowed, attendees hear
    every question that changed."""
    changes = questions.moderate(
        event,
        _staff_actor(event),
        payload.get("question_id"),
        payload.get("action"),
        **_action_fields(payload),
    )
    return {"question": _announce(changes).question}


@acknowledged
def translate(event, payload):
    """Interpreter or moderator translates the question, or its written answer
    (``part: "answer"``). Ack: ``question``. Everyone who sees it hears it."""
    change = questions.translate(
        event,
        _staff_actor(event),
        payload.get("question_id"),
        payload.get("language"),
        payload.get("text"),
        part=payload.get("part", "question"),
    )
    broadcast.question_changed(change)
    return {"question": change.question}


@acknowledged
def configure(event, payload):
    """Moderator opens, closes or premoderates. Ack: ``event``. Everyone hears ``event``."""
    change = settings.configure(
        event,
        _staff_actor(event),
        premoderation=payload.get("premoderation"),
        accepting=payload.get("accepting"),
    )
    broadcast.event_changed(change)
    return {"event": change.event}


def _unknown_event(namespace: str):
    others = {name for ns, handlers in HANDLERS.items() if ns != namespace for name in handlers}

    def unknown(event_name, *args):
        """Any other event: refused, so a client never waits for an ack that won't come."""
        if event_name in others:
            error = Forbidden(N_("You are not allowed to do that here."))
        else:
            error = Invalid(N_("Unknown request."))
        return _error(error)

    return unknown


HANDLERS = {
    ATTENDEE_NS: {
        "connect": attendee_connect,
        "sync": attendee_sync,
        "ask": ask,
        "vote": vote,
    },
    STAFF_NS: {
        "connect": staff_connect,
        "sync": staff_sync,
        "moderate": moderate,
        "translate": translate,
        "configure": configure,
    },
}


def init_app(app) -> None:
    # They build on this module's helpers.
    from qa_app.events_safety import HANDLERS as SAFETY
    from qa_app.events_toolkit import HANDLERS as TOOLKIT

    for namespace, handlers in (*TOOLKIT.items(), *SAFETY.items()):
        HANDLERS[namespace].update(handlers)
    for namespace, handlers in HANDLERS.items():
        for name, handler in handlers.items():
            socketio.on_event(name, handler, namespace=namespace)
        socketio.on_event("*", _unknown_event(namespace), namespace=namespace)
