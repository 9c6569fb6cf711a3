"""Topics of an event: add, rename, reorder and remove (with a confirmation when used)."""

from flask import Blueprint, abort, flash, render_template
from flask_babel import gettext as _
from flask_babel import ngettext

from ... import broadcast
from ...domain import listings
from ...domain import topics as topic_units
from ...domain.errors import DomainError
from ...forms.agenda import TopicForm, TopicMoveForm, TopicRemoveForm
from .access import back_to, guard, managed_event, refused

bp = Blueprint("manage_topics", __name__, url_prefix="/manage/e/<code>/topics")
guard(bp)


def _topic(event, topic_id: int):
    topic = next((t for t in event.topics if t.id == topic_id), None)
    if topic is None:
        abort(404)
    return topic


def _page(event, form=None, status=200):
    usage = listings.topic_usage(event)
    page = render_template(
        "manage/topics.html",
        event=event,
        form=form or TopicForm(),
        usage=usage,
    )
    return page, status


def _apply(change) -> None:
    """Tell live clients the event's topics changed (after the commit)."""
    if change is not None:
        broadcast.event_changed(change)


@bp.get("/")
def index(code):
    """The event's topics in order, each with its rename, move and remove controls."""
    event, _actor = managed_event(code)
    return _page(event)


@bp.post("/")
def add(code):
    """Add a topic at the end of the list."""
    event, actor = managed_event(code)
    form = TopicForm()
    if not form.validate_on_submit():
        return _page(event, form, 400)
    try:
        _apply(topic_units.add_topic(event, actor, form.title.data.strip()))
    except DomainError as exc:
        refused(exc, form, "title")
        return _page(event, form, 400)
    flash(_("Topic added."), "info")
    return back_to("manage_topics.index", code=code)


@bp.post("/<int:topic_id>/rename")
def rename(code, topic_id):
    """Rename one topic; questions keep it."""
    event, actor = managed_event(code)
    topic = _topic(event, topic_id)
    form = TopicForm()
    try:
        if not form.validate_on_submit():
            flash(_("A topic needs a title of at most 300 characters."), "error")
        else:
            _apply(topic_units.rename_topic(event, actor, topic.id, form.title.data.strip()))
            flash(_("Topic renamed."), "info")
    except DomainError as exc:
        refused(exc)
    return back_to("manage_topics.index", code=code)


@bp.post("/<int:topic_id>/move")
def move(code, topic_id):
    """Move a topic to a position (the up and down buttons, and drag and drop)."""
    event, actor = managed_event(code)
    topic = _topic(event, topic_id)
    form = TopicMoveForm()
    try:
        if not form.validate_on_submit():
            flash(_("Choose a position from 1 up."), "error")
        else:
            _apply(topic_units.move_topic(event, actor, topic.id, form.position.data))
    except DomainError as exc:
        refused(exc)
    return back_to("manage_topics.index", code=code)


@bp.route("/<int:topic_id>/remove", methods=["GET", "POST"])
def remove(code, topic_id):
    """Remove a topic; when questions use it, a confirmation page says how many move."""
    event, actor = managed_event(code)
    topic = _topic(event, topic_id)
    used = listings.topic_usage(event).get(topic.id, 0)
    form = TopicRemoveForm()
    if form.validate_on_submit() and (used == 0 or form.confirmed.data == "yes"):
        try:
            _apply(topic_units.remove_topic(event, actor, topic.id))
        except DomainError as exc:
            refused(exc)
        else:
            message = ngettext(
                "Topic removed; %(num)d question now has no topic.",
                "Topic removed; %(num)d questions now have no topic.",
                used,
            )
            flash(message if used else _("Topic removed."), "info")
        return back_to("manage_topics.index", code=code)
    return render_template(
        "manage/topic_remove.html", event=event, topic=topic, used=used, form=form
    )
