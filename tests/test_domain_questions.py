"""Units of work (ask, vote, moderate, translate, configure) against a real database.

Each call runs in a fresh session, as each Socket.IO event does in the app.
"""

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from qa_app.domain.access import grants
from qa_app.domain.agenda import events as agenda_events
from qa_app.domain.agenda import settings
from qa_app.domain.changes import Actor
from qa_app.domain.errors import Closed, Conflict, DomainError, Forbidden, Invalid, NotFound
from qa_app.domain.questions import operations as questions
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Event, Panelist, Question, StateChange, Topic, User, Vote

CODE = "EV1"


@pytest.fixture
def ctx(app, make_event):
    make_event(CODE)
    with app.app_context():
        yield app
        db.session.remove()


def actor(role="moderator", email=None):
    email = email or "%s@example.org" % role
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        # No password: these accounts never sign in (and hashing one is slow on purpose).
        user = User(email=email, name=role.title(), password_hash="!")
        grants.give(user, role)
        db.session.add(user)
        db.session.commit()
    return Actor(user.id, user.email, user.name, grants.grant_for(user.id, None))


def run(operation, *args, code=CODE, **kwargs):
    """One unit of work in a fresh session, on a freshly loaded event."""
    db.session.remove()
    event = get_event(code)
    try:
        return operation(event, *args, **kwargs)
    except DomainError:
        # What a refused change left in the session, before the caller rolls back.
        leftovers = list(db.session.new) + list(db.session.dirty) + list(db.session.deleted)
        assert leftovers == [], "half-written change: %r" % leftovers
        db.session.rollback()
        raise


def ask(attendee="alice", text="How do PES vet agencies?", **kwargs):
    kwargs.setdefault("language", "en")
    return run(questions.ask, attendee, text, **kwargs)


def moderate(question_id, action, who=None, **fields):
    return run(questions.moderate, who or actor(), question_id, action, **fields)


def configure(who=None, **fields):
    return run(settings.configure, who or actor(), **fields)


def vote(attendee, question_id, on=True):
    return run(questions.vote, attendee, question_id, on)


def fresh_question(question_id) -> Question:
    db.session.remove()
    return db.session.get(Question, question_id)


def event_seq(code=CODE) -> int:
    db.session.remove()
    return db.session.scalar(select(Event.seq).where(Event.code == code))


def history(question_id) -> list[tuple]:
    db.session.remove()
    rows = db.session.scalars(
        select(StateChange).where(StateChange.question_id == question_id).order_by(StateChange.id)
    )
    return [(r.actor, r.action, r.from_state, r.to_state, r.reason) for r in rows]


def published(attendee="alice", text="A published question"):
    qid = ask(attendee, text).question["id"]
    moderate(qid, "approve")
    return qid


# --- ask -------------------------------------------------------------------------


def test_ask_with_premoderation_is_pending(ctx):
    change = ask(text="  Trimmed?  ", name="  Ana ")
    q = change.question
    assert (q["state"], q["text"], q["name"], q["language"]) == ("pending", "Trimmed?", "Ana", "en")
    assert change.attendee == "alice" and change.action == "ask" and change.seq == 1
    assert change.public is False and change.was_public is False
    assert history(q["id"]) == [("attendee", "ask", None, "pending", None)]
    assert fresh_question(q["id"]).state == "pending"


def test_ask_without_premoderation_is_published(ctx):
    configure(premoderation=False)
    change = ask()
    assert change.question["state"] == "published" and change.public
    assert history(change.question["id"]) == [("attendee", "ask", None, "published", None)]


def test_ask_while_closed(ctx):
    configure(accepting=False)
    seq = event_seq()
    with pytest.raises(Closed):
        ask()
    assert event_seq() == seq
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0
    configure(accepting=True)
    assert ask().question["state"] == "pending"


