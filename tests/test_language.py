"""Language detection (plain Python) and the confirm step of ``ask`` (Socket.IO)."""

import re
import time

import pytest
from sqlalchemy import func, select

from qa_app.domain.questions import language
from qa_app.extensions import db, socketio
from qa_app.models import Question
from tests.conftest import call, received

EVENT_LANGUAGES = ["en", "fr", "es"]
ENGLISH = "What about youth unemployment in rural areas?"
FRENCH = "Comment les agences privées sont-elles contrôlées ?"
SPANISH = "¿Cómo verifican las agencias de empleo privadas?"
ARABIC = "ما هي خطة الحكومة لتشغيل الشباب في المناطق الريفية؟"


# --- detection, without Flask -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ENGLISH, "en"),
        ("Can the panel say more about the digital platform?", "en"),
        (FRENCH, "fr"),
        ("Merci pour la présentation, une question sur le financement", "fr"),
        (SPANISH, "es"),
        ("Hola, tengo una pregunta sobre el programa de empleo juvenil", "es"),
    ],
)
def test_clear_sentences_are_detected_confidently(text, expected):
    detection = language.detect(text, EVENT_LANGUAGES)
    assert detection.language == expected
    assert detection.confidence >= language.CONFIDENCE_THRESHOLD


def test_detection_is_restricted_to_the_event_languages():
    assert language.detect(ARABIC, ["en", "fr", "es", "ar"]).language == "ar"
    # Without Arabic among the candidates, Arabic script matches none of them.
    assert language.detect(ARABIC, ["en", "fr"]) == language.Detection(None, 0.0)
    # A Spanish sentence at an English and French event is never called Spanish.
    assert language.detect(SPANISH, ["en", "fr"]).language in ("en", "fr")


def test_one_detector_per_language_set_is_built_and_kept():
    first = language.detector_for(["fr", "en", "es"])
    assert first is language.detector_for(("es", "fr", "en"))
    assert first is not language.detector_for(["en", "fr"])
    # One language leaves nothing to tell apart; unknown codes are ignored.
    assert language.detector_for(["en"]) is None
    assert language.detector_for(["en", "xx"]) is None


def test_warm_up_loads_the_models_ahead_of_the_first_question():
    language.warm_up(["en", "ar"])
    language.warm_up(["en"])  # one language: nothing to load, no error
    started = time.perf_counter()
    assert language.detect(ARABIC, ["ar", "en"]).language == "ar"
    assert time.perf_counter() - started < 0.2  # models already in memory


@pytest.mark.parametrize("text", ["ok?", "Merci !", "Gracias", "Por qué no?", "Thanks Ana"])
def test_short_texts_never_trigger(text):
    assert not language.long_enough(text)
    for chosen in EVENT_LANGUAGES:
        assert language.confident_disagreement(text, chosen, EVENT_LANGUAGES) is None


def test_confident_disagreement_names_the_detected_language():
    assert language.confident_disagreement(SPANISH, "en", EVENT_LANGUAGES) == "es"
    assert language.confident_disagreement(FRENCH, "es", EVENT_LANGUAGES) == "fr"
    assert language.confident_disagreement(ENGLISH, "fr", EVENT_LANGUAGES) == "en"
    # Agreement, a one-language event, or a language outside the event: no conflict.
    assert language.confident_disagreement(SPANISH, "es", EVENT_LANGUAGES) is None
    assert language.confident_disagreement(SPANISH, "en", ["en"]) is None
    assert language.confident_disagreement(ARABIC, "en", ["en", "fr"]) is None


def test_a_mismatch_error_carries_the_detected_language():
    with pytest.raises(language.LanguageMismatch) as caught:
        language.check_language(SPANISH, "en", EVENT_LANGUAGES)
    error = caught.value
    assert error.code == "conflict"
    assert error.extra == {"detected": "es"}
    assert error.params == {"detected": "es", "chosen": "en"}
    assert isinstance(error.params["detected"], language.LanguageCode)
    language.check_language(SPANISH, "es", EVENT_LANGUAGES)  # agreement: no error


# --- the confirm step through the socket ------------------------------------------


def _stored(app) -> list[tuple[str, str]]:
    with app.app_context():
        return db.session.execute(select(Question.text, Question.language)).all()


def test_ask_in_another_language_asks_to_confirm_then_keeps_the_choice(
    app, make_event, attendee, staff
):
    make_event(premoderation=False)
    asker, other = attendee(), attendee()
    mod = staff("moderator")

    ack = call(asker, "ask", {"text": SPANISH, "language": "en"})
    assert ack == {
        "ok": False,
        "error": "conflict",
        "message": "This looks like Spanish. Send it as Spanish, or keep English?",
        "detected": "es",
    }
    assert _stored(app) == []
    assert received(mod, "question") == [] and received(other, "question") == []

    ack = call(asker, "ask", {"text": SPANISH, "language": "en", "confirm_language": True})
    assert ack["ok"] is True
    assert ack["question"]["language"] == "en"
    assert _stored(app) == [(SPANISH, "en")]
    assert [m["question"]["language"] for m in received(other, "question")] == ["en"]


