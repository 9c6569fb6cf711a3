"""Accounts: people who sign in. Rights come from their grants, never from here.

API
- ``clean_email(value)``, ``clean_password(value)``, ``find_user(email)``.
- ``create_account(email, password, name, grants=())``: ``grants`` is a list of
  ``(role, event_or_None)``; a duplicate e-mail is a ``Conflict``. Commits.
- ``new_password_hash(password, email, name)``: the policy, then the hash, with no
  transaction open (``signin.end_read``); ``build_account(email, name, password_hash,
  grants)`` then adds the account inside the caller's short unit of work.
- ``change_password(limiter, address, user, current, new) -> User``: the account
  holder's own change; the current password goes through ``signin.check_password``
  (throttled). Every other session of the account ends (a new session token): the caller
  signs the current one in again and runs ``broadcast.close_user_sockets``. Commits.
- ``deactivate(user) / reactivate(user)``: a deactivated account cannot sign in and holds
  no rights; its session token rotates. The caller then runs
  ``broadcast.close_user_sockets(user.id)``. Commits.
- ``issue_reset_link(user) -> token`` (admins; the link is ``RESET_PATH + token``):
  one-time, valid ``RESET_DAYS``; any older unused link of the account stops working.
  ``reset_link(token)`` checks one; ``reset_password(token, new)`` uses it.
"""

import secrets
from datetime import timedelta

from sqlalchemy import func, select

from qa_app.domain import rules
from qa_app.domain.access import grants as grant_rules
from qa_app.domain.access import passwords
from qa_app.domain.access.passwords import hash_password
from qa_app.domain.access.signin import WrongPassword, check_password, end_read
from qa_app.domain.access.tokens import hash_token, new_token
from qa_app.domain.errors import N_, Conflict, Invalid, NotFound
from qa_app.extensions import db
from qa_app.models import ResetLink, User, utcnow

RESET_DAYS = 2
RESET_PATH = "/reset/"  # + token: the page where the link's owner sets a new password


def clean_email(value) -> str:
    email = value.strip().lower() if isinstance(value, str) else ""
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254 or any(c.isspace() for c in email):
        raise Invalid(N_("That is not an e-mail address."))
    return email


def clean_password(value, email: str | None = None, name: str | None = None) -> str:
    """The password policy of ``passwords.check_new_password`` (length, guessability)."""
    return passwords.check_new_password(value, email=email, name=name)


def clean_name(value) -> str:
    """A display name is required: attendees see it (on translations and answers), never the
    e-mail address; direction controls are stripped."""
    return rules.clean_staff_name(value)


def find_user(email) -> User | None:
    if not isinstance(email, str):
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_account(email, password, name, grants=()) -> User:
    email, name = clean_email(email), clean_name(name)
    password_hash = new_password_hash(password, email, name)
    user = build_account(email, name, password_hash, grants)
    db.session.commit()
    return user


def new_password_hash(password, email: str | None = None, name: str | None = None) -> str:
    """The hash of an acceptable new password, computed with no transaction open."""
    end_read()
    return hash_password(clean_password(password, email, name))


def build_account(email, name, password_hash: str, grants=()) -> User:
    """A new account inside the caller's unit of work: added, not committed."""
    email = clean_email(email)
    name = clean_name(name)
    if find_user(email) is not None:
        raise Conflict(N_("An account with that e-mail already exists."))
    user = User(email=email, name=name, session_token=secrets.token_hex(16), active=True)
    user.password_hash = password_hash
    for role, event in grants:
        grant_rules.give(user, role, event)
    db.session.add(user)
    db.session.flush()
    return user


def change_password(limiter, address: str, user: User, current, new) -> User:
    try:
        check_password(limiter, address, user.email, current)
    except WrongPassword:
        raise Invalid(N_("The current password is wrong.")) from None
    password_hash = new_password_hash(new, user.email, user.name)
    user = db.session.get(User, user.id)
    user.password_hash = password_hash
    user.session_token = secrets.token_hex(16)  # every other session ends
    db.session.commit()
    return user


def set_active(user: User, active: bool) -> User:
    user.active = active
    user.session_token = secrets.token_hex(16)  # every open session ends
    db.session.commit()
    return user


def deactivate(user: User) -> User:
    return set_active(user, False)


def reactivate(user: User) -> User:
    return set_active(user, True)


def issue_reset_link(user: User) -> str:
    now = utcnow()
    for old in db.session.scalars(
        select(ResetLink).where(ResetLink.user_id == user.id, ResetLink.used_at.is_(None))
    ):
        old.used_at = now  # only the newest link works
    token, token_hash = new_token()
    db.session.add(
        ResetLink(
            user_id=user.id, token_hash=token_hash, expires_at=now + timedelta(days=RESET_DAYS)
        )
    )
    db.session.commit()
    return token


def reset_link(token) -> ResetLink:
    """The valid link for ``token``, or ``NotFound`` saying what to do."""
    link = None
    if isinstance(token, str) and token:
        link = db.session.scalar(select(ResetLink).where(ResetLink.token_hash == hash_token(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        raise NotFound(
            N_("This reset link is used, expired or wrong. Ask an administrator for a new one.")
        )
    return link


def reset_password(token, new_password) -> User:
    link = reset_link(token)
    password_hash = new_password_hash(new_password, link.user.email, link.user.name)
    link = reset_link(token)  # again, in the writing transaction: still unused?
    link.used_at = utcnow()
    link.user.password_hash = password_hash
    link.user.session_token = secrets.token_hex(16)
    db.session.commit()
    return link.user