def test_ask_with_a_topic(ctx):
    topic_id = db.session.scalar(select(Topic.id).where(Topic.title == "Topic B"))
    q = ask(topic_id=topic_id).question
    assert q["topic"] == {"id": topic_id, "title": "Topic B"}


def test_ask_with_an_unknown_topic(ctx):
    with pytest.raises(NotFound):
        ask(topic_id=999)
    with pytest.raises(Invalid):
        ask(topic_id="1")
    with pytest.raises(Invalid):
        ask(topic_id=True)


def test_ask_with_another_events_topic(ctx, make_event):
    make_event("OTHER", topics=["Elsewhere"])
    foreign = db.session.scalar(select(Topic.id).where(Topic.title == "Elsewhere"))
    with pytest.raises(NotFound):
        ask(topic_id=foreign)
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"text": ""},
        {"text": "   "},
        {"text": "x" * 501},
        {"text": 5},
        {"text": None},
        {"language": "de"},
        {"language": None},
        {"name": "n" * 81},
        {"name": 3},
    ],
)
def test_ask_refuses_bad_input(ctx, kwargs):
    with pytest.raises(Invalid):
        ask(**kwargs)
    assert event_seq() == 0


def test_ask_at_the_limit(ctx):
    assert len(ask(text="  " + "q" * 500 + "  ").question["text"]) == 500


# --- vote ------------------------------------------------------------------------


def test_vote_is_idempotent_and_can_be_withdrawn(ctx):
    qid = published()
    seq = event_seq()
    first = vote("bob", qid, True)
    assert (first.votes, first.changed, first.seq) == (1, True, seq + 1)
    again = vote("bob", qid, True)
    assert (again.votes, again.changed, again.seq) == (1, False, seq + 1)
    withdrawn = vote("bob", qid, False)
    assert (withdrawn.votes, withdrawn.changed, withdrawn.seq) == (0, True, seq + 2)
    again = vote("bob", qid, False)
    assert (again.votes, again.changed) == (0, False)
    assert event_seq() == seq + 2
    assert fresh_question(qid).votes == 0
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0


def test_vote_needs_a_boolean_and_a_valid_id(ctx):
    qid = published()
    for bad in [1, "yes", None]:
        with pytest.raises(Invalid):
            vote("bob", qid, bad)
    for bad in [None, "1", True, 0, -3, 1.0]:
        with pytest.raises(Invalid):
            vote("bob", bad, True)
    with pytest.raises(NotFound):
        vote("bob", 999, True)


def test_vote_on_someone_elses_pending_question_is_not_found(ctx):
    qid = ask("alice").question["id"]
    with pytest.raises(NotFound):
        vote("bob", qid, True)


def test_vote_on_own_pending_question_is_a_conflict(ctx):
    qid = ask("alice").question["id"]
    with pytest.raises(Conflict):
        vote("alice", qid, True)


def test_vote_on_answered_question_is_a_conflict(ctx):
    qid = published()
    vote("bob", qid, True)
    moderate(qid, "answer")
    with pytest.raises(Conflict):
        vote("carol", qid, True)
    with pytest.raises(Conflict):
        vote("bob", qid, False)
    assert fresh_question(qid).votes == 1


def test_vote_on_dismissed_question(ctx):
    qid = published()
    moderate(qid, "dismiss")
    with pytest.raises(NotFound):
        vote("bob", qid, True)
    with pytest.raises(Conflict):
        vote("alice", qid, True)


def test_vote_on_another_events_question(ctx, make_event):
    make_event("OTHER", premoderation=False)
    qid = run(questions.ask, "alice", "Elsewhere?", language="en", code="OTHER").question["id"]
    with pytest.raises(NotFound):
        vote("bob", qid, True)


