"""Exports and the report carry the toolkit's traces: edits with the original words,
written answers with their translations, merges and their undo, listed reasons."""

import json

from flask_babel import force_locale

from qa_app.domain.questions import operations as questions
from qa_app.domain.store import get_event
from qa_app.exports.formats import render
from qa_app.exports.rows import load_transcript
from qa_app.extensions import db
from tests.test_domain_questions import actor, ask, moderate, published, run, vote
from tests.test_domain_toolkit import ctx  # noqa: F401 (a fixture)


def _transcript():
    db.session.remove()
    return load_transcript(get_event("EV1"))


def test_exports_carry_edits_answers_merges_and_reasons(ctx):  # noqa: F811
    stays = published("alice", "How do PES vet agencys?")
    moderate(stays, "edit", text="How do PES vet agencies?")
    goes = published("bob", "How do PES check agencies?")
    vote("carol", goes)
    moderate(goes, "merge", into=stays)
    undone = published("dan", "How do employment services vet agencies?")
    moderate(undone, "merge", into=stays)
    moderate(undone, "unmerge")
    moderate(stays, "write_answer", text="They check licences.", language="en")
    run(questions.translate, actor("interpreter"), stays, "fr", "Ils vérifient.", part="answer")
    dismissed = ask("erin", "Call me on 555 0101").question["id"]
    moderate(dismissed, "dismiss", reason_code="personal_data", reason="A phone number")

    transcript = _transcript()
    rows = {row["id"]: row for row in transcript.rows}
    row = rows[stays]
    assert row["original_text"] == "How do PES vet agencys?" and row["edited_by"] == "moderator"
    assert row["outcome"] == "written" and row["merged"] == [goes]
    assert row["written_answer"]["text"] == "They check licences."
    assert row["written_answer"]["translations"][0]["text"] == "Ils vérifient."
    actions = [change["action"] for change in row["history"]]
    assert actions[-6:] == ["edit", "merge", "merge", "unmerge", "write_answer", "translate_answer"]
    assert rows[goes]["merged_into"] == stays and rows[goes]["state"] == "merged"
    assert [c["action"] for c in rows[undone]["history"]][-2:] == ["merge", "unmerge"]
    assert rows[dismissed]["dismiss_reason_code"] == "personal_data"
    # Carol's vote was pooled into the question that stays: counted once in the figures.
    assert len(transcript.vote_times) == 1

    with ctx.test_request_context(), force_locale("fr"):
        document = json.loads(render("json", transcript))
        assert document["labels"]["reasons"]["personal_data"] == "Contient des données personnelles"
        csv = render("csv", transcript).decode("utf-8")
        assert "Texte avant modification" in csv and "How do PES vet agencys?" in csv
        # French typography: a no-break space before the colon.
        assert "Français\u00a0: Ils vérifient." in csv or "français\u00a0: Ils vérifient." in csv
        markdown = render("md", transcript).decode("utf-8")
        assert "They check licences." in markdown and "Réponse écrite" in markdown
        report = render("html", transcript).decode("utf-8")
        assert 'data-field="written-answer"' in report and "Ils vérifient." in report
        assert 'data-field="merged"' in report and "#%d" % goes in report
        assert "Contient des données personnelles" in report
