"""Socket.IO handlers by namespace: identity, validation, one domain call, then ack or broadcast.

handlers (the shared ack/identity plumbing), attendee (``/attendee``), staff (``/staff``),
toolkit (the asker's edit and withdraw, the moderator's bulk and similar), safety (bans and
held words).
"""


def handlers_by_namespace() -> dict[str, dict]:
    """Every handler, by namespace and event name."""
    from qa_app.sockets import attendee, safety, staff, toolkit

    by_namespace: dict[str, dict] = {}
    for module in (attendee, staff, toolkit, safety):
        for namespace, events in module.HANDLERS.items():
            by_namespace.setdefault(namespace, {}).update(events)
    return by_namespace


def init_app(app) -> None:
    """Register every handler, and a catch-all per namespace that refuses the rest."""
    from qa_app.extensions import socketio
    from qa_app.sockets.handlers import unknown_event

    by_namespace = handlers_by_namespace()
    for namespace, events in by_namespace.items():
        for name, handler in events.items():
            socketio.on_event(name, handler, namespace=namespace)
        socketio.on_event("*", unknown_event(namespace, by_namespace), namespace=namespace)