def test_votes_from_many_attendees_at_once_are_counted_exactly(ctx):
    qid = published()
    app = ctx
    errors, acks = [], []

    def voter(block):
        with app.app_context():
            for i in range(10):
                try:
                    change = questions.vote(get_event(CODE), "voter-%d-%d" % (block, i), qid, True)
                    acks.append(change.votes)
                except Exception as exc:  # collected and asserted below
                    errors.append(exc)
                finally:
                    db.session.remove()

    threads = [threading.Thread(target=voter, args=(b,)) for b in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(acks) == list(range(1, 61))  # each vote saw its own exact new count
    assert fresh_question(qid).votes == 60
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 60


# --- moderate --------------------------------------------------------------------


def test_approve(ctx):
    qid = ask().question["id"]
    [change] = moderate(qid, "approve")
    assert change.question["state"] == "published" and change.public and not change.was_public
    assert history(qid)[-1] == ("moderator@example.org", "approve", "pending", "published", None)


def test_dismiss_with_reason_and_restore(ctx):
    qid = published()
    [change] = moderate(qid, "dismiss", reason="  Off topic  ")
    assert change.question["state"] == "dismissed"
    assert change.question["dismiss_reason"] == "Off topic"
    assert change.was_public and not change.public
    [change] = moderate(qid, "restore")
    assert change.question["state"] == "published"
    assert change.question["dismiss_reason"] is None
    assert history(qid)[-2:] == [
        ("moderator@example.org", "dismiss", "published", "dismissed", "Off topic"),
        ("moderator@example.org", "restore", "dismissed", "published", None),
    ]


def test_dismiss_without_reason_and_too_long_reason(ctx):
    qid = ask().question["id"]
    with pytest.raises(Invalid):
        moderate(qid, "dismiss", reason="r" * 501)
    with pytest.raises(Invalid):
        moderate(qid, "dismiss", reason=5)
    [change] = moderate(qid, "dismiss")
    assert change.question["dismiss_reason"] is None


def test_highlight_unhighlights_the_previous_one(ctx):
    first, second = published(text="First?"), published(text="Second?")
    [change] = moderate(first, "highlight")
    assert change.question["highlighted"] is True
    changes = moderate(second, "highlight")
    assert [(c.question["id"], c.question["highlighted"], c.action) for c in changes] == [
        (first, False, "unhighlight"),
        (second, True, "highlight"),
    ]
    assert changes[0].seq == changes[1].seq  # one change, one seq
    assert fresh_question(first).highlighted is False
    assert fresh_question(second).highlighted is True
    assert history(first)[-1] == (
        "moderator@example.org",
        "unhighlight",
        "published",
        "published",
        None,
    )
    db.session.remove()
    assert db.session.scalar(select(func.count()).where(Question.highlighted)) == 1


def test_highlight_of_a_pending_question_approves_it(ctx):
    qid = ask().question["id"]
    [change] = moderate(qid, "highlight")
    assert (change.question["state"], change.question["highlighted"]) == ("published", True)
    assert history(qid)[-1][1:4] == ("highlight", "pending", "published")


def test_unhighlight(ctx):
    qid = published()
    moderate(qid, "highlight")
    [change] = moderate(qid, "unhighlight")
    assert change.question["highlighted"] is False and change.question["state"] == "published"
    with pytest.raises(Conflict):
        moderate(qid, "unhighlight")


def test_answer_clears_the_highlight_and_reopen(ctx):
    qid = published()
    moderate(qid, "highlight")
    [change] = moderate(qid, "answer")
    q = change.question
    assert (q["state"], q["highlighted"]) == ("answered", False)
    assert q["answered_at"] and q["answered_at"].endswith("Z")
    assert change.public and change.was_public
    [change] = moderate(qid, "reopen")
    assert (change.question["state"], change.question["answered_at"]) == ("published", None)


def test_dismissing_the_highlighted_question_takes_it_off_screen(ctx):
    qid = published()
    moderate(qid, "highlight")
    [change] = moderate(qid, "dismiss")
    assert change.question["highlighted"] is False
    [change] = moderate(qid, "restore")
    assert change.question["highlighted"] is False


def test_note(ctx):
    qid = published()
    [change] = moderate(qid, "note", note="  Answered by Ana in the panel  ")
    assert change.question["answer_note"] == "Answered by Ana in the panel"
    assert change.question["state"] == "published"
    assert history(qid)[-1] == (
        "moderator@example.org",
        "note",
        "published",
        "published",
        "Answered by Ana in the panel",
    )
    [change] = moderate(qid, "note", note="")
    assert change.question["answer_note"] is None
    with pytest.raises(Invalid):
        moderate(qid, "note", note="n" * 2001)


def test_assign_and_unassign(ctx):
    qid = published()
    ana = db.session.scalar(select(Panelist).where(Panelist.name == "Ana"))
    [change] = moderate(qid, "assign", panelist_id=ana.id)
    assert change.question["panelist"] == {
        "id": ana.id, "name": "Ana", "organisation": "PES", "answers_in": "en",
    }  # fmt: skip
    assert history(qid)[-1][1:] == ("assign", "published", "published", "Ana")
    [change] = moderate(qid, "assign", panelist_id=None)
    assert change.question["panelist"] is None
    assert fresh_question(qid).panelist_id is None


def test_assign_refusals(ctx, make_event):
    make_event("OTHER", panelists=[{"name": "Zed", "organisation": "X"}])
    qid = published()
    zed = db.session.scalar(select(Panelist.id).where(Panelist.name == "Zed"))
    with pytest.raises(NotFound):
        moderate(qid, "assign", panelist_id=zed)
    with pytest.raises(NotFound):
        moderate(qid, "assign", panelist_id=999)
    with pytest.raises(Invalid):
        moderate(qid, "assign")  # panelist_id is required (null to unassign)
    with pytest.raises(Invalid):
        moderate(qid, "assign", panelist_id="1")
    assert fresh_question(qid).panelist_id is None


def test_assign_a_pending_question(ctx):
    qid = ask().question["id"]
    ana = db.session.scalar(select(Panelist.id).where(Panelist.name == "Ana"))
    [change] = moderate(qid, "assign", panelist_id=ana)
    assert change.question["state"] == "pending" and change.question["panelist"]["id"] == ana


@pytest.mark.parametrize("role", ["panelist", "facilitator", "interpreter"])
def test_only_moderators_and_admins_moderate(ctx, role):
    qid = ask().question["id"]
    seq = event_seq()
    with pytest.raises(Forbidden):
        moderate(qid, "approve", who=actor(role))
    assert fresh_question(qid).state == "pending" and event_seq() == seq
    [change] = moderate(qid, "approve", who=actor("admin"))
    assert change.question["state"] == "published"
    assert history(qid)[-1][0] == "admin@example.org"


def test_moderating_another_events_question(ctx, make_event):
    make_event("OTHER")
    qid = run(questions.ask, "alice", "Elsewhere?", language="en", code="OTHER").question["id"]
    with pytest.raises(NotFound):
        moderate(qid, "approve")


@pytest.mark.parametrize("action", [None, 3, "publish", "", ["approve"]])
def test_unknown_action(ctx, action):
    qid = ask().question["id"]
    with pytest.raises(Invalid):
        moderate(qid, action)


# --- translate -------------------------------------------------------------------


def test_translate(ctx):
    qid = published()
    change = run(questions.translate, actor("interpreter"), qid, "fr", " Comment ? ")
    assert change.question["translations"] == {
        "fr": {"text": "Comment ?", "by": "Interpreter", "verified": True}
    }
    change = run(questions.translate, actor("moderator"), qid, "fr", "Comment donc ?")
    assert change.question["translations"]["fr"]["text"] == "Comment donc ?"
    assert history(qid)[-1][1:] == ("translate", "published", "published", "fr")


def test_translate_refusals(ctx):
    qid = published()
    with pytest.raises(Forbidden):
        run(questions.translate, actor("panelist"), qid, "fr", "Non")
    with pytest.raises(Forbidden):
        run(questions.translate, actor("facilitator"), qid, "fr", "Non")
    with pytest.raises(Invalid):
        run(questions.translate, actor("interpreter"), qid, "en", "Same language")
    with pytest.raises(Invalid):
        run(questions.translate, actor("interpreter"), qid, "de", "Nein")
    with pytest.raises(Invalid):
        run(questions.translate, actor("interpreter"), qid, "fr", "  ")
    with pytest.raises(NotFound):
        run(questions.translate, actor("interpreter"), 999, "fr", "Non")
    assert fresh_question(qid).translations == []


# --- configure -------------------------------------------------------------------


def test_configure_toggles(ctx):
    change = configure(premoderation=False)
    assert change.event["premoderation"] is False and change.event["accepting"] is True
    change = configure(accepting=False)
    assert change.event["premoderation"] is False and change.event["accepting"] is False
    assert change.seq == 2 == event_seq()
    change = configure(premoderation=True, accepting=True)
    assert (change.event["premoderation"], change.event["accepting"]) == (True, True)


@pytest.mark.parametrize("role", ["panelist", "facilitator", "interpreter"])
def test_configure_needs_a_moderator(ctx, role):
    with pytest.raises(Forbidden):
        configure(who=actor(role), accepting=False)
    assert configure(who=actor("admin"), accepting=False).event["accepting"] is False


def test_configure_refuses_non_booleans_and_writes_nothing(ctx):
    with pytest.raises(Invalid):
        configure(premoderation=False, accepting="no")
    db.session.remove()
    event = get_event(CODE)
    assert (event.premoderation, event.accepting, event.seq) == (True, True, 0)


# --- history, seq and refused changes --------------------------------------------


def test_a_history_row_for_every_change_and_seq_strictly_increasing(ctx):
    mod = actor()
    seqs = []
    change = ask()
    qid = change.question["id"]
    seqs.append(change.seq)
    seqs.append(vote("bob", published(attendee="bob")).seq)
    ana = db.session.scalar(select(Panelist.id).where(Panelist.name == "Ana"))
    for action, fields in [
        ("approve", {}),
        ("assign", {"panelist_id": ana}),
        ("highlight", {}),
        ("note", {"note": "Good one"}),
        ("answer", {}),
        ("reopen", {}),
        ("dismiss", {"reason": "Duplicate"}),
        ("restore", {}),
    ]:
        seqs.append(moderate(qid, action, who=mod, **fields)[-1].seq)
    seqs.append(run(questions.translate, mod, qid, "es", "¿Cómo?").seq)
    seqs.append(configure(accepting=False).seq)
    assert seqs == sorted(set(seqs)) and len(seqs) == 12
    assert event_seq() == seqs[-1]
    assert history(qid) == [
        ("attendee", "ask", None, "pending", None),
        ("moderator@example.org", "approve", "pending", "published", None),
        ("moderator@example.org", "assign", "published", "published", "Ana"),
        ("moderator@example.org", "highlight", "published", "published", None),
        ("moderator@example.org", "note", "published", "published", "Good one"),
        ("moderator@example.org", "answer", "published", "answered", None),
        ("moderator@example.org", "reopen", "answered", "published", None),
        ("moderator@example.org", "dismiss", "published", "dismissed", "Duplicate"),
        ("moderator@example.org", "restore", "dismissed", "published", None),
        ("moderator@example.org", "translate", "published", "published", "es"),
    ]
    db.session.remove()
    rows = db.session.scalars(select(StateChange).where(StateChange.question_id == qid)).all()
    assert all(r.at is not None and r.at.tzinfo is UTC for r in rows)
    assert all(r.actor_user_id == mod.user_id for r in rows[1:])
    assert rows[0].actor_user_id is None


def _snapshot():
    db.session.remove()
    return {
        "seq": event_seq(),
        "questions": [
            (q.id, q.state, q.votes, q.highlighted, q.panelist_id, q.answer_note, q.dismiss_reason)
            for q in db.session.scalars(select(Question).order_by(Question.id))
        ],
        "history": db.session.scalar(select(func.count()).select_from(StateChange)),
        "votes": db.session.scalar(select(func.count()).select_from(Vote)),
        "event": db.session.scalar(select(Event.premoderation).where(Event.code == CODE)),
    }


REFUSED = [
    ("approve an approved question", lambda q: moderate(q["published"], "approve")),
    ("answer a pending question", lambda q: moderate(q["pending"], "answer")),
    ("restore a published question", lambda q: moderate(q["published"], "restore")),
    ("reopen a published question", lambda q: moderate(q["published"], "reopen")),
    ("highlight twice", lambda q: moderate(q["highlighted"], "highlight")),
    ("highlight an answered question", lambda q: moderate(q["answered"], "highlight")),
    ("dismiss an answered question", lambda q: moderate(q["answered"], "dismiss")),
    ("assign a dismissed question", lambda q: moderate(q["dismissed"], "assign", panelist_id=None)),
    ("assign to nobody known", lambda q: moderate(q["published"], "assign", panelist_id=424242)),
    ("moderate as a panelist", lambda q: moderate(q["pending"], "approve", who=actor("panelist"))),
    (
        "highlight as a panelist",
        lambda q: moderate(q["published"], "highlight", who=actor("panelist")),
    ),
    ("unknown question", lambda q: moderate(424242, "approve")),
    ("dismiss with a bad reason", lambda q: moderate(q["published"], "dismiss", reason=["x"])),
    ("vote on an answered question", lambda q: vote("zoe", q["answered"], True)),
    ("vote with a non-boolean", lambda q: vote("zoe", q["published"], "yes")),
    ("ask with too long a text", lambda q: ask("zoe", "x" * 501)),
    ("configure with a bad flag", lambda q: configure(premoderation=False, accepting=1)),
    (
        "configure as a facilitator",
        lambda q: configure(who=actor("facilitator"), premoderation=False),
    ),
    (
        "translate into the same language",
        lambda q: run(questions.translate, actor(), q["published"], "en", "x"),
    ),
]


@pytest.fixture
def states(ctx):
    ids = {"pending": ask(text="Pending?").question["id"]}
    for name in ("published", "highlighted", "answered", "dismissed"):
        ids[name] = published(text=name)
    moderate(ids["highlighted"], "highlight")
    moderate(ids["answered"], "answer")
    moderate(ids["dismissed"], "dismiss", reason="No")
    vote("bob", ids["published"], True)
    actor("panelist")
    actor("facilitator")
    return ids


@pytest.mark.parametrize(("label", "operation"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_change_writes_nothing(states, label, operation):
    before = _snapshot()
    with pytest.raises(DomainError):
        operation(states)
    assert _snapshot() == before


# --- creating events -------------------------------------------------------------


def test_create_event_checks_its_input(ctx):
    start = datetime(2030, 1, 1, 10, 0)
    for bad_code in ["", "a b", "x" * 33, "é!"]:
        with pytest.raises(Invalid):
            agenda_events.new_event(bad_code, "Title", start)
    with pytest.raises(Conflict):
        agenda_events.new_event(CODE, "Title", start)
    with pytest.raises(Invalid):
        agenda_events.new_event("NEW", "   ", start)
    with pytest.raises(Invalid):
        agenda_events.new_event("NEW", "Title", start, timezone="Mars/Olympus")
    event = agenda_events.new_event("NEW", "Title", start, timezone="Europe/Zurich")
    assert event.to_dict()["starts_at"] == "2030-01-01T09:00:00Z"  # local 10:00 in winter


def test_parse_languages():
    assert settings.parse_languages("en, fr,es,fr") == ["en", "fr", "es"]
    for bad in ["", " , ", "en,de", "xx"]:
        with pytest.raises(Invalid):
            settings.parse_languages(bad)
