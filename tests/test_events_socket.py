"""Socket.IO handlers through Flask-SocketIO's test client."""

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qa_app.extensions import db, socketio
from qa_app.live import fanout
from qa_app.models import Event, Panelist, Question, StateChange, User, Vote
from tests.conftest import call, received

ERROR_CODES = {"invalid", "not_found", "forbidden", "rate_limited", "closed", "conflict"}
STAFF_ONLY = {
    "answer_note",
    "dismiss_reason",
    "dismiss_reason_code",
    "original_text",
    "original_language",
    "edited_by",
    "merged_into",
    "queue_position",
    "interpreter_flag",
    "read_aloud",
}
QUESTION_KEYS = {
    "edited",
    "outcome",
    "answer",
    "merged",
    "also_asked_in",
    "id",
    "text",
    "language",
    "translations",
    "name",
    "votes",
    "state",
    "highlighted",
    "panelist",
    "topic",
    "asked_at",
    "answered_at",
}
EVENT_KEYS = {
    "code",
    "title",
    "description",
    "closed",
    "archived",
    "question_cap",
    "series",
    "starts_at",
    "timezone",
    "duration_minutes",
    "languages",
    "premoderation",
    "accepting",
    "topics",
    "panelists",
}
TEXT = "How do public employment services check recruitment agencies?"


def refused(ack, code):
    """An ack in the protocol's error shape with ``code`` and a message to show."""
    assert ack is not None, "no ack"
    assert ack["ok"] is False, ack
    assert ack["error"] == code, ack
    assert ack["error"] in ERROR_CODES
    assert isinstance(ack["message"], str) and ack["message"].strip(), ack
    return ack


def votes_until(sock, expected: dict, timeout=3.0) -> list[dict]:
    """Collect ``votes`` messages until their merged counts are ``expected``."""
    messages, merged = [], {}
    deadline = time.monotonic() + timeout
    while merged != expected and time.monotonic() < deadline:
        time.sleep(0.02)
        for message in received(sock, "votes"):
            messages.append(message)
            merged.update(message["counts"])
    assert merged == expected, messages
    return messages


def db_question(app, qid) -> Question:
    with app.app_context():
        db.session.remove()
        return db.session.get(Question, qid)


def panelist_id(app, name="Ana", code="EV1"):
    with app.app_context():
        return db.session.scalar(select(Panelist.id).where(Panelist.name == name))


@pytest.fixture
def event(make_event):
    return make_event("EV1")


# --- the whole loop --------------------------------------------------------------


def test_the_whole_loop_with_two_attendees_and_a_moderator(app, event, attendee, staff):
    alice, bob, mod = attendee(), attendee(), staff("moderator")
    for sock in (alice, bob, mod):
        assert call(sock, "sync")["ok"]

    ack = call(alice, "ask", {"text": "  " + TEXT + "  ", "name": "Alice", "language": "en"})
    assert ack["ok"] is True
    question = ack["question"]
    qid = question["id"]
    assert set(question) == QUESTION_KEYS
    assert (question["text"], question["state"], question["votes"]) == (TEXT, "pending", 0)

    # The pending question reaches staff, and its asker, but no other attendee.
    [to_staff] = received(mod, "question")
    assert to_staff["question"]["state"] == "pending" and set(to_staff["question"]) >= STAFF_ONLY
    [to_asker] = received(alice, "question")
    assert to_asker["question"]["id"] == qid and to_asker["question"]["state"] == "pending"
    assert received(bob) == []

    approved = call(mod, "moderate", {"question_id": qid, "action": "approve"})
    assert approved["ok"] and approved["question"]["state"] == "published"
    for sock in (alice, bob):
        [message] = received(sock, "question")
        assert message["question"]["state"] == "published"
        assert set(message["question"]) == QUESTION_KEYS  # no staff-only fields
        assert message["seq"] > to_staff["seq"]
    assert received(mod, "question")[0]["question"]["state"] == "published"

    # Votes: exact, idempotent, withdrawable.
    assert call(bob, "vote", {"question_id": qid, "on": True}) == {
        "ok": True,
        "question_id": qid,
        "votes": 1,
    }
    assert call(bob, "vote", {"question_id": qid, "on": True})["votes"] == 1
    assert call(alice, "vote", {"question_id": qid, "on": True})["votes"] == 2
    assert call(bob, "vote", {"question_id": qid, "on": False})["votes"] == 1
    assert call(bob, "vote", {"question_id": qid, "on": False})["votes"] == 1
    assert call(bob, "vote", {"question_id": qid, "on": True})["votes"] == 2
    for sock in (alice, bob, mod):
        assert votes_until(sock, {str(qid): 2})[-1]["counts"] == {str(qid): 2}
    assert db_question(app, qid).votes == 2
    assert call(bob, "sync")["me"]["voted"] == [qid]

    ana = panelist_id(app)
    for action, fields, check in [
        ("assign", {"panelist_id": ana}, lambda q: q["panelist"]["name"] == "Ana"),
        ("highlight", {}, lambda q: q["highlighted"] is True),
        ("answer", {}, lambda q: q["state"] == "answered" and not q["highlighted"]),
    ]:
        ack = call(mod, "moderate", {"question_id": qid, "action": action, **fields})
        assert ack["ok"] and check(ack["question"]), (action, ack)
        for sock in (alice, bob, mod):
            [message] = received(sock, "question")
            assert check(message["question"]), (action, message)

    final = call(bob, "sync")
    [q] = final["questions"]
    assert (q["state"], q["votes"], q["panelist"]["id"], q["highlighted"]) == (
        "answered",
        2,
        ana,
        False,
    )


