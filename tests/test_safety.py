"""Banning an attendee, and words that hold questions for review."""

import pytest
from sqlalchemy import func, select

from qa_app.domain.safety import measures as safety
from qa_app.extensions import db
from qa_app.models import StateChange
from tests.conftest import call, received

TEXT = "How do public employment services check private recruitment agencies?"


def _ask(sock, text=TEXT, language="en"):
    return call(sock, "ask", {"text": text, "language": language})


def test_a_banned_attendee_leaves_the_lists_and_cannot_ask_or_vote(
    app, make_event, attendee, staff
):
    make_event(premoderation=False)
    troll, alice, mod = attendee(), attendee(), staff()
    shown = _ask(troll, "First: " + TEXT)["question"]["id"]
    hidden = _ask(troll, "Second: " + TEXT)["question"]["id"]
    kept = _ask(alice)["question"]["id"]
    assert call(troll, "vote", {"question_id": kept, "on": True})["ok"]
    received(alice)

    ack = call(mod, "ban", {"question_id": shown, "reason": "spam"})
    assert ack == {"ok": True, "banned": True, "dismissed": [shown, hidden]}
    removed = {m["id"] for m in received(alice, "question_removed")}
    assert removed == {shown, hidden}
    assert {q["id"] for q in call(alice, "sync")["questions"]} == {kept}

    refused = _ask(troll, "Third: " + TEXT)
    assert refused["error"] == "forbidden" and "stopped you" in refused["message"]
    assert call(troll, "vote", {"question_id": kept, "on": False})["error"] == "forbidden"
    assert call(alice, "vote", {"question_id": kept, "on": True})["ok"]  # others go on
    with app.app_context():
        reasons = db.session.scalars(
            select(StateChange.reason).where(StateChange.action == "dismiss")
        ).all()
        assert reasons == [safety.BANNED, safety.BANNED]

    assert call(mod, "ban", {"question_id": shown, "on": False}) == {
        "ok": True,
        "banned": False,
        "dismissed": [],
    }
    assert _ask(troll, "Fourth: " + TEXT)["ok"]  # un-banned: may ask again


def test_only_moderators_ban(app, make_event, attendee, staff):
    make_event(premoderation=False)
    qid = _ask(attendee())["question"]["id"]
    for role in ("panelist", "interpreter", "facilitator"):
        assert call(staff(role), "ban", {"question_id": qid})["error"] == "forbidden"
    refused = call(attendee(), "ban", {"question_id": qid})
    assert refused["error"] == "forbidden"  # an attendee event of the other namespace
    mod = staff()
    for payload in ({}, {"question_id": "x"}, {"question_id": qid, "on": "yes"}):
        assert call(mod, "ban", payload)["error"] == "invalid"
    assert call(mod, "ban", {"question_id": 999_999})["error"] == "not_found"


def test_held_words_hold_matching_questions_without_premoderation(app, make_event, attendee, staff):
    make_event(premoderation=False)
    mod, alice, bob = staff(), attendee(), attendee()
    ack = call(mod, "word_list", {"language": "fr", "words": ["arnaque", "  faux  diplôme "]})
    assert ack["word_lists"] == {"fr": ["arnaque", "faux diplôme"]}
    assert call(mod, "sync")["word_lists"] == {"fr": ["arnaque", "faux diplôme"]}

    held = _ask(alice, "Cette agence est une ARNAQUE, non ?", "fr")["question"]
    assert held["state"] == "pending"
    accents = _ask(alice, "Que faire contre un faux diplome ?", "fr")["question"]
    assert accents["state"] == "pending"  # accents and case do not matter
    whole_words = _ask(alice, "Les arnaqueurs sont-ils poursuivis ?", "fr")["question"]
    assert whole_words["state"] == "published"  # "arnaqueurs" is another word
    other_language = _ask(alice, "Is arnaque a French word?", "en")["question"]
    assert other_language["state"] == "published"  # the list is per language
    assert held["id"] not in {q["id"] for q in call(bob, "sync")["questions"]}
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).where(StateChange.reason == "held: arnaque"))
            == 1
        )

    assert call(mod, "word_list", {"language": "fr", "words": []})["word_lists"] == {}
    assert _ask(alice, "Encore une arnaque ?", "fr")["question"]["state"] == "published"


@pytest.mark.parametrize(
    "text",
    [
        "Is this agency c.h.e.a.p?",
        "Is this agency c h e a p?",
        "Is this agency ch-eap?",
        "Is this agency ch\u200beap?",  # a zero-width space
        "Is this agency ch\u00adeap?",  # a soft hyphen
        "Is this agency \u0441heap?",  # a Cyrillic small es
        "Is this agency CHE\u0391P?",  # a Greek capital alpha
        "Is this agency \uff43\uff48\uff45\uff41\uff50?",  # full-width letters
    ],
)
def test_held_words_see_through_spelling_tricks(app, make_event, attendee, staff, text):
    """Issue 17, item 12: each of these got through the word list."""
    make_event(premoderation=False)
    mod, alice = staff(), attendee()
    assert call(mod, "word_list", {"language": "en", "words": ["cheap", "free money"]})["ok"]
    assert _ask(alice, text)["question"]["state"] == "pending"
    assert _ask(alice, "Is the cheapest agency the best one?")["question"]["state"] == "published"
    spaced = _ask(alice, "Is there f.r.e.e m-o-n-e-y in fair recruitment?")["question"]
    assert spaced["state"] == "pending"


def test_held_words_check_the_name_too(app, make_event, attendee, staff):
    make_event(premoderation=False)
    mod, alice = staff(), attendee()
    assert call(mod, "word_list", {"language": "en", "words": ["cheap"]})["ok"]
    payload = {"text": TEXT, "language": "en", "name": "C.H.E.A.P visas"}
    assert call(alice, "ask", payload)["question"]["state"] == "pending"
    payload["name"] = "Ana"
    assert call(alice, "ask", payload)["question"]["state"] == "published"


def test_word_lists_are_checked(app, make_event, staff):
    make_event()
    mod = staff()
    for payload in (
        {"language": "de", "words": ["x"]},
        {"language": "fr", "words": "arnaque"},
        {"language": "fr", "words": ["x"] * 501},
        {"language": "fr", "words": [7]},
        {"language": "fr", "words": ["x" * 81]},
    ):
        assert call(mod, "word_list", payload)["error"] == "invalid", payload
    assert call(staff("panelist"), "word_list", {"language": "fr", "words": []})["error"] == (
        "forbidden"
    )


def test_held_words_from_the_command_line(app, make_event):
    make_event()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["events", "held-words", "EV1", "--language", "fr", "--set",
                                 "arnaque, faux diplôme,"])  # fmt: skip
    assert result.exit_code == 0 and result.output.splitlines() == ["arnaque", "faux diplôme"]
    shown = runner.invoke(args=["events", "held-words", "EV1", "--language", "fr"])
    assert shown.output.splitlines() == ["arnaque", "faux diplôme"]
    refused = runner.invoke(args=["events", "held-words", "EV1", "--language", "de", "--set", "x"])
    assert refused.exit_code != 0 and "languages" in refused.output
    cleared = runner.invoke(args=["events", "held-words", "EV1", "--language", "fr", "--set", ""])
    assert cleared.output.strip() == "(no held words for fr)"
