"""Words every format shares, in the reader's language: states, actions, languages, times."""

from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

STATE_LABELS = {
    "pending": _l("Awaiting moderation"),
    "published": _l("Published"),
    "answered": _l("Answered"),
    "dismissed": _l("Dismissed"),
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
}
ORDER_LABELS = {
    "asked": _l("time asked"),
    "votes": _l("votes"),
    "answered": _l("order answered"),
}


def state_label(state: str | None) -> str:
    return str(STATE_LABELS.get(state, state or ""))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def reader_locale() -> Locale:
    return get_locale() or Locale.parse("en")


def language_name(code: str | None) -> str:
    """A language's name in the reader's language ("French", "français", "francés")."""
    if not code:
        return ""
    name = reader_locale().languages.get(code)
    return name or code


def anonymous_label() -> str:
    return _("anonymous")


def asker(name: str | None) -> str:
    return name or anonymous_label()


def verified_label(verified: bool) -> str:
    return _("verified by a person") if verified else _("not verified")


def history_detail(change: dict) -> str:
    """What a history entry's free field means: a language, a panelist, a note or a reason."""
    if change["action"] == "translate":
        return language_name(change["reason"])
    return change["reason"] or ""


def reader_translation(row: dict, reader: str) -> dict | None:
    """The question's translation into the reader's language, if it has one."""
    if row["language"] == reader:
        return None
    return next((t for t in row["translations"] if t["language"] == reader), None)


def parse_moment(value: str | None) -> datetime | None:
    """The rows' ISO 8601 UTC times back as aware datetimes."""
    return datetime.fromisoformat(value) if value else None


def local_time(value: str | None, timezone: str, format: str = "medium") -> str:
    """A time in the event's time zone, written the reader's way (Babel)."""
    moment = parse_moment(value)
    if moment is None:
        return ""
    return format_datetime(moment.astimezone(ZoneInfo(timezone)), format, rebase=False)


def utc_time(value: str | None, format: str = "medium") -> str:
    moment = parse_moment(value)
    if moment is None:
        return ""
    return format_datetime(moment.astimezone(ZoneInfo("UTC")), format, rebase=False)


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
