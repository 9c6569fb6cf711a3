"""The moderator's toolkit over Socket.IO: who hears what, ack shapes, up next as the
panel and the interpreters see it, bulk and similar, and the asker's own events."""

import pytest
from sqlalchemy import select

from qa_app.domain.questions.payloads import OWN_FIELDS, PUBLIC_FIELDS
from qa_app.extensions import db
from qa_app.models import Panelist, User
from tests.conftest import call, received
from tests.test_events_socket import refused

STAFF_FIELDS = {
    "queue_position",
    "interpreter_flag",
    "read_aloud",
    "original_text",
    "answer_note",
    "edited_by",
}


@pytest.fixture
def event(make_event):
    return make_event("EV1", premoderation=False)


def ask(sock, text, **fields):
    ack = call(sock, "ask", {"text": text, "language": "en", **fields})
    assert ack["ok"], ack
    return ack["question"]["id"]


def mod_call(sock, question_id, action, **fields):
    ack = call(sock, "moderate", {"question_id": question_id, "action": action, **fields})
    assert ack["ok"], ack
    return ack["question"]


def test_attendees_get_allow_listed_payloads_only(app, event, attendee, staff):
    alice, bob, mod = attendee(), attendee(), staff()
    qid = ask(alice, "How do PES vet agencies? Call 555 0101")
    mod_call(mod, qid, "edit", text="How do PES vet agencies?")
    message = received(bob, "question")[-1]  # the question asked, then edited
    assert set(message["question"]) == set(PUBLIC_FIELDS)
    assert message["question"]["edited"] is True
    snapshot = call(bob, "sync")["questions"]
    assert all(set(q) == set(PUBLIC_FIELDS) for q in snapshot)
    assert "555" not in str(snapshot)


def test_staff_only_changes_are_not_sent_to_attendees(app, event, attendee, staff):
    alice, mod, interp = attendee(), staff(), staff("interpreter")
    qid = ask(alice, "How do PES vet agencies?")
    received(alice)
    mod_call(mod, qid, "queue", position=0)
    mod_call(interp, qid, "flag", flag="unclear")
    assert received(alice) == []
    staff_saw = [m["question"] for m in received(mod, "question")]
    assert staff_saw[-1]["queue_position"] == 0
    assert staff_saw[-1]["interpreter_flag"] == "unclear"
    # The next public change still reaches attendees, with a newer seq.
    mod_call(mod, qid, "highlight")
    [message] = received(alice, "question")
    assert message["question"]["highlighted"] is True


def _seat(app, email, name):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        panelist = db.session.scalar(select(Panelist).where(Panelist.name == name))
        panelist.user_id = user.id
        db.session.commit()
        return panelist.id


def test_up_next_as_a_panelist_and_an_interpreter_see_it(app, event, attendee, staff):
    alice, mod = attendee(), staff()
    panelist, interp = staff("panelist"), staff("interpreter")
    ana = _seat(app, "panelist@example.org", "Ana")  # speaks es, en
    ids = [ask(alice, "Question number %d about PES" % n) for n in range(3)]
    fr = call(
        alice,
        "ask",
        {"text": "Comment les SPE contrôlent-ils les agences ?", "language": "fr"},
    )["question"]["id"]
    mod_call(mod, fr, "assign", panelist_id=ana)
    for position, qid in enumerate([ids[2], fr, ids[0]]):
        mod_call(mod, qid, "queue", position=position)
    mod_call(mod, ids[0], "queue", position=0)  # reorder: to the top

    def order(questions):
        lined = [q for q in questions if q["queue_position"] is not None]
        return [q["id"] for q in sorted(lined, key=lambda q: q["queue_position"])]

    for sock in (panelist, interp):
        snapshot = call(sock, "sync")
        assert order(snapshot["questions"]) == [ids[0], ids[2], fr]
        # Live: the latest payload per question, as a client keeps them.
        latest = {}
        for message in received(sock, "question"):
            latest[message["question"]["id"]] = message["question"]
        assert order(latest.values()) == [ids[0], ids[2], fr]
    by_id = {q["id"]: q for q in call(interp, "sync")["questions"]}
    # Ana understands neither French original nor has a verified translation yet.
    assert by_id[fr]["read_aloud"] is None
    assert by_id[ids[0]]["read_aloud"] == {"language": "en", "source": "original"}
    ack = call(
        interp,
        "translate",
        {"question_id": fr, "language": "es", "text": "¿Cómo controlan los SPE las agencias?"},
    )
    assert ack["question"]["read_aloud"] == {"language": "es", "source": "translation"}
    # Put on screen takes the first one.
    ack = call(mod, "moderate", {"action": "highlight"})
    assert ack["question"]["id"] == ids[0]
    assert order(call(panelist, "sync")["questions"]) == [ids[2], fr]


