"""The panel of an event: panelists with organisation, languages and a linked account."""

from flask import Blueprint, abort, flash, render_template
from flask_babel import gettext as _

from qa_app.domain.agenda import program as agenda
from qa_app.domain.errors import DomainError
from qa_app.forms.agenda import ConfirmForm, PanelistForm
from qa_app.live import broadcast
from qa_app.views.manage.access import back_to, guard, managed_event, refused

bp = Blueprint("manage_panel", __name__, url_prefix="/manage/e/<code>/panel")
guard(bp)


def _panelist(event, panelist_id: int):
    panelist = next((p for p in event.panelists if p.id == panelist_id), None)
    if panelist is None:
        abort(404)
    return panelist


def _fields(form) -> dict:
    return {
        "name": form.name.data,
        "organisation": form.organisation.data or "",
        "languages": list(dict.fromkeys(form.languages.data or [])),
    }


def _account(form) -> str | None:
    return (form.account.data or "").strip().lower() or None


def _page(event, form, status=200):
    return render_template("manage/panel.html", event=event, form=form), status


@bp.get("/")
def index(code):
    """The panel in order, and the form to add a panelist."""
    event, _actor = managed_event(code)
    return _page(event, PanelistForm())


@bp.post("/")
def add(code):
    """Add a panelist; linking an account gives it the panelist role on this event."""
    event, _actor = managed_event(code)
    form = PanelistForm()
    if not form.validate_on_submit():
        return _page(event, form, 400)
    try:
        _panelist, change = agenda.add_panelist(event, **_fields(form), account=_account(form))
    except DomainError as exc:
        refused(exc, form)
        return _page(event, form, 400)
    broadcast.event_changed(change)
    flash(_("Panelist added."), "info")
    return back_to("manage_panel.index", code=code)


@bp.route("/<int:panelist_id>", methods=["GET", "POST"])
def edit(code, panelist_id):
    """Edit one panelist; "remove the linked account" unlinks it (its grant stays: revoke
    it on the staff page)."""
    event, _actor = managed_event(code)
    panelist = _panelist(event, panelist_id)
    form = PanelistForm(obj=panelist)
    if not form.is_submitted():
        form.languages.data = list(panelist.languages)
        form.account.data = panelist.user.email if panelist.user else ""
    elif form.validate():
        account = None if form.unlink.data else _account(form)
        linked = panelist.user.email if panelist.user else None
        try:
            # The link first: an unknown account refuses the whole edit, nothing saved.
            if account != linked:
                agenda.link_panelist(event, panelist.id, account)
            change = agenda.update_panelist(event, panelist.id, **_fields(form))
        except DomainError as exc:
            refused(exc, form)
        else:
            broadcast.event_changed(change)
            flash(_("Saved."), "info")
            return back_to("manage_panel.index", code=code)
    status = 400 if form.is_submitted() else 200
    page = render_template("manage/panelist_edit.html", event=event, panelist=panelist, form=form)
    return page, status


@bp.post("/<int:panelist_id>/remove")
def remove(code, panelist_id):
    """Remove a panelist; questions assigned to them stay, unassigned."""
    event, _actor = managed_event(code)
    panelist = _panelist(event, panelist_id)
    if ConfirmForm().validate_on_submit():
        try:
            _unassigned, change = agenda.remove_panelist(event, panelist.id)
        except DomainError as exc:
            refused(exc)
        else:
            broadcast.event_changed(change)
            flash(_("Panelist removed."), "info")
    return back_to("manage_panel.index", code=code)
