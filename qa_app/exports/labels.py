"""Words every format shares, in the reader's language: states, actions, languages, times."""

import unicodedata
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

from qa_app.web import i18n

STATE_LABELS = {
    "pending": _l("Awaiting moderation"),
    "published": _l("Published"),
    "answered": _l("Answered"),
    "dismissed": _l("Dismissed"),
    "withdrawn": _l("Withdrawn by the asker"),
    "merged": _l("Merged into another question"),
}
ACTION_LABELS = {
    "ask": _l("asked"),
    "approve": _l("approved"),
    "dismiss": _l("dismissed"),
    "restore": _l("restored"),
    "highlight": _l("put on screen"),
    "unhighlight": _l("taken off screen"),
    "answer": _l("marked answered"),
    "reopen": _l("reopened"),
    "assign": _l("assigned"),
    "note": _l("answer note written"),
    "translate": _l("translated"),
    "edit": _l("edited"),
    "merge": _l("merged"),
    "unmerge": _l("merge undone"),
    "write_answer": _l("answered in writing"),
    "translate_answer": _l("written answer translated"),
    "queue": _l("up next changed"),
    "flag": _l("flagged by an interpreter"),
    "withdraw": _l("withdrawn by the asker"),
}
# The dismissal reasons an asker reads in their own language (the same as the pages').
REASON_LABELS = {
    "answered": _l("Already answered"),
    "off_topic": _l("Off topic"),
    "duplicate": _l("Duplicate"),
    "personal_data": _l("Contains personal data"),
    "rephrase": _l("Please rephrase"),
}
FLAG_LABELS = {
    "unclear": _l("Unclear"),
    "in_progress": _l("Translation in progress"),
    "ready": _l("Ready"),
}
OUTCOME_LABELS = {"live": _l("Answered live"), "written": _l("Answered in writing")}
ORDER_LABELS = {
    "asked": _l("time asked"),
    "votes": _l("votes"),
    "answered": _l("order answered"),
}


def state_label(state: str | None) -> str:
    return str(STATE_LABELS.get(state, state or ""))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def language_name(code: str | None) -> str:
    """A language's name in the reader's language ("French", "français", "francés")."""
    return i18n.language_name(code) if code else ""


def anonymous_label() -> str:
    """The name shown for an asker who gave none: the same word as on the pages."""
    return _("Anonymous")


def asker(name: str | None) -> str:
    return name or anonymous_label()


def with_colon(label: str) -> str:
    """'Asked by:' as the reader's language writes it: French 'Posée par :' (no-break space)."""
    # TRANSLATORS: a label before its value ("Asked by: Alice"). French puts a no-break
    # space (U+00A0) before the colon.
    return _("%(label)s:", label=label)


def semicolon() -> str:
    """What goes between items that may hold commas: '; ', in French ' ; ' (no-break space)."""
    # TRANSLATORS: between the items of a list that may hold commas ("Ana (ILO); Omar").
    # French puts a no-break space (U+00A0) before the semicolon.
    return pgettext("list separator", "; ")


def verified_label(verified: bool) -> str:
    return _("verified by a person") if verified else _("not verified")


def history_detail(change: dict) -> str:
    """What a history entry's free field means: a language, a panelist, a note or a reason."""
    action, reason = change["action"], change["reason"]
    if action in ("translate", "translate_answer", "write_answer"):
        return language_name(reason)
    if action == "dismiss" and reason in REASON_LABELS:
        return str(REASON_LABELS[reason])
    if action == "flag" and reason in FLAG_LABELS:
        return str(FLAG_LABELS[reason])
    return reason or ""


def reason_label(code: str | None) -> str:
    return str(REASON_LABELS.get(code, code or ""))


def outcome_label(outcome: str | None) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome or ""))


def reader_translation(row: dict, reader: str) -> dict | None:
    """The question's translation into the reader's language, if it has one."""
    if row["language"] == reader:
        return None
    return next((t for t in row["translations"] if t["language"] == reader), None)


def direction_of(text: str | None) -> str:
    """HTML's dir="auto" worked out here (WeasyPrint ignores it): the first strong letter."""
    for ch in text or "":
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "auto"


def parse_moment(value: str | None) -> datetime | None:
    """The rows' ISO 8601 UTC times back as aware datetimes."""
    return datetime.fromisoformat(value) if value else None


def local_time(value: str | None, timezone: str, format: str = "medium") -> str:
    """A time in the event's time zone, written the reader's way (Babel)."""
    return i18n.format_event_datetime(value, {"timezone": timezone}, format)


def utc_time(value: str | None, format: str = "medium") -> str:
    return i18n.format_event_datetime(value, {"timezone": "UTC"}, format)


def both_times(value: str | None, timezone: str) -> str:
    """'15 Jun 2023, 15:42:10 (Europe/Zurich) · 13:42:10 UTC' in the reader's words."""
    if not value:
        return ""
    return _(
        "%(local)s (%(zone)s) · %(utc)s UTC",
        local=local_time(value, timezone),
        zone=timezone,
        utc=utc_time(value),
    )
