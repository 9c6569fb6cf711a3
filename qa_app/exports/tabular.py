"""CSV and JSON renderings of the transcript.

CSV is for spreadsheets: one row per question, headers in the reader's language, the
reader's translation columns first after the original, and every cell passed through
``neutralise`` so none of them starts a formula. JSON is for programs: the rows as data,
with the labels and figures beside them.
"""

import csv
import io
import json

from flask_babel import gettext as _

from qa_app.exports import labels
from qa_app.exports.rows import Transcript
from qa_app.exports.summary import figures

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value) -> str:
    """Text a spreadsheet shows as typed, never runs."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def reading_order(languages: list[str], reader: str) -> list[str]:
    """The event's languages with the reader's first: their translation sits by the original."""
    return sorted(languages, key=lambda code: code != reader)


def _translation(row: dict, language: str) -> dict:
    found = next((t for t in row["translations"] if t["language"] == language), None)
    return found or {"text": None, "by": None, "verified": None}


def _history(row: dict) -> str:
    lines = []
    for change in row["history"]:
        parts = [
            change["at"],
            labels.action_label(change["action"]),
            (
                labels.state_label(change["from"]) + " → "
                if change["from"] and change["from"] != change["to"]
                else ""
            )
            + labels.state_label(change["to"]),
            change["by"] if change["by"] != "attendee" else _("the asker"),
            labels.history_detail(change),
        ]
        lines.append(" · ".join(part for part in parts if part))
    return "\n".join(lines)


def _answer_translations(row: dict) -> str:
    answer = row["written_answer"]
    if not answer:
        return ""
    return "\n".join(
        "%s %s" % (labels.with_colon(labels.language_name(t["language"])), t["text"])
        for t in answer["translations"]
    )


def csv_columns(transcript: Transcript) -> list[tuple[str, object]]:
    """(header, value of a row) for every column, headers in the reader's language."""
    yes, no = _("yes"), _("no")
    columns = [
        (_("ID"), lambda row: row["id"]),
        (_("Asked at (event time)"), lambda row: row["asked_at_local"]),
        (_("Asked at (UTC)"), lambda row: row["asked_at_utc"]),
        (_("Language"), lambda row: labels.language_name(row["language"])),
        (_("Question"), lambda row: row["text"]),
    ]
    for code in reading_order(transcript.event["languages"], transcript.options.reader):
        name = labels.language_name(code)
        columns += [
            (
                _("Translation: %(language)s", language=name),
                lambda row, code=code: _translation(row, code)["text"],
            ),
            (
                _("Translated by: %(language)s", language=name),
                lambda row, code=code: _translation(row, code)["by"],
            ),
            (
                _("Verified: %(language)s", language=name),
                lambda row, code=code: {True: yes, False: no}.get(
                    _translation(row, code)["verified"]
                ),
            ),
        ]
    columns += [
        (_("Asked by"), lambda row: labels.asker(row["name"])),
        (_("Votes"), lambda row: row["votes"]),
        (_("State"), lambda row: labels.state_label(row["state"])),
        (_("Topic"), lambda row: row["topic"]),
        (_("Panelist"), lambda row: row["panelist"]),
        (_("Highlighted at"), lambda row: row["highlighted_at"]),
        (_("Answered at"), lambda row: row["answered_at"]),
        (_("Answer note"), lambda row: row["answer_note"]),
        (_("Dismissal reason"), lambda row: row["dismiss_reason"]),
        (_("Listed reason"), lambda row: labels.reason_label(row["dismiss_reason_code"])),
        (_("Outcome"), lambda row: labels.outcome_label(row["outcome"])),
        (_("Written answer"), lambda row: (row["written_answer"] or {}).get("text")),
        (_("Written answer: translations"), _answer_translations),
        (_("Text before edits"), lambda row: row["original_text"]),
        (_("Merged into"), lambda row: row["merged_into"]),
        (_("Merged questions"), lambda row: ", ".join(str(i) for i in row["merged"])),
        (_("History"), _history),
    ]
    return columns


def to_csv(transcript: Transcript) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = csv_columns(transcript)
    writer.writerow([neutralise(header) for header, _value in columns])
    for row in transcript.rows:
        writer.writerow([neutralise(value(row)) for _header, value in columns])
    return out.getvalue()


def to_json(transcript: Transcript) -> str:
    options = transcript.options
    document = {
        "event": transcript.event,
        "reader_language": options.reader,
        "options": {
            "state": options.state,
            "language": options.language,
            "topic": options.topic_id,
            "panelist": options.panelist_id,
            "order": options.order,
            "anonymous": options.anonymous,
        },
        "labels": {
            "states": {state: labels.state_label(state) for state in labels.STATE_LABELS},
            "actions": {action: labels.action_label(action) for action in labels.ACTION_LABELS},
            "reasons": {code: labels.reason_label(code) for code in labels.REASON_LABELS},
            "outcomes": {key: labels.outcome_label(key) for key in labels.OUTCOME_LABELS},
            "anonymous": labels.anonymous_label(),
        },
        "summary": figures(transcript).as_dict(),
        "questions": transcript.rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
