"""Fixtures of the /manage tests: signed-in organisers and admins."""

import pytest


@pytest.fixture
def organiser(make_event, make_user, login):
    """A client signed in as the organiser of a fresh event ``EV1`` (and of nothing else)."""
    make_event("EV1")
    return login(make_user("organiser", email="org@example.org", events=("EV1",)))


@pytest.fixture
def admin(make_user, login):
    return login(make_user("admin", email="admin@example.org"))