def test_merge_is_heard_by_attendees_and_told_to_each_asker(app, event, attendee, staff):
    alice, bob, carol, mod = attendee(), attendee(), attendee(), staff()
    stays = ask(alice, "How do PES vet private recruitment agencies?")
    goes = call(
        bob,
        "ask",
        {"text": "¿Cómo controlan los SPE las agencias privadas?", "language": "es"},
    )["question"]["id"]
    for sock in (alice, bob, carol, mod):
        received(sock)
    mod_call(mod, goes, "merge", into=stays)
    carol_saw = carol.get_received("/attendee")
    names = [m["name"] for m in carol_saw]
    assert sorted(names) == ["question", "question_removed"]
    question = next(m["args"][0]["question"] for m in carol_saw if m["name"] == "question")
    assert question["id"] == stays and question["also_asked_in"] == ["es"]
    assert question["merged"][0]["text"].startswith("¿Cómo")
    # Bob, whose question was merged, hears where it went (his page says so in his language).
    own = [m["question"] for m in received(bob, "question") if m["question"]["id"] == goes]
    assert own[-1]["state"] == "merged" and own[-1]["merged_into"] == stays
    assert set(own[-1]) == set(OWN_FIELDS)
    # Undo: the question comes back for everyone.
    mod_call(mod, goes, "unmerge")
    back = [m["question"] for m in received(carol, "question")]
    assert {q["id"]: q["state"] for q in back} == {stays: "published", goes: "published"}


def test_asker_edit_and_withdraw_events(app, event, attendee, staff, make_event):
    make_event("EV2", premoderation=True)
    alice = attendee("EV2")
    bob = attendee("EV2")
    mod = staff(code="EV2")
    qid = call(alice, "ask", {"text": "A question with a tpyo", "language": "en"})["question"]["id"]
    refused(call(bob, "edit", {"question_id": qid, "text": "Hijack"}), "not_found")
    refused(call(alice, "edit", {"question_id": qid, "text": ""}), "invalid")
    ack = call(alice, "edit", {"question_id": qid, "text": "A question with a typo"})
    assert ack["ok"] and ack["question"]["text"] == "A question with a typo"
    assert received(mod, "question")[-1]["question"]["original_text"] == "A question with a tpyo"
    mod_call(mod, qid, "approve")
    refused(call(alice, "edit", {"question_id": qid, "text": "Too late"}), "conflict")
    received(bob)
    ack = call(alice, "withdraw", {"question_id": qid})
    assert ack["ok"] and ack["question"]["state"] == "withdrawn"
    assert [m["id"] for m in received(bob, "question_removed")] == [qid]
    assert received(mod, "question")[-1]["question"]["state"] == "withdrawn"
    assert call(bob, "sync")["questions"] == []
    refused(call(alice, "withdraw", {"question_id": qid}), "conflict")
    refused(call(mod, "withdraw", {"question_id": qid}), "forbidden")  # an /attendee event


def test_bulk_and_similar_over_the_socket(app, event, attendee, staff):
    alice, mod, interp = attendee(), staff(), staff("interpreter")
    a = ask(alice, "How do PES vet private recruitment agencies?")
    b = ask(alice, "How do PES vet private recruitment agencies in Tunisia?")
    c = ask(alice, "What time does the session end?")
    ack = call(mod, "similar", {"question_id": a})
    assert ack["ok"] and [s["question_id"] for s in ack["suggestions"]] == [b]
    assert set(ack["suggestions"][0]) == {"question_id", "score", "via"}
    refused(call(interp, "similar", {"question_id": a}), "forbidden")
    refused(call(mod, "similar", {"question_id": "x"}), "invalid")
    mod_call(mod, c, "dismiss")
    ack = call(
        mod, "bulk", {"question_ids": [a, b, c], "action": "dismiss", "reason_code": "duplicate"}
    )
    refused(ack, "conflict")
    assert ack["question_id"] == c
    assert all(q["state"] != "dismissed" for q in call(mod, "sync")["questions"] if q["id"] != c)
    ack = call(
        mod, "bulk", {"question_ids": [a, b], "action": "dismiss", "reason_code": "duplicate"}
    )
    assert ack["ok"] and [q["id"] for q in ack["questions"]] == [a, b]
    assert {q["dismiss_reason_code"] for q in ack["questions"]} == {"duplicate"}
    refused(call(mod, "bulk", {"question_ids": [a], "action": "merge"}), "invalid")
    refused(call(interp, "bulk", {"question_ids": [a], "action": "approve"}), "forbidden")
    # The asker reads the listed reason (their page labels it in their language).
    own = [m["question"] for m in received(alice, "question") if m["question"]["id"] == a]
    assert own[-1]["dismiss_reason_code"] == "duplicate"


def test_written_answer_reaches_every_attendee_live(app, event, attendee, staff):
    alice, bob, mod, interp = attendee(), attendee(), staff(), staff("interpreter")
    qid = ask(alice, "How do PES vet agencies?")
    received(bob)
    mod_call(mod, qid, "write_answer", text="They check licences.", language="en")
    [message] = received(bob, "question")
    assert message["question"]["outcome"] == "written"
    assert message["question"]["answer"]["text"] == "They check licences."
    ack = call(
        interp,
        "translate",
        {
            "question_id": qid,
            "language": "fr",
            "text": "Ils vérifient les licences.",
            "part": "answer",
        },
    )
    assert ack["ok"], ack
    [message] = received(bob, "question")
    assert message["question"]["answer"]["translations"]["fr"]["verified"] is True
    unknown = call(mod, "moderate", {"question_id": qid, "action": "celebrate"})
    refused(unknown, "invalid")
