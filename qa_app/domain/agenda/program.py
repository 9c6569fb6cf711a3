"""Units of work on an event's agenda: its topics and its panel.

API (callers check ``permissions.can_manage_event`` first; every change refuses an
archived event, commits, and returns an ``EventChange`` to broadcast)
- ``add_topic(event, title) -> (Topic, EventChange)``; ``rename_topic(event, topic_id, title)``;
  ``reorder_topics(event, topic_ids)`` (every topic once, in the new order);
  ``move_topic(event, topic_id, offset)`` (-1 up, +1 down: the no-script form of reordering);
  ``topic_usage(event, topic_id) -> int`` (questions on it, for the confirmation);
  ``remove_topic(event, topic_id) -> (moved, EventChange)``: its questions stay, with no topic.
- ``add_panelist(event, name, organisation="", languages=(), account=None)
  -> (Panelist, EventChange)``; ``update_panelist(event, panelist_id, **fields)`` with
  ``name``, ``organisation``, ``languages``; ``remove_panelist(event, panelist_id)
  -> (unassigned, EventChange)``; ``reorder_panelists``/``move_panelist`` as for topics.
- ``link_panelist(event, panelist_id, account_email or None)``: linking gives that account
  the ``panelist`` grant on this event (unlinking keeps grants: revoke them as staff). The
  command line and set-up files use it; the web panel invites instead, so that it never
  tells whether an address has an account:
- ``invite_to_seat(event, seat, email, invited_by=None) -> (Invitation, token,
  EventChange)``: ``seat`` is a panelist id or a name (a new name adds a seat). The seat
  holds the e-mail as pending, and a panelist invitation goes to it; accepting the
  invitation links the seat to the account (``invitations.accept_*``).
- ``unlink_seat(event, panelist_id)``: no account, no pending e-mail (its pending
  invitation is withdrawn).
"""

from sqlalchemy import func, select, update

from qa_app.domain import rules
from qa_app.domain.access.accounts import clean_email, find_user
from qa_app.domain.access.grants import clean_languages, give
from qa_app.domain.access.invitations import build_invitation, pending
from qa_app.domain.agenda import fields
from qa_app.domain.agenda.events import announce
from qa_app.domain.changes import EventChange
from qa_app.domain.errors import N_, Invalid, InvalidFields, NotFound
from qa_app.domain.lifecycle import refuse_if_archived
from qa_app.extensions import db
from qa_app.models import Event, Panelist, Question, Role, Topic, utcnow


def _done(event: Event) -> EventChange:
    change = announce(event)
    db.session.commit()
    return change


def _item(event: Event, model, item_id, message: str):
    item = db.session.get(model, rules.clean_id(item_id))
    if item is None or item.event_id != event.id:
        raise NotFound(message)
    return item


def _topic(event, topic_id) -> Topic:
    return _item(event, Topic, topic_id, N_("That topic does not exist."))


def _panelist(event, panelist_id) -> Panelist:
    return _item(event, Panelist, panelist_id, N_("That panelist is not on this event's panel."))


def _reorder(items: list, ids) -> None:
    by_id = {item.id: item for item in items}
    if not isinstance(ids, list | tuple):
        raise Invalid(N_("Give every item once, in the new order."))
    clean = [rules.clean_id(i) for i in ids]
    if sorted(clean) != sorted(by_id):
        raise Invalid(N_("Give every item once, in the new order."))
    for position, item_id in enumerate(clean):
        by_id[item_id].position = position


def _move(items: list, item, offset) -> None:
    if offset not in (-1, 1):
        raise Invalid(N_("Move by one place, up or down."))
    ordered = sorted(items, key=lambda i: (i.position, i.id))
    index = ordered.index(item)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    for position, entry in enumerate(ordered):
        entry.position = position


# --- topics ------------------------------------------------------------------------


def add_topic(event: Event, title) -> tuple[Topic, EventChange]:
    refuse_if_archived(event)
    topic = Topic(event_id=event.id, title=fields.clean_title(title), position=len(event.topics))
    db.session.add(topic)
    change = _done(event)
    return topic, change


def rename_topic(event: Event, topic_id, title) -> EventChange:
    refuse_if_archived(event)
    topic = _topic(event, topic_id)
    topic.title = fields.clean_title(title)
    return _done(event)


def reorder_topics(event: Event, topic_ids) -> EventChange:
    refuse_if_archived(event)
    _reorder(list(event.topics), topic_ids)
    return _done(event)


def move_topic(event: Event, topic_id, offset) -> EventChange:
    refuse_if_archived(event)
    _move(list(event.topics), _topic(event, topic_id), offset)
    return _done(event)


def topic_usage(event: Event, topic_id) -> int:
    topic = _topic(event, topic_id)
    return db.session.scalar(
        select(func.count()).select_from(Question).where(Question.topic_id == topic.id)
    )


