"""Charts as inline SVG, drawn by the app: no script, no library, nothing fetched.

Every bar carries its number in ``data-*`` attributes and as text, so a reader, a
screen reader, a PDF and a test all see the same counts as the summary figures.
"""

from datetime import datetime

from flask_babel import format_number
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .. import i18n
from .summary import Bin

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


def _figure(kind: str, title: str, total: int, height: int, body: list[str], **data) -> Markup:
    title_id = "chart-%s-title" % kind
    attributes = "".join(' data-%s="%s"' % (key, escape(value)) for key, value in data.items())
    parts = [
        '<figure class="chart" data-chart="%s" data-total="%d"%s>' % (kind, total, attributes),
        '<figcaption id="%s">%s</figcaption>' % (title_id, escape(title)),
        SVG_OPEN % (WIDTH, height, WIDTH, height, title_id),
        *body,
        "</svg></figure>",
    ]
    # Every value above went through escape() or is a number the app computed.
    return Markup("\n".join(parts))  # noqa: S704


def bar_chart(kind: str, title: str, bars: list[tuple[str, str, int]]) -> Markup:
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
            "<title>%s: %s</title>"
            '<text x="0" y="%d" font-size="11" fill="#222">%s</text>'
            '<rect x="0" y="%d" width="%s" height="14" fill="%s"></rect>'
            '<text x="%s" y="%d" font-size="11" fill="#222" class="count">%s</text></g>'
            % (
                escape(key),
                escape(label),
                count,
                escape(label),
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
    return _figure(kind, title, total, max(row * len(bars), 20), body)


def timeline_chart(title: str, minutes: int, bins: list[Bin], event: dict) -> Markup:
    """Questions (top) and votes (bottom) per time bin, from the event's start."""
    left, top, panel, gap = 40, 16, 70, 34
    height = top + 2 * panel + gap + 26
    step = (WIDTH - left) / max(len(bins), 1)
    most_questions = max((b.questions for b in bins), default=0) or 1
    most_votes = max((b.votes for b in bins), default=0) or 1
    label_every = max(1, round(len(bins) / 8))
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
        clock = _clock(item.start, event)
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
                % (x, height - 4, escape(clock))
            )
        body.append("</g>")
    return _figure(
        "timeline",
        title,
        sum(b.questions for b in bins),
        height,
        body,
        votes=sum(b.votes for b in bins),
        minutes=minutes,
    )


def _clock(moment: datetime, event: dict) -> str:
    return i18n.format_event_time(moment, event)
