"""Staff of an event: invite by e-mail and role, list, revoke a grant, resend a link."""

from flask import Blueprint, abort, flash, render_template, url_for
from flask_babel import gettext as _

from ... import broadcast
from ...domain import invitations as invitation_units
from ...domain.errors import DomainError
from ...forms.agenda import ConfirmForm
from ...forms.people import InviteForm
from .access import back_to, guard, managed_event, refused

bp = Blueprint("manage_staff", __name__, url_prefix="/manage/e/<code>/staff")
guard(bp)


def _page(event, form, link=None, status=200):
    staff = invitation_units.staff_of(event)
    page = render_template(
        "manage/staff.html",
        event=event,
        form=form,
        grants=staff.grants,
        invitations=staff.invitations,
        link=link,
        days=invitation_units.INVITATION_DAYS,
    )
    return page, status


def _link(token: str) -> str:
    return url_for("access.invitation", token=token, _external=True)


@bp.get("/")
def index(code):
    """Who works on this event, pending invitations, and the invitation form."""
    event, _actor = managed_event(code)
    return _page(event, InviteForm(event_languages=event.languages))


@bp.post("/")
def invite(code):
    """Invite by e-mail and role; the one-time link is shown once, to copy."""
    event, actor = managed_event(code)
    form = InviteForm(event_languages=event.languages)
    if not form.validate_on_submit():
        return _page(event, form, status=400)
    languages = form.languages.data if form.role.data == "interpreter" else []
    try:
        token = invitation_units.invite(
            event, actor, form.email.data.strip().lower(), form.role.data, languages
        )
    except DomainError as exc:
        refused(exc, form)
        return _page(event, form, status=400)
    flash(_("Invitation created for %(email)s.", email=form.email.data.strip().lower()), "info")
    return _page(event, InviteForm(formdata=None, event_languages=event.languages), _link(token))


@bp.post("/invitations/<int:invitation_id>/resend")
def resend(code, invitation_id):
    """A new link for a pending invitation (the old one stops working), valid 7 days again."""
    event, actor = managed_event(code)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        token = invitation_units.resend(event, actor, invitation_id)
    except DomainError as exc:
        refused(exc)
        return back_to("manage_staff.index", code=code)
    flash(_("A new link is ready; the previous one no longer works."), "info")
    return _page(event, InviteForm(formdata=None, event_languages=event.languages), _link(token))


@bp.post("/invitations/<int:invitation_id>/revoke")
def revoke_invitation(code, invitation_id):
    """Withdraw a pending invitation: its link stops working."""
    event, actor = managed_event(code)
    if ConfirmForm().validate_on_submit():
        try:
            invitation_units.revoke_invitation(event, actor, invitation_id)
        except DomainError as exc:
            refused(exc)
        else:
            flash(_("Invitation withdrawn."), "info")
    return back_to("manage_staff.index", code=code)


@bp.post("/grants/<int:grant_id>/revoke")
def revoke(code, grant_id):
    """Take a role away; that person's live sockets on this event close at once."""
    event, actor = managed_event(code)
    if ConfirmForm().validate_on_submit():
        try:
            user_id = invitation_units.revoke_grant(event, actor, grant_id)
        except DomainError as exc:
            refused(exc)
        else:
            broadcast.close_user_sockets(user_id, event.code)
            flash(_("Role removed."), "info")
    return back_to("manage_staff.index", code=code)
