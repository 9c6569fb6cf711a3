"""Staff sign-in and sign-out."""

import secrets
import unicodedata
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from qa_app.domain.access import signin
from qa_app.domain.errors import DomainError
from qa_app.extensions import db
from qa_app.live import broadcast
from qa_app.models import User
from qa_app.web.auth import SESSION_TOKEN_KEY, refusal_status, sign_in
from qa_app.web.rate_limits import client_address, limiter

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def _safe_next(target: str | None) -> str:
    # Without next=, staff land on their events (/manage), not on the attendees' start page.
    # Only same-site paths: an open redirect would hand a signed-in session elsewhere.
    # No control characters or spaces either: a CR or LF in a Location header is an
    # injection attempt (and made a 500 after a successful sign-in).
    safe = target and target.startswith("/") and not target.startswith("//")
    safe = (
        safe
        and len(target) <= 2000
        and not any(unicodedata.category(char)[0] in "CZ" for char in target)
    )
    if safe and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("manage_events.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The staff sign-in form; success sets the session cookie."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = signin.check_password(
                limiter(), client_address(), form.email.data, form.password.data
            )
        except DomainError as exc:
            flash(_(exc.message), "error")
            return render_template("login.html", form=form), refusal_status(exc)
        else:
            sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
    elif request.method == "POST":
        return render_template("login.html", form=form), 400
    return render_template("login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Sign out everywhere: the session token changes and live sockets close."""
    user = db.session.get(User, current_user.id)
    user.session_token = secrets.token_hex(16)
    db.session.commit()
    user_id = user.id
    logout_user()
    session.pop(SESSION_TOKEN_KEY, None)
    broadcast.close_user_sockets(user_id)
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
