"""Transcript exports over HTTP: CSV, JSON and Markdown read back with real parsers;
filters, order, privacy, the reader's language, bad options and who may export."""

import csv
import io

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from markdown_it import MarkdownIt

from qa_app.domain.access.permissions import EventGrant
from qa_app.domain.changes import Actor
from qa_app.domain.questions import operations as questions
from qa_app.exports.tabular import FORMULA_TRIGGERS
from qa_app.extensions import db
from qa_app.models import Event, Question, StateChange
from tests import export_fixture as fx
from tests.export_fixture import event_fixture, reader_fixture  # noqa: F401 (fixtures)

FORMATS = ("csv", "json", "md", "html", "pdf")


def get_json(http, query=""):
    response = http.get("/e/FRI/export.json" + query)
    assert response.status_code == 200, response.data
    return response.get_json()


def read_csv(http, query=""):
    response = http.get("/e/FRI/export.csv" + query)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="FRI-transcript.csv"'
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets then read UTF-8
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv_has_one_row_per_question_with_every_field(event, reader):
    header, *rows = read_csv(reader, "?lang=en")
    assert len(rows) == 6
    by_id = {int(row[0]): dict(zip(header, row, strict=True)) for row in rows}
    q1, q2, q3, q4, q5, q6 = (by_id[qid] for qid in event["ids"])
    assert q1["Question"] == fx.QUESTIONS[0][2]
    assert q1["Asked at (UTC)"] == "2023-06-15T13:32:00Z"
    assert q1["Asked at (event time)"] == "2023-06-15T15:32:00+02:00"
    assert q1["Language"] == "English"
    assert q1["Translation: French"] == "Comment les SPE contrôlent-ils les agences ?"
    assert q1["Translated by: French"] == "Ines Interpreter"
    assert q1["Verified: French"] == "yes"
    assert q3["Translated by: French"] == "machine" and q3["Verified: French"] == "no"
    assert q1["Asked by"] == "Alice" and q2["Asked by"] == "Anonymous"
    assert (q1["Votes"], q2["Votes"], q3["Votes"]) == ("3", "2", "1")
    assert q1["State"] == "Answered" and q4["State"] == "Dismissed" and q6["State"] != ""
    assert q1["Topic"] == "Topic A" and q1["Panelist"] == "Ana" and q5["Panelist"] == "Omar"
    assert q1["Highlighted at"] == "2023-06-15T14:05:00Z"
    assert q1["Answered at"] == "2023-06-15T14:10:00Z"
    assert q1["Answer note"] == fx.NOTE_1 and q5["Answer note"] == fx.NOTE_5
    assert q4["Dismissal reason"] == fx.REASON_4
    history = q1["History"].splitlines()
    assert len(history) == 8
    assert "approved" in history[1] and "mod@example.org" in history[1]
    assert "answer note written" in history[5] and fx.NOTE_1 in history[5]


def test_csv_cells_never_start_a_formula(event, reader):
    header, *rows = read_csv(reader)
    cells = [cell for row in [header, *rows] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    q4 = next(row for row in rows if int(row[0]) == event["ids"][3])
    assert "'" + fx.FORMULA_NAME in q4  # kept, but inert
    q6 = next(row for row in rows if int(row[0]) == event["ids"][5])
    assert "'" + fx.QUESTIONS[5][2] in q6


def test_csv_in_french_puts_the_french_translation_beside_the_original(event, reader):
    header, *rows = read_csv(reader, "?lang=fr")
    assert header[0] == "ID"
    assert "français" in header[5] and "anglais" in header[8]  # Babel's language names
    q1 = next(row for row in rows if int(row[0]) == event["ids"][0])
    assert q1[3] == "anglais"
    assert q1[4] == fx.QUESTIONS[0][2] and q1[5] == "Comment les SPE contrôlent-ils les agences ?"


def test_the_document_language_is_not_remembered_as_the_interface_language(event, reader):
    response = reader.get("/e/FRI/export.csv?lang=fr")
    assert response.status_code == 200
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_json_holds_every_question_the_figures_and_the_labels(event, reader):
    data = get_json(reader)
    assert data["event"]["code"] == "FRI" and data["reader_language"] == "en"
    assert data["summary"] == fx.FIGURES
    rows = {row["id"]: row for row in data["questions"]}
    assert [row["id"] for row in data["questions"]] == event["ids"]
    q1, q2, q3, q4, q5, q6 = (rows[qid] for qid in event["ids"])
    assert q1["text"] == fx.QUESTIONS[0][2] and q4["text"] == fx.NASTY
    assert q1["asked_at_utc"] == "2023-06-15T13:32:00Z"
    assert q1["asked_at_local"] == "2023-06-15T15:32:00+02:00"
    assert {t["language"]: (t["by"], t["verified"]) for t in q1["translations"]} == {
        "es": ("Ines Interpreter", True),
        "fr": ("Ines Interpreter", True),
    }
    assert {t["language"]: t["verified"] for t in q3["translations"]} == {"en": True, "fr": False}
    assert q1["answer_note"] == fx.NOTE_1 and q4["dismiss_reason"] == fx.REASON_4
    assert (q1["topic"], q1["panelist"], q1["topic_id"]) == ("Topic A", "Ana", event["topics"][0])
    assert q1["highlighted_at"] == "2023-06-15T14:05:00Z"
    assert [change["action"] for change in q1["history"]] == fx.Q1_HISTORY
    assert q2["name"] is None and q1["name"] == "Alice"
    assert (q5["state"], q6["state"]) == ("answered", "pending")
    assert data["labels"]["states"]["answered"] == "Answered"
    assert data["labels"]["anonymous"] == "Anonymous"


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("asked", [0, 1, 2, 3, 4, 5]),
        ("votes", [0, 1, 2, 3, 4, 5]),
        ("answered", [0, 4, 1, 2, 3, 5]),
    ],
)
def test_orders(event, reader, order, expected):
    ids = [row["id"] for row in get_json(reader, "?order=" + order)["questions"]]
    assert ids == [event["ids"][i] for i in expected]


