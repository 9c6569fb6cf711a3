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
