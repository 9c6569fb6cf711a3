"""Moderators acting at the same moment on PostgreSQL, where there is no global write lock."""

import os
import secrets
import threading
from datetime import UTC, datetime

import pytest

from qa_app import create_app
from qa_app.domain.access.permissions import EventGrant
from qa_app.domain.agenda import events as agenda_events
from qa_app.domain.changes import Actor
from qa_app.domain.errors import Conflict
from qa_app.domain.questions import operations as questions
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Question

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "database": "test"}
ROUNDS = 8
pytestmark = pytest.mark.services


@pytest.fixture
def pg_app():
    import pg8000.native

    try:
        admin = pg8000.native.Connection(**PG, timeout=5)
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL on 127.0.0.1:5432 (%s)" % exc)
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is unreachable (%s)" % exc)
    name = "qa_concurrency_%s" % secrets.token_hex(6)
    admin.run("CREATE DATABASE %s" % name)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg2://postgres@127.0.0.1:5432/" + name,
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
        }
    )
    with app.app_context():
        db.create_all()
        agenda_events.new_event(
            "PG1", "Concurrency", datetime(2030, 1, 1, tzinfo=UTC), languages=["en"]
        )
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        admin.run("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        admin.close()


def _ask(app, text):
    with app.app_context():
        return questions.ask(get_event("PG1"), "someone", text, language="en").question["id"]


def _at_once(app, calls):
    """Run each call in its own thread and app context, released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        with app.app_context():
            event = get_event("PG1")
            barrier.wait()
            try:
                outcomes[index] = call(event)
            except Exception as exc:  # kept, so the test can tell which one failed and how
                outcomes[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def _moderator(n):
    return Actor(None, "mod%d@example.org" % n, "Mod", EventGrant.of("moderator"))


def test_two_highlights_at_once_leave_one_question_on_screen(pg_app):
    for _ in range(ROUNDS):
        first, second = _ask(pg_app, "first"), _ask(pg_app, "second")
        _at_once(
            pg_app,
            [
                lambda e, q=first: questions.moderate(e, _moderator(1), q, "highlight"),
                lambda e, q=second: questions.moderate(e, _moderator(2), q, "highlight"),
            ],
        )
        with pg_app.app_context():
            on_screen = db.session.scalars(db.select(Question.id).where(Question.highlighted))
            assert len(list(on_screen)) == 1


def test_the_same_action_twice_at_once_applies_once(pg_app):
    for _ in range(ROUNDS):
        qid = _ask(pg_app, "answer me")
        outcomes = _at_once(
            pg_app,
            [
                lambda e, n=n, q=qid: questions.moderate(e, _moderator(n), q, "answer")
                for n in (1, 2)
            ],
        )
        assert sum(isinstance(o, Conflict) for o in outcomes) == 1, outcomes
        assert sum(isinstance(o, list) for o in outcomes) == 1, outcomes
        with pg_app.app_context():
            history = db.session.get(Question, qid).history
            assert [h.action for h in history].count("answer") == 1


def test_two_translations_into_one_language_at_once_keep_the_last(pg_app):
    interpreter = Actor(None, "int@example.org", "Int", EventGrant.of("interpreter"))
    with pg_app.app_context():
        settings_event = get_event("PG1")
        settings_event.languages = ["en", "fr"]
        db.session.commit()
    for _ in range(ROUNDS):
        qid = _ask(pg_app, "translate me")
        outcomes = _at_once(
            pg_app,
            [
                lambda e, n=n, q=qid: questions.translate(e, interpreter, q, "fr", "v%d" % n)
                for n in (1, 2)
            ],
        )
        assert all(o is not None and not isinstance(o, Exception) for o in outcomes), outcomes
        with pg_app.app_context():
            translations = db.session.get(Question, qid).translations
            assert len(translations) == 1
            assert translations[0].text in ("v1", "v2")


VOTERS = 12  # with the moderation, 13 threads: within the default pool of 15 connections


def test_votes_at_once_leave_the_event_row_alone_and_rise_with_their_seqs(pg_app):
    """No hot row: votes draw seq from the sequence, yet counts are exact, each question's
    counts rise with their seqs, and a moderation in the middle sees exactly the votes
    whose seq is below its own."""
    first, second = _ask(pg_app, "first"), _ask(pg_app, "second")
    with pg_app.app_context():
        seq_before = get_event("PG1").seq
    calls = [
        lambda e, n=n: questions.vote(e, "voter%d" % n, (first, second)[n % 2], True)
        for n in range(VOTERS)
    ]
    calls.insert(VOTERS // 2, lambda e: questions.moderate(e, _moderator(1), first, "highlight"))
    outcomes = _at_once(pg_app, calls)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    [highlight] = outcomes.pop(VOTERS // 2)
    for qid in (first, second):
        changes = sorted((o for o in outcomes if o.question_id == qid), key=lambda c: c.seq)
        assert [c.votes for c in changes] == list(range(1, VOTERS // 2 + 1))
        assert len({c.seq for c in changes}) == len(changes)
    seqs = [o.seq for o in outcomes]
    assert len({*seqs, highlight.seq}) == VOTERS + 1
    before_highlight = [o for o in outcomes if o.question_id == first and o.seq < highlight.seq]
    assert highlight.question["votes"] == len(before_highlight)
    with pg_app.app_context():
        event = get_event("PG1")
        # Only the highlight wrote the event's row; the votes drew their seqs elsewhere.
        assert event.seq == highlight.seq > seq_before
        counts = dict(db.session.execute(db.select(Question.id, Question.votes)).all())
        assert counts[first] == counts[second] == VOTERS // 2