def test_votes_order_ranks_by_votes(app, event, reader):
    with app.app_context():  # give the last question the most votes
        db.session.execute(
            db.update(Question).where(Question.id == event["ids"][5]).values(votes=9)
        )
        db.session.commit()
    ids = [row["id"] for row in get_json(reader, "?order=votes")["questions"]]
    assert ids[:4] == [event["ids"][i] for i in (5, 0, 1, 2)]


def test_filters_narrow_the_questions_and_the_figures(event, reader):
    ids, topics, panelists = event["ids"], event["topics"], event["panelists"]

    def chosen(query):
        data = get_json(reader, query)
        return [ids.index(row["id"]) for row in data["questions"]], data["summary"]

    answered, summary = chosen("?state=answered")
    assert answered == [0, 4]
    assert summary == {
        "asked": 2,
        "published": 2,
        "answered": 2,
        "dismissed": 0,
        "participants": 4,  # a1 asked both; v1, v2 and a2 voted on q1
        "votes": 3,
    }
    assert chosen("?language=fr")[0] == [1, 4]
    assert chosen("?topic=%d" % topics[0])[0] == [0, 4]
    assert chosen("?panelist=%d" % panelists[1])[0] == [1, 4]
    assert chosen("?panelist=%d&state=published" % panelists[1])[0] == [1]
    assert chosen("?state=&language=")[0] == [0, 1, 2, 3, 4, 5]  # empty means no filter


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html"])
def test_anonymous_drops_every_askers_name(event, reader, fmt):
    body = reader.get("/e/FRI/export.%s?anonymous=1" % fmt).data.decode("utf-8")
    assert "Alice" not in body and "Carlos" not in body and "HYPERLINK" not in body
    assert "Anonymous" in body


def test_markdown_reads_back_as_typed(event, reader):
    response = reader.get("/e/FRI/export.md")
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    tokens = MarkdownIt("commonmark").parse(response.data.decode("utf-8"))
    assert not [t for t in tokens if t.type.startswith("html")]
    inline = [child for t in tokens if t.type == "inline" for child in t.children]
    assert not [t for t in inline if t.type.startswith(("html", "link", "image", "code"))]
    headings = [
        _plain(tokens[i + 1])
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h3"
    ]
    assert headings == [
        "Question %d · %s" % (qid, state)
        for qid, state in zip(
            event["ids"],
            ["Answered", "Published", "Published", "Dismissed", "Answered", "Awaiting moderation"],
            strict=True,
        )
    ]
    quotes = _blockquote_texts(tokens)
    assert fx.NASTY in quotes and fx.NOTE_5 in quotes and fx.REASON_4 in quotes
    assert fx.QUESTIONS[0][2] in quotes and "Comment les SPE contrôlent-ils les agences ?" in quotes
    rendered = MarkdownIt("commonmark").render(response.data.decode("utf-8"))
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert "<strong>joint" not in rendered and "**joint inspections**" in rendered
    items = [_plain(t) for t in tokens if t.type == "inline"]
    assert "Asked by: Alice" in items and "Votes: 3" in items
    assert "Asked by: %s" % fx.FORMULA_NAME in items


