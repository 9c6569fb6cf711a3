"""Every password check is the same throttled, constant-work check (issue 17, items 2
and 6): /login, the invitation page's sign-in, and /manage/password's current password.
Changing a password ends the person's other sessions and live sockets."""

import functools

import pytest
from werkzeug.security import generate_password_hash

from qa_app.domain.access import grants, invitations, passwords
from qa_app.domain.store import get_event
from qa_app.extensions import db, offload, socketio
from qa_app.models import User
from tests.conftest import PASSWORD

WRONG = "not the password at all"
NEW = "copper lantern fjord harbour"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """These tests count attempts and hashing calls, not time: a cheap hash keeps them quick."""
    cheap = functools.partial(generate_password_hash, method="pbkdf2:sha256:1000")
    monkeypatch.setattr(passwords, "generate_password_hash", cheap)
    monkeypatch.setattr(passwords, "DUMMY_HASH", cheap("no account has this password"))


@pytest.fixture
def invitation_path(app, make_event):
    make_event()
    with app.app_context():
        _invitation, token = invitations.invite(get_event("EV1"), "guest@example.org", "moderator")
    return "/invite/" + token


def _invite_sign_in(http, path, email, password):
    data = {"action": "signin", "signin-email": email, "signin-password": password}
    return http.post(path, data=data)


def _grant(app, email):
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        return grants.grant_for(user.id, get_event("EV1"))


def test_the_invitation_sign_in_is_locked_out_like_login(app, make_user, invitation_path):
    admin = make_user("admin")
    http = app.test_client()
    codes = [_invite_sign_in(http, invitation_path, admin, WRONG).status_code for _ in range(6)]
    assert codes == [400] * 5 + [429]
    locked = _invite_sign_in(http, invitation_path, admin, PASSWORD)
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.get_data(True)
    # One budget for every form: /login from the same address waits too.
    assert http.post("/login", data={"email": admin, "password": PASSWORD}).status_code == 429
    assert _grant(app, admin).roles == {"admin"}  # the invitation's role was never added


def test_a_failed_invitation_sign_in_adds_no_role(app, make_user, invitation_path):
    email = make_user("facilitator", email="guest@example.org", events=["EV1"])
    http = app.test_client()
    assert _invite_sign_in(http, invitation_path, email, WRONG).status_code == 400
    assert _grant(app, email).roles == {"facilitator"}
    assert http.get("/manage/").status_code == 302  # not signed in either
    assert _invite_sign_in(http, invitation_path, email, PASSWORD).status_code == 303
    assert _grant(app, email).roles == {"facilitator", "moderator"}


def test_wrong_current_passwords_are_refused_after_the_limit(app, make_user, login):
    http = login(make_user("moderator"))
    codes = []
    for _ in range(25):
        data = {"current": WRONG, "password": NEW, "confirm": NEW}
        codes.append(http.post("/manage/password", data=data).status_code)
    assert codes == [400] * 5 + [429] * 20
    right = http.post(
        "/manage/password", data={"current": PASSWORD, "password": NEW, "confirm": NEW}
    )
    assert right.status_code == 429 and "Too many failed sign-ins" in right.get_data(True)


def _checks(monkeypatch):
    """Count the hashing work sent off the event loop, by function."""
    ran = []
    monkeypatch.setattr(offload, "_runner", lambda f, *args: ran.append(f.__name__) or f(*args))
    return ran


@pytest.mark.parametrize("form", ["login", "invitation"])
def test_unknown_and_known_e_mails_cost_the_same_hashing(
    app, make_user, invitation_path, monkeypatch, form
):
    known = make_user("moderator")
    work = {}
    for kind, email in (("known", known), ("unknown", "nobody@example.org")):
        ran = _checks(monkeypatch)
        http = app.test_client()
        if form == "login":
            assert http.post("/login", data={"email": email, "password": WRONG}).status_code == 200
        else:
            assert _invite_sign_in(http, invitation_path, email, WRONG).status_code == 400
        work[kind] = ran
    assert work["known"] == work["unknown"] == ["check_password_hash"]


def test_changing_the_password_ends_the_other_sessions_and_sockets(
    app, make_event, make_user, login
):
    make_event()
    email = make_user("moderator", events=["EV1"])
    mine = login(email)
    copied = app.test_client()
    copied.set_cookie("session", mine.get_cookie("session").value)
    assert copied.get("/manage/").status_code == 200  # a copy works like the original
    sock = socketio.test_client(
        app, namespace="/staff", flask_test_client=copied, auth={"event": "EV1"}
    )
    assert sock.is_connected("/staff")

    changed = mine.post(
        "/manage/password", data={"current": PASSWORD, "password": NEW, "confirm": NEW}
    )
    assert changed.status_code == 303
    assert not sock.is_connected("/staff")  # closed at once
    assert copied.get("/manage/").status_code == 302  # the copied cookie opens nothing now
    assert copied.get("/e/EV1/moderate").status_code in (302, 403)
    assert mine.get("/manage/").status_code == 200  # this browser stays signed in
    again = socketio.test_client(
        app, namespace="/staff", flask_test_client=copied, auth={"event": "EV1"}
    )
    assert not again.is_connected("/staff")
