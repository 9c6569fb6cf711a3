"""The report's numbers, counted from a transcript: figures, breakdowns and the timeline.

Plain Python over plain rows, so the charts, the JSON and the tests all read the same counts.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from qa_app.exports.labels import parse_moment
from qa_app.exports.rows import Transcript

# Timeline bins grow from 5 minutes so that a long event still fits on one chart.
BIN_MINUTES = (5, 10, 15, 30, 60, 120, 240, 720, 1440)
MAX_BINS = 48


@dataclass(frozen=True)
class Figures:
    asked: int
    published: int  # ever shown to attendees (published or answered at some point)
    answered: int
    dismissed: int
    participants: int  # distinct attendees who asked or voted
    votes: int

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Bin:
    start: datetime
    questions: int
    votes: int


def figures(transcript: Transcript) -> Figures:
    rows = transcript.rows
    return Figures(
        asked=len(rows),
        published=sum(1 for row in rows if row["was_published"]),
        answered=sum(1 for row in rows if row["state"] == "answered"),
        dismissed=sum(1 for row in rows if row["state"] == "dismissed"),
        participants=transcript.participants,
        votes=len(transcript.vote_times),
    )


def event_order(transcript: Transcript, key: str) -> list:
    """The event's own order of its languages, topics or panelists."""
    event = transcript.event
    values = {
        "language": event["languages"],
        "topic": [topic["title"] for topic in event["topics"]],
        "panelist": [panelist["name"] for panelist in event["panelists"]],
    }.get(key, [])
    return list(dict.fromkeys(values))


def count_by(rows: list[dict], key: str, order: list | None = None) -> list[tuple]:
    """(value, count) pairs: the given order first (zeros kept), then the rest by count.

    ``None`` (no topic, no panelist) comes last.
    """
    counts = Counter(row[key] for row in rows)
    result = [(value, counts.pop(value, 0)) for value in (order or [])]
    rest = sorted(
        ((value, n) for value, n in counts.items() if value is not None),
        key=lambda pair: (-pair[1], str(pair[0])),
    )
    result.extend(rest)
    if None in counts:
        result.append((None, counts[None]))
    return result


def bin_minutes(first: datetime, last: datetime) -> int:
    span = (last - first).total_seconds() / 60
    for minutes in BIN_MINUTES:
        if span / minutes < MAX_BINS:
            return minutes
    return BIN_MINUTES[-1] * max(1, int(span // (BIN_MINUTES[-1] * MAX_BINS)) + 1)


def timeline(transcript: Transcript) -> tuple[int, list[Bin]]:
    """Questions asked and votes cast per bin, counted from the event's start."""
    start = parse_moment(transcript.event["starts_at"])
    end = start + timedelta(minutes=transcript.event["duration_minutes"])
    asked = [parse_moment(row["asked_at_utc"]) for row in transcript.rows]
    moments = asked + list(transcript.vote_times)
    first = min([start, *moments])
    last = max([end, *moments])
    minutes = bin_minutes(first, last)
    width = timedelta(minutes=minutes)
    # Bins are aligned on the start, so activity before it lands in earlier bins.
    origin = start + width * min(0, (first - start) // width)
    count = int((last - origin) // width) + 1

    def index(moment: datetime) -> int:
        return int((moment - origin) // width)

    questions = Counter(index(moment) for moment in asked)
    votes = Counter(index(moment) for moment in transcript.vote_times)
    return minutes, [
        Bin(origin + width * i, questions.get(i, 0), votes.get(i, 0)) for i in range(count)
    ]


def answered_groups(transcript: Transcript, group: str) -> list[tuple[str | None, list[dict]]]:
    """Answered questions by topic or by panelist, each group in the order answered."""
    key = "panelist" if group == "panelist" else "topic"
    answered = sorted(
        (row for row in transcript.rows if row["state"] == "answered"),
        key=lambda row: (row["answered_at"] or "", row["id"]),
    )
    names = [value for value, _n in count_by(answered, key, event_order(transcript, key)) if _n]
    return [(name, [row for row in answered if row[key] == name]) for name in names]


def follow_up(transcript: Transcript) -> list[dict]:
    """Published questions nobody answered, most wanted first."""
    waiting = [row for row in transcript.rows if row["state"] == "published"]
    return sorted(waiting, key=lambda row: (-row["votes"], row["asked_at_utc"], row["id"]))