def _plain(inline) -> str:
    return "".join(
        "\n" if c.type == "hardbreak" else c.content
        for c in inline.children
        if c.type in ("text", "hardbreak", "softbreak")
    )


def _blockquote_texts(tokens) -> list[str]:
    """The text of each paragraph inside a block quote, line breaks kept."""
    texts, depth = [], 0
    for token in tokens:
        depth += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if depth and token.type == "inline":
            texts.append(_plain(token))
    return texts


@pytest.mark.parametrize(
    "query",
    [
        "state=bogus",
        "language=de",
        "topic=999",
        "topic=abc",
        "panelist=-1",
        "order=random",
        "group=speaker",
        "lang=xx",
        "anonymous=yes",
    ],
)
def test_bad_options_get_a_clear_400(event, reader, query):
    page = reader.get("/e/FRI/export.html?" + query)
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert b"<h1>400</h1>" in page.data
    data = reader.get("/e/FRI/export.json?" + query)
    assert data.status_code == 400 and data.get_json()["error"] == 400
    assert data.get_json()["message"]


def test_bad_option_message_is_translated(app, event, reader):
    data = reader.get("/e/FRI/export.json?state=bogus", headers={"Accept-Language": "es"})
    with app.test_request_context(), force_locale("es"):
        expected = _(
            "Unknown state. Use one of: %(states)s.",
            states="pending, published, answered, dismissed, withdrawn, merged",
        )
    assert data.get_json()["message"] == expected
    assert "pending, published, answered, dismissed, withdrawn, merged" in expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_anonymous_users_and_attendees_are_sent_to_sign_in(app, event, fmt):
    http = app.test_client()
    assert http.get("/e/FRI").status_code == 200  # now an attendee of the event
    response = http.get("/e/FRI/export.%s" % fmt)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert app.test_client().get("/e/FRI/export.%s" % fmt).status_code == 302


@pytest.mark.parametrize("role", ["panelist", "interpreter"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_panelists_and_interpreters_are_refused(event, make_user, login, role, fmt):
    http = login(make_user(role))
    response = http.get("/e/FRI/export.%s" % fmt)
    assert response.status_code == 403
    assert b"Alice" not in response.data and fx.QUESTIONS[0][2].encode() not in response.data


@pytest.mark.parametrize("role", ["moderator", "facilitator", "admin"])
def test_staff_who_report_may_export(event, make_user, login, role):
    http = login(make_user(role, email="%s-2@example.org" % role))
    assert http.get("/e/FRI/export.csv").status_code == 200


def test_unknown_event_or_format_is_404(event, reader):
    assert reader.get("/e/NOPE/export.csv").status_code == 404
    assert reader.get("/e/FRI/export.xlsx").status_code == 404


def test_an_answer_note_is_kept_in_the_question_and_its_history(app, event):
    qid = event["ids"][1]
    with app.app_context():
        ev = db.session.scalar(db.select(Event).where(Event.code == "FRI"))
        mod = Actor(1, "mod@example.org", "Mo Derator", EventGrant.of("moderator"))
        questions.moderate(ev, mod, qid, "note", note="  First note  ")
        questions.moderate(ev, mod, qid, "note", note="Second note")
        question = db.session.get(Question, qid)
        assert question.answer_note == "Second note"
        notes = db.session.scalars(
            db.select(StateChange.reason).where(
                StateChange.question_id == qid, StateChange.action == "note"
            )
        ).all()
        assert notes == ["First note", "Second note"]
        assert question.state == "published"  # a note changes no state
        questions.moderate(ev, mod, qid, "note", note="")
        assert db.session.get(Question, qid).answer_note is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_event_without_questions_exports_cleanly(make_event, make_user, login, fmt):
    make_event("EMPTY", topics=[], panelists=[])
    http = login(make_user("admin"))
    response = http.get("/e/EMPTY/export.%s?lang=es" % fmt)
    assert response.status_code == 200 and len(response.data) > 100
    if fmt == "json":
        assert response.get_json()["questions"] == []
        assert set(response.get_json()["summary"].values()) == {0}
    if fmt == "html":
        page = fx.parse_html(response.data.decode("utf-8"))
        assert {n.attrs["data-value"] for n in page.find_all(data_figure=True)} == {"0"}
        assert page.find("figure", data_chart="timeline").attrs["data-total"] == "0"
