"""The moderator's toolkit (issue 9) against a real database: every new action in every
state, edits, merges across languages, written answers, up next, flags, bulk, askers."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from qa_app.domain.errors import Conflict, Forbidden, Invalid, NotFound
from qa_app.domain.questions import asker, similarity
from qa_app.domain.questions import operations as questions
from qa_app.domain.questions.payloads import OWN_FIELDS, PUBLIC_FIELDS, public_question
from qa_app.extensions import db
from qa_app.models import Event, Panelist, State, StateChange, Vote
from tests.test_domain_questions import (
    CODE,
    actor,
    ask,
    event_seq,
    fresh_question,
    history,
    moderate,
    published,
    run,
    vote,
)
from tests.test_rules import ALLOWED


@pytest.fixture
def ctx(app, make_event):
    make_event(CODE)
    with app.app_context():
        yield app
        db.session.remove()


def published_as_tagged(text: str, attendee="alice") -> int:
    """A published question kept in English though it looks French (as the asker chose)."""
    qid = ask(attendee, text, confirm_language=True).question["id"]
    moderate(qid, "approve")
    return qid


NEW_ACTIONS = ("edit", "merge", "unmerge", "write_answer", "queue", "flag")
FIELDS = {
    "edit": {"text": "Edited by the moderator"},
    "write_answer": {"text": "Here is the answer.", "language": "en"},
    "queue": {"position": 0},
    "flag": {"flag": "unclear"},
    "unmerge": {},
}


def question_in(state: str, highlighted=False) -> int:
    """A fresh question brought to ``state`` the way the app gets it there."""
    if state == State.PENDING:
        return ask("alice", "A question that waits").question["id"]
    qid = published("alice", "A question about %s" % state)
    if highlighted:
        moderate(qid, "highlight")
    elif state == State.ANSWERED:
        moderate(qid, "answer")
    elif state == State.DISMISSED:
        moderate(qid, "dismiss")
    elif state == State.WITHDRAWN:
        run(asker.withdraw, "alice", qid)
    elif state == State.MERGED:
        moderate(qid, "merge", into=published("bob", "The question that stays"))
    return qid


REACHABLE = [(s, False) for s in State] + [(State.PUBLISHED, True)]


@pytest.mark.parametrize(("state", "highlighted"), REACHABLE)
@pytest.mark.parametrize("action", NEW_ACTIONS)
def test_each_new_action_in_every_state(ctx, action, state, highlighted):
    qid = question_in(state, highlighted)
    fields = dict(FIELDS.get(action, {}))
    if action == "merge":
        fields["into"] = published("carol", "Another question to merge into")
    seq, rows = event_seq(), len(history(qid))
    expected = ALLOWED.get((action, state, highlighted))
    if expected is None:
        with pytest.raises(Conflict):
            moderate(qid, action, **fields)
        assert event_seq() == seq and len(history(qid)) == rows  # nothing written
        return
    changes = moderate(qid, action, **fields)
    after = fresh_question(qid)
    # Unmerge goes back to the state before the merge (published here).
    assert after.state == (State.PUBLISHED if action == "unmerge" else expected)
    assert changes[-1].question["id"] == qid and changes[-1].seq == seq + 1
    assert history(qid)[-1][1] == action


@pytest.mark.parametrize(("state", "highlighted"), REACHABLE)
@pytest.mark.parametrize("action", ["edit", "withdraw"])
def test_each_asker_action_in_every_state(ctx, action, state, highlighted):
    qid = question_in(state, highlighted)
    allowed = {
        ("edit", State.PENDING),
        ("withdraw", State.PENDING),
        ("withdraw", State.PUBLISHED),
    }
    call = (
        (lambda: run(asker.edit, "alice", qid, "My better words"))
        if action == "edit"
        else (lambda: run(asker.withdraw, "alice", qid))
    )
    if (action, state) not in allowed:
        with pytest.raises(Conflict):
            call()
        return
    change = call()[-1]
    assert change.question["state"] == (State.WITHDRAWN if action == "withdraw" else state)
    assert history(qid)[-1][:2] == ("attendee", action)


# --- edit --------------------------------------------------------------------------


def test_edit_keeps_the_original_and_marks_it_for_attendees(ctx):
    qid = published(text="How do PES vet agencys? Call me at 555 0101")
    run(questions.translate, actor("interpreter"), qid, "fr", "Comment les SPE ...")
    change = moderate(qid, "edit", text="How do PES vet agencies?", topic_id=1)
    q = change[-1].question
    assert q["text"] == "How do PES vet agencies?" and q["edited"] is True
    assert q["original_text"] == "How do PES vet agencys? Call me at 555 0101"
    assert q["topic"]["id"] == 1
    # The translation was of the old words: kept, but no longer checked.
    assert q["translations"]["fr"]["verified"] is False
    assert history(qid)[-1][1:] == (
        "edit",
        "published",
        "published",
        "How do PES vet agencys? Call me at 555 0101",
    )
    public = public_question(q)
    assert public["edited"] is True and "original_text" not in public
    # A second edit keeps the very first words as the original.
    moderate(qid, "edit", text="How do PES vet recruitment agencies?")
    assert fresh_question(qid).original_text.endswith("555 0101")


def test_edit_language_drops_the_translation_into_it(ctx):
    qid = published_as_tagged("Comment les SPE contrôlent-ils les agences ?")
    run(questions.translate, actor("interpreter"), qid, "fr", "Comment ?")
    q = moderate(qid, "edit", language="fr")[-1].question
    assert q["language"] == "fr" and q["translations"] == {}
    assert q["original_language"] == "en"


def test_edit_refusals(ctx):
    qid = published()
    for fields, error in (
        ({}, Invalid),
        ({"text": "  "}, Invalid),
        ({"text": "x" * 501}, Invalid),
        ({"language": "de"}, Invalid),
        ({"topic_id": 999}, NotFound),
        ({"topic_id": "1"}, Invalid),
    ):
        with pytest.raises(error):
            moderate(qid, "edit", **fields)
    with pytest.raises(Forbidden):
        moderate(qid, "edit", who=actor("interpreter"), text="No")
    assert fresh_question(qid).text == "A published question"


def test_asker_edits_and_withdraws_only_their_own(ctx):
    qid = ask("alice", "A question with a typo").question["id"]
    with pytest.raises(NotFound):
        run(asker.edit, "mallory", qid, "Hijacked")
    with pytest.raises(NotFound):
        run(asker.withdraw, "mallory", qid)
    with pytest.raises(Invalid):
        run(asker.edit, "alice", qid, " ")
    q = run(asker.edit, "alice", qid, "A question without a typo")[-1].question
    assert q["text"] == "A question without a typo" and q["edited"] is False
    assert q["edited_by"] == "asker" and q["original_text"] == "A question with a typo"


def test_withdrawing_a_published_question_takes_its_votes(ctx):
    qid = published()
    for who in ("bob", "carol"):
        vote(who, qid)
    moderate(qid, "queue", position=0)
    change = run(asker.withdraw, "alice", qid)[-1]
    assert change.question["state"] == "withdrawn" and change.question["votes"] == 0
    assert change.question["queue_position"] is None
    assert change.was_public and not change.public
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0
    with pytest.raises(NotFound):
        vote("bob", qid)


def test_withdrawing_a_question_others_were_merged_into_gives_them_back(ctx):
    stays = published("alice", "The question that stays")
    other = published("bob", "The same question")
    moderate(other, "merge", into=stays)
    changes = run(asker.withdraw, "alice", stays)
    assert {c.question["id"]: c.question["state"] for c in changes} == {
        other: "published",
        stays: "withdrawn",
    }


# --- merge across languages -------------------------------------------------------


def _french_and_spanish():
    fr = ask(
        "amelie",
        "Comment les services publics de l'emploi contrôlent-ils les agences de recrutement ?",
        language="fr",
        confirm_language=True,
    ).question["id"]
    es = ask(
        "bruno",
        "¿Cómo controlan los servicios públicos de empleo a las agencias de contratación?",
        language="es",
        confirm_language=True,
    ).question["id"]
    unrelated = ask("carla", "What time does the session end today?").question["id"]
    for qid in (fr, es, unrelated):
        moderate(qid, "approve")
    interp = actor("interpreter")
    en = "How do public employment services check recruitment agencies?"
    run(questions.translate, interp, fr, "en", en)
    run(questions.translate, interp, es, "en", "How do public employment services vet agencies?")
    return fr, es, unrelated


def test_merge_a_french_and_a_spanish_question_via_english_and_undo_it(ctx):
    fr, es, _unrelated = _french_and_spanish()
    [suggestion] = run(similarity.similar, actor(), fr)
    assert suggestion["question_id"] == es and suggestion["score"] >= similarity.THRESHOLD
    assert suggestion["via"] == {
        "language": "en",
        "question": "translation",
        "suggestion": "translation",
    }
    # Overlapping voters: dora voted for both and counts once after the merge.
    for who in ("dora", "emil"):
        vote(who, fr)
    for who in ("dora", "fritz", "gina"):
        vote(who, es)
    seq = event_seq()
    changes = moderate(es, "merge", into=fr)
    by_id = {c.question["id"]: c for c in changes}
    assert set(by_id) == {fr, es} and all(c.seq == seq + 1 for c in changes)
    stays = by_id[fr].question
    assert stays["votes"] == 4  # dora, emil, fritz, gina
    assert stays["also_asked_in"] == ["es"]
    assert [m["id"] for m in stays["merged"]] == [es]
    assert stays["merged"][0]["language"] == "es"
    gone = by_id[es].question
    assert gone["state"] == "merged" and gone["merged_into"] == fr
    assert by_id[es].was_public and not by_id[es].public  # attendees drop it
    assert set(OWN_FIELDS) >= {"merged_into"} and "merged_into" not in PUBLIC_FIELDS
    assert history(fr)[-1][1:] == ("merge", "published", "published", "#%d" % es)
    assert history(es)[-1][1:] == ("merge", "published", "merged", "#%d" % fr)
    # Dora votes again on the merged question: still one vote.
    assert vote("dora", fr).votes == 4

    changes = moderate(es, "unmerge")
    by_id = {c.question["id"]: c.question for c in changes}
    assert by_id[fr]["votes"] == 2 and by_id[fr]["merged"] == []
    assert by_id[es]["state"] == "published" and by_id[es]["votes"] == 3
    assert history(fr)[-1][1] == "unmerge" and history(es)[-1][1:3] == ("unmerge", "merged")


def test_undo_is_possible_until_the_question_is_answered(ctx):
    fr, es, _ = _french_and_spanish()
    moderate(es, "merge", into=fr)
    moderate(fr, "answer")
    with pytest.raises(Conflict, match="answered"):
        moderate(es, "unmerge")
    assert fresh_question(es).state == "merged"


def test_merge_refusals(ctx):
    a, b, c = published("a", "One"), published("b", "Two"), published("c", "Three")
    with pytest.raises(Invalid):
        moderate(a, "merge")
    with pytest.raises(Invalid):
        moderate(a, "merge", into=a)
    with pytest.raises(NotFound):
        moderate(a, "merge", into=9999)
    moderate(b, "dismiss")
    with pytest.raises(Conflict):
        moderate(a, "merge", into=b)
    moderate(c, "merge", into=a)
    with pytest.raises(Conflict, match="merged into this one"):
        moderate(a, "merge", into=published("d", "Four"))
    with pytest.raises(Forbidden):
        moderate(a, "merge", who=actor("panelist"), into=c)


def test_similar_needs_a_moderator_and_skips_questions_that_left(ctx):
    a = published("a", "How do PES vet private recruitment agencies?")
    b = published("b", "How do PES vet private recruitment agencies in Tunisia?")
    with pytest.raises(Forbidden):
        run(similarity.similar, actor("interpreter"), a)
    assert [s["question_id"] for s in run(similarity.similar, actor(), a)] == [b]
    assert run(similarity.similar, actor(), a)[0]["via"]["question"] == "original"
    moderate(b, "dismiss")
    assert run(similarity.similar, actor(), a) == []


# --- written answers --------------------------------------------------------------


def _seat(user_email: str, panelist_name: str = "Ana") -> None:
    db.session.remove()
    panelist = db.session.scalar(select(Panelist).where(Panelist.name == panelist_name))
    panelist.user_id = actor("panelist", user_email).user_id
    db.session.commit()


def test_written_answer_by_the_moderator_is_its_own_outcome(ctx):
    qid = published()
    moderate(qid, "highlight")
    q = moderate(qid, "write_answer", text=" Agencies are vetted. ", language="en")[-1].question
    assert q["state"] == "answered" and q["outcome"] == "written" and not q["highlighted"]
    assert q["answer"]["text"] == "Agencies are vetted." and q["answer"]["language"] == "en"
    assert q["answer"]["by"] == "Moderator" and q["answered_at"]
    assert "answer" in PUBLIC_FIELDS
    # Answered live first, then in writing too: the outcome stays "live".
    other = published("bob", "Another")
    moderate(other, "answer")
    q = moderate(other, "write_answer", text="Also in writing.", language="fr")[-1].question
    assert q["outcome"] == "live" and q["answer"]["language"] == "fr"


def test_only_the_assigned_panelist_writes_an_answer(ctx):
    qid = published()
    _seat("ana@example.org", "Ana")
    ana = actor("panelist", "ana@example.org")
    with pytest.raises(Forbidden):
        moderate(qid, "write_answer", who=ana, text="Mine?", language="en")
    db.session.remove()
    ana_seat = db.session.scalar(select(Panelist.id).where(Panelist.name == "Ana"))
    moderate(qid, "assign", panelist_id=ana_seat)
    q = moderate(qid, "write_answer", who=ana, text="Yes.", language="es")[-1].question
    assert q["answer"]["by"] == "Panelist"
    for role in ("interpreter", "facilitator"):
        with pytest.raises(Forbidden):
            moderate(qid, "write_answer", who=actor(role), text="No", language="en")
    with pytest.raises(Forbidden):
        moderate(qid, "approve", who=ana)


def test_written_answer_refusals_and_after_the_event(ctx):
    qid = published()
    for fields in ({"language": "en"}, {"text": "Yes"}, {"text": "Yes", "language": "de"}):
        with pytest.raises(Invalid):
            moderate(qid, "write_answer", **fields)
    # The event is over and closed: answers in writing still go in (the follow-up page).
    db.session.remove()
    event = db.session.scalar(select(Event))
    event.starts_at, event.accepting = datetime(2020, 1, 1, tzinfo=UTC), False
    db.session.commit()
    q = moderate(qid, "write_answer", text="After the event.", language="en")[-1].question
    assert q["state"] == "answered"


def test_written_answer_is_translated_at_the_desk(ctx):
    qid = published()
    interp = actor("interpreter")
    with pytest.raises(NotFound):
        run(questions.translate, interp, qid, "fr", "Oui", part="answer")
    moderate(qid, "write_answer", text="Yes, they are.", language="en")
    with pytest.raises(Invalid):
        run(questions.translate, interp, qid, "en", "Yes", part="answer")
    with pytest.raises(Invalid):
        run(questions.translate, interp, qid, "fr", "Oui", part="note")
    q = run(questions.translate, interp, qid, "fr", "Oui, ils le sont.", part="answer").question
    assert q["answer"]["translations"]["fr"] == {
        "text": "Oui, ils le sont.",
        "by": "Interpreter",
        "verified": True,
    }
    assert q["translations"] == {}  # the question's own translations are apart
    assert history(qid)[-1][1:] == ("translate_answer", "answered", "answered", "fr")
    # Rewriting the answer: its translation translated the old words.
    q = moderate(qid, "write_answer", text="Yes, all of them.", language="en")[-1].question
    assert q["answer"]["translations"]["fr"]["verified"] is False


# --- up next, flags, read aloud ----------------------------------------------------


def _queue() -> list[int]:
    db.session.remove()
    from qa_app.models import Question

    rows = db.session.scalars(
        select(Question.id)
        .where(Question.queue_position.is_not(None))
        .order_by(Question.queue_position)
    )
    return list(rows)


def test_up_next_order_reorder_and_put_on_screen(ctx):
    a, b, c = published("a", "One"), published("b", "Two"), published("c", "Three")
    moderate(a, "queue", position=0)
    moderate(b, "queue", position=5)  # past the end: last
    changes = moderate(c, "queue", position=0)
    assert _queue() == [c, a, b]
    assert all(ch.staff_only for ch in changes)  # attendees are not told
    moderate(b, "queue", position=1)
    assert _queue() == [c, b, a]
    # "Put on screen" without a question takes the first one, and it leaves the list.
    change = moderate(None, "highlight")[-1]
    assert change.question["id"] == c and change.question["highlighted"]
    assert _queue() == [b, a]
    moderate(b, "dismiss")
    assert _queue() == [a]
    moderate(a, "queue", position=None)
    assert _queue() == []
    with pytest.raises(Conflict, match="not in the up next"):
        moderate(a, "queue", position=None)
    with pytest.raises(Conflict, match="Nothing is lined up"):
        moderate(None, "highlight")
    with pytest.raises(Invalid):
        moderate(a, "queue", position=-1)
    with pytest.raises(Invalid):
        moderate(a, "queue")


def test_interpreter_flags_and_the_text_read_aloud(ctx):
    qid = published_as_tagged("Comment les SPE contrôlent-ils les agences ?")
    moderate(qid, "edit", language="fr")
    interp = actor("interpreter")
    q = moderate(qid, "flag", who=interp, flag="in_progress")[-1].question
    assert q["interpreter_flag"] == "in_progress"
    assert q["read_aloud"] == {"language": "fr", "source": "original"}
    with pytest.raises(Forbidden):
        moderate(qid, "flag", who=actor("panelist"), flag="ready")
    with pytest.raises(Invalid):
        moderate(qid, "flag", who=interp, flag="done")
    with pytest.raises(Invalid):
        moderate(qid, "flag", who=interp)
    db.session.remove()
    ana = db.session.scalar(select(Panelist.id).where(Panelist.name == "Ana"))  # es, en
    q = moderate(qid, "assign", panelist_id=ana)[-1].question
    assert q["read_aloud"] is None  # no verified translation Ana understands yet
    run(questions.translate, interp, qid, "en", "How do PES vet agencies?")
    q = moderate(qid, "flag", who=interp, flag="ready")[-1].question
    assert q["read_aloud"] == {"language": "en", "source": "translation"}
    assert moderate(qid, "flag", flag=None)[-1].question["interpreter_flag"] is None


# --- dismissal reasons and bulk ----------------------------------------------------


def test_dismiss_with_a_listed_reason_and_free_text(ctx):
    qid = published()
    q = moderate(qid, "dismiss", reason_code="personal_data", reason="Phone number")[-1].question
    assert (q["dismiss_reason_code"], q["dismiss_reason"]) == ("personal_data", "Phone number")
    assert "dismiss_reason_code" in OWN_FIELDS and "dismiss_reason_code" not in PUBLIC_FIELDS
    assert moderate(qid, "restore")[-1].question["dismiss_reason_code"] is None
    with pytest.raises(Invalid):
        moderate(qid, "dismiss", reason_code="spam")


def bulk(ids, action, who=None, **fields):
    return run(questions.bulk, who or actor(), ids, action, **fields)


def test_bulk_refused_for_one_question_changes_nothing(ctx):
    a = ask("a", "One waiting").question["id"]
    b = published("b", "Already published")
    c = ask("c", "Another waiting").question["id"]
    seq = event_seq()
    rows = db.session.scalar(select(func.count()).select_from(StateChange))
    with pytest.raises(Conflict) as caught:
        bulk([a, b, c], "approve")
    assert caught.value.extra == {"question_id": b}
    assert [fresh_question(q).state for q in (a, b, c)] == ["pending", "published", "pending"]
    assert event_seq() == seq
    assert db.session.scalar(select(func.count()).select_from(StateChange)) == rows
    changes = bulk([a, c], "approve")
    assert {ch.question["id"] for ch in changes} == {a, c}
    assert len({ch.seq for ch in changes}) == 1  # one unit of work, one seq


def test_bulk_dismiss_assign_and_topic(ctx):
    ids = [published(str(n), "Question %d" % n) for n in range(3)]
    changes = bulk(ids, "edit", topic_id=2)
    assert all(ch.question["topic"]["id"] == 2 for ch in changes)
    db.session.remove()
    omar = db.session.scalar(select(Panelist.id).where(Panelist.name == "Omar"))
    assert all(
        ch.question["panelist"]["id"] == omar for ch in bulk(ids, "assign", panelist_id=omar)
    )
    changes = bulk(ids, "dismiss", reason_code="off_topic", reason="Not for this panel")
    assert {(ch.question["state"], ch.question["dismiss_reason_code"]) for ch in changes} == {
        ("dismissed", "off_topic")
    }


def test_bulk_refusals(ctx):
    qid = published()
    for ids, action, fields, error in (
        ([qid], "highlight", {}, Invalid),
        ([qid], "edit", {"text": "All the same"}, Invalid),
        ([], "approve", {}, Invalid),
        ([qid, qid], "approve", {}, Invalid),
        ([qid, 999], "assign", {"panelist_id": None}, NotFound),
    ):
        with pytest.raises(error):
            bulk(ids, action, **fields)
    with pytest.raises(Forbidden):
        bulk([qid], "approve", who=actor("interpreter"))
    assert fresh_question(qid).panelist_id is None
