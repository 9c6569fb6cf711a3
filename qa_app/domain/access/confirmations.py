"""Confirmed e-mail addresses, and the grants that wait for one.

Whoever opens an invitation link may create the account for its address; nothing shows
they hold the mailbox. When mail is configured, such an account starts unconfirmed and
its holder gets a confirmation link by e-mail. Until it is opened, grants that later
name the address without a link (``events import``) wait here instead of applying, so
someone who accepted another person's invitation does not collect that person's roles.

API
- ``is_confirmed(user)``.
- ``start(user) -> token``: a one-time link (``PATH + token``), valid ``VALID_FOR``; an
  older unused link of the account stops working. Commits.
- ``find(token) -> EmailConfirmation | None`` (usable links only); ``confirm(token) ->
  User``: the address is confirmed and every waiting grant applies; ``refusal()``
  (``NotFound``) for a used, expired or wrong link. Commits.
- ``hold_grant(user, role, event, languages=())``: a grant that waits (no commit).
- ``waiting(user) -> list[PendingGrant]``.
"""

from datetime import timedelta

from sqlalchemy import select

from qa_app.domain.access.grants import clean_role, give
from qa_app.domain.access.tokens import hash_token, new_token
from qa_app.domain.errors import N_, NotFound
from qa_app.extensions import db
from qa_app.models import EmailConfirmation, Event, PendingGrant, Role, User, utcnow

VALID_FOR = timedelta(days=7)
PATH = "/confirm/"


def is_confirmed(user: User) -> bool:
    return user.email_verified_at is not None


def start(user: User) -> str:
    now = utcnow()
    for old in db.session.scalars(
        select(EmailConfirmation).where(
            EmailConfirmation.user_id == user.id, EmailConfirmation.used_at.is_(None)
        )
    ):
        old.used_at = now
    token, token_hash = new_token()
    db.session.add(
        EmailConfirmation(
            token_hash=token_hash, user_id=user.id, email=user.email, expires_at=now + VALID_FOR
        )
    )
    db.session.commit()
    return token


def refusal() -> NotFound:
    return NotFound(N_("This confirmation link is used, expired or wrong."))


def find(token) -> EmailConfirmation | None:
    """The usable link for ``token``, or None."""
    link = None
    if isinstance(token, str) and 0 < len(token) <= 200:
        link = db.session.scalar(
            select(EmailConfirmation).where(EmailConfirmation.token_hash == hash_token(token))
        )
    usable = link is not None and link.used_at is None and link.expires_at > utcnow()
    return link if usable and link.user.email == link.email else None  # same address still


def confirm(token) -> User:
    link = find(token)
    if link is None:
        raise refusal()
    now = utcnow()
    link.used_at = now
    user = link.user
    user.email_verified_at = user.email_verified_at or now
    for held in waiting(user):
        give(user, held.role, held.event, held.languages)
        db.session.delete(held)
    db.session.commit()
    return user


def hold_grant(user: User, role, event: Event, languages=()) -> PendingGrant:
    role = clean_role(role)
    held = PendingGrant(user_id=user.id, event_id=event.id, role=role.value)
    held.languages = list(languages) if role == Role.INTERPRETER else []
    db.session.add(held)
    return held


def waiting(user: User) -> list[PendingGrant]:
    query = select(PendingGrant).where(PendingGrant.user_id == user.id).order_by(PendingGrant.id)
    return list(db.session.scalars(query))
