"""Interface language: ?lang, the cookie, Accept-Language; in pages and in Socket.IO acks."""

import re
from datetime import UTC, datetime

import pytest
from flask import render_template_string
from flask_babel import ngettext

from qa_app.domain.store import get_event
from qa_app.extensions import socketio
from qa_app.web import i18n
from tests.conftest import call

HTML_TAG = re.compile(r'<html lang="(\w+)" dir="(\w+)">')
JOIN = {"en": "Join a Q&A", "fr": "Rejoindre une séance de questions"}
JOIN |= {"es": "Unirse a una sesión de preguntas", "ar": "الانضمام إلى جلسة أسئلة وأجوبة"}
NOT_FOUND = {"en": "That question does not exist.", "fr": "Cette question n’existe pas."}
NOT_FOUND |= {"es": "Esa pregunta no existe.", "ar": "هذا السؤال غير موجود."}


def page_language(response) -> tuple[str, str]:
    return HTML_TAG.search(response.get_data(as_text=True)).groups()


@pytest.mark.parametrize(
    ("lang", "direction"), [("en", "ltr"), ("fr", "ltr"), ("es", "ltr"), ("ar", "rtl")]
)
def test_each_language_has_its_page_and_direction(client, lang, direction):
    response = client.get("/?lang=%s" % lang)
    assert page_language(response) == (lang, direction)
    assert JOIN[lang] in response.get_data(as_text=True)


def test_the_arabic_attendee_page_is_right_to_left(client, make_event):
    make_event()
    response = client.get("/e/EV1?lang=ar")
    assert response.status_code == 200
    assert page_language(response) == ("ar", "rtl")
    assert "اطرح سؤالًا" in response.get_data(as_text=True)  # "Ask a question"


def test_lang_parameter_is_remembered_in_a_cookie(client):
    response = client.get("/?lang=fr")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=fr;") and "SameSite=Lax" in cookie
    later = client.get("/", headers={"Accept-Language": "es"})
    assert page_language(later) == ("fr", "ltr")
    assert JOIN["fr"] in later.get_data(as_text=True)
    assert "Set-Cookie" not in later.headers  # nothing new to remember
    assert page_language(client.get("/?lang=ar")) == ("ar", "rtl")
    assert page_language(client.get("/")) == ("ar", "rtl")


