"""Invitations: a one-time link that gives a role on an event, for 7 days.

API (callers check ``permissions.can_manage_event`` first)
- ``invite(event, email, role, languages=(), invited_by=None) -> (Invitation, token)``:
  the token goes in the link, ``invitation_path(token)`` (``/invite/<token>``); only its
  hash is stored. A new invitation for the same e-mail, event and role replaces the
  pending one. ``event`` None invites to a role on every event (admins only).
  ``allow_any_account(event, invitation_id)`` (admins): any signed-in account may accept.
- ``pending(event) -> list[Invitation]``; ``resend(event, invitation_id) -> token``: a new
  link, valid 7 days again (the old link stops working); ``revoke_invitation(event, id)``.
- ``find_invitation(token) -> Invitation``: a usable invitation, or ``NotFound`` whose
  message says what to do (unknown or tampered, used, revoked, expired).
- ``accept_with_new_account(token, password, name, unconfirmed=False) -> User``: creates
  the account for the invited e-mail; ``unconfirmed`` (mail is configured) leaves the
  address to be confirmed (``confirmations``). ``accept_with_account(token, user) ->
  User``: an account takes the role, only when its e-mail is the invited one (any case)
  or an admin let any account accept (``invite(..., any_account=True)``). Either one uses
  the invitation up, and links the event's panel seats waiting for that e-mail to the
  account (``Panelist.pending_email``). Both commit.
"""

from datetime import timedelta

from sqlalchemy import select

from qa_app.domain import rules
from qa_app.domain.access import accounts
from qa_app.domain.access.grants import clean_languages, clean_role, give
from qa_app.domain.access.tokens import hash_token, new_token
from qa_app.domain.errors import N_, Conflict, Forbidden, Invalid, InvalidFields, NotFound
from qa_app.domain.lifecycle import refuse_if_archived
from qa_app.extensions import db
from qa_app.models import Event, Invitation, Panelist, Role, User, utcnow

VALID_FOR = timedelta(days=7)
PATH = "/invite/"


def invitation_path(token: str) -> str:
    return PATH + token


def invite(
    event: Event | None,
    email,
    role,
    languages=(),
    invited_by: User | None = None,
    any_account: bool = False,
) -> tuple[Invitation, str]:
    if event is not None:
        refuse_if_archived(event)
    errors = {}
    try:
        email = accounts.clean_email(email)
    except Invalid as exc:
        errors["email"] = exc
    try:
        role = clean_role(role)
        if role == Role.ADMIN and event is not None:
            raise Invalid(N_("The admin role is for every event; it cannot be given per event."))
    except Invalid as exc:
        errors["role"] = exc
    try:
        languages = clean_languages(list(languages))
    except Invalid as exc:
        errors["languages"] = exc
    if errors:
        raise InvalidFields(errors)
    invitation, token = build_invitation(event, email, role, languages, invited_by)
    invitation.any_account = bool(any_account)
    db.session.commit()
    return invitation, token


def build_invitation(
    event: Event | None, email: str, role: Role, languages: list[str], invited_by=None
) -> tuple[Invitation, str]:
    """An invitation from checked values, added to the session, not committed."""
    now = utcnow()
    for old in pending(event) if event is None or event.id else ():
        if old.email == email and old.role == role:
            old.revoked_at = now
    token, token_hash = new_token()
    invitation = Invitation(
        token_hash=token_hash,
        email=email,
        event_id=event.id if event is not None else None,
        role=Role(role).value,
        invited_by_id=invited_by.id if invited_by is not None else None,
        created_at=now,
        expires_at=now + VALID_FOR,
    )
    invitation.event = event
    invitation.languages = languages if role == Role.INTERPRETER else []
    db.session.add(invitation)
    return invitation, token


