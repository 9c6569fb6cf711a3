"""Staff of an event: invite by e-mail and role, list, revoke a role, resend a link."""

from flask import Blueprint, flash, render_template
from flask_babel import gettext as _

from qa_app.domain.access import invitations, staff
from qa_app.domain.errors import DomainError
from qa_app.extensions import db
from qa_app.forms.agenda import ConfirmForm
from qa_app.forms.people import InviteForm, RevokeForm
from qa_app.live import broadcast
from qa_app.models import User
from qa_app.views.manage.access import back_to, guard, managed_event, refused
from qa_app.web.links import public_url

bp = Blueprint("manage_staff", __name__, url_prefix="/manage/e/<code>/staff")
guard(bp)
VALID_DAYS = invitations.VALID_FOR.days


def _page(event, form=None, link=None, status=200):
    page = render_template(
        "manage/staff.html",
        event=event,
        form=form or InviteForm(formdata=None, event_languages=event.languages),
        members=staff.list_staff(event),
        invitations=invitations.pending(event),
        link=link,
        days=VALID_DAYS,
    )
    return page, status


def _link(token: str) -> str:
    return public_url("access.invitation", token=token)


@bp.get("/")
def index(code):
    """Who works on this event, pending invitations, and the invitation form."""
    event, _actor = managed_event(code)
    return _page(event)


@bp.post("/")
def invite(code):
    """Invite by e-mail and role; the one-time link is shown once, to copy."""
    event, actor = managed_event(code)
    form = InviteForm(event_languages=event.languages)
    if not form.validate_on_submit():
        return _page(event, form, status=400)
    languages = form.languages.data if form.role.data == "interpreter" else []
    inviter = db.session.get(User, actor.user_id)
    try:
        invitation, token = invitations.invite(
            event, form.email.data, form.role.data, languages, invited_by=inviter
        )
    except DomainError as exc:
        refused(exc, form)
        return _page(event, form, status=400)
    flash(_("Invitation created for %(email)s.", email=invitation.email), "info")
    return _page(event, link=_link(token))


@bp.post("/invitations/<int:invitation_id>/resend")
def resend(code, invitation_id):
    """A new link for a pending invitation (the old one stops working), valid 7 days again."""
    event, _actor = managed_event(code)
    if ConfirmForm().validate_on_submit():
        try:
            token = invitations.resend(event, invitation_id)
        except DomainError as exc:
            refused(exc)
        else:
            flash(_("A new link is ready; the previous one no longer works."), "info")
            return _page(event, link=_link(token))
    return back_to("manage_staff.index", code=code)


@bp.post("/invitations/<int:invitation_id>/revoke")
def revoke_invitation(code, invitation_id):
    """Withdraw a pending invitation: its link stops working."""
    event, _actor = managed_event(code)
    if ConfirmForm().validate_on_submit():
        try:
            invitations.revoke_invitation(event, invitation_id)
        except DomainError as exc:
            refused(exc)
        else:
            flash(_("Invitation withdrawn."), "info")
    return back_to("manage_staff.index", code=code)


@bp.post("/people/<int:user_id>/revoke")
def revoke(code, user_id):
    """Take one role (field ``role``) away; that person's live sockets here close at once."""
    event, _actor = managed_event(code)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            revoked = staff.revoke(event, user_id, form.role.data)
        except DomainError as exc:
            refused(exc)
        else:
            broadcast.close_user_sockets(revoked.user_id, revoked.event_code)
            flash(_("Role removed."), "info")
    return back_to("manage_staff.index", code=code)
