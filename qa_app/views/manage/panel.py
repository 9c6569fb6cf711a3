"""The panel of an event: panelists with organisation, languages and a linked account.

A seat is linked by invitation: the e-mail typed in gets a one-time link, whether or not
it has an account, and the page answers the same either way (it never tells who has an
account, and gives no role until the person accepts).
"""

from flask import Blueprint, abort, flash, render_template
from flask_babel import gettext as _

from qa_app.domain.access import invitations
from qa_app.domain.agenda import program as agenda
from qa_app.domain.errors import DomainError
from qa_app.extensions import db
from qa_app.forms.agenda import ConfirmForm, PanelistForm
from qa_app.live import broadcast
from qa_app.models import User
from qa_app.views.manage.access import back_to, guard, managed_event, refused
from qa_app.web.links import public_url

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


def _page(event, form, status=200, link=None):
    days = invitations.VALID_FOR.days
    page = render_template("manage/panel.html", event=event, form=form, link=link, days=days)
    return page, status


def _invite(event, actor, panelist_id, email):
    """Invite ``email`` to the seat; the link to show once (the change is broadcast)."""
    inviter = db.session.get(User, actor.user_id)
    _invitation, token, change = agenda.invite_to_seat(event, panelist_id, email, inviter)
    broadcast.event_changed(change)
    flash(_("Invitation created for %(email)s.", email=email), "info")
    return public_url("access.invitation", token=token)


@bp.get("/")
def index(code):
    """The panel in order, and the form to add a panelist."""
    event, _actor = managed_event(code)
    return _page(event, PanelistForm())


@bp.post("/")
def add(code):
    """Add a panelist, and invite them to the seat when an e-mail is given."""
    event, actor = managed_event(code)
    form = PanelistForm()
    if not form.validate_on_submit():
        return _page(event, form, 400)
    try:
        panelist, change = agenda.add_panelist(event, **_fields(form))
        broadcast.event_changed(change)
        link = _invite(event, actor, panelist.id, _account(form)) if _account(form) else None
    except DomainError as exc:
        refused(exc, form)
        return _page(event, form, 400)
    flash(_("Panelist added."), "info")
    if link:
        return _page(event, PanelistForm(formdata=None), link=link)
    return back_to("manage_panel.index", code=code)


@bp.route("/<int:panelist_id>", methods=["GET", "POST"])
def edit(code, panelist_id):
    """Edit one panelist; a new e-mail invites that person to the seat; "remove" unlinks
    the account or withdraws the pending invitation (a grant stays: revoke it as staff)."""
    event, actor = managed_event(code)
    panelist = _panelist(event, panelist_id)
    current = panelist.user.email if panelist.user else panelist.pending_email
    form = PanelistForm(obj=panelist)
    if not form.is_submitted():
        form.languages.data = list(panelist.languages)
        form.account.data = current or ""
    elif form.validate():
        email, link = _account(form), None
        try:
            broadcast.event_changed(agenda.update_panelist(event, panelist.id, **_fields(form)))
            if form.unlink.data:
                broadcast.event_changed(agenda.unlink_seat(event, panelist.id))
            elif email and email != current:
                link = _invite(event, actor, panelist.id, email)
        except DomainError as exc:
            refused(exc, form)
        else:
            flash(_("Saved."), "info")
            if link:
                return _page(event, PanelistForm(formdata=None), link=link)
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
