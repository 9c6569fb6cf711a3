"""The one password check that every sign-in shares, and the rule around slow work.

Every place that checks a password goes through ``check_password``: ``/login``, signing
in on an invitation page, the current password on ``/manage/password`` (and any later
re-authentication). It is throttled by ``lockout`` (a locked-out attempt checks no
password at all) and does the same hashing work whether or not the e-mail has an
account, so neither the answer nor its timing tells which e-mails exist.

No transaction stays open while a password is hashed or checked: on SQLite every
transaction starts with ``BEGIN IMMEDIATE`` (``qa_app/database.py``) and holds the write
lock until it ends, so 100 ms of scrypt inside one would make every other request wait,
and under eventlet that wait blocks the whole process. ``end_read()`` ends the read
that loading the user began; the units of work hash first, then write in a short
transaction of their own.

API
- ``end_read()``: commit the session's (read-only) transaction before slow work.
- ``check_password(limiter, address, email, password) -> User``: the account, when the
  password is right and the account active. Raises ``RateLimited`` (locked out: wait),
  ``WrongPassword`` (an ``Invalid``), or ``Forbidden`` (right password, deactivated).
"""

from sqlalchemy import func, select

from qa_app.domain.access import lockout
from qa_app.domain.access.passwords import verify_password
from qa_app.domain.errors import N_, Forbidden, Invalid
from qa_app.extensions import db
from qa_app.models import User


class WrongPassword(Invalid):
    """The e-mail and password do not match an account (which one is wrong is not said)."""

    def __init__(self):
        super().__init__(N_("Wrong e-mail or password."))


def end_read() -> None:
    """End the transaction that reads began (loaded objects stay usable)."""
    db.session.commit()


def normal_email(email) -> str:
    return email.strip().lower() if isinstance(email, str) else ""


def check_password(limiter, address: str, email, password) -> User:
    email = normal_email(email)
    lockout.refuse_if_locked(limiter, email, address)
    user = None
    if email:
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    stored = user.password_hash if user is not None else None
    end_read()
    # Unknown e-mail: the same scrypt work against a dummy hash (verify_password).
    if not verify_password(stored, password if isinstance(password, str) else "") or user is None:
        lockout.record_failure(limiter, email, address)
        raise WrongPassword()
    if not user.active:
        raise Forbidden(N_("This account is deactivated. Ask an administrator."))
    lockout.record_success(limiter, email, address)
    return user
