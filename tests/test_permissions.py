"""Who may do what, checked on plain role names: no app."""

import pytest

from qa_app.domain import permissions
from qa_app.models import Role

ROLES = [r.value for r in Role]
EXPECTED = {
    "can_moderate": {"admin", "moderator"},
    "can_configure": {"admin", "moderator"},
    "can_translate": {"admin", "moderator", "interpreter"},
    "can_export": {"admin", "moderator", "facilitator"},
    "can_manage_users": {"admin"},
}


def test_the_roles_are_the_protocols():
    assert set(ROLES) == {"admin", "moderator", "facilitator", "panelist", "interpreter"}


@pytest.mark.parametrize("predicate", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role(predicate, role):
    check = getattr(permissions, predicate)
    assert check(role) is (role in EXPECTED[predicate])
    assert check(Role(role)) is (role in EXPECTED[predicate])


@pytest.mark.parametrize("predicate", sorted(EXPECTED))
@pytest.mark.parametrize("nobody", [None, "", "attendee", "Moderator", "ADMIN", "root"])
def test_attendees_and_unknown_roles_may_do_nothing(predicate, nobody):
    assert getattr(permissions, predicate)(nobody) is False


@pytest.mark.parametrize("role", ROLES)
def test_who_flags_and_suggests_merges(role):
    assert permissions.can_flag(role) is (role in {"admin", "moderator", "interpreter"})
    assert permissions.can_suggest_merges(role) is (role in {"admin", "moderator"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("assigned", [True, False])
def test_who_writes_answers(role, assigned):
    expected = role in {"admin", "moderator"} or (role == "panelist" and assigned)
    assert permissions.can_write_answer(role, assigned=assigned) is expected


@pytest.mark.parametrize("nobody", [None, "", "attendee", "Panelist"])
def test_nobody_else_writes_answers(nobody):
    assert permissions.can_write_answer(nobody, assigned=True) is False
