"""Grants: resolve what a person holds on an event, and give or take roles.

API
- ``grant_for(user_id, event) -> EventGrant``: the roles (and interpreter languages) the
  user holds on ``event``, from its own grants and the global ones (``event_id`` NULL).
  A deactivated account holds nothing.
- ``global_grant(user_id) -> EventGrant``: the grants on every event only.
- ``clean_role(value)``, ``clean_languages(value, allowed)``: validation shared by the
  CLI, the invitations and the forms.
- ``give(user, role, event=None, languages=()) -> Grant``: add a grant unless the same one
  exists (no commit; the caller's unit of work commits). ``admin`` is always global.
"""

from sqlalchemy import or_, select

from qa_app.domain.access.permissions import NO_GRANT, EventGrant
from qa_app.domain.errors import N_, Invalid
from qa_app.domain.rules import SUPPORTED_LANGUAGES
from qa_app.extensions import db
from qa_app.models import Event, Grant, Role, User


def _resolve(rows) -> EventGrant:
    roles, languages, any_language = set(), set(), False
    for role, languages_csv in rows:
        roles.add(role)
        if role == Role.INTERPRETER:
            codes = [code for code in languages_csv.split(",") if code]
            any_language = any_language or not codes
            languages.update(codes)
    if not roles:
        return NO_GRANT
    limited = Role.INTERPRETER in roles and not any_language
    return EventGrant(frozenset(roles), frozenset(languages) if limited else None)


def grant_for(user_id: int | None, event: Event | None) -> EventGrant:
    """What ``user_id`` may do on ``event`` (None: only the grants on every event)."""
    if user_id is None:
        return NO_GRANT
    scope = Grant.event_id.is_(None)
    if event is not None:
        scope = or_(scope, Grant.event_id == event.id)
    rows = db.session.execute(
        select(Grant.role, Grant.languages_csv)
        .join(User, User.id == Grant.user_id)
        .where(Grant.user_id == user_id, User.active, scope)
    ).all()
    return _resolve(rows)


def global_grant(user_id: int | None) -> EventGrant:
    return grant_for(user_id, None)


def clean_role(value) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise Invalid(
            N_("A role is one of %(roles)s."), roles=", ".join(role.value for role in Role)
        ) from None


def clean_languages(value, allowed=SUPPORTED_LANGUAGES) -> list[str]:
    """A list of language codes (or a comma-separated string), each among ``allowed``."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        raise Invalid(N_("Languages must be among %(languages)s."), languages=", ".join(allowed))
    codes = [part.strip() for part in value if isinstance(part, str) and part.strip()]
    if len(codes) != len([part for part in value if part != ""]) or any(
        code not in allowed for code in codes
    ):
        raise Invalid(N_("Languages must be among %(languages)s."), languages=", ".join(allowed))
    return list(dict.fromkeys(codes))


def give(user: User, role, event: Event | None = None, languages=()) -> Grant:
    """Add ``role`` on ``event`` (None: every event) unless the user already holds it there."""
    role = clean_role(role)
    if role == Role.ADMIN:
        event = None  # admin manages everything: never per event
    languages = clean_languages(list(languages)) if role == Role.INTERPRETER else []
    event_id = event.id if event is not None else None
    for grant in user.grants:
        if grant.role == role and grant.event_id == event_id:
            grant.languages = languages
            return grant
    grant = Grant(role=role.value, event=event, event_id=event_id)
    grant.languages = languages
    user.grants.append(grant)
    return grant