def test_the_detected_language_resolves_the_conflict(app, make_event, attendee):
    make_event(premoderation=False)
    asker = attendee()
    assert call(asker, "ask", {"text": FRENCH, "language": "es"})["detected"] == "fr"
    ack = call(asker, "ask", {"text": FRENCH, "language": "fr"})
    assert ack["ok"] and ack["question"]["language"] == "fr"


def test_confirm_language_must_be_a_boolean(app, make_event, attendee):
    make_event()
    ack = call(attendee(), "ask", {"text": SPANISH, "language": "en", "confirm_language": "yes"})
    assert ack["ok"] is False and ack["error"] == "invalid"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) == 0


def test_short_questions_are_sent_without_a_check(make_event, attendee):
    make_event()
    ack = call(attendee(), "ask", {"text": "¿Y los jóvenes?", "language": "en"})
    assert ack["ok"] and ack["question"]["language"] == "en"


def test_closed_wins_over_the_language_check(app, make_event, attendee, staff):
    make_event()
    asker = attendee()
    assert call(staff("moderator"), "configure", {"accepting": False})["ok"]
    assert call(asker, "ask", {"text": SPANISH, "language": "en"})["error"] == "closed"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", r"^Ce texte semble être en espagnol\..* en anglais\s\?$"),
        ("es", r"^Parece que está en español\..* en inglés\?$"),
        ("ar", r"^يبدو أن هذا النص مكتوب باللغة الإسبانية\..*الإنجليزية؟$"),
    ],
)
def test_the_conflict_message_is_in_the_asker_language(make_event, attendee, lang, expected):
    make_event()
    ack = call(attendee(lang=lang), "ask", {"text": SPANISH, "language": "en"})
    assert ack["detected"] == "es"
    assert re.match(expected, ack["message"]), ack["message"]


def test_the_default_language_is_the_asker_interface_language(make_event, attendee):
    make_event(premoderation=False)
    ack = call(attendee(lang="fr"), "ask", {"text": FRENCH})
    assert ack["ok"] and ack["question"]["language"] == "fr"
    # Arabic is not a language of this event: the event's first language is the default.
    ack = call(attendee(lang="ar"), "ask", {"text": ENGLISH})
    assert ack["ok"] and ack["question"]["language"] == "en"


# --- four people, four languages ---------------------------------------------------

ASK_A_QUESTION = {"fr": "Poser une question", "es": "Haga una pregunta", "ar": "اطرح سؤالًا"}


def test_four_languages_together_with_a_live_translation(app, make_event, staff):
    """Attendees in fr, es and ar and a moderator in en; an interpreter translates live."""
    make_event(languages=["en", "fr", "es", "ar"], premoderation=False)
    people = {}
    for lang in ("fr", "es", "ar"):
        http = app.test_client()
        page = http.get("/e/EV1?lang=%s" % lang).get_data(as_text=True)
        assert '<html lang="%s"' % lang in page and ASK_A_QUESTION[lang] in page
        people[lang] = socketio.test_client(
            app, namespace="/attendee", flask_test_client=http, auth={"event": "EV1"}
        )
    moderator = staff("moderator")
    page = moderator.http.get("/e/EV1/moderate").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page and "Translation desk" in page
    interpreter = staff("interpreter", email="nadia@example.org")

    # Each one's acks are in their own language.
    wrong = {"question_id": 999, "on": True}
    assert call(people["fr"], "vote", wrong)["message"] == "Cette question n’existe pas."
    assert call(people["es"], "vote", wrong)["message"] == "Esa pregunta no existe."
    assert call(people["ar"], "vote", wrong)["message"] == "هذا السؤال غير موجود."
    assert call(moderator, "configure", {"accepting": "yes"})["message"] == (
        "Expected true or false."
    )

    ack = call(people["es"], "ask", {"text": SPANISH})  # Spanish by default: the asker's
    assert ack["ok"] and ack["question"]["language"] == "es"
    qid = ack["question"]["id"]
    for sock in people.values():
        sock.get_received("/attendee")

    english = "How do private employment agencies get vetted?"
    french = "Comment les agences privées de placement sont-elles contrôlées ?"
    assert call(interpreter, "translate", {"question_id": qid, "language": "en", "text": english})[
        "ok"
    ]
    ack = call(interpreter, "translate", {"question_id": qid, "language": "fr", "text": french})
    assert ack["ok"] and set(ack["question"]["translations"]) == {"en", "fr"}

    live = [m["question"] for m in received(people["fr"], "question") if m["question"]["id"] == qid]
    assert live[-1]["translations"]["fr"] == {"text": french, "by": "Interpreter", "verified": True}
    assert live[-1]["translations"]["en"]["text"] == english
    assert live[-1]["text"] == SPANISH and live[-1]["language"] == "es"
    # The moderator sees the original and both translations side by side.
    staff_view = [
        m["question"] for m in received(moderator, "question") if m["question"]["id"] == qid
    ]
    assert staff_view[-1]["text"] == SPANISH
    assert {lang: t["text"] for lang, t in staff_view[-1]["translations"].items()} == {
        "en": english,
        "fr": french,
    }
