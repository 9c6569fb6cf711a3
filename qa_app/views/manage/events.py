"""Events: the list, create, edit, duplicate as next in the series, close and archive."""

from flask import Blueprint, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ...domain import events as event_units
from ...domain import listings
from ...domain.errors import DomainError
from ...domain.grants import global_grant
from ...domain.permissions import can_create_events
from ...forms.agenda import ConfirmForm
from ...forms.event import DuplicateForm, EventForm
from .access import back_to, form_page, guard, managed_event, refused, require_event_creator

bp = Blueprint("manage_events", __name__, url_prefix="/manage")
guard(bp)


@bp.get("/")
def index():
    """The events this person works on: live, upcoming and past, with a search box."""
    text = request.args.get("q", "")
    buckets = listings.events_of(current_user.id, text)
    creator = _may_create()
    return render_template("manage/events.html", buckets=buckets, q=text, may_create=creator)


def _may_create() -> bool:
    return can_create_events(global_grant(current_user.id))


@bp.route("/new", methods=["GET", "POST"])
def create():
    """A new event; admins and organisers with a grant on every event may create one."""
    actor = require_event_creator()
    form = EventForm(series_choices=listings.series_choices())
    if form.validate_on_submit():
        try:
            event = event_units.create_event(actor, **form.event_fields(), code=form.code.data)
        except DomainError as exc:
            refused(exc, form)
        else:
            flash(_("The event is created. Add its topics, panel and staff next."), "info")
            return back_to("manage_events.edit", code=event.code)
    return form_page("manage/event_form.html", form, event=None)


@bp.route("/e/<code>", methods=["GET", "POST"])
def edit(code):
    """The event's set-up: the same form, the code fixed (it is in every shared link)."""
    event, actor = managed_event(code)
    form = EventForm(obj=event, editing=True, series_choices=listings.series_choices())
    if request.method == "GET":
        form.fill_from(event)
    elif form.validate_on_submit():
        try:
            event_units.update_event(event, actor, **form.event_fields())
        except DomainError as exc:
            refused(exc, form)
        else:
            flash(_("Saved."), "info")
            return back_to("manage_events.edit", code=event.code)
    return form_page("manage/event_edit.html", form, event=event, confirm=ConfirmForm())


@bp.route("/e/<code>/duplicate", methods=["GET", "POST"])
def duplicate(code):
    """Next in the series: topics, panel, staff, languages and settings, no questions."""
    event, actor = managed_event(code)
    form = DuplicateForm(source=event)
    if form.validate_on_submit():
        try:
            copy = event_units.duplicate_event(
                event, actor, form.code.data, starts_at=form.start_in_zone()
            )
        except DomainError as exc:
            refused(exc, form)
        else:
            flash(_("The next event is ready: check its date and set-up."), "info")
            return back_to("manage_events.edit", code=copy.code)
    return form_page("manage/event_duplicate.html", form, event=event)


@bp.post("/e/<code>/close")
def close(code):
    """Close the Q&A at the end: no new questions; the record stays for attendees."""
    event, actor = managed_event(code)
    if ConfirmForm().validate_on_submit():
        try:
            event_units.close_event(event, actor)
        except DomainError as exc:
            refused(exc)
        else:
            flash(_("The Q&A is closed."), "info")
    return back_to("manage_events.edit", code=event.code)


@bp.route("/e/<code>/archive", methods=["GET", "POST"])
def archive(code):
    """Archive after a confirmation: the event becomes read-only for good."""
    event, actor = managed_event(code)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            event_units.archive_event(event, actor)
        except DomainError as exc:
            refused(exc)
        else:
            flash(_("The event is archived: it is read-only now."), "info")
        return back_to("manage_events.edit", code=event.code)
    return render_template("manage/event_archive.html", event=event, form=form)
