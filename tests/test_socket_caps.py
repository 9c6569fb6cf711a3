"""Sockets per identity per event, and snapshots per socket (issue 17, item 17).

Before: 1,500 sockets on one cookie were accepted, and 8 sockets looping on ``sync``
(155 KB each) took an honest vote's ack from 4 ms to 93 ms.
"""

from qa_app.extensions import socketio
from tests.conftest import call


def _attendee_sockets(app, http, count):
    return [
        socketio.test_client(
            app, namespace="/attendee", flask_test_client=http, auth={"event": "EV1"}
        )
        for _ in range(count)
    ]


def test_one_cookie_holds_at_most_the_cap_of_sockets(app, make_event, attendee):
    make_event()
    app.config["SOCKETS_PER_IDENTITY"] = 3
    http = app.test_client()
    assert http.get("/e/EV1?lang=fr").status_code == 200
    sockets = _attendee_sockets(app, http, 5)
    assert [s.is_connected("/attendee") for s in sockets] == [True] * 3 + [False] * 2
    other = attendee()  # another identity is not affected
    assert call(other, "sync")["ok"]
    sockets[0].disconnect(namespace="/attendee")  # closing one frees its place
    again = _attendee_sockets(app, http, 2)
    assert [s.is_connected("/attendee") for s in again] == [True, False]
    app.config["SOCKETS_PER_IDENTITY"] = 0  # no cap
    assert all(s.is_connected("/attendee") for s in _attendee_sockets(app, http, 3))


def test_one_staff_account_holds_at_most_the_cap_of_sockets(app, make_event, make_user, login):
    make_event()
    app.config["SOCKETS_PER_IDENTITY"] = 2
    http = login(make_user("moderator"))
    sockets = [
        socketio.test_client(app, namespace="/staff", flask_test_client=http, auth={"event": "EV1"})
        for _ in range(3)
    ]
    assert [s.is_connected("/staff") for s in sockets] == [True, True, False]


def test_sync_is_limited_per_socket(app, make_event, attendee, staff):
    make_event()
    app.config["SYNC_RATE"] = (3, 60)
    looping, honest, mod = attendee(), attendee(), staff()
    acks = [call(looping, "sync") for _ in range(5)]
    assert [a["ok"] for a in acks] == [True] * 3 + [False] * 2
    assert acks[-1]["error"] == "rate_limited" and acks[-1]["message"]
    assert call(honest, "sync")["ok"]  # per socket: others are not held back
    assert [call(mod, "sync")["ok"] for _ in range(4)] == [True] * 3 + [False]
    app.config["SYNC_RATE"] = None  # QA_SYNC_RATE=off
    assert call(looping, "sync")["ok"]


def test_an_event_named_connect_is_an_unknown_request(app, make_event, attendee, staff, caplog):
    """Issue 17, item 9: a ``connect`` event frame ran the connect handler again, and a
    bad code raised a refusal that was logged with a traceback."""
    make_event()
    for sock in (attendee(), staff()):
        for payload in ({"event": "NO-SUCH-EVENT"}, {"event": 5}, "x"):
            ack = call(sock, "connect", payload)
            assert ack["error"] == "invalid", ack
        assert call(sock, "sync")["ok"]  # still connected, to its own event
    assert "Traceback" not in caplog.text


def test_a_password_form_without_a_cookie_is_refused_cleanly(app, caplog):
    """Issue 17, item 9: POST /manage/password with no cookie was a 500."""
    app.config["WTF_CSRF_ENABLED"] = True
    answer = app.test_client().post("/manage/password", data={"current": "x", "new": "y"})
    assert answer.status_code in (302, 400, 401, 403), answer.status_code
    assert "Traceback" not in caplog.text and "unexpected error" not in caplog.text


def test_approve_publishes_only_the_text_the_moderator_read(app, make_event, attendee, staff):
    """Issue 17, item 14: an asker's edit after the moderator read the question was
    published unseen by ``approve``."""
    make_event(premoderation=True)
    asker, mod = attendee(), staff()
    text = "How do public employment services check private recruitment agencies?"
    asked = call(asker, "ask", {"text": text, "language": "en"})["question"]
    [seen] = [q for q in call(mod, "sync")["questions"] if q["id"] == asked["id"]]
    edited = text.replace("check", "audit")
    assert call(asker, "edit", {"question_id": asked["id"], "text": edited})["ok"]

    approve = {"question_id": asked["id"], "action": "approve", "version": seen["version"]}
    refused = call(mod, "moderate", approve)
    assert refused["error"] == "conflict" and refused["text"] == edited, refused
    assert refused["version"] != seen["version"]
    assert call(mod, "moderate", {**approve, "version": 7})["error"] == "invalid"
    [still] = [q for q in call(mod, "sync")["questions"] if q["id"] == asked["id"]]
    assert still["state"] == "pending" and still["version"] == refused["version"]
    approved = call(mod, "moderate", {**approve, "version": refused["version"]})
    assert approved["ok"] and approved["question"]["text"] == edited
    # A client that sends no version approves the text as it is (as before).
    other = call(asker, "ask", {"text": "Second: " + text, "language": "en"})["question"]
    assert call(mod, "moderate", {"question_id": other["id"], "action": "approve"})["ok"]
