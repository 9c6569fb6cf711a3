"""CSRF holds on the management forms and the one-time link pages."""

import re

import pytest

from qa_app import create_app
from qa_app.domain.access import invitations
from qa_app.domain.store import get_event
from qa_app.extensions import db
from tests.conftest import PASSWORD


@pytest.fixture
def strict_app(app, make_event, make_user):
    """The test app's database, served by an app that checks CSRF tokens."""
    make_event("EV1")
    make_user("organiser", email="org@example.org", events=("EV1",))
    with app.app_context():
        _invitation, token = invitations.invite(get_event("EV1"), "new@example.org", "moderator")
    strict = create_app({**app.config, "WTF_CSRF_ENABLED": True})
    yield strict, token
    with strict.app_context():
        db.engine.dispose()


def token_of(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    return match.group(1)


def test_forms_without_their_token_are_refused(strict_app):
    app, invite_token = strict_app
    http = app.test_client()
    login_page = http.get("/login").get_data(as_text=True)
    signed = http.post(
        "/login",
        data={"email": "org@example.org", "password": PASSWORD, "csrf_token": token_of(login_page)},
    )
    assert signed.status_code == 302
    for path, data in [
        ("/manage/e/EV1/topics/", {"title": "Sneaky"}),
        ("/manage/e/EV1/close", {}),
        ("/manage/e/EV1/staff/", {"email": "x@example.org", "role": "moderator"}),
        ("/manage/password", {"current": PASSWORD, "password": "p" * 10, "confirm": "p" * 10}),
        (
            "/invite/%s" % invite_token,
            {"action": "new", "new-password": "p" * 10, "new-confirm": "p" * 10},
        ),
    ]:
        response = http.post(path, data=data)
        assert response.status_code == 400, path
        assert "The form expired" in response.get_data(as_text=True)
    with app.app_context():
        event = get_event("EV1")
        assert [t.title for t in event.topics] == ["Topic A", "Topic B"] and event.accepting
    # With the page's token the same form works.
    page = http.get("/manage/e/EV1/topics/").get_data(as_text=True)
    added = http.post("/manage/e/EV1/topics/", data={"title": "Fine", "csrf_token": token_of(page)})
    assert added.status_code == 303