def pending(event: Event | None) -> list[Invitation]:
    """Invitations not yet accepted nor withdrawn (expired ones too: they can be resent)."""
    scope = Invitation.event_id.is_(None) if event is None else Invitation.event_id == event.id
    query = (
        select(Invitation)
        .where(scope, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .order_by(Invitation.created_at, Invitation.id)
    )
    return list(db.session.scalars(query))


def _own(event: Event | None, invitation_id) -> Invitation:
    invitation = db.session.get(Invitation, rules.clean_id(invitation_id))
    event_id = event.id if event is not None else None
    if invitation is None or invitation.event_id != event_id:
        raise NotFound(N_("That invitation does not exist."))
    return invitation


def resend(event: Event | None, invitation_id) -> str:
    invitation = _own(event, invitation_id)
    if invitation.accepted_at is not None:
        raise Conflict(N_("That invitation was already accepted."))
    token, invitation.token_hash = new_token()
    invitation.revoked_at = None
    invitation.expires_at = utcnow() + VALID_FOR
    db.session.commit()
    return token


def allow_any_account(event: Event | None, invitation_id) -> Invitation:
    """Admins: let a signed-in account with another e-mail accept this invitation."""
    invitation = _own(event, invitation_id)
    invitation.any_account = True
    db.session.commit()
    return invitation


def revoke_invitation(event: Event | None, invitation_id) -> Invitation:
    invitation = _own(event, invitation_id)
    if invitation.accepted_at is None:
        invitation.revoked_at = utcnow()
        db.session.commit()
    return invitation


def find_invitation(token) -> Invitation:
    invitation = None
    if isinstance(token, str) and 0 < len(token) <= 200:
        invitation = db.session.scalar(
            select(Invitation).where(Invitation.token_hash == hash_token(token))
        )
    if invitation is None:
        raise NotFound(
            N_(
                "This invitation link is not valid. Check that you copied all of it, "
                "or ask the organiser for a new one."
            )
        )
    if invitation.accepted_at is not None:
        raise NotFound(
            N_("This invitation was already used. Sign in, or ask the organiser for a new one.")
        )
    if invitation.revoked_at is not None:
        raise NotFound(N_("This invitation was withdrawn. Ask the organiser for a new one."))
    if invitation.expires_at <= utcnow():
        raise NotFound(N_("This invitation has expired. Ask the organiser to send it again."))
    if invitation.event is not None and invitation.event.archived:
        raise NotFound(N_("This event is archived: it is read-only and can no longer be changed."))
    return invitation


def _use(invitation: Invitation, user: User) -> User:
    give(user, invitation.role, invitation.event, invitation.languages)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    if invitation.event is not None and invitation.role == Role.PANELIST:
        seats = select(Panelist).where(
            Panelist.event_id == invitation.event_id, Panelist.pending_email == invitation.email
        )
        for seat in db.session.scalars(seats):
            seat.user_id, seat.pending_email = user.id, None
    db.session.commit()
    return user


def accept_with_new_account(token, password, name, unconfirmed: bool = False) -> User:
    invitation = find_invitation(token)
    email = invitation.email
    if accounts.find_user(email) is not None:
        raise Conflict(N_("An account with that e-mail already exists: sign in to accept."))
    name = accounts.clean_name(name)
    # Policy and hash first, with no transaction open; then one short unit of work.
    password_hash = accounts.new_password_hash(password, email, name)
    invitation = find_invitation(token)  # still usable?
    user = accounts.build_account(email, name, password_hash)
    if unconfirmed:
        user.email_verified_at = None
    return _use(invitation, user)


def accept_with_account(token, user: User) -> User:
    invitation = find_invitation(token)
    if not user.active:
        raise Invalid(N_("This account is deactivated. Ask an administrator."))
    if user.email.lower() != invitation.email.lower() and not invitation.any_account:
        raise Forbidden(
            N_(
                "This invitation is for %(email)s. Accept it with that account, or ask an "
                "administrator to let another account accept it."
            ),
            email=invitation.email,
        )
    return _use(invitation, user)
