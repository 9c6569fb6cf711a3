"""The event report as one self-contained HTML page (printable; the PDF is made from it).

Header, summary figures, inline SVG charts, answered questions grouped by topic or
panelist, unanswered ones ranked by votes, then the full transcript. The page carries
its own CSS and no script, so a saved copy and the PDF look the same as the page.
"""

from datetime import UTC, datetime, timedelta
from functools import cache

from flask import render_template
from flask_babel import format_datetime, format_number
from flask_babel import gettext as _
from markupsafe import Markup

from qa_app.config import REPO_ROOT
from qa_app.exports import labels
from qa_app.exports.charts import bar_chart, timeline_chart, timeline_title
from qa_app.exports.inert import printable_transcript
from qa_app.exports.rows import Transcript
from qa_app.exports.summary import (
    answered_groups,
    count_by,
    event_order,
    figures,
    follow_up,
    timeline,
)
from qa_app.web import i18n

CSS_PATH = REPO_ROOT / "static" / "css" / "report.css"


@cache
def report_css() -> Markup:
    # The stylesheet is inlined: the file must work saved to disk and in WeasyPrint,
    # which is given no way to fetch anything.
    return Markup(CSS_PATH.read_text(encoding="utf-8"))  # noqa: S704 (the app's own file)


def _figure_list(transcript: Transcript) -> list[tuple[str, str, int]]:
    numbers = figures(transcript)
    return [
        ("asked", _("Questions asked"), numbers.asked),
        ("published", _("Published"), numbers.published),
        ("answered", _("Answered"), numbers.answered),
        ("dismissed", _("Dismissed"), numbers.dismissed),
        ("participants", _("Attendees who asked or voted"), numbers.participants),
        ("votes", _("Votes cast"), numbers.votes),
    ]


def _charts(transcript: Transcript) -> list[Markup]:
    rows = transcript.rows

    def bars(key: str, missing: str):
        pairs = count_by(rows, key, event_order(transcript, key))
        return [
            (value or "", labels.language_name(value) if key == "language" else value or missing, n)
            for value, n in pairs
        ]

    minutes, bins = timeline(transcript)
    return [
        bar_chart("language", _("Questions by language"), bars("language", ""), _("Language")),
        bar_chart("topic", _("Questions by topic"), bars("topic", _("No topic")), _("Topic")),
        bar_chart(
            "panelist",
            _("Questions by panelist"),
            bars("panelist", _("No panelist")),
            _("Panelist"),
        ),
        timeline_chart(timeline_title(minutes), minutes, bins, transcript.event),
    ]


def _schedule(event: dict) -> dict:
    end = labels.parse_moment(event["starts_at"]) + timedelta(minutes=event["duration_minutes"])
    return {
        "date": i18n.format_event_date(event["starts_at"], event, "full"),
        "start": i18n.format_event_time(event["starts_at"], event),
        "end": i18n.format_event_time(end, event),
        "timezone": event["timezone"],
    }


def _filters(transcript: Transcript) -> list[tuple[str, str]]:
    options, event = transcript.options, transcript.event
    shown = []
    if options.state:
        shown.append((_("State"), labels.state_label(options.state)))
    if options.language:
        shown.append((_("Language"), labels.language_name(options.language)))
    for key, label, items in (
        ("topic_id", _("Topic"), event["topics"]),
        ("panelist_id", _("Panelist"), event["panelists"]),
    ):
        chosen = getattr(options, key)
        if chosen:
            shown.extend(
                (label, item.get("title") or item.get("name"))
                for item in items
                if item["id"] == chosen
            )
    if options.anonymous:
        shown.append((_("Askers' names"), _("left out")))
    return shown


def report_context(transcript: Transcript) -> dict:
    """Everything the report template shows, already counted and labelled."""
    return {
        "event": transcript.event,
        "rows": transcript.rows,
        "options": transcript.options,
        "schedule": _schedule(transcript.event),
        "filters": _filters(transcript),
        "figures": _figure_list(transcript),
        "charts": _charts(transcript),
        "groups": answered_groups(transcript, transcript.options.group),
        "follow_up": follow_up(transcript),
        "order_label": labels.ORDER_LABELS[transcript.options.order],
        "reader": transcript.options.reader,
        "reader_dir": i18n.text_direction(transcript.options.reader),
        "text_direction": i18n.text_direction,
        "generated": format_datetime(datetime.now(UTC), "long"),
        "labels": labels,
        "format_number": format_number,
        "css": report_css(),
    }


def to_html(transcript: Transcript) -> str:
    return render_template("report.html", **report_context(printable_transcript(transcript)))
