"""CSV and JSON renderings of the transcript rows."""

import csv
import io
import json

from flask_babel import gettext as _

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value) -> str:
    """Text a spreadsheet shows as typed, never runs."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_columns() -> list[tuple[str, str]]:
    return [
        ("id", _("ID")),
        ("asked_at_local", _("Asked at (event time)")),
        ("asked_at_utc", _("Asked at (UTC)")),
        ("language", _("Language")),
        ("text", _("Question")),
        ("translations", _("Translations")),
        ("name", _("Asked by")),
        ("votes", _("Votes")),
        ("state", _("State")),
        ("topic", _("Topic")),
        ("panelist", _("Panelist")),
        ("highlighted_at", _("Highlighted at")),
        ("answered_at", _("Answered at")),
        ("answer_note", _("Answer note")),
        ("dismiss_reason", _("Dismissal reason")),
        ("history", _("History")),
    ]


def _cell(key: str, row: dict) -> str:
    value = row[key]
    if key == "translations":
        value = " | ".join(
            "%s: %s (%s%s)"
            % (t["language"], t["text"], t["by"], ", " + _("verified") if t["verified"] else "")
            for t in value
        )
    elif key == "history":
        value = " | ".join(
            "%s %s %s→%s %s%s"
            % (
                h["at"],
                h["action"],
                h["from"] or "",
                h["to"],
                h["by"],
                (": " + h["reason"]) if h["reason"] else "",
            )
            for h in value
        )
    elif key == "name" and not value:
        value = _("anonymous")
    return neutralise(value)


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = csv_columns()
    writer.writerow([label for _key, label in columns])
    for row in rows:
        writer.writerow([_cell(key, row) for key, _label in columns])
    return out.getvalue()


def to_json(event_dict: dict, rows: list[dict]) -> str:
    return json.dumps({"event": event_dict, "questions": rows}, ensure_ascii=False, indent=2)