@pytest.mark.parametrize(
    ("header", "expected"),
    [("es", "es"), ("es-MX,es;q=0.9,en;q=0.5", "es"), ("de-CH,fr;q=0.8", "fr"), ("de", "en")],
)
def test_accept_language_chooses_when_nothing_was_picked(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert page_language(response)[0] == expected
    assert "Set-Cookie" not in response.headers


def test_unknown_lang_parameter_is_ignored(client):
    response = client.get("/?lang=xx", headers={"Accept-Language": "es"})
    assert page_language(response) == ("es", "ltr")
    assert "Set-Cookie" not in response.headers


def test_error_pages_follow_the_language(client):
    response = client.get("/e/NOPE?lang=fr")
    assert response.status_code == 404
    assert "Il n’y a rien ici" in response.get_data(as_text=True)


# --- Socket.IO: acks in the sender's interface language ---------------------------


def _socket(app, http, **handshake):
    sock = socketio.test_client(
        app, namespace="/attendee", flask_test_client=http, auth={"event": "EV1"}, **handshake
    )
    assert sock.is_connected("/attendee")
    return sock


def _unknown_question(sock) -> dict:
    return call(sock, "vote", {"question_id": 999, "on": True})


@pytest.mark.parametrize("lang", ["fr", "es", "ar"])
def test_acks_follow_the_cookie_set_by_the_page(make_event, attendee, lang):
    make_event()
    ack = _unknown_question(attendee(lang=lang))
    assert ack == {"ok": False, "error": "not_found", "message": NOT_FOUND[lang]}


def test_acks_follow_the_handshake_query_string_and_headers(app, make_event):
    make_event()
    http = app.test_client()
    assert http.get("/e/EV1").status_code == 200  # identity only; no language chosen
    by_query = _socket(app, http, query_string="lang=es")
    by_header = _socket(app, http, headers={"Accept-Language": "ar,en;q=0.5"})
    plain = _socket(app, http)
    # Interleaved: one connection's language never leaks into another's.
    assert _unknown_question(by_query)["message"] == NOT_FOUND["es"]
    assert _unknown_question(by_header)["message"] == NOT_FOUND["ar"]
    assert _unknown_question(plain)["message"] == NOT_FOUND["en"]
    assert _unknown_question(by_query)["message"] == NOT_FOUND["es"]


def test_messages_with_parameters_are_translated_whole(make_event, attendee):
    make_event()
    ack = call(attendee(lang="fr"), "ask", {"text": "x" * 501, "language": "fr"})
    assert ack["message"] == "C’est trop long\u00a0: 500 caractères au maximum, s’il vous plaît."


# --- names, dates, times and numbers ----------------------------------------------


def _plain(text: str) -> str:
    """Babel separates some parts with no-break spaces; compare them as spaces."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ["English", "French", "Spanish", "Arabic"]),
        ("fr", ["anglais", "français", "espagnol", "arabe"]),
        ("es", ["inglés", "francés", "español", "árabe"]),
        ("ar", ["الإنجليزية", "الفرنسية", "الإسبانية", "العربية"]),
    ],
)
def test_language_names_are_in_the_reader_language(app, lang, names):
    with app.test_request_context("/?lang=%s" % lang):
        assert [i18n.language_name(code) for code in ("en", "fr", "es", "ar")] == names
        assert i18n.language_name("xx") == "xx"


@pytest.mark.parametrize(
    ("lang", "when", "time", "number", "percent"),
    [
        ("en", "Jan 1, 2030, 3:00:00 PM", "3:00 PM", "1,234.5", "25%"),
        ("fr", "1 janv. 2030, 15:00:00", "15:00", "1 234,5", "25 %"),
        ("es", "1 ene 2030, 15:00:00", "15:00", "1.234,5", "25 %"),
        ("ar", "01\u200f/01\u200f/2030، 3:00:00 م", "3:00 م", "1,234.5", "25%"),
    ],
)
def test_dates_times_and_numbers_follow_the_locale_and_event_zone(
    app, make_event, lang, when, time, number, percent
):
    make_event()  # Europe/Zurich: 14:00 UTC is 15:00 there
    moment = datetime(2030, 1, 1, 14, 0, tzinfo=UTC)
    with app.test_request_context("/?lang=%s" % lang):
        event = get_event("EV1")
        assert _plain(i18n.format_event_datetime(moment, event)) == when
        assert _plain(i18n.format_event_time(moment, event)) == time
        assert _plain(i18n.format_event_time(moment.isoformat(), event.to_dict())) == time
        assert _plain(i18n.format_number(1234.5)) == number
        assert _plain(i18n.format_percent(0.25)) == percent
        rendered = render_template_string(
            "{{ moment|event_time(event) }} / {{ format_event_time(moment, event) }}",
            moment=moment,
            event=event,
        )
        assert _plain(rendered) == "%s / %s" % (time, time)


def test_naive_times_are_utc_and_unknown_zones_fall_back_to_utc(app):
    with app.test_request_context("/?lang=fr"):
        naive = datetime(2030, 6, 1, 9, 30)
        assert i18n.format_event_time(naive, {"timezone": "Europe/Paris"}) == "11:30"
        assert i18n.format_event_time(naive, {"timezone": "Mars/Olympus"}) == "09:30"
        assert i18n.format_event_date(naive, {"timezone": "UTC"}) == "1 juin 2030"
        assert i18n.format_event_time(None, {"timezone": "UTC"}) == ""


def test_default_question_language_prefers_the_interface(app):
    with app.test_request_context("/?lang=es"):
        assert i18n.default_question_language(["en", "es"]) == "es"
        assert i18n.default_question_language(["fr", "en"]) == "fr"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "لا أصوات"),
        (1, "صوت واحد"),
        (2, "صوتان"),
        (7, "7 أصوات"),
        (11, "11 صوتًا"),
        (100, "100 صوت"),
        (103, "103 أصوات"),
    ],
)
def test_arabic_plurals_pick_the_right_form(app, count, expected):
    with app.test_request_context("/?lang=ar"):
        assert ngettext("%(num)s vote", "%(num)s votes", count) == expected


SWITCHER = re.compile(r'<a href="\?lang=(\w+)[^"]*" hreflang="\1" lang="\1"[^>]*>([^<]*)</a>')
ENDONYMS = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}


@pytest.mark.parametrize("reader", ["en", "fr", "ar"])
@pytest.mark.parametrize("path", ["/e/EV1", "/e/EV1/present", "/", "/login"])
def test_the_switcher_names_every_language_in_itself_whatever_the_event_speaks(
    client, make_event, reader, path
):
    make_event("EV1", languages=["en", "fr", "es"])  # Arabic is not an event language
    page = client.get(path, query_string={"lang": reader}).get_data(as_text=True)
    assert dict(SWITCHER.findall(page)) == ENDONYMS
