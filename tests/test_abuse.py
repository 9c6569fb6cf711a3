"""Abuse limits in the app: new identities, asks and votes per address; joins per process."""

import re

from tests.conftest import call

TEXT = "How do public employment services check private recruitment agencies?"


def test_new_identities_per_address_are_limited(app, make_event):
    """Dropping the cookie used to give a fresh voter each time: 100 votes in 1.3 s."""
    make_event(premoderation=False)
    app.config["IP_IDENTITY_RATE"] = (3, 600)
    for _ in range(3):
        assert app.test_client().get("/e/EV1").status_code == 200
    refused = app.test_client().get("/e/EV1?lang=fr")
    assert refused.status_code == 429
    assert 3 <= int(refused.headers["Retry-After"]) <= 8
    page = refused.get_data(as_text=True)
    assert re.search(r'<meta http-equiv="refresh" content="[3-8]">', page)
    assert "Veuillez patienter" in page  # translated like every page
    # Somebody else's address, and a browser that already has its identity, still get in.
    other = app.test_client().get("/e/EV1", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 200
    app.config["IP_IDENTITY_RATE"] = (100, 600)
    known = app.test_client()
    assert known.get("/e/EV1").status_code == 200
    app.config["IP_IDENTITY_RATE"] = (1, 600)
    assert known.get("/e/EV1").status_code == 200  # no new identity needed


def test_joins_per_process_wait_politely(app, make_event):
    make_event()
    app.config["JOIN_RATE"] = (2, 60)
    http = app.test_client()
    assert [http.get("/e/EV1").status_code for _ in range(2)] == [200, 200]
    waiting = http.get("/e/EV1")
    assert waiting.status_code == 503 and waiting.headers["Retry-After"]
    assert 'http-equiv="refresh"' in waiting.get_data(as_text=True)
    app.config["JOIN_RATE"] = None  # QA_JOIN_RATE=off
    assert http.get("/e/EV1").status_code == 200


def test_asks_and_votes_per_address_on_top_of_per_attendee(app, make_event, attendee):
    make_event(premoderation=False)
    app.config["IP_ASK_RATE"] = (2, 60)
    app.config["IP_VOTE_RATE"] = (3, 60)
    alice, bob, carol = attendee(), attendee(), attendee()
    first = call(alice, "ask", {"text": "First: " + TEXT, "language": "en"})
    assert call(bob, "ask", {"text": "Second: " + TEXT, "language": "en"})["ok"]
    refused = call(carol, "ask", {"text": "Third: " + TEXT, "language": "en"})
    assert refused["error"] == "rate_limited" and refused["message"]
    qid = first["question"]["id"]
    assert call(bob, "vote", {"question_id": qid, "on": True})["ok"]
    assert call(carol, "vote", {"question_id": qid, "on": True})["ok"]
    assert call(alice, "vote", {"question_id": qid, "on": True})["ok"]
    refused = call(bob, "vote", {"question_id": qid, "on": False})
    assert refused["error"] == "rate_limited"
    app.config["IP_VOTE_RATE"] = None
    assert call(bob, "vote", {"question_id": qid, "on": False})["votes"] == 2
