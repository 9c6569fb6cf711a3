"""Where one-time links land: accept an invitation, reset a password.

An expired, used or tampered link gets a page that says what to do, never a stack trace.
"""

import secrets

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from qa_app.domain.access import accounts as account_units
from qa_app.domain.access import invitations
from qa_app.domain.access.passwords import verify_password
from qa_app.domain.errors import DomainError, NotFound
from qa_app.extensions import db
from qa_app.forms.fields import error_text
from qa_app.forms.people import NewPasswordForm, SignInToAcceptForm
from qa_app.models import User
from qa_app.web.auth import SESSION_TOKEN_KEY

bp = Blueprint("access", __name__)


def _refused_link(exc: DomainError, kind: str):
    """The page for a link that cannot be used (410: it will not work again)."""
    return render_template("access/link_refused.html", message=error_text(exc), kind=kind), 410


def _sign_in(user: User) -> None:
    if not user.session_token:
        user.session_token = secrets.token_hex(16)
        db.session.commit()
    session[SESSION_TOKEN_KEY] = user.session_token
    login_user(user)


def _welcome(invitation):
    flash(_("Welcome: you are on the staff of %(title)s.", title=invitation.event.title), "info")
    return redirect(url_for("staff.dashboard", code=invitation.event.code), code=303)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invitation(token):
    """Accept an invitation: set a password (new account), or sign in with one's own."""
    try:
        invite = invitations.find_invitation(token)
    except DomainError as exc:
        return _refused_link(exc, "invitation")
    existing = account_units.find_user(invite.email)
    new_form = NewPasswordForm(prefix="new", email=invite.email)
    signin_form = SignInToAcceptForm(prefix="signin", email=invite.email)
    action = request.form.get("action")
    try:
        if action == "current" and current_user.is_authenticated:
            user = db.session.get(User, current_user.id)
            invitations.accept_with_account(token, user)
            return _welcome(invite)
        if action == "new" and existing is None and new_form.validate_on_submit():
            user = invitations.accept_with_new_account(
                token, new_form.password.data, new_form.name.data
            )
            _sign_in(user)
            return _welcome(invite)
        if action == "signin" and signin_form.validate_on_submit():
            user = account_units.find_user(signin_form.email.data)
            if (
                user is None
                or not user.active
                or not verify_password(user.password_hash, signin_form.password.data)
            ):
                signin_form.password.errors = [_("Wrong e-mail or password.")]
            else:
                invitations.accept_with_account(token, user)
                _sign_in(user)
                return _welcome(invite)
    except NotFound as exc:  # used up, withdrawn or expired meanwhile
        return _refused_link(exc, "invitation")
    except DomainError as exc:
        flash(error_text(exc), "error")
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "access/invitation.html",
        invite=invite,
        existing=existing,
        new_form=new_form,
        signin_form=signin_form,
    )
    return page, status


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token):
    """Choose a new password from a reset link an admin issued."""
    try:
        link = account_units.reset_link(token)
    except DomainError as exc:
        return _refused_link(exc, "reset")
    form = NewPasswordForm(email=link.user.email, account_name=link.user.name)
    del form.name
    if form.validate_on_submit():
        try:
            account_units.reset_password(token, form.password.data)
        except DomainError as exc:
            return _refused_link(exc, "reset")
        flash(_("Your password is set. Sign in with it now."), "info")
        return redirect(url_for("auth.login"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("access/reset.html", form=form, email=link.user.email), status
