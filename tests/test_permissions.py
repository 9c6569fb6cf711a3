"""Who may do what, checked on plain grants: no app."""

import pytest

from qa_app.domain.access import permissions
from qa_app.domain.access.permissions import NO_GRANT, EventGrant
from qa_app.models import Role

ROLES = [r.value for r in Role]
EXPECTED = {
    "can_connect": set(ROLES),
    "can_moderate": {"admin", "organiser", "moderator"},
    "can_configure": {"admin", "organiser", "moderator"},
    "can_translate": {"admin", "organiser", "moderator", "interpreter"},
    "can_export": {"admin", "organiser", "moderator", "facilitator"},
    "can_manage_event": {"admin", "organiser"},
    "can_create_events": {"admin", "organiser"},
    "can_manage_users": {"admin"},
}


def test_the_roles_are_the_protocols():
    assert set(ROLES) == {
        "admin",
        "organiser",
        "moderator",
        "facilitator",
        "panelist",
        "interpreter",
    }


@pytest.mark.parametrize("predicate", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role(predicate, role):
    check = getattr(permissions, predicate)
    assert check(EventGrant.of(role)) is (role in EXPECTED[predicate])
    assert check(EventGrant.of(Role(role))) is (role in EXPECTED[predicate])


@pytest.mark.parametrize("predicate", sorted(EXPECTED))
@pytest.mark.parametrize(
    "nobody",
    [None, NO_GRANT, "admin", EventGrant.of("attendee"), EventGrant.of("Moderator", "root")],
)
def test_no_grant_unknown_roles_and_bare_names_may_do_nothing(predicate, nobody):
    assert getattr(permissions, predicate)(nobody) is False


def test_roles_add_up():
    both = EventGrant.of("panelist", "facilitator")
    assert permissions.can_export(both) and not permissions.can_moderate(both)
    assert both.role == "facilitator"
    assert EventGrant.of("panelist", "admin").role == "admin"
    assert NO_GRANT.role is None and not NO_GRANT


def test_interpreters_translate_into_their_languages_only():
    limited = EventGrant.of("interpreter", languages=["fr", "es"])
    assert permissions.can_translate(limited)  # translates at all
    assert permissions.can_translate(limited, "fr")
    assert not permissions.can_translate(limited, "ar")
    anything = EventGrant.of("interpreter")
    assert permissions.can_translate(anything, "ar")
    # A moderator who is also a limited interpreter moderates, so translates anything.
    assert permissions.can_translate(EventGrant.of("interpreter", "moderator", languages=[]), "ar")


@pytest.mark.parametrize("role", ROLES)
def test_who_flags_and_suggests_merges(role):
    grant = EventGrant.of(role)
    assert permissions.can_flag(grant) is (
        role in {"admin", "organiser", "moderator", "interpreter"}
    )
    assert permissions.can_suggest_merges(grant) is (role in {"admin", "organiser", "moderator"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("assigned", [True, False])
def test_who_writes_answers(role, assigned):
    expected = role in {"admin", "organiser", "moderator"} or (role == "panelist" and assigned)
    assert permissions.can_write_answer(EventGrant.of(role), assigned=assigned) is expected


@pytest.mark.parametrize("nobody", [None, NO_GRANT, "moderator", EventGrant.of("Panelist")])
def test_nobody_else_writes_answers(nobody):
    assert permissions.can_write_answer(nobody, assigned=True) is False