def remove_topic(event: Event, topic_id) -> tuple[int, EventChange]:
    """Remove a topic; its questions stay and have no topic. Returns how many moved."""
    refuse_if_archived(event)
    moved = _remove_in_order(_topic(event, topic_id), Question.topic_id, lambda: event.topics)
    return moved, _done(event)


def _remove_in_order(item, question_link, siblings) -> int:
    """Delete a topic or panelist: questions linked to it through ``question_link`` keep
    going without it, and the others of ``siblings()`` close the gap. Returns how many
    questions lost the link."""
    detached = db.session.execute(
        update(Question).where(question_link == item.id).values({question_link.key: None})
    ).rowcount
    db.session.delete(item)
    db.session.flush()
    for position, other in enumerate(o for o in siblings() if o.id != item.id):
        other.position = position
    return detached


# --- panel -------------------------------------------------------------------------


def panel_fields(data: dict) -> dict:
    cleaners = {
        "name": lambda v: rules.clean_text(
            v, field_max=120, required=True, empty_message=N_("Please give a name.")
        ),
        "organisation": lambda v: (
            rules.clean_text(v, field_max=200, required=False, empty_message="") or ""
        ),
        "languages": clean_languages,
    }
    unknown = set(data) - set(cleaners)
    if unknown:
        raise InvalidFields({name: Invalid(N_("Unknown field.")) for name in sorted(unknown)})
    return fields.collect(data, cleaners)


def _link(event: Event, panelist: Panelist, account) -> None:
    if account is None or account == "":
        panelist.user_id = None
        return
    user = find_user(account)
    if user is None or not user.active:
        raise InvalidFields(
            {"account": NotFound(N_("There is no active account with that e-mail."))}
        )
    panelist.user_id = user.id
    give(user, "panelist", event)


def add_panelist(
    event: Event, name, organisation="", languages=(), account=None
) -> tuple[Panelist, EventChange]:
    refuse_if_archived(event)
    data = {"name": name, "organisation": organisation, "languages": list(languages)}
    panelist = Panelist(event_id=event.id, position=len(event.panelists))
    _apply_panel(panelist, panel_fields(data))
    db.session.add(panelist)
    _link(event, panelist, account)
    change = _done(event)
    return panelist, change


def _apply_panel(panelist: Panelist, cleaned: dict) -> None:
    for name, value in cleaned.items():
        setattr(panelist, name, value)


def update_panelist(event: Event, panelist_id, **data) -> EventChange:
    refuse_if_archived(event)
    panelist = _panelist(event, panelist_id)
    _apply_panel(panelist, panel_fields(data))
    return _done(event)


def link_panelist(event: Event, panelist_id, account) -> EventChange:
    refuse_if_archived(event)
    _link(event, _panelist(event, panelist_id), account)
    return _done(event)


def _seat(event: Event, seat) -> Panelist:
    if isinstance(seat, int):
        return _panelist(event, seat)
    name = panel_fields({"name": seat})["name"]
    for panelist in event.panelists:
        if panelist.name.casefold() == name.casefold():
            return panelist
    panelist = Panelist(event_id=event.id, name=name, position=len(event.panelists))
    panelist.languages = []
    db.session.add(panelist)
    return panelist


def invite_to_seat(event: Event, seat, email, invited_by=None) -> tuple:
    refuse_if_archived(event)
    try:
        email = clean_email(email)
    except Invalid as exc:
        raise InvalidFields({"account": exc}) from None
    panelist = _seat(event, seat)
    invitation, token = build_invitation(event, email, Role.PANELIST, [], invited_by)
    panelist.pending_email = email
    change = _done(event)
    return invitation, token, change


def unlink_seat(event: Event, panelist_id) -> EventChange:
    refuse_if_archived(event)
    panelist = _panelist(event, panelist_id)
    if panelist.pending_email:
        for invitation in pending(event):
            if invitation.email == panelist.pending_email and invitation.role == Role.PANELIST:
                invitation.revoked_at = utcnow()
    panelist.user_id, panelist.pending_email = None, None
    return _done(event)


def remove_panelist(event: Event, panelist_id) -> tuple[int, EventChange]:
    """Remove a panelist; questions assigned to them become unassigned (returned count)."""
    refuse_if_archived(event)
    panelist = _panelist(event, panelist_id)
    unassigned = _remove_in_order(panelist, Question.panelist_id, lambda: event.panelists)
    return unassigned, _done(event)


def reorder_panelists(event: Event, panelist_ids) -> EventChange:
    refuse_if_archived(event)
    _reorder(list(event.panelists), panelist_ids)
    return _done(event)


def move_panelist(event: Event, panelist_id, offset) -> EventChange:
    refuse_if_archived(event)
    _move(list(event.panelists), _panelist(event, panelist_id), offset)
    return _done(event)
