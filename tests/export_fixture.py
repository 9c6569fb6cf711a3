"""A small finished event for the export and report tests, built through the domain.

Six questions in en, fr and es: answered with notes, published and waiting, dismissed with
a reason, pending; translations by a person and one not verified; votes; topics; panelists;
and text that would be markup or a formula if it were not escaped. Times are then set to
fixed minutes after the start, so the timeline's bins are known.
"""

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import update

from qa_app.domain.access import grants
from qa_app.domain.access.passwords import hash_password
from qa_app.domain.access.permissions import EventGrant
from qa_app.domain.changes import Actor
from qa_app.domain.questions import operations as questions
from qa_app.extensions import db
from qa_app.models import Event, Question, StateChange, Translation, User, Vote

START = datetime(2023, 6, 15, 13, 30, tzinfo=UTC)  # 15:30 in Geneva
CODE = "FRI"
NASTY = "<script>alert(1)</script> **bold** [link](http://x.example) # not a heading"
FORMULA_NAME = '=HYPERLINK("http://evil.example","click")'

# (attendee, language, text, name, topic index or None, minutes after the start)
QUESTIONS = [
    ("a1", "en", "How do PES vet private recruitment agencies?", "Alice", 0, 2),
    ("a2", "fr", "Quel rôle pour les SPE dans la migration de travail ?", None, 1, 4),
    ("a3", "es", "¿Cómo se protege a los trabajadores migrantes?", "Carlos", None, 12),
    ("a4", "en", NASTY, FORMULA_NAME, None, 13),
    ("a1", "fr", "Et les agences privées, comment les contrôler ?", "Alice", 0, 31),
    ("a5", "en", "+1 what about WAPES members?", None, 1, 47),
]
# (question index, voter, minutes after the start)
VOTES = [(0, "v1", 6), (0, "v2", 7), (0, "a2", 8), (1, "v1", 14), (1, "a1", 15), (2, "v2", 20)]
NOTE_1 = "Ana: licensing, audits and a public list of agencies."
NOTE_5 = "Omar: **joint inspections** with <labour> inspectors."
REASON_4 = "Off topic <b>spam</b>"


# Test modules import these two by their function names; tests ask for ``event`` and ``reader``.
@pytest.fixture(name="event")
def event_fixture(app, make_event):
    """The event built in the test's database; the ids tests refer to."""
    return build(app, make_event)


@pytest.fixture(name="reader")
def reader_fixture(event, make_user, login):
    """A signed-in facilitator, whose role may export."""
    return login(make_user("facilitator"))


def build(app, make_event) -> dict:
    """Create the event; returns the ids tests refer to."""
    make_event(CODE, title="Fair recruitment & PES <webinar>", starts_at=START)
    with app.app_context():
        moderator = User(email="mod@example.org", name="Mo Derator")
        interpreter = User(email="int@example.org", name="Ines Interpreter")
        for user, role in ((moderator, "moderator"), (interpreter, "interpreter")):
            user.password_hash = hash_password("irrelevant-password")
            grants.give(user, role)
            db.session.add(user)
        db.session.commit()
        mod = Actor(moderator.id, moderator.email, moderator.name, EventGrant.of("moderator"))
        interp = Actor(
            interpreter.id, interpreter.email, interpreter.name, EventGrant.of("interpreter")
        )
        event = db.session.scalar(db.select(Event).where(Event.code == CODE))
        topics = [topic.id for topic in event.topics]
        panelists = [panelist.id for panelist in event.panelists]
        ids = []
        for attendee, language, text, name, topic, _minute in QUESTIONS:
            change = questions.ask(
                event,
                attendee,
                text,
                name=name,
                language=language,
                topic_id=topics[topic] if topic is not None else None,
                confirm_language=True,  # the tags are right; skip the detector
            )
            ids.append(change.question["id"])
        q1, q2, q3, q4, q5, _q6 = ids

        def moderate(qid, action, **fields):
            questions.moderate(event, mod, qid, action, **fields)

        for qid in (q1, q2, q3, q5):
            moderate(qid, "approve")
        for index, voter, _minute in VOTES:
            questions.vote(event, voter, ids[index], True)
        moderate(q1, "assign", panelist_id=panelists[0])
        moderate(q1, "highlight")
        moderate(q1, "answer")
        moderate(q1, "note", note=NOTE_1)
        moderate(q5, "assign", panelist_id=panelists[1])
        moderate(q5, "answer")
        moderate(q5, "note", note=NOTE_5)
        moderate(q2, "assign", panelist_id=panelists[1])
        moderate(q4, "dismiss", reason=REASON_4)
        questions.translate(event, interp, q1, "fr", "Comment les SPE contrôlent-ils les agences ?")
        questions.translate(event, interp, q1, "es", "¿Cómo controlan los SPE a las agencias?")
        questions.translate(event, interp, q2, "en", "What role for PES in labour migration?")
        questions.translate(event, interp, q3, "en", "How are migrant workers protected?")
        db.session.add(
            Translation(
                question_id=q3,
                language="fr",
                text="Comment protège-t-on les travailleurs migrants ?",
                by="machine",
                verified=False,
            )
        )
        _set_times(ids)
        db.session.commit()
    return {
        "ids": ids,
        "topics": topics,
        "panelists": panelists,
        "moderator": "mod@example.org",
    }


