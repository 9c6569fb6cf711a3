"""Interface language: ?lang=xx, then the remembered cookie, then Accept-Language."""

from flask import current_app, g, request
from flask_babel import get_locale

LANG_COOKIE = "lang"
RTL_LANGUAGES = frozenset({"ar"})
# Each language is named in itself, so a reader finds theirs whatever the page shows.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}


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


def remember_language(response):
    """After a request that chose ?lang=xx, keep that choice in a cookie for a year."""
    language = g.get("lang_to_remember")
    if language:
        response.set_cookie(
            LANG_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=False
        )
    return response


def init_app(app) -> None:
    app.after_request(remember_language)

    @app.context_processor
    def language_context():
        return {
            "lang": current_language(),
            "text_dir": text_direction(),
            "languages": _supported(),
            "language_names": LANGUAGE_NAMES,
        }
