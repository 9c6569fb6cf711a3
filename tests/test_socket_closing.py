"""Taking rights away closes live /staff sockets: a revoked grant (that event only), a
deactivated account and a logout (every event). One process here; two workers sharing
Redis are in test_socket_closing_workers.py."""

import pytest

from qa_app.domain.access import accounts, staff
from qa_app.domain.errors import NotFound
from qa_app.domain.store import get_event
from qa_app.extensions import db, socketio
from qa_app.live import broadcast
from qa_app.models import User

from .conftest import PASSWORD, call


def _user(app, email):
    with app.app_context():
        return db.session.scalar(db.select(User).where(User.email == email))


def _socket(app, http, code):
    sock = socketio.test_client(
        app, namespace="/staff", flask_test_client=http, auth={"event": code}
    )
    assert sock.is_connected("/staff")
    return sock


def test_revoking_a_grant_closes_that_events_sockets_only(app, make_event, make_user, login):
    make_event("EV1")
    make_event("EV2")
    email = make_user("moderator", events=["EV1", "EV2"])
    http = login(email)
    on_one, on_two = _socket(app, http, "EV1"), _socket(app, http, "EV2")
    user = _user(app, email)
    with app.app_context():
        revoked = staff.revoke(get_event("EV1"), user.id)
        assert revoked.roles == ("moderator",) and revoked.event_code == "EV1"
        assert broadcast.close_user_sockets(revoked.user_id, revoked.event_code) == 1
    assert not on_one.is_connected("/staff")
    assert on_two.is_connected("/staff")
    assert call(on_two, "configure", {"premoderation": False})["ok"] is True
    # Reconnecting to EV1 is refused now; EV2 still works.
    again = socketio.test_client(
        app, namespace="/staff", flask_test_client=http, auth={"event": "EV1"}
    )
    assert not again.is_connected("/staff")


def test_a_global_grant_is_not_revoked_per_event(app, make_event, make_user):
    make_event("EV1")
    email = make_user("moderator")  # on every event
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        with pytest.raises(NotFound):
            staff.revoke(get_event("EV1"), user.id)
        assert staff.revoke_global(user.id, "moderator").event_code is None


def test_deactivating_closes_every_socket_and_refuses_sign_in(app, make_event, make_user, login):
    make_event("EV1")
    make_event("EV2")
    email = make_user("moderator")
    http = login(email)
    socks = [_socket(app, http, "EV1"), _socket(app, http, "EV2")]
    with app.app_context():
        user = accounts.deactivate(db.session.scalar(db.select(User).where(User.email == email)))
        assert broadcast.close_user_sockets(user.id) == 2
    assert not any(sock.is_connected("/staff") for sock in socks)
    # The old session no longer counts, and signing in again is refused with a reason.
    assert http.get("/e/EV1/moderate").status_code == 302
    refused = app.test_client().post("/login", data={"email": email, "password": PASSWORD})
    assert refused.status_code == 403
    assert b"deactivated" in refused.data
    with app.app_context():
        accounts.reactivate(db.session.scalar(db.select(User).where(User.email == email)))
    assert login(email).get("/e/EV1/moderate").status_code == 200


def test_logout_closes_the_sockets_of_every_event(app, make_event, make_user, login):
    make_event("EV1")
    make_event("EV2")
    http = login(make_user("moderator"))
    socks = [_socket(app, http, "EV1"), _socket(app, http, "EV2")]
    assert http.post("/logout").status_code == 302
    assert not any(sock.is_connected("/staff") for sock in socks)
