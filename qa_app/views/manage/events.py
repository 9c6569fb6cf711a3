"""Events: the list, create, edit, duplicate as next in the series, close and archive."""

from flask import Blueprint, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from qa_app.domain.access.grants import global_grant
from qa_app.domain.access.permissions import can_create_events
from qa_app.domain.agenda import events as events_admin
from qa_app.domain.agenda import listings, new_series
from qa_app.domain.agenda import series as series_units
from qa_app.domain.errors import DomainError
from qa_app.forms.agenda import ConfirmForm
from qa_app.forms.event import DuplicateForm, EventForm
from qa_app.live import broadcast
from qa_app.views.manage.access import (
    back_to,
    form_page,
    guard,
    managed_event,
    refused,
    require_event_creator,
)

bp = Blueprint("manage_events", __name__, url_prefix="/manage")
guard(bp)


def _may_create() -> bool:
    return can_create_events(global_grant(current_user.id))


def _form(event=None, **kwargs) -> EventForm:
    """The event form; its series are those this person may put the event into."""
    usable = series_units.usable_series(current_user.id, event)
    choices = [(s.code, s.title) for s in usable]
    return EventForm(series_choices=choices, may_add_series=_may_create(), obj=event, **kwargs)


@bp.get("/")
def index():
    """The events this person works on: live, upcoming and past, with a search box."""
    text = request.args.get("q", "")
    buckets = listings.events_of(current_user.id, text)
    return render_template("manage/events.html", buckets=buckets, q=text, may_create=_may_create())


@bp.route("/new", methods=["GET", "POST"])
def create():
    """A new event; admins and organisers with a grant on every event may create one."""
    require_event_creator()
    form = _form()
    if form.validate_on_submit():
        data, series_title = form.event_fields()
        try:
            series_units.check_use(data.get("series"), current_user.id)
            event = new_series.save(
                events_admin.create_event, form.code.data, data=data, series_title=series_title
            )
        except DomainError as exc:
            refused(exc, form, "code")
        else:
            flash(_("The event is created. Add its topics, panel and staff next."), "info")
            return back_to("manage_events.edit", code=event.code)
    return form_page("manage/event_form.html", form, event=None)


@bp.route("/e/<code>", methods=["GET", "POST"])
def edit(code):
    """The event's set-up: the same form, the code fixed (it is in every shared link)."""
    event, _actor = managed_event(code)
    form = _form(event, editing=True)
    if not form.is_submitted():
        form.fill_from(event)
    elif form.validate():
        data, series_title = form.event_fields()
        try:
            series_units.check_use(data.get("series"), current_user.id, event)
            change = new_series.save(
                events_admin.update_event, event, data=data, series_title=series_title
            )
        except DomainError as exc:
            refused(exc, form)
        else:
            broadcast.event_changed(change)
            flash(_("Saved."), "info")
            return back_to("manage_events.edit", code=event.code)
    return form_page(
        "manage/event_edit.html", form, event=event, confirm=ConfirmForm(), may_create=_may_create()
    )


@bp.route("/e/<code>/duplicate", methods=["GET", "POST"])
def duplicate(code):
    """Next in the series: topics, panel, staff, languages and settings, no questions.

    It makes a new event, so it needs the right to create events (admins and global
    organisers), as "New event" does; the copy stays in the original's series."""
    require_event_creator()
    event, _actor = managed_event(code)
    form = DuplicateForm(source=event)
    if form.validate_on_submit():
        try:
            copy = events_admin.duplicate_event(event, form.code.data, form.start_in_zone())
        except DomainError as exc:
            refused(exc, form, "code")
        else:
            flash(_("The next event is ready: check its date and set-up."), "info")
            return back_to("manage_events.edit", code=copy.code)
    return form_page("manage/event_duplicate.html", form, event=event)


@bp.post("/e/<code>/close")
def close(code):
    """Close the Q&A at the end: no new questions; the record stays for attendees."""
    event, _actor = managed_event(code)
    if ConfirmForm().validate_on_submit():
        try:
            broadcast.event_changed(events_admin.close_event(event))
        except DomainError as exc:
            refused(exc)
        else:
            flash(_("The Q&A is closed."), "info")
    return back_to("manage_events.edit", code=event.code)


@bp.route("/e/<code>/archive", methods=["GET", "POST"])
def archive(code):
    """Archive after a confirmation: the event becomes read-only for good."""
    event, _actor = managed_event(code)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            broadcast.event_changed(events_admin.archive_event(event))
        except DomainError as exc:
            refused(exc)
        else:
            flash(_("The event is archived: it is read-only now."), "info")
        return back_to("manage_events.edit", code=event.code)
    return render_template("manage/event_archive.html", event=event, form=form)
