"""Staff identity: Flask-Login wiring and the acting user as a domain ``Actor``."""

from flask import session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .domain.changes import Actor
from .extensions import db, login_manager
from .models import User

SESSION_TOKEN_KEY = "staff_token"  # noqa: S105 (a session key name, not a secret)


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    # A session from before the user's last logout no longer counts.
    if user is None or session.get(SESSION_TOKEN_KEY) != user.session_token:
        return None
    return user


def current_actor() -> Actor | None:
    """The signed-in staff member, or None.

    In a Socket.IO handler each event gets a fresh context, so ``load_user`` runs
    again and a socket opened before a logout loses its rights at its next event.
    """
    if not current_user.is_authenticated:
        return None
    user = current_user
    return Actor(user_id=user.id, email=user.email, name=user.display_name, role=user.role)
