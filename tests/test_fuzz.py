"""Hypothesis fuzzing: every Socket.IO event of both namespaces and every form, with
arbitrary JSON and Unicode (lone surrogates included).

Each event always gets an ack of the documented shape, nothing is an unexpected error,
no page answers 500, and afterwards every question's vote count equals its vote rows.
The events come from ``sockets.handlers_by_namespace()``: a new event is fuzzed at once.
"""

import functools

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from qa_app import sockets
from qa_app.domain.access import passwords
from qa_app.extensions import db
from qa_app.models import Question, Vote
from qa_app.sockets import handlers
from tests.hypothesis_profile import EXAMPLE_DEADLINE

EXAMPLES = 150
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=EXAMPLE_DEADLINE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CODES = {
    "invalid",
    "not_found",
    "forbidden",
    "rate_limited",
    "closed",
    "conflict",
    "unavailable",
}
FIELDS = [
    "question_id", "on", "text", "name", "language", "topic_id", "confirm_language",
    "action", "panelist_id", "reason", "note", "premoderation", "accepting", "words",
    "question_ids", "into", "position", "flag", "reason_code", "event",
]  # fmt: skip
ACTIONS = ["approve", "dismiss", "restore", "highlight", "unhighlight", "answer", "reopen",
           "assign", "note", "edit", "merge", "unmerge", "queue", "flag"]  # fmt: skip
# Any code point, lone surrogates too: JSON can carry "\ud800", so a client can send one.
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40) | st.sampled_from(
    ["", " ", "\u200b", "\ud800", "Moderator (staff)", "\u202eabc", "x" * 600, "en", "fr"]
)
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.integers(min_value=0, max_value=12)
    | st.floats(allow_nan=False)
    | TEXT
    | st.sampled_from(ACTIONS)
)
JSON = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
PAYLOAD = st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6) | JSON


def _event_names(namespace):
    return sorted(name for name in sockets.handlers_by_namespace()[namespace] if name != "connect")


@pytest.fixture
def fuzz_app(app, make_event, attendee, staff, monkeypatch):
    """An event with questions, an attendee and a moderator; limits off to reach deeper."""
    make_event(premoderation=False)
    for name in ("ASK_RATE", "VOTE_RATE", "IP_ASK_RATE", "IP_VOTE_RATE", "IP_QUESTION_VOTE_RATE"):
        app.config[name] = None
    asker, moderator = attendee(), staff()
    for n in range(3):
        ack = asker.emit(
            "ask", {"text": "Question %d about recruitment" % n, "language": "en"},
            namespace="/attendee", callback=True,
        )  # fmt: skip
        assert ack["ok"], ack
    failures = []
    monkeypatch.setattr(handlers.log, "exception", lambda *a, **k: failures.append(a))
    return app, {"/attendee": asker, "/staff": moderator}, failures


def _check_ack(ack, name, payload):
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), (name, payload, ack)
    if not ack["ok"]:
        assert ack["error"] in CODES, (name, payload, ack)
        assert isinstance(ack["message"], str) and ack["message"], (name, payload, ack)


def _votes_match_rows(app):
    with app.app_context():
        query = select(Vote.question_id, func.count()).group_by(Vote.question_id)
        rows = {qid: count for qid, count in db.session.execute(query)}
        for question in db.session.scalars(select(Question)):
            assert question.votes == rows.get(question.id, 0), question.id


@pytest.mark.parametrize("namespace", ["/attendee", "/staff"])
def test_every_event_always_acks(fuzz_app, namespace):
    app, clients, failures = fuzz_app
    client = clients[namespace]
    other = "/staff" if namespace == "/attendee" else "/attendee"
    names = [*_event_names(namespace), "no-such-event", *_event_names(other)]
    seen = []

    def fuzz(name, payload):
        seen.append(name)
        ack = client.emit(name, payload, namespace=namespace, callback=True)
        _check_ack(ack, name, payload)

    # Hypothesis need not draw every name: an explicit example per event (empty payload)
    # makes sure each handler runs, which the check on `seen` below confirms.
    for name in names:
        fuzz = example(name=name, payload={})(fuzz)
    SETTINGS(given(name=st.sampled_from(names), payload=PAYLOAD)(fuzz))()
    assert failures == [], failures[:3]  # no "unexpected error": every refusal is a domain one
    assert client.is_connected(namespace)
    assert set(_event_names(namespace)) <= set(seen)
    _votes_match_rows(app)
    print("%s: %d examples over %d events" % (namespace, len(seen), len(set(seen))))


@pytest.fixture
def cheap_hashes(monkeypatch):
    cheap = functools.partial(generate_password_hash, method="pbkdf2:sha256:1000")
    monkeypatch.setattr(passwords, "generate_password_hash", cheap)
    monkeypatch.setattr(passwords, "DUMMY_HASH", cheap("no account has this password"))


def test_forms_and_query_strings_never_answer_500(app, make_event, make_user, cheap_hashes):
    # Hypothesis loads pages faster than any crowd: the limits would answer 503 and 429,
    # which this test is not about (test_abuse.py and test_ratelimit.py test them).
    app.config.update(JOIN_RATE=None, IP_IDENTITY_RATE=None)
    make_event()
    make_user("moderator")
    staff_http = app.test_client()
    staff_http.post(
        "/login", data={"email": "moderator@example.org", "password": "correct horse battery"}
    )
    anyone = app.test_client()
    seen = []
    value = st.text(st.characters(codec="utf-8"), max_size=60)

    @SETTINGS
    @given(
        email=value, password=value, nxt=value, code=value, lang=value, export=value,
        address=st.ip_addresses().map(str),
    )  # fmt: skip
    def fuzz(email, password, nxt, code, lang, export, address):
        seen.append(1)
        responses = [
            anyone.post(
                "/login",
                query_string={"next": nxt},
                data={"email": email, "password": password},
                environ_base={"REMOTE_ADDR": address},
            ),
            anyone.get("/", query_string={"code": code}),
            anyone.get("/e/EV1", query_string={"lang": lang}),
            anyone.get("/e/%s" % code.replace("/", "")),
            staff_http.get(
                "/e/EV1/export.json",
                query_string={"state": export, "language": lang, "topic": code, "order": nxt},
            ),
        ]
        for response in responses:
            assert response.status_code < 500, (response.request.path, response.status_code)

    fuzz()
    print("forms: %d examples" % len(seen))