# --- who sees what ---------------------------------------------------------------


def test_attendees_never_receive_someone_elses_pending_or_dismissed_question(
    app, event, attendee, staff
):
    alice, bob, mod = attendee(), attendee(), staff()
    pending = call(alice, "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    public = call(alice, "ask", {"text": "What about WAPES members?", "language": "en"})
    public = public["question"]["id"]
    assert call(mod, "moderate", {"question_id": public, "action": "approve"})["ok"]
    received(alice)
    received(bob)

    ack = call(
        mod, "moderate", {"question_id": pending, "action": "dismiss", "reason": "Off topic"}
    )
    assert ack["question"]["dismiss_reason"] == "Off topic"
    assert received(bob) == []
    [own] = received(alice, "question")
    assert own["question"]["state"] == "dismissed"
    assert own["question"]["dismiss_reason"] == "Off topic"

    call(mod, "moderate", {"question_id": public, "action": "note", "note": "For Omar"})
    assert received(bob) == []  # a note is staff-only: attendees are not even told
    assert received(mod, "question")[-1]["question"]["answer_note"] == "For Omar"
    call(mod, "moderate", {"question_id": public, "action": "dismiss", "reason": "Duplicate"})
    bob_saw = received(bob)
    assert bob_saw == [{"id": public, "seq": bob_saw[0]["seq"]}]  # only question_removed
    assert [m["name"] for m in bob.queue] == []
    alice_saw = received(alice, "question")
    assert alice_saw[-1]["question"]["dismiss_reason"] == "Duplicate"

    # Nor in a snapshot.
    assert call(bob, "sync")["questions"] == []
    alice_sync = call(alice, "sync")
    assert alice_sync["me"]["asked"] == sorted([pending, public])
    assert [q["id"] for q in alice_sync["questions"]] == []  # dismissed ones are not listed
    staff_sync = call(mod, "sync")
    assert {q["id"]: q["state"] for q in staff_sync["questions"]} == {
        pending: "dismissed",
        public: "dismissed",
    }


def test_removed_question_event_name(app, event, attendee, staff):
    bob, mod = attendee(), staff()
    call(mod, "configure", {"premoderation": False})
    qid = call(attendee(), "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    received(bob)
    call(mod, "moderate", {"question_id": qid, "action": "dismiss"})
    messages = bob.get_received("/attendee")
    assert [m["name"] for m in messages] == ["question_removed"]


def test_asker_sees_own_pending_question_in_sync(app, event, attendee):
    alice, bob = attendee(), attendee()
    qid = call(alice, "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    mine = call(alice, "sync")
    assert [q["id"] for q in mine["questions"]] == [qid]
    assert mine["me"] == {"voted": [], "asked": [qid]}
    theirs = call(bob, "sync")
    assert theirs["questions"] == [] and theirs["me"] == {"voted": [], "asked": []}


# --- connections -----------------------------------------------------------------


def test_attendee_connection_needs_the_cookie(app, event):
    sock = socketio.test_client(
        app, namespace="/attendee", flask_test_client=app.test_client(), auth={"event": "EV1"}
    )
    assert not sock.is_connected("/attendee")
    sock = socketio.test_client(app, namespace="/attendee", auth={"event": "EV1"})
    assert not sock.is_connected("/attendee")


@pytest.mark.parametrize("auth", [{"event": "NOPE"}, {}, None, {"event": 5}, {"event": ""}])
def test_attendee_connection_for_an_unknown_event(app, event, auth):
    http = app.test_client()
    assert http.get("/e/EV1").status_code == 200
    sock = socketio.test_client(app, namespace="/attendee", flask_test_client=http, auth=auth)
    assert not sock.is_connected("/attendee")


def test_staff_connection_needs_a_login(app, event, make_user, login):
    http = app.test_client()
    http.get("/e/EV1")  # an attendee cookie is not a staff session
    sock = socketio.test_client(
        app, namespace="/staff", flask_test_client=http, auth={"event": "EV1"}
    )
    assert not sock.is_connected("/staff")
    signed_in = login(make_user("moderator"))
    sock = socketio.test_client(
        app, namespace="/staff", flask_test_client=signed_in, auth={"event": "NOPE"}
    )
    assert not sock.is_connected("/staff")
    sock = socketio.test_client(
        app, namespace="/staff", flask_test_client=signed_in, auth={"event": "EV1"}
    )
    assert sock.is_connected("/staff")


# --- who may do what -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("moderate", {"question_id": 1, "action": "approve"}),
        ("configure", {"premoderation": False}),
        ("translate", {"question_id": 1, "language": "fr", "text": "Comment ?"}),
    ],
)
def test_staff_events_from_an_attendee_connection_are_forbidden(
    app, event, attendee, name, payload
):
    alice = attendee()
    qid = call(alice, "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    assert qid == 1
    refused(call(alice, name, payload), "forbidden")
    with app.app_context():
        q = db.session.get(Question, qid)
        assert (q.state, q.translations) == ("pending", [])
        assert db.session.get(Event, q.event_id).premoderation is True


@pytest.mark.parametrize("name", ["ask", "vote"])
def test_attendee_events_from_a_staff_connection_are_forbidden(event, staff, name):
    refused(call(staff(), name, {"text": TEXT, "question_id": 1, "on": True}), "forbidden")


@pytest.mark.parametrize("sock_kind", ["attendee", "staff"])
def test_unknown_events_are_refused(event, attendee, staff, sock_kind):
    sock = attendee() if sock_kind == "attendee" else staff()
    refused(call(sock, "delete_everything", {}), "invalid")
    refused(call(sock, "ASK", {"text": TEXT}), "invalid")


@pytest.mark.parametrize("role", ["panelist", "facilitator", "interpreter"])
def test_staff_without_the_moderator_role_cannot_moderate_or_configure(
    app, event, attendee, staff, role
):
    qid = call(attendee(), "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    sock = staff(role)
    assert call(sock, "sync")["ok"]  # they may watch
    for action in ["approve", "dismiss", "highlight", "assign"]:
        refused(call(sock, "moderate", {"question_id": qid, "action": action}), "forbidden")
    refused(call(sock, "configure", {"accepting": False}), "forbidden")
    q = db_question(app, qid)
    assert (q.state, q.highlighted) == ("pending", False)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StateChange)) == 1


def test_admin_moderates(event, attendee, staff):
    qid = call(attendee(), "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    assert call(staff("admin"), "moderate", {"question_id": qid, "action": "approve"})["ok"]


def test_interpreter_translates_and_everyone_who_sees_it_hears_it(app, event, attendee, staff):
    alice, bob = attendee(), attendee()
    mod = staff("moderator")
    qid = call(alice, "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    call(mod, "moderate", {"question_id": qid, "action": "approve"})
    received(bob)
    interpreter = staff("interpreter", email="int@example.org")
    ack = call(
        interpreter, "translate", {"question_id": qid, "language": "fr", "text": "Comment ?"}
    )
    assert ack["ok"]
    assert ack["question"]["translations"]["fr"] == {
        "text": "Comment ?",
        "by": "Interpreter",
        "verified": True,
    }
    [message] = received(bob, "question")
    assert message["question"]["translations"]["fr"]["text"] == "Comment ?"
    refused(
        call(staff("panelist"), "translate", {"question_id": qid, "language": "es", "text": "¿?"}),
        "forbidden",
    )


def test_logout_disconnects_the_staff_socket_and_its_events_are_refused(
    app, event, attendee, staff
):
    qid = call(attendee(), "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    mod = staff("moderator")
    other_tab = socketio.test_client(
        app, namespace="/staff", flask_test_client=mod.http, auth={"event": "EV1"}
    )
    assert other_tab.is_connected("/staff")
    response = mod.http.post("/logout")
    assert response.status_code == 302
    assert not mod.is_connected("/staff") and not other_tab.is_connected("/staff")
    # A client that ignores the disconnect and keeps sending gets no effect at all.
    mod.connected["/staff"] = True
    assert (
        mod.emit(
            "moderate", {"question_id": qid, "action": "approve"}, namespace="/staff", callback=True
        )
        is None
    )
    assert db_question(app, qid).state == "pending"
    # And the old session cookie no longer opens a socket.
    sock = socketio.test_client(
        app, namespace="/staff", flask_test_client=mod.http, auth={"event": "EV1"}
    )
    assert not sock.is_connected("/staff")


def test_a_socket_from_before_a_logout_elsewhere_loses_its_rights(app, event, attendee, staff):
    """With several workers, a socket held by another process is not closed at logout,
    but the rotated session token makes its next event fail."""
    qid = call(attendee(), "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    mod = staff("moderator")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "moderator@example.org"))
        user.session_token = "rotated-by-a-logout-elsewhere"
        db.session.commit()
    refused(call(mod, "moderate", {"question_id": qid, "action": "approve"}), "forbidden")
    refused(call(mod, "sync"), "forbidden")
    assert db_question(app, qid).state == "pending"


# --- bad payloads ----------------------------------------------------------------

NOT_OBJECTS = ["text", 5, [1, 2], True, 1.5]
ATTENDEE_BAD = [
    ("ask", {}, "invalid"),
    ("ask", {"text": ""}, "invalid"),
    ("ask", {"text": "   "}, "invalid"),
    ("ask", {"text": 42}, "invalid"),
    ("ask", {"text": ["a"]}, "invalid"),
    ("ask", {"text": "x" * 501}, "invalid"),
    ("ask", {"text": TEXT, "name": "n" * 81}, "invalid"),
    ("ask", {"text": TEXT, "name": 7}, "invalid"),
    ("ask", {"text": TEXT, "language": "de"}, "invalid"),
    ("ask", {"text": TEXT, "language": 1}, "invalid"),
    ("ask", {"text": TEXT, "topic_id": "1"}, "invalid"),
    ("ask", {"text": TEXT, "topic_id": True}, "invalid"),
    ("ask", {"text": TEXT, "topic_id": 999}, "not_found"),
    ("vote", {}, "invalid"),
    ("vote", {"question_id": "QID"}, "invalid"),
    ("vote", {"question_id": "QID", "on": "yes"}, "invalid"),
    ("vote", {"question_id": "QID", "on": 1}, "invalid"),
    ("vote", {"question_id": True, "on": True}, "invalid"),
    ("vote", {"question_id": "1", "on": True}, "invalid"),
    ("vote", {"question_id": -1, "on": True}, "invalid"),
    ("vote", {"question_id": 99999, "on": True}, "not_found"),
    ("vote", {"question_id": 10**30, "on": True}, "invalid"),
    ("ask", {"text": TEXT, "topic_id": 2**70}, "invalid"),
    ("vote", {"question_id": "PENDING", "on": True}, "not_found"),
    ("vote", {"question_id": "ANSWERED", "on": True}, "conflict"),
]
STAFF_BAD = [
    ("moderate", {}, "invalid"),
    ("moderate", {"question_id": "QID"}, "invalid"),
    ("moderate", {"question_id": "QID", "action": "publish"}, "invalid"),
    ("moderate", {"question_id": "QID", "action": 1}, "invalid"),
    ("moderate", {"question_id": "QID", "action": None}, "invalid"),
    ("moderate", {"question_id": "1", "action": "approve"}, "invalid"),
    ("moderate", {"question_id": 99999, "action": "approve"}, "not_found"),
    ("moderate", {"question_id": 2**64, "action": "approve"}, "invalid"),
    ("moderate", {"question_id": "QID", "action": "assign", "panelist_id": 2**64}, "invalid"),
    ("moderate", {"question_id": "QID", "action": "approve"}, "conflict"),
    ("moderate", {"question_id": "QID", "action": "reopen"}, "conflict"),
    ("moderate", {"question_id": "QID", "action": "restore"}, "conflict"),
    ("moderate", {"question_id": "QID", "action": "unhighlight"}, "conflict"),
    ("moderate", {"question_id": "ANSWERED", "action": "highlight"}, "conflict"),
    ("moderate", {"question_id": "ANSWERED", "action": "answer"}, "conflict"),
    ("moderate", {"question_id": "QID", "action": "assign"}, "invalid"),
    ("moderate", {"question_id": "QID", "action": "assign", "panelist_id": 999}, "not_found"),
    ("moderate", {"question_id": "QID", "action": "assign", "panelist_id": "x"}, "invalid"),
    ("moderate", {"question_id": "QID", "action": "dismiss", "reason": "r" * 501}, "invalid"),
    ("moderate", {"question_id": "QID", "action": "dismiss", "reason": 5}, "invalid"),
    ("moderate", {"question_id": "QID", "action": "note", "note": "n" * 2001}, "invalid"),
    ("translate", {}, "invalid"),
    ("translate", {"question_id": "QID", "language": "fr"}, "invalid"),
    ("translate", {"question_id": "QID", "language": "fr", "text": 5}, "invalid"),
    ("translate", {"question_id": "QID", "language": "de", "text": "Wie?"}, "invalid"),
    ("translate", {"question_id": "QID", "language": "en", "text": "Same"}, "invalid"),
    ("translate", {"question_id": 99999, "language": "fr", "text": "Quoi ?"}, "not_found"),
    ("translate", {"question_id": "QID", "language": "fr", "text": "t" * 2001}, "invalid"),
    ("configure", {"premoderation": "off"}, "invalid"),
    ("configure", {"accepting": 0}, "invalid"),
    ("configure", {"accepting": None, "premoderation": []}, "invalid"),
]


@pytest.fixture
def questions_in_states(app, event, attendee, staff):
    """A published question (QID), someone else's pending one and an answered one."""
    mod = staff("moderator")
    asker = attendee()
    ids = {}
    for name in ("QID", "PENDING", "ANSWERED"):
        text = "%s: %s" % (name, TEXT)
        ids[name] = call(asker, "ask", {"text": text, "language": "en"})["question"]["id"]
    for name in ("QID", "ANSWERED"):
        call(mod, "moderate", {"question_id": ids[name], "action": "approve"})
    call(mod, "moderate", {"question_id": ids["ANSWERED"], "action": "answer"})
    return ids, mod


def _fill(payload, ids):
    return {k: ids.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}


def _state(app):
    with app.app_context():
        db.session.remove()
        return (
            [
                (q.state, q.votes, q.panelist_id, q.answer_note, q.dismiss_reason, q.highlighted)
                for q in db.session.scalars(select(Question).order_by(Question.id))
            ],
            db.session.scalar(select(func.count()).select_from(StateChange)),
            db.session.scalar(select(func.count()).select_from(Vote)),
        )


def test_bad_attendee_payloads(app, questions_in_states, attendee):
    ids, _mod = questions_in_states
    app.config["ASK_RATE"] = (1000, 60)  # refused asks count too; here we test validation
    sock = attendee()
    for name, payload, code in ATTENDEE_BAD:
        before = _state(app)
        ack = call(sock, name, _fill(payload, ids))
        assert ack and ack.get("error") == code, (name, payload, ack)
        refused(ack, code)
        assert _state(app) == before, (name, payload)


def test_bad_staff_payloads(app, questions_in_states):
    ids, mod = questions_in_states
    for name, payload, code in STAFF_BAD:
        before = _state(app)
        ack = call(mod, name, _fill(payload, ids))
        assert ack and ack.get("error") == code, (name, payload, ack)
        refused(ack, code)
        assert _state(app) == before, (name, payload)


def test_payload_must_be_one_object(event, attendee, staff):
    alice, mod = attendee(), staff()
    for sock, names in [
        (alice, ["sync", "ask", "vote"]),
        (mod, ["sync", "moderate", "translate", "configure"]),
    ]:
        for name in names:
            for payload in NOT_OBJECTS:
                ack = call(sock, name, payload)
                assert ack and ack.get("error") == "invalid", (name, payload, ack)
                refused(ack, "invalid")


def test_two_arguments_are_refused(event, attendee):
    alice = attendee()
    ack = alice.emit("ask", {"text": TEXT}, {"text": TEXT}, namespace="/attendee", callback=True)
    refused(ack, "invalid")


def test_no_payload_means_an_empty_object(event, attendee):
    alice = attendee()
    assert alice.emit("sync", namespace="/attendee", callback=True)["ok"] is True
    refused(alice.emit("ask", namespace="/attendee", callback=True), "invalid")


# --- messages in the sender's language -------------------------------------------

FRENCH_CATALOG = Path(__file__).resolve().parent.parent / "translations/fr/LC_MESSAGES"


def test_error_messages_follow_the_senders_language(app, event):
    http = app.test_client()
    assert http.get("/e/EV1?lang=fr").status_code == 200
    sock = socketio.test_client(
        app,
        namespace="/attendee",
        flask_test_client=http,
        auth={"event": "EV1"},
        query_string="lang=fr",
    )
    french = refused(call(sock, "ask", {"text": "  "}), "invalid")["message"]
    english_sock = socketio.test_client(
        app,
        namespace="/attendee",
        flask_test_client=_visited(app),
        auth={"event": "EV1"},
    )
    english = refused(call(english_sock, "ask", {"text": "  "}), "invalid")["message"]
    assert english == "Please write your question."
    if (FRENCH_CATALOG / "messages.mo").exists():
        assert french != english
        assert "question" in french.lower()


def _visited(app):
    http = app.test_client()
    assert http.get("/e/EV1").status_code == 200
    return http


# --- rate limits, configure, sync, votes -----------------------------------------


def test_rate_limits(app, event, attendee, staff):
    app.config["ASK_RATE"] = (2, 60)
    app.config["VOTE_RATE"] = (3, 60)
    call(staff(), "configure", {"premoderation": False})
    alice, bob = attendee(), attendee()
    assert call(alice, "ask", {"text": "First: " + TEXT, "language": "en"})["ok"]
    qid = call(alice, "ask", {"text": "Second: " + TEXT, "language": "en"})["question"]["id"]
    refused(call(alice, "ask", {"text": "Third: " + TEXT, "language": "en"}), "rate_limited")
    assert call(bob, "ask", {"text": "Bob: " + TEXT, "language": "en"})["ok"]  # per attendee
    for on in (True, False, True):
        assert call(bob, "vote", {"question_id": qid, "on": on})["ok"]
    refused(call(bob, "vote", {"question_id": qid, "on": False}), "rate_limited")
    assert db_question(app, qid).votes == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) == 3


def test_configure_toggles_and_broadcasts_event(app, event, attendee, staff):
    alice, mod = attendee(), staff()
    ack = call(mod, "configure", {"premoderation": False})
    assert ack["ok"] and set(ack["event"]) == EVENT_KEYS
    assert (ack["event"]["premoderation"], ack["event"]["accepting"]) == (False, True)
    for sock in (alice, mod):
        [message] = received(sock, "event")
        assert message["event"]["premoderation"] is False and message["seq"] == 1
    ack = call(alice, "ask", {"text": TEXT, "language": "en"})
    assert ack["question"]["state"] == "published"

    ack = call(mod, "configure", {"accepting": False})
    assert (ack["event"]["premoderation"], ack["event"]["accepting"]) == (False, False)
    [message] = received(alice, "event")
    assert message["event"]["accepting"] is False
    refused(call(alice, "ask", {"text": "Another: " + TEXT, "language": "en"}), "closed")

    ack = call(mod, "configure", {"accepting": True, "premoderation": True})
    assert (ack["event"]["premoderation"], ack["event"]["accepting"]) == (True, True)
    assert (
        call(alice, "ask", {"text": "Later: " + TEXT, "language": "en"})["question"]["state"]
        == "pending"
    )


def test_sync_for_attendee_and_staff(app, event, attendee, staff, make_user):
    alice, bob = attendee(), attendee()
    mod = staff("moderator", email="mod@example.org")
    first = call(alice, "ask", {"text": "Published: " + TEXT, "language": "en"})["question"]["id"]
    second = call(bob, "ask", {"text": "Pending: " + TEXT, "language": "en"})["question"]["id"]
    third = call(bob, "ask", {"text": "Dismissed: " + TEXT, "language": "en"})["question"]["id"]
    call(mod, "moderate", {"question_id": first, "action": "approve"})
    call(mod, "moderate", {"question_id": third, "action": "dismiss", "reason": "No"})
    call(bob, "vote", {"question_id": first, "on": True})

    snap = call(alice, "sync")
    assert snap["ok"] and set(snap) == {"ok", "event", "questions", "me", "seq"}
    assert snap["seq"] == 6 and snap["event"]["code"] == "EV1"
    assert set(snap["event"]) == EVENT_KEYS
    assert [q["id"] for q in snap["questions"]] == [first]
    assert set(snap["questions"][0]) == QUESTION_KEYS
    assert snap["me"] == {"voted": [], "asked": [first]}

    snap = call(bob, "sync")
    assert sorted(q["id"] for q in snap["questions"]) == [first, second]
    assert snap["me"] == {"voted": [first], "asked": [second, third]}

    snap = call(mod, "sync")
    assert snap["seq"] == 6
    assert {q["id"]: q["state"] for q in snap["questions"]} == {
        first: "published",
        second: "pending",
        third: "dismissed",
    }
    assert all(set(q) >= STAFF_ONLY for q in snap["questions"])
    assert snap["questions"][2]["dismiss_reason"] == "No"
    assert snap["me"] == {
        "voted": [],
        "user": {
            "name": "Moderator",
            "email": "mod@example.org",
            "role": "moderator",
            "roles": ["moderator"],
            "languages": None,
        },
        "panelist_ids": [],
    }

    # A panelist's account linked to a panel seat sees which seat is theirs.
    panelist = staff("panelist", email="ana@example.org")
    with app.app_context():
        seat = db.session.scalar(select(Panelist).where(Panelist.name == "Ana"))
        seat.user_id = db.session.scalar(select(User.id).where(User.email == "ana@example.org"))
        db.session.commit()
        seat_id = seat.id
    assert call(panelist, "sync")["me"]["panelist_ids"] == [seat_id]


def test_sync_seq_is_the_latest_change(event, attendee, staff):
    alice, mod = attendee(), staff()
    assert call(alice, "sync")["seq"] == 0
    call(alice, "ask", {"text": TEXT, "language": "en"})
    [message] = received(mod, "question")
    assert call(alice, "sync")["seq"] == message["seq"] == 1
    call(mod, "configure", {"accepting": False})
    assert call(mod, "sync")["seq"] == 2


def test_votes_are_coalesced_with_absolute_counts(app, event, attendee, staff):
    window = fanout.live(app).coalescer.window
    window.minimum = window.maximum = window.current = 0.5
    mod = staff()
    call(mod, "configure", {"premoderation": False})
    watcher = attendee()
    voters = [attendee() for _ in range(6)]
    first = call(voters[0], "ask", {"text": "One: " + TEXT, "language": "en"})["question"]["id"]
    second = call(voters[1], "ask", {"text": "Two: " + TEXT, "language": "en"})["question"]["id"]
    received(watcher)
    received(mod)
    acks = [call(v, "vote", {"question_id": first, "on": True})["votes"] for v in voters]
    acks.append(call(voters[0], "vote", {"question_id": second, "on": True})["votes"])
    assert acks == [1, 2, 3, 4, 5, 6, 1]
    for sock in (watcher, mod):
        messages = votes_until(sock, {str(first): 6, str(second): 1})
        assert len(messages) <= 3, messages  # seven votes, at most one message per window
        assert [m["seq"] for m in messages] == sorted(m["seq"] for m in messages)
        assert messages[-1]["seq"] == call(mod, "sync")["seq"]
    # An idempotent repeat changes nothing and sends nothing.
    assert call(voters[0], "vote", {"question_id": first, "on": True})["votes"] == 6
    time.sleep(0.7)
    assert received(watcher, "votes") == []


def test_the_rate_check_runs_outside_any_transaction(app, event, attendee, monkeypatch):
    """The limiter may wait on Redis: it must not hold SQLite's write lock meanwhile."""
    seen = []

    class WatchingLimiter:
        def hit(self, key, limit, window, per_process=False):
            seen.append(db.session().in_transaction())
            return True

        def remaining(self, key, limit, window):
            seen.append(db.session().in_transaction())
            return limit - 1

    monkeypatch.setitem(app.extensions, "qa_limiter", WatchingLimiter())
    alice = attendee()
    qid = call(alice, "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    call(alice, "vote", {"question_id": qid, "on": True})  # own pending question: refused
    # The page: joins (the address's share, the process's) and new identities; then per
    # attendee and per address for each action, and the vote's per question and address
    # (a hit, then what remains).
    assert len(seen) == 3 + 2 * 2 + 2 and not any(seen)
