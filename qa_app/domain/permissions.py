"""Who may do what: small predicates over a staff role."""

from ..models import Role

MODERATORS = frozenset({Role.ADMIN, Role.MODERATOR})
TRANSLATORS = frozenset({Role.ADMIN, Role.MODERATOR, Role.INTERPRETER})
EXPORTERS = frozenset({Role.ADMIN, Role.MODERATOR, Role.FACILITATOR})


def can_moderate(role: str | None) -> bool:
    return role in MODERATORS


def can_configure(role: str | None) -> bool:
    return role in MODERATORS


def can_translate(role: str | None) -> bool:
    return role in TRANSLATORS


def can_export(role: str | None) -> bool:
    return role in EXPORTERS


def can_manage_users(role: str | None) -> bool:
    return role == Role.ADMIN


def can_flag(role: str | None) -> bool:
    """Interpreters flag a question back to the moderator (unclear, in progress, ready)."""
    return role in TRANSLATORS


def can_write_answer(role: str | None, assigned: bool) -> bool:
    """Moderators answer any question in writing; a panelist the ones assigned to them."""
    return role in MODERATORS or (role == Role.PANELIST and assigned)


def can_suggest_merges(role: str | None) -> bool:
    return role in MODERATORS
