"""Staff identity: Flask-Login wiring, signing in, and the acting user as a domain ``Actor``."""

import secrets

from flask import session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from qa_app.domain.access.grants import grant_for
from qa_app.domain.changes import Actor
from qa_app.domain.errors import DomainError, Forbidden, RateLimited
from qa_app.extensions import db, login_manager
from qa_app.models import User

SESSION_TOKEN_KEY = "staff_token"  # noqa: S105 (a session key name, not a secret)


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    # A session from before the user's last logout, or of a deactivated account, no
    # longer counts.
    if user is None or not user.active or session.get(SESSION_TOKEN_KEY) != user.session_token:
        return None
    return user


def sign_in(user: User) -> None:
    """Sign ``user`` in on this browser, with the account's current session token."""
    if not user.session_token:
        user.session_token = secrets.token_hex(16)
        db.session.commit()
    session[SESSION_TOKEN_KEY] = user.session_token
    login_user(user)


def refusal_status(exc: DomainError) -> int:
    """The HTTP status of a refused password check: 429 locked out, 403 deactivated."""
    if isinstance(exc, RateLimited):
        return 429
    return 403 if isinstance(exc, Forbidden) else 200


def current_actor(event) -> Actor | None:
    """The signed-in staff member with their grant on ``event`` (None: global grants only).

    In a Socket.IO handler each event gets a fresh context, so ``load_user`` runs
    again and the grant is read again: a socket opened before a logout, a
    deactivation or a revoked grant loses its rights at its next event.
    """
    if not current_user.is_authenticated:
        return None
    user = current_user
    grant = grant_for(user.id, event)
    return Actor(user_id=user.id, email=user.email, name=user.display_name, grant=grant)
