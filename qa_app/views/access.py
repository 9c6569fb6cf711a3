"""Where one-time links land: accept an invitation, reset a password.

An expired, used or tampered link gets a page that says what to do, never a stack trace.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from qa_app.domain.access import accounts as account_units
from qa_app.domain.access import confirmations, invitations, signin
from qa_app.domain.errors import DomainError, NotFound, RateLimited
from qa_app.extensions import db
from qa_app.forms.fields import error_text
from qa_app.forms.people import NewPasswordForm, SignInToAcceptForm
from qa_app.models import User
from qa_app.web import mail
from qa_app.web.auth import refusal_status, sign_in
from qa_app.web.confirmation_mail import send_confirmation
from qa_app.web.rate_limits import client_address, limiter

bp = Blueprint("access", __name__)


def _refused_link(exc: DomainError, kind: str):
    """The page for a link that cannot be used (410: it will not work again)."""
    return render_template("access/link_refused.html", message=error_text(exc), kind=kind), 410


def _welcome(invitation):
    flash(_("Welcome: you are on the staff of %(title)s.", title=invitation.event.title), "info")
    return redirect(url_for("staff.dashboard", code=invitation.event.code), code=303)


def _send_confirmation(user: User) -> None:
    if send_confirmation(user, str(get_locale())):
        sent = _("We sent a link to %(email)s: open it to confirm the address.", email=user.email)
        flash(sent, "info")
    else:
        flash(_("The confirmation e-mail could not be sent. Ask the organiser for help."), "error")


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invitation(token):
    """Accept an invitation: set a password (new account), or sign in with one's own."""
    try:
        invite = invitations.find_invitation(token)
    except DomainError as exc:
        return _refused_link(exc, "invitation")
    existing = account_units.find_user(invite.email)
    signin.end_read()  # the password policy and hashing below run with no lock held
    new_form = NewPasswordForm(prefix="new", email=invite.email)
    signin_form = SignInToAcceptForm(prefix="signin", email=invite.email)
    action = request.form.get("action")
    status = 400 if request.method == "POST" else 200
    try:
        if action == "current" and current_user.is_authenticated:
            user = db.session.get(User, current_user.id)
            invitations.accept_with_account(token, user)
            return _welcome(invite)
        if action == "new" and existing is None and new_form.validate_on_submit():
            # With mail, the address stays unconfirmed until its holder opens a link.
            by_mail = mail.configured()
            user = invitations.accept_with_new_account(
                token, new_form.password.data, new_form.name.data, unconfirmed=by_mail
            )
            sign_in(user)
            if by_mail:
                _send_confirmation(user)
            return _welcome(invite)
        if action == "signin" and signin_form.validate_on_submit():
            # The same throttled check as /login; the role is added only after it passed.
            user = signin.check_password(
                limiter(), client_address(), signin_form.email.data, signin_form.password.data
            )
            invitations.accept_with_account(token, user)
            sign_in(user)
            return _welcome(invite)
    except NotFound as exc:  # used up, withdrawn or expired meanwhile
        return _refused_link(exc, "invitation")
    except signin.WrongPassword as exc:
        signin_form.password.errors = [error_text(exc)]
    except DomainError as exc:
        flash(error_text(exc), "error")
        status = refusal_status(exc) if isinstance(exc, RateLimited) else status
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
    email, name = link.user.email, link.user.name
    signin.end_read()  # the password policy and hashing below run with no lock held
    form = NewPasswordForm(email=email, account_name=name)
    del form.name
    if form.validate_on_submit():
        try:
            account_units.reset_password(token, form.password.data)
        except DomainError as exc:
            return _refused_link(exc, "reset")
        flash(_("Your password is set. Sign in with it now."), "info")
        return redirect(url_for("auth.login"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("access/reset.html", form=form, email=email), status


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    """Confirm one's e-mail address (a button: mail scanners that open links confirm nothing)."""
    if request.method == "POST":
        try:
            user = confirmations.confirm(token)
        except DomainError as exc:
            return _refused_link(exc, "confirmation")
        flash(_("Thank you: %(email)s is confirmed.", email=user.email), "info")
        return redirect(url_for("manage_events.index"), code=303)
    link = confirmations.find(token)
    if link is None:
        return _refused_link(confirmations.refusal(), "confirmation")
    return render_template("access/confirm.html", email=link.email)
