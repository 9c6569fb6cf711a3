"""Charts as inline SVG, drawn by the app: no script, no library, nothing fetched.

Every bar carries its number in ``data-*`` attributes and as text, so a reader, a
screen reader, a PDF and a test all see the same counts as the summary figures. Each
chart also carries its numbers as a table, hidden on screen but not from screen readers
(and left out of print, where the chart's own labels are read).

The timeline labels its bins with clock times, or with dates once it spans more than a
day (a demo dated years ago would otherwise tick "15:30, 15:30, 15:30").
"""

from datetime import datetime, timedelta

from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from qa_app.exports.labels import with_colon
from qa_app.exports.summary import Bin
from qa_app.web import i18n

WIDTH = 560
LABEL_CHARS = 70
BAR_COLOUR = "#2f6f9f"
VOTE_COLOUR = "#c0622d"
SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" '
    'role="img" aria-labelledby="%s">'
)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def data_table(title: str, headers: list[str], rows: list[list]) -> str:
    """The chart's numbers as a table for screen readers (class visually-hidden)."""
    head = "".join('<th scope="col">%s</th>' % escape(h) for h in headers)
    body = "".join(
        '<tr><th scope="row">%s</th>%s</tr>'
        % (escape(row[0]), "".join("<td>%s</td>" % format_number(n) for n in row[1:]))
        for row in rows
    )
    return (
        '<table class="chart-data visually-hidden"><caption>%s</caption>'
        "<thead><tr>%s</tr></thead><tbody>%s</tbody></table>" % (escape(title), head, body)
    )


def _figure(kind: str, title: str, total: int, height: int, body: list[str], table: str, **data):
    title_id = "chart-%s-title" % kind
    attributes = "".join(' data-%s="%s"' % (key, escape(value)) for key, value in data.items())
    parts = [
        '<figure class="chart" data-chart="%s" data-total="%d"%s>' % (kind, total, attributes),
        '<figcaption id="%s">%s</figcaption>' % (title_id, escape(title)),
        SVG_OPEN % (WIDTH, height, WIDTH, height, title_id),
        *body,
        "</svg>",
        table,
        "</figure>",
    ]
    # Every value above went through escape() or is a number the app computed.
    return Markup("\n".join(parts))  # noqa: S704


def bar_chart(kind: str, title: str, bars: list[tuple[str, str, int]], label_header: str) -> Markup:
    """Horizontal bars, one per (key, label, count); the label sits above its bar."""
    total = sum(count for _key, _label, count in bars)
    top = max((count for _key, _label, count in bars), default=0) or 1
    row, bar_area = 34, WIDTH - 60
    body = []
    for i, (key, label, count) in enumerate(bars):
        y = i * row
        length = round(bar_area * count / top, 1)
        body.append(
            '<g class="bar" data-key="%s" data-label="%s" data-count="%d">'
            "<title>%s %s</title>"
            '<text x="0" y="%d" font-size="11" fill="#222">%s</text>'
            '<rect x="0" y="%d" width="%s" height="14" fill="%s"></rect>'
            '<text x="%s" y="%d" font-size="11" fill="#222" class="count">%s</text></g>'
            % (
                escape(key),
                escape(label),
                count,
                escape(with_colon(label)),
                format_number(count),
                y + 11,
                escape(_short(label)),
                y + 15,
                length,
                BAR_COLOUR,
                round(length + 4, 1),
                y + 27,
                format_number(count),
            )
        )
    if not bars:
        body.append('<text x="0" y="14" font-size="11">%s</text>' % escape(_("No questions.")))
    table = data_table(
        title, [label_header, _("Questions")], [[label, count] for _key, label, count in bars]
    )
    return _figure(kind, title, total, max(row * len(bars), 20), body, table)


def timeline_chart(title: str, minutes: int, bins: list[Bin], event: dict) -> Markup:
    """Questions (top) and votes (bottom) per time bin, from the event's start."""
    left, top, panel, gap = 40, 16, 70, 34
    height = top + 2 * panel + gap + 26
    step = (WIDTH - left) / max(len(bins), 1)
    most_questions = max((b.questions for b in bins), default=0) or 1
    most_votes = max((b.votes for b in bins), default=0) or 1
    label_every = max(1, round(len(bins) / 8))
    long_span = bool(bins) and (
        minutes >= 1440 or bins[-1].start - bins[0].start > timedelta(days=1)
    )
    body = [
        '<text x="0" y="12" font-size="10" fill="%s">%s</text>'
        % (BAR_COLOUR, escape(_("Questions"))),
        '<text x="0" y="%d" font-size="10" fill="%s">%s</text>'
        % (top + panel + gap - 6, VOTE_COLOUR, escape(_("Votes"))),
    ]
    for i, item in enumerate(bins):
        x = round(left + i * step, 1)
        q_height = round(panel * item.questions / most_questions, 1)
        v_height = round(panel * item.votes / most_votes, 1)
        clock = _moment(item.start, event, minutes, long_span)
        body.append(
            '<g class="bin" data-start="%s" data-questions="%d" data-votes="%d">'
            "<title>%s</title>"
            '<rect x="%s" y="%s" width="%s" height="%s" fill="%s"></rect>'
            '<rect x="%s" y="%s" width="%s" height="%s" fill="%s"></rect>'
            % (
                item.start.isoformat(timespec="minutes"),
                item.questions,
                item.votes,
                escape(
                    _(
                        "%(time)s: %(questions)s questions, %(votes)s votes",
                        time=clock,
                        questions=format_number(item.questions),
                        votes=format_number(item.votes),
                    )
                ),
                x,
                round(top + panel - q_height, 1),
                round(max(step - 2, 1), 1),
                q_height,
                BAR_COLOUR,
                x,
                round(top + 2 * panel + gap - v_height, 1),
                round(max(step - 2, 1), 1),
                v_height,
                VOTE_COLOUR,
            )
        )
        if i % label_every == 0:
            body.append(
                '<text x="%s" y="%d" font-size="9" fill="#444">%s</text>'
                % (x, height - 4, escape(_tick(item.start, event, long_span)))
            )
        body.append("</g>")
    table = data_table(
        title,
        [_("Time"), _("Questions"), _("Votes")],
        [[_moment(b.start, event, minutes, long_span), b.questions, b.votes] for b in bins],
    )
    return _figure(
        "timeline",
        title,
        sum(b.questions for b in bins),
        height,
        body,
        table,
        votes=sum(b.votes for b in bins),
        minutes=minutes,
    )


def timeline_title(minutes: int) -> str:
    """The timeline's title, in days once the intervals are whole days."""
    if minutes % 1440 == 0:
        return ngettext(
            "Questions and votes over time (one-day intervals)",
            "Questions and votes over time (%(num)s-day intervals)",
            minutes // 1440,
        )
    return _("Questions and votes over time (%(minutes)s-minute intervals)", minutes=minutes)


def _tick(moment: datetime, event: dict, long_span: bool) -> str:
    if long_span:
        return i18n.format_event_date(moment, event, "medium")
    return i18n.format_event_time(moment, event)


def _moment(moment: datetime, event: dict, minutes: int, long_span: bool) -> str:
    """A bin's start: its time, its date and time, or (whole days) its date."""
    if not long_span:
        return i18n.format_event_time(moment, event)
    if minutes % 1440 == 0:
        return i18n.format_event_date(moment, event, "medium")
    return i18n.format_event_datetime(moment, event, "short")
