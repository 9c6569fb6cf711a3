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
    app.config["JOIN_RATE"] = (8, 60)  # one address: a quarter of it
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


def test_votes_per_question_per_address(app, make_event, attendee, staff):
    """Issue 17, item 18: 400 fresh identities from one address gave one question 300
    votes in 4 s. Now one address gives one question at most QA_IP_QUESTION_VOTE_RATE,
    votes on other questions go on, and moderators see the warning on the card."""
    from qa_app.domain.safety import vote_origins

    vote_origins.forget()
    make_event(premoderation=False)
    app.config["IP_QUESTION_VOTE_RATE"] = (4, 60)
    mod = staff()
    voters = [attendee() for _ in range(6)]
    target = call(voters[0], "ask", {"text": "First: " + TEXT, "language": "en"})["question"]
    other = call(voters[1], "ask", {"text": "Second: " + TEXT, "language": "en"})["question"]
    assert call(mod, "sync")["questions"][0]["votes_from_one_address"] is None
    mod.get_received("/staff")
    acks = [call(v, "vote", {"question_id": target["id"], "on": True}) for v in voters]
    assert [a["ok"] for a in acks] == [True] * 4 + [False] * 2
    assert acks[4]["error"] == "rate_limited" and acks[4]["message"]
    assert all(call(v, "vote", {"question_id": other["id"], "on": True})["ok"] for v in voters[:4])
    warned = [
        m["args"][0]["question"]
        for m in mod.get_received("/staff")
        if m["name"] == "question" and m["args"][0]["question"]["id"] == target["id"]
    ]
    assert [q["votes_from_one_address"] for q in warned] == [2, 4]  # half the cap, the cap
    shown = {q["id"]: q for q in call(mod, "sync")["questions"]}
    assert shown[target["id"]]["votes_from_one_address"] == 4
    assert shown[other["id"]]["votes_from_one_address"] == 4
    synced = call(voters[5], "sync")["questions"]
    assert all("votes_from_one_address" not in q for q in synced)  # staff only
    # Withdrawing is never refused; with the limit off, the vote counts again.
    assert call(voters[0], "vote", {"question_id": target["id"], "on": False})["ok"]
    app.config["IP_QUESTION_VOTE_RATE"] = None  # QA_IP_QUESTION_VOTE_RATE=off
    assert call(voters[5], "vote", {"question_id": target["id"], "on": True})["votes"] == 4


def test_one_address_cannot_spend_everyones_join_budget(app, make_event):
    """Issue 17, item 3: 570 requests/s to /e/NO-SUCH-EVENT made 21 of 32 genuine page
    loads answer 503. Unknown codes cost nothing; one address gets a quarter."""
    make_event()
    app.config["JOIN_RATE"] = (20, 60)
    flood = app.test_client()
    flooder = {"REMOTE_ADDR": "203.0.113.66"}
    for _ in range(200):
        assert flood.get("/e/NO-SUCH-EVENT", environ_base=flooder).status_code == 404
    answers = [flood.get("/e/EV1", environ_base=flooder).status_code for _ in range(50)]
    assert answers.count(200) == 5 and answers.count(503) == 45  # a quarter of 20
    genuine = [
        app.test_client()
        .get("/e/EV1", environ_base={"REMOTE_ADDR": "198.51.100.%d" % n})
        .status_code
        for n in range(1, 16)
    ]
    assert genuine == [200] * 15  # the 15 loads the flood left
    late = app.test_client().get("/e/EV1", environ_base={"REMOTE_ADDR": "198.51.100.99"})
    assert late.status_code == 503  # the process's budget still holds