def _set_times(ids: list[int]) -> None:
    """Put every moment at a fixed minute after the start."""
    for qid, (*_rest, minute) in zip(ids, QUESTIONS, strict=True):
        at = START + timedelta(minutes=minute)
        db.session.execute(update(Question).where(Question.id == qid).values(asked_at=at))
        db.session.execute(update(StateChange).where(StateChange.question_id == qid).values(at=at))
    for index, voter, minute in VOTES:
        db.session.execute(
            update(Vote)
            .where(Vote.question_id == ids[index], Vote.attendee == voter)
            .values(created_at=START + timedelta(minutes=minute))
        )
    answered = {ids[0]: 40, ids[4]: 50}
    for qid, minute in answered.items():
        db.session.execute(
            update(Question)
            .where(Question.id == qid)
            .values(answered_at=START + timedelta(minutes=minute))
        )
    db.session.execute(
        update(Question)
        .where(Question.id == ids[0])
        .values(highlighted_at=START + timedelta(minutes=35))
    )


# What the figures must be for the fixture.
FIGURES = {
    "asked": 6,
    "published": 4,  # q1, q2, q3, q5 (q4 was dismissed while pending, q6 is pending)
    "answered": 2,
    "dismissed": 1,
    "participants": 7,  # askers a1..a5 and voters v1, v2
    "votes": 6,
}
# The first question's history, in order: what build() did to it.
Q1_HISTORY = ["ask", "approve", "assign", "highlight", "answer", "note", "translate", "translate"]
# Timeline, 5-minute bins from the start: {bin index: (questions, votes)}.
TIMELINE = {0: (2, 0), 1: (0, 3), 2: (2, 1), 3: (0, 1), 4: (0, 1), 6: (1, 0), 9: (1, 0)}


# Reading HTML back: a small tree over the standard library's parser.
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


class Node:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []

    def text(self) -> str:
        return "".join(
            child if isinstance(child, str) else ("\n" if child.tag == "br" else child.text())
            for child in self.children
        )

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find_all(self, tag: str | None = None, **attrs) -> list["Node"]:
        """Descendants with the tag (any if None) and attributes (``data_x`` for data-x)."""
        wanted = {key.rstrip("_").replace("_", "-"): value for key, value in attrs.items()}
        return [
            node
            for node in self.walk()
            if (tag is None or node.tag == tag)
            and all(
                (value is True and key in node.attrs) or node.attrs.get(key) == value
                for key, value in wanted.items()
            )
        ]

    def find(self, tag: str | None = None, **attrs) -> "Node":
        found = self.find_all(tag, **attrs)
        assert found, "no <%s %s>" % (tag, attrs)
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {key: value or "" for key, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {key: value or "" for key, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        raise AssertionError("unbalanced </%s>" % tag)

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    assert len(builder.stack) == 1, "unclosed <%s>" % builder.stack[-1].tag
    return builder.root


# Every element the report is made of: anything else would have come from someone's text.
REPORT_TAGS = frozenset(
    [
        "#document",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "main",
        "footer",
        "section",
        "article",
        "figure",
        "figcaption",
        "svg",
        "g",
        "rect",
        "text",
        "p",
        "span",
        "h1",
        "h2",
        "h3",
        "h4",
        "dl",
        "dt",
        "dd",
        "div",
        "ul",
        "ol",
        "li",
        # each chart's numbers, as a table for screen readers
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
)
