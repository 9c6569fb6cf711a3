"""Units of work on an event's staff: who holds which role, and taking it back.

API (callers check ``permissions.can_manage_event`` first)
- ``list_staff(event, with_global=False) -> list[StaffMember]``: everyone with a grant on
  the event and their roles there, by name. ``with_global`` (the command line) adds the
  people who hold a role on every event (``global_roles``): an organiser of one event
  sees only its own staff, never every admin's address.
- ``give_role(event, email, role, languages=()) -> Grant``: for an existing account (new
  people get an invitation instead). ``admin`` cannot be given per event. Commits.
- ``revoke(event, user_id, role=None) -> Revoked``: removes that person's grants on this
  event (one role, or all). Global grants stay: an admin changes those. The caller then
  runs ``broadcast.close_user_sockets(revoked.user_id, revoked.event_code)``.
- ``revoke_global(user_id, role) -> Revoked`` (admins): a grant on every event.
Archived events refuse ``give_role``; revoking always works (it only takes rights away).
"""

from dataclasses import dataclass, field

from sqlalchemy import or_, select

from qa_app.domain import rules
from qa_app.domain.access.accounts import find_user
from qa_app.domain.access.grants import clean_role, give
from qa_app.domain.errors import N_, Invalid, NotFound
from qa_app.domain.lifecycle import refuse_if_archived
from qa_app.extensions import db
from qa_app.models import Event, Grant, Role, User


@dataclass
class StaffMember:
    user_id: int
    email: str
    name: str
    active: bool
    roles: list[str] = field(default_factory=list)  # on this event
    global_roles: list[str] = field(default_factory=list)  # on every event
    languages: list[str] = field(default_factory=list)  # an interpreter's, if limited


@dataclass(frozen=True)
class Revoked:
    user_id: int
    event_code: str | None  # None: every event
    roles: tuple[str, ...]


def list_staff(event: Event, with_global: bool = False) -> list[StaffMember]:
    scope = Grant.event_id == event.id
    if with_global:
        scope = or_(scope, Grant.event_id.is_(None))
    rows = db.session.execute(
        select(Grant, User)
        .join(User, User.id == Grant.user_id)
        .where(scope)
        .order_by(User.name, User.email, Grant.id)
    ).all()
    members: dict[int, StaffMember] = {}
    for grant, user in rows:
        member = members.setdefault(
            user.id, StaffMember(user.id, user.email, user.display_name, user.active)
        )
        target = member.global_roles if grant.event_id is None else member.roles
        if grant.role not in target:
            target.append(grant.role)
        member.languages += [code for code in grant.languages if code not in member.languages]
    return list(members.values())


def give_role(event: Event, email, role, languages=()) -> Grant:
    refuse_if_archived(event)
    role = clean_role(role)
    if role == Role.ADMIN:
        raise Invalid(N_("The admin role is for every event; it cannot be given per event."))
    user = find_user(email)
    if user is None:
        raise NotFound(N_("There is no account with that e-mail: invite them instead."))
    grant = give(user, role, event, languages)
    db.session.commit()
    return grant


def _remove(query, user_id: int, event_code: str | None) -> Revoked:
    grants = list(db.session.scalars(query))
    if not grants:
        raise NotFound(N_("That person holds no such role here."))
    roles = tuple(sorted({grant.role for grant in grants}))
    for grant in grants:
        db.session.delete(grant)
    db.session.commit()
    return Revoked(user_id, event_code, roles)


def revoke(event: Event, user_id, role=None) -> Revoked:
    user_id = rules.clean_id(user_id)
    query = select(Grant).where(Grant.user_id == user_id, Grant.event_id == event.id)
    if role is not None:
        query = query.where(Grant.role == clean_role(role))
    return _remove(query, user_id, event.code)


def revoke_global(user_id, role) -> Revoked:
    user_id = rules.clean_id(user_id)
    query = select(Grant).where(
        Grant.user_id == user_id, Grant.event_id.is_(None), Grant.role == clean_role(role)
    )
    return _remove(query, user_id, None)
