"""Topics of an event: add, rename, reorder and remove (with a confirmation when used)."""

from flask import Blueprint, abort, flash, render_template
from flask_babel import gettext as _
from flask_babel import ngettext

from qa_app.domain.agenda import program as agenda
from qa_app.domain.errors import DomainError, NotFound
from qa_app.forms.agenda import ConfirmForm, TopicForm, TopicMoveForm, TopicOrderForm
from qa_app.live import broadcast
from qa_app.views.manage.access import back_to, guard, managed_event, refused

bp = Blueprint("manage_topics", __name__, url_prefix="/manage/e/<code>/topics")
guard(bp)


def _page(event, form=None, status=200):
    usage = {topic.id: agenda.topic_usage(event, topic.id) for topic in event.topics}
    page = render_template("manage/topics.html", event=event, form=form or TopicForm(), usage=usage)
    return page, status


def _used(event, topic_id: int) -> int:
    """How many questions use the topic; 404 when it is not one of this event's."""
    try:
        return agenda.topic_usage(event, topic_id)
    except NotFound:
        abort(404)


def _back(code: str):
    return back_to("manage_topics.index", code=code)


@bp.get("/")
def index(code):
    """The event's topics in order, each with its rename, move and remove controls."""
    event, _actor = managed_event(code)
    return _page(event)


@bp.post("/")
def add(code):
    """Add a topic at the end of the list."""
    event, _actor = managed_event(code)
    form = TopicForm()
    if not form.validate_on_submit():
        return _page(event, form, 400)
    try:
        _topic, change = agenda.add_topic(event, form.title.data)
    except DomainError as exc:
        refused(exc, form, "title")
        return _page(event, form, 400)
    broadcast.event_changed(change)
    flash(_("Topic added."), "info")
    return _back(code)


@bp.post("/<int:topic_id>/rename")
def rename(code, topic_id):
    """Rename one topic; its questions keep it."""
    event, _actor = managed_event(code)
    _used(event, topic_id)
    form = TopicForm()
    if not form.validate_on_submit():
        flash(_("A topic needs a title of at most 300 characters."), "error")
        return _back(code)
    try:
        broadcast.event_changed(agenda.rename_topic(event, topic_id, form.title.data))
    except DomainError as exc:
        refused(exc)
    else:
        flash(_("Topic renamed."), "info")
    return _back(code)


@bp.post("/<int:topic_id>/move")
def move(code, topic_id):
    """Move a topic one place up (``offset=-1``) or down (``offset=1``): the arrow buttons."""
    event, _actor = managed_event(code)
    _used(event, topic_id)
    form = TopicMoveForm()
    if form.validate_on_submit():
        try:
            broadcast.event_changed(agenda.move_topic(event, topic_id, form.offset.data))
        except DomainError as exc:
            refused(exc)
    return _back(code)


@bp.post("/order")
def order(code):
    """Put every topic in a new order (``order``: their ids, comma-separated): drag and drop."""
    event, _actor = managed_event(code)
    form = TopicOrderForm()
    if form.validate_on_submit():
        try:
            broadcast.event_changed(agenda.reorder_topics(event, form.topic_ids()))
        except DomainError as exc:
            refused(exc)
    else:
        flash(_("Give every topic once, in the new order."), "error")
    return _back(code)


@bp.route("/<int:topic_id>/remove", methods=["GET", "POST"])
def remove(code, topic_id):
    """Remove a topic; when questions use it, a confirmation page says how many move."""
    event, _actor = managed_event(code)
    used = _used(event, topic_id)
    topic = next(t for t in event.topics if t.id == topic_id)
    form = ConfirmForm()
    if form.validate_on_submit() and (used == 0 or form.confirmed.data == "yes"):
        try:
            moved, change = agenda.remove_topic(event, topic_id)
        except DomainError as exc:
            refused(exc)
        else:
            broadcast.event_changed(change)
            message = ngettext(
                "Topic removed; %(num)d question now has no topic.",
                "Topic removed; %(num)d questions now have no topic.",
                moved,
            )
            flash(message if moved else _("Topic removed."), "info")
        return _back(code)
    return render_template("manage/topic_remove.html", event=event, topic=topic, used=used)
