"""Accounts: everyone changes their own password; admins deactivate and issue reset links."""

from flask import Blueprint, abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from qa_app.domain.access import accounts as account_units
from qa_app.domain.access import signin
from qa_app.domain.errors import DomainError, RateLimited
from qa_app.extensions import db
from qa_app.forms.agenda import ConfirmForm
from qa_app.forms.people import ChangePasswordForm
from qa_app.live import broadcast
from qa_app.models import Grant, User
from qa_app.views.manage.access import back_to, form_page, guard, refused, require_user_manager
from qa_app.web.auth import sign_in
from qa_app.web.links import public_url
from qa_app.web.rate_limits import client_address, limiter

bp = Blueprint("manage_accounts", __name__, url_prefix="/manage")
guard(bp)
MAX_LISTED = 500


@bp.route("/password", methods=["GET", "POST"])
def password():
    """Change one's own password (the current one is asked again)."""
    signin.end_read()  # the password policy and hashing below run with no lock held
    form = ChangePasswordForm(email=current_user.email, account_name=current_user.name)
    if form.validate_on_submit():
        try:
            user = account_units.change_password(
                limiter(), client_address(), current_user, form.current.data, form.password.data
            )
        except RateLimited as exc:
            refused(exc)
            return form_page("manage/password.html", form)[0], 429
        except DomainError as exc:
            refused(exc, form, "current")
        else:
            # Every other session and socket of this person ends; this browser stays in.
            sign_in(user)
            broadcast.close_user_sockets(user.id)
            flash(_("Your password is changed. You are signed out everywhere else."), "info")
            return back_to("manage_accounts.password")
    return form_page("manage/password.html", form)


@bp.get("/accounts")
def index():
    """Admins: every account with its grants, searchable by e-mail or name."""
    require_user_manager()
    text = request.args.get("q", "").strip()[:100]
    grants = selectinload(User.grants).selectinload(Grant.event)
    query = select(User).options(grants).order_by(User.email).limit(MAX_LISTED)
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            User.email.ilike(pattern, escape="\\") | User.name.ilike(pattern, escape="\\")
        )
    users = db.session.scalars(query).all()
    return render_template("manage/accounts.html", users=users, q=text, confirm=ConfirmForm())


def _account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.post("/accounts/<int:user_id>/active")
def set_active(user_id):
    """Deactivate (sign out everywhere, close live sockets) or reactivate an account."""
    require_user_manager()
    user = _account(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
    elif user.active:
        account_units.deactivate(user)
        broadcast.close_user_sockets(user.id)
        flash(_("%(email)s is deactivated.", email=user.email), "info")
    else:
        account_units.reactivate(user)
        flash(_("%(email)s is active again.", email=user.email), "info")
    return back_to("manage_accounts.index")


@bp.post("/accounts/<int:user_id>/reset-link")
def reset_link(user_id):
    """Issue a one-time reset link and show it once, to copy (no e-mail is sent)."""
    require_user_manager()
    user = _account(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    token = account_units.issue_reset_link(user)
    link = public_url("access.reset", token=token)
    days = account_units.RESET_DAYS
    return render_template("manage/reset_link.html", user=user, link=link, days=days)
