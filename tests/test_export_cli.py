"""``flask export`` writes every format to a file; ``flask events purge`` asks first, then
deletes an event's questions, votes, translations and history and nothing else."""

import csv
import io
import json
from datetime import UTC, datetime

import pypdf
import pytest
from markdown_it import MarkdownIt
from sqlalchemy import func, select

from qa_app.domain.questions import operations as questions
from qa_app.extensions import db
from qa_app.models import Event, Panelist, Question, StateChange, Topic, Translation, Vote
from tests import export_fixture as fx
from tests.export_fixture import event_fixture  # noqa: F401 (fixture)


def export(runner, *args):
    return runner.invoke(args=["export", "FRI", *args])


def test_export_writes_each_format_to_a_file(event, runner, tmp_path):
    written = {}
    for fmt in ("csv", "json", "md", "html", "pdf"):
        path = tmp_path / ("out.%s" % fmt)
        result = export(runner, "--format", fmt, "-o", str(path))
        assert result.exit_code == 0, result.output
        written[fmt] = path.read_bytes()
    rows = list(csv.reader(io.StringIO(written["csv"].decode("utf-8-sig"), newline="")))
    assert len(rows) == 7 and rows[0][0] == "ID"
    assert json.loads(written["json"])["summary"] == fx.FIGURES
    tokens = MarkdownIt("commonmark").parse(written["md"].decode("utf-8"))
    assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h3") == 6
    page = fx.parse_html(written["html"].decode("utf-8"))
    assert int(page.find(data_figure="votes").attrs["data-value"]) == fx.FIGURES["votes"]
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(written["pdf"])).pages)
    assert "How do PES vet private recruitment agencies?" in text


def test_export_options_language_filters_and_privacy(event, runner, tmp_path):
    path = tmp_path / "fr.json"
    result = export(
        runner, "--format", "json", "--lang", "fr", "--state", "answered", "--anonymous",
        "-o", str(path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["reader_language"] == "fr"
    assert [row["state"] for row in data["questions"]] == ["answered", "answered"]
    assert all(row["name"] is None for row in data["questions"])
    csv_path = tmp_path / "fr.csv"
    assert export(runner, "--format", "csv", "--lang", "fr", "-o", str(csv_path)).exit_code == 0
    assert "français" in csv_path.read_text(encoding="utf-8-sig").splitlines()[0]


def test_export_to_standard_output_and_default_file_name(event, runner, tmp_path, monkeypatch):
    result = export(runner, "--format", "json", "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["event"]["code"] == "FRI"
    monkeypatch.chdir(tmp_path)
    assert export(runner, "--format", "md").exit_code == 0
    assert (tmp_path / "FRI-transcript.md").read_text(encoding="utf-8").startswith("# Transcript")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv", "--lang", "xx"], "Reports are available in"),
        (["--format", "csv", "--topic", "999"], "There is no topic 999"),
        (["--format", "csv", "--language", "de"], "This event's languages"),
        (["--format", "xls"], "Invalid value for '--format'"),
    ],
)
def test_export_refuses_bad_options(event, runner, args, message):
    result = export(runner, *args)
    assert result.exit_code == 2 and message in result.output


def test_export_of_an_unknown_event(runner, app):
    result = runner.invoke(args=["export", "NOPE", "--format", "csv"])
    assert result.exit_code == 1 and "no event with that code" in result.output


def counts(app, code):
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.code == code))
        ids = select(Question.id).where(Question.event_id == event_id)

        def count(model, where):
            return db.session.scalar(select(func.count()).select_from(model).where(where))

        return {
            "questions": count(Question, Question.event_id == event_id),
            "votes": count(Vote, Vote.question_id.in_(ids)),
            "translations": count(Translation, Translation.question_id.in_(ids)),
            "history": count(StateChange, StateChange.question_id.in_(ids)),
            "topics": count(Topic, Topic.event_id == event_id),
            "panelists": count(Panelist, Panelist.event_id == event_id),
        }


@pytest.fixture
def other_event(app, make_event):
    make_event("KEEP")
    with app.app_context():
        keep = db.session.scalar(select(Event).where(Event.code == "KEEP"))
        questions.ask(keep, "z1", "Will this stay?", language="en", confirm_language=True)
    return "KEEP"


def test_purge_asks_and_does_nothing_when_told_no(app, event, other_event, runner):
    before = counts(app, "FRI")
    assert before["questions"] == 6 and before["votes"] == 6 and before["translations"] == 5
    result = runner.invoke(args=["events", "purge", "FRI"], input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output
    assert "6 questions, 6 votes, 5 translations" in result.output
    assert "Delete them for good?" in result.output
    assert counts(app, "FRI") == before


def test_purge_deletes_the_content_and_keeps_the_event(app, event, other_event, runner):
    before, kept = counts(app, "FRI"), counts(app, other_event)
    result = runner.invoke(args=["events", "purge", "FRI"], input="y\n")
    assert result.exit_code == 0, result.output
    assert (
        "Deleted 6 questions, 6 votes, 5 translations and %d history entries" % (before["history"])
        in result.output
    )
    after = counts(app, "FRI")
    assert after == {
        "questions": 0,
        "votes": 0,
        "translations": 0,
        "history": 0,
        "topics": 2,
        "panelists": 2,
    }
    assert counts(app, other_event) == kept and kept["questions"] == 1
    with app.app_context():  # nothing left dangling anywhere
        assert db.session.scalar(select(func.count()).select_from(Vote)) == 0
        assert db.session.scalar(select(func.count()).select_from(Translation)) == 0
        event_row = db.session.scalar(select(Event).where(Event.code == "FRI"))
        assert event_row.title == "Fair recruitment & PES <webinar>" and event_row.seq > 0


def test_purge_with_yes_skips_the_question(app, event, runner):
    result = runner.invoke(args=["events", "purge", "FRI", "--yes"])
    assert result.exit_code == 0 and "Delete them for good?" not in result.output
    assert counts(app, "FRI")["questions"] == 0
    again = runner.invoke(args=["events", "purge", "FRI", "--yes"])
    assert "Deleted 0 questions" in again.output


def test_purge_is_one_transaction(app, event, monkeypatch):
    from qa_app.domain.agenda import retention

    before = counts(app, "FRI")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "bump_seq", fail)  # fails after the deletes ran
    with app.app_context():
        target = db.session.scalar(select(Event).where(Event.code == "FRI"))
        with pytest.raises(RuntimeError):
            retention.purge_event(target)
    assert counts(app, "FRI") == before


def test_purge_refuses_an_archived_event(app, event, runner):
    before = counts(app, "FRI")
    with app.app_context():
        db.session.scalar(select(Event).where(Event.code == "FRI")).archived_at = datetime.now(UTC)
        db.session.commit()
    result = runner.invoke(args=["events", "purge", "FRI", "--yes"])
    assert result.exit_code == 1 and "archived" in result.output
    assert "Traceback" not in result.output and "Deleted" not in result.output
    assert counts(app, "FRI") == before
