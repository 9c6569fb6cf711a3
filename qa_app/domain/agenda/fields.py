"""Validation of set-up fields shared by events, series, forms and set-up files.

API
- ``collect(data, cleaners) -> dict``: runs ``cleaners[name](data[name])`` for every field
  present in ``data`` and raises ``InvalidFields`` with one error per bad field.
- ``clean_code``, ``clean_title``, ``clean_description``, ``clean_timezone``,
  ``clean_start(value, timezone)``, ``clean_duration``, ``clean_cap``, ``clean_bool``.
"""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from qa_app.domain import rules
from qa_app.domain.errors import N_, DomainError, Invalid, InvalidFields

MAX_CODE_CHARS = 32
MAX_DESCRIPTION_CHARS = 5000
MAX_DURATION_MINUTES = 24 * 60
MAX_QUESTION_CAP = 1000


def collect(data: dict, cleaners: dict) -> dict:
    cleaned, errors = {}, {}
    for name, cleaner in cleaners.items():
        if name not in data:
            continue
        try:
            cleaned[name] = cleaner(data[name])
        except DomainError as exc:
            errors[name] = exc
    if errors:
        raise InvalidFields(errors)
    return cleaned


def clean_code(value) -> str:
    code = value.strip() if isinstance(value, str) else ""
    if not code or len(code) > MAX_CODE_CHARS or not all(c.isalnum() or c in "-_" for c in code):
        raise Invalid(N_("A code is 1 to 32 letters, digits, '-' or '_'."))
    return code


def clean_title(value) -> str:
    return rules.clean_text(
        value, field_max=300, required=True, empty_message=N_("Please give a title.")
    )


def clean_description(value) -> str:
    if value is None:
        return ""
    text = rules.clean_text(
        value, field_max=MAX_DESCRIPTION_CHARS, required=False, empty_message=""
    )
    return text or ""


def clean_timezone(value) -> str:
    if not isinstance(value, str) or value not in zones():
        raise Invalid(N_("Unknown time zone."))
    return value


_ZONES: frozenset[str] = frozenset()


def zones() -> frozenset[str]:
    global _ZONES
    if not _ZONES:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def clean_start(value, timezone: str) -> datetime:
    """An aware datetime; a naive one, or an ISO text without offset, is local to ``timezone``."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(N_("Give the start as YYYY-MM-DD HH:MM.")) from None
    if not isinstance(value, datetime):
        raise Invalid(N_("Give the start as YYYY-MM-DD HH:MM."))
    if value.tzinfo is None:
        try:
            value = value.replace(tzinfo=ZoneInfo(timezone))
        except (ZoneInfoNotFoundError, ValueError):
            raise Invalid(N_("Unknown time zone.")) from None
    return value


def _int(value, low: int, high: int, message: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(message, low=low, high=high)
    return value


def clean_duration(value) -> int:
    return _int(value, 1, MAX_DURATION_MINUTES, N_("The duration is %(low)d to %(high)d minutes."))


def clean_cap(value) -> int | None:
    if value is None or value == "":
        return None
    return _int(
        value, 1, MAX_QUESTION_CAP, N_("The cap is a number from %(low)d to %(high)d, or none.")
    )


def clean_bool(value) -> bool:
    return rules.clean_flag(value)
