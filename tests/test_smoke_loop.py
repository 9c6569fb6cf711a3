"""The Q&A loop through the Socket.IO test client."""

import time

from tests.conftest import call, received


def test_ask_approve_vote_reaches_everyone(make_event, attendee, staff):
    make_event()
    alice, bob = attendee(), attendee()
    mod = staff("moderator")
    ack = call(alice, "ask", {"text": "  How do PES vet agencies?  ", "language": "en"})
    assert ack["ok"] and ack["question"]["state"] == "pending"
    qid = ack["question"]["id"]
    assert [m["question"]["id"] for m in received(mod, "question")] == [qid]
    assert received(bob) == []
    assert call(mod, "moderate", {"question_id": qid, "action": "approve"})["ok"]
    assert received(bob, "question")[0]["question"]["state"] == "published"
    assert call(bob, "vote", {"question_id": qid, "on": True}) == {
        "ok": True,
        "question_id": qid,
        "votes": 1,
    }
    assert call(bob, "vote", {"question_id": qid, "on": True})["votes"] == 1
    time.sleep(0.1)
    assert received(alice, "votes")[-1]["counts"] == {str(qid): 1}
