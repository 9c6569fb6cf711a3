"""Socket.IO handlers against abuse, on ``/staff``: ``ban`` and ``word_list``.
Registered by ``sockets.init_app``."""

from qa_app.domain.safety import measures as safety
from qa_app.live import broadcast
from qa_app.live.broadcast import STAFF_NS
from qa_app.sockets.handlers import acknowledged, staff_actor


@acknowledged
def ban(event, payload):
    """Moderator bans (``on``: true, the default) or un-bans the asker of ``question_id``.

    Ack: ``banned``, ``dismissed`` (ids of their questions this dismissed). Everyone hears
    those questions change, as for a dismissal.
    """
    banned, changes = safety.ban(
        event,
        staff_actor(event),
        payload.get("question_id"),
        reason=payload.get("reason"),
        on=payload.get("on", True),
    )
    for change in changes:
        broadcast.question_changed(change)
    return {"banned": banned, "dismissed": [change.question["id"] for change in changes]}


@acknowledged
def word_list(event, payload):
    """Moderator sets the held words of one ``language``. Ack: ``word_lists``, all of them."""
    lists = safety.set_held_words(
        event, staff_actor(event), payload.get("language"), payload.get("words")
    )
    return {"word_lists": lists}


HANDLERS = {STAFF_NS: {"ban": ban, "word_list": word_list}}
