"""Who may do what: pure predicates over an actor's grant on one event.

API
- ``EventGrant(roles, languages)``: what one person holds on one event, as a plain
  frozen value (``EventGrant.of("moderator")``, ``NO_GRANT``). ``languages`` limits an
  interpreter's target languages; None means any.
- ``can_connect``, ``can_moderate``, ``can_configure``, ``can_translate(grant, language)``,
  ``can_export``, ``can_manage_event``, ``can_manage_users``, ``can_flag``,
  ``can_write_answer(grant, assigned)``, ``can_suggest_merges``: the rights on that event.
- ``can_create_events(grant)``: takes the actor's *global* grant (admin, or organiser on
  every event).

``qa_app.domain.access.grants.grant_for(user_id, event)`` resolves the grant from the database.
"""

from dataclasses import dataclass

from qa_app.models import Role

# The badge shown for someone holding several roles: the widest first.
ROLE_ORDER = (
    Role.ADMIN,
    Role.ORGANISER,
    Role.MODERATOR,
    Role.FACILITATOR,
    Role.INTERPRETER,
    Role.PANELIST,
)
EVENT_OWNERS = frozenset({Role.ADMIN, Role.ORGANISER})
MODERATORS = EVENT_OWNERS | {Role.MODERATOR}
TRANSLATORS = MODERATORS | {Role.INTERPRETER}
EXPORTERS = MODERATORS | {Role.FACILITATOR}
STAFF = frozenset(Role)


@dataclass(frozen=True)
class EventGrant:
    roles: frozenset[str] = frozenset()
    languages: frozenset[str] | None = None  # an interpreter's languages; None: any

    @classmethod
    def of(cls, *roles: str, languages=None) -> "EventGrant":
        return cls(frozenset(roles), None if languages is None else frozenset(languages))

    @property
    def role(self) -> str | None:
        """The widest role held, for display."""
        return next((str(role) for role in ROLE_ORDER if role in self.roles), None)

    def __bool__(self) -> bool:
        return bool(self.roles & STAFF)


NO_GRANT = EventGrant()


def _holds(grant: EventGrant | None, roles: frozenset) -> bool:
    return isinstance(grant, EventGrant) and not grant.roles.isdisjoint(roles)


def can_connect(grant: EventGrant | None) -> bool:
    """Open the staff dashboard and its socket: any role on the event."""
    return _holds(grant, STAFF)


def can_moderate(grant: EventGrant | None) -> bool:
    return _holds(grant, MODERATORS)


def can_configure(grant: EventGrant | None) -> bool:
    return _holds(grant, MODERATORS)


def can_translate(grant: EventGrant | None, language: str | None = None) -> bool:
    """Moderators translate into any language; interpreters into theirs.

    Without ``language`` it answers whether the grant translates at all.
    """
    if _holds(grant, MODERATORS):
        return True
    if not _holds(grant, frozenset({Role.INTERPRETER})):
        return False
    return grant.languages is None or language is None or language in grant.languages


def can_export(grant: EventGrant | None) -> bool:
    return _holds(grant, EXPORTERS)


def can_manage_event(grant: EventGrant | None) -> bool:
    """Edit the event's set-up, topics, panel and staff."""
    return _holds(grant, EVENT_OWNERS)


def can_create_events(global_grant: EventGrant | None) -> bool:
    """Only a grant on every event (admin, or a global organiser) creates events."""
    return _holds(global_grant, EVENT_OWNERS)


def can_manage_users(grant: EventGrant | None) -> bool:
    """Deactivate accounts and issue reset links: admins only."""
    return _holds(grant, frozenset({Role.ADMIN}))


def can_flag(grant: EventGrant | None) -> bool:
    """Interpreters flag a question back to the moderator (unclear, in progress, ready)."""
    return _holds(grant, TRANSLATORS)


def can_write_answer(grant: EventGrant | None, assigned: bool) -> bool:
    """Moderators answer any question in writing; a panelist the ones assigned to them."""
    return _holds(grant, MODERATORS) or (_holds(grant, frozenset({Role.PANELIST})) and assigned)


def can_suggest_merges(grant: EventGrant | None) -> bool:
    return _holds(grant, MODERATORS)
