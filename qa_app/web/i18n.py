"""Interface language and local formats.

The language is ``?lang=xx`` (then kept in the ``lang`` cookie), else that cookie, else
``Accept-Language``. Inside Socket.IO handlers Flask-Babel sees the handshake request, so
acks follow the sender's query string, cookie and headers too. Dates, times and numbers
are formatted by Babel for the interface language, in the event's time zone.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import current_app, g, request
from flask_babel import get_locale

from qa_app.domain.questions.language import LanguageCode

LANG_COOKIE = "lang"
RTL_LANGUAGES = frozenset({"ar"})
# Each language is named in itself, so a reader finds theirs whatever the page shows.
# Each interface language in its own language: the language switcher names them so, on every
# page, whatever the reader's language and the event's languages.
ENDONYMS = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}


def _supported() -> tuple[str, ...]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    if not request:
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in _supported():
        g.lang_to_remember = asked
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in _supported():
        return remembered
    return (
        request.accept_languages.best_match(_supported())
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def text_direction(language: str | None = None) -> str:
    return "rtl" if (language or current_language()) in RTL_LANGUAGES else "ltr"


def default_question_language(event_languages: list[str]) -> str:
    """A new question's language unless the asker picks one: theirs, if the event has it."""
    language = current_language()
    return language if language in event_languages else event_languages[0]


def language_name(code: str, language: str | None = None) -> str:
    """The name of language ``code`` in the interface language ("espagnol" for es in fr)."""
    try:
        locale = Locale.parse(language or current_language())
    except (UnknownLocaleError, ValueError):
        return code
    return locale.languages.get(code, code)


def localized_params(params: dict) -> dict:
    """Message parameters ready for the reader: language codes become translated names."""
    return {
        key: language_name(value) if isinstance(value, LanguageCode) else value
        for key, value in params.items()
    }


def event_zone(event) -> ZoneInfo:
    """The event's time zone (an Event, or its ``to_dict()``); UTC if it is unknown."""
    name = event["timezone"] if isinstance(event, dict) else event.timezone
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _as_datetime(value) -> datetime | None:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def format_event_datetime(value, event, format: str = "medium") -> str:
    """A date and time in the event's zone, written the reader's way."""
    value = _as_datetime(value)
    if value is None:
        return ""
    return babel_dates.format_datetime(
        value, format, tzinfo=event_zone(event), locale=current_language()
    )


def format_event_date(value, event, format: str = "long") -> str:
    value = _as_datetime(value)
    if value is None:
        return ""
    local = value.astimezone(event_zone(event))
    return babel_dates.format_date(local, format, locale=current_language())


def format_event_time(value, event, format: str = "short") -> str:
    value = _as_datetime(value)
    if value is None:
        return ""
    return babel_dates.format_time(
        value, format, tzinfo=event_zone(event), locale=current_language()
    )


def format_number(value) -> str:
    return babel_numbers.format_decimal(value, locale=current_language())


def format_percent(value, format: str | None = None) -> str:
    """``value`` is a fraction: 0.25 is 25 %, written the reader's way."""
    return babel_numbers.format_percent(value, format, locale=current_language())


def remember_language(response):
    """After a request that chose ?lang=xx, keep that choice in a cookie for a year.

    Its SameSite, Secure and Partitioned follow the session cookie's (QA_EMBED_CROSS_SITE),
    so the choice holds in a frame on another site too."""
    language = g.get("lang_to_remember")
    if language:
        config = current_app.config
        response.set_cookie(
            LANG_COOKIE,
            language,
            max_age=365 * 24 * 3600,
            samesite=config["SESSION_COOKIE_SAMESITE"],
            secure=config["SESSION_COOKIE_SECURE"],
            partitioned=config["SESSION_COOKIE_PARTITIONED"],
            httponly=False,
        )
    return response


FORMATTERS = {
    "format_event_datetime": format_event_datetime,
    "format_event_date": format_event_date,
    "format_event_time": format_event_time,
    "format_number": format_number,
    "format_percent": format_percent,
    "language_name": language_name,
}


def init_app(app) -> None:
    app.after_request(remember_language)
    app.jinja_env.globals.update(FORMATTERS)
    app.jinja_env.filters.update(
        event_datetime=format_event_datetime,
        event_date=format_event_date,
        event_time=format_event_time,
        number=format_number,
        percent=format_percent,
        language_name=language_name,
    )

    @app.context_processor
    def language_context():
        return {
            "lang": current_language(),
            "text_dir": text_direction(),
            "languages": _supported(),
            "endonyms": ENDONYMS,
        }
