"""Input edges: unstorable characters, invisible-only text, direction controls and staff-like
names, staff shown by name (never by e-mail)."""

import pytest

from qa_app.domain import rules
from qa_app.domain.errors import Invalid
from qa_app.domain.safety import text
from qa_app.extensions import db
from qa_app.models import User
from tests.conftest import call

TEXT = "How do public employment services check private recruitment agencies?"
INVISIBLE = ["\u200b\u200b\u200b", "\u3164\u3164", " \u00a0\u2800 ", "\u202e\u2066", "\u0301\u0301"]


@pytest.mark.parametrize("value", INVISIBLE)
def test_invisible_only_questions_are_empty(value):
    with pytest.raises(Invalid, match="Please write your question"):
        rules.clean_question_text(value)


def test_visible_text_with_invisible_characters_is_kept():
    assert rules.clean_question_text("Salut\u200b tout le monde") == "Salut\u200b tout le monde"
    assert text.is_visible("a\u0301")


@pytest.mark.parametrize("value", ["\ud800", "ok \udfff", "\ud83d"])
def test_lone_surrogates_are_invalid(value):
    with pytest.raises(Invalid, match="cannot be used"):
        rules.clean_question_text(value)
    with pytest.raises(Invalid):
        rules.clean_name(value)


def test_names_lose_direction_controls():
    assert rules.clean_name("\u202eAna\u202c Lopez\u200f") == "Ana Lopez"
    assert rules.clean_name("\u2067\u2069") is None  # nothing left: no name


@pytest.mark.parametrize(
    "name",
    [
        "Moderator (staff)",
        "moderator",
        "M0DÉRATEUR",
        "Mo\u200bderator",
        "The Organiser",
        "Admin",
        "Staff",
        "Moderadora oficial",
        "المشرف",
        "Interprète",
        # issue 17, item 13: plurals, short forms, look-alike letters, other languages
        "Organisers",
        "Hosts",
        "Panelists",
        "Admins",
        "Mod team",
        "\u039coderator",  # Greek capital Mu
        "\u041c\u043ederator",  # Cyrillic capital Em and small o
        "\u041c\u043e\u0434\u0435\u0440\u0430\u0442\u043e\u0440",  # Russian, in Cyrillic
        "\u03a3\u03c5\u03bd\u03c4\u03bf\u03bd\u03b9\u03c3\u03c4\u03ae\u03c2",  # Greek
        "\uff2d\uff4f\uff44\uff45\uff52\uff41\uff54\uff4f\uff52",  # full-width
        "M.o.d.e.r.a.t.o.r",
        "Mode\u00adrator",  # a soft hyphen
        "Los organizadores",
        "L\u2019équipe des modérateurs",
        "Hôte",
        "Anfitriona",
        "المشرفون",
    ],
)
def test_staff_like_names_are_refused(name):
    with pytest.raises(Invalid, match="kept for the event's staff"):
        rules.clean_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "Ana Lopez",
        "Staffan",
        "Hostel owner",
        "Moderately curious",
        "Organisation internationale du Travail",
        "\u041e\u043b\u044c\u0433\u0430",  # Olga, in Cyrillic
        "\u0399\u03c9\u03ac\u03bd\u03bd\u03b1",  # Ioanna, in Greek
        "Ghost",
    ],
)
def test_ordinary_names_pass(name):
    assert rules.clean_name(name) == name


def test_staff_names_are_required_and_never_an_e_mail():
    assert rules.clean_staff_name(" Dana \u202e") == "Dana"
    for bad in (None, "", " \u200b ", "dana@example.org"):
        with pytest.raises(Invalid):
            rules.clean_staff_name(bad)


def test_the_socket_answers_invalid_not_conflict(app, make_event, attendee):
    make_event(premoderation=False)
    alice = attendee()
    for payload in (
        {"text": "\ud800", "language": "en"},
        {"text": TEXT, "language": "en", "name": "x\udc00"},
        {"text": "\u200b\u3164", "language": "en"},
        {"text": TEXT, "language": "en", "name": "Moderator (staff)"},
    ):
        ack = call(alice, "ask", payload)
        assert (ack["ok"], ack["error"]) == (False, "invalid"), (payload, ack)
    ack = call(alice, "ask", {"text": TEXT, "language": "en", "name": "\u202eAna"})
    assert ack["question"]["name"] == "Ana"


def test_a_nameless_interpreter_is_not_shown_by_e_mail(app, make_event, attendee, staff):
    make_event(premoderation=False)
    asked = call(attendee(), "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    interpreter = staff("interpreter", email="nameless@example.org")
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "nameless@example.org"))
        user.name = ""  # an account from before names were required
        db.session.commit()
    ack = call(interpreter, "translate", {"question_id": asked, "language": "fr", "text": "Oui"})
    assert ack["ok"], ack
    assert ack["question"]["translations"]["fr"]["by"] == ""
    assert "nameless@example.org" not in str(call(attendee(), "sync"))
