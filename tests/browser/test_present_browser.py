"""The projector at 1280×720: a 500-character question with two translations stays large.

While a question is up, the title and the QR code step aside and the question gets the
largest type size at which it and its translations fit: at least 28 px. Under it, the
answer-language hint. ``?qr=0`` leaves the QR code out.
"""

import pytest
from playwright.sync_api import expect

from .test_attendee_browser import open_event

pytestmark = [pytest.mark.browser, pytest.mark.live]


def exactly(sentence: str, n: int = 500) -> str:
    text = (sentence + " ") * (n // len(sentence) + 1)
    return text[: n - 1].rstrip() + "?"


SPANISH = exactly(
    "¿Cómo ayudan los servicios públicos de empleo a los trabajadores migrantes a encontrar "
    "un trabajo decente y a evitar las agencias que cobran comisiones ilegales"
)
FRENCH = exactly(
    "Comment les services publics de l'emploi aident-ils les travailleurs migrants à trouver "
    "un travail décent et à éviter les agences qui font payer des frais illégaux"
)
ENGLISH = exactly(
    "How do public employment services help migrant workers find decent work and avoid the "
    "agencies that charge them illegal fees"
)


def font_px(locator) -> float:
    return float(locator.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px"))


def test_a_long_question_with_two_translations_fills_the_projector(
    live_server, new_page, panel_event, attendee, staff
):
    code = "PROJ-FIT"
    seats = panel_event(code, premoderation=False)
    assert len(SPANISH) == len(FRENCH) == len(ENGLISH) == 500
    qid = attendee(code).ask(SPANISH, "es", name="Lucía")
    projector = open_event(new_page, live_server, code, path="/present")
    projector.set_viewport_size({"width": 1280, "height": 720})
    expect(projector.locator(".join-qr")).to_be_visible()
    expect(projector.locator("#event-title")).to_be_visible()
    expect(projector.locator("#event-title")).to_have_attribute("lang", "en")

    moderator = staff(code)
    moderator.call("translate", {"question_id": qid, "language": "fr", "text": FRENCH})
    moderator.call("translate", {"question_id": qid, "language": "en", "text": ENGLISH})
    moderator.moderate(qid, "assign", panelist_id=seats["ana"])
    moderator.moderate(qid, "highlight")
    expect(projector.locator(".present-text")).to_have_text(SPANISH)
    expect(projector.locator(".present-translation-text")).to_have_count(2)
    # The title and the QR code step aside; the question takes the screen.
    expect(projector.locator(".join-qr")).to_be_hidden()
    projector.wait_for_timeout(100)
    title = projector.locator("#event-title").bounding_box()  # off screen, for screen readers
    assert title is None or title["height"] <= 1, title
    # Which language the panelist answers in, and where the others are.
    hint = projector.locator(".present-answer-hint")
    expect(hint).to_have_text(
        "Ana Ruiz answers in Spanish. Other languages: on the interpretation channels."
    )
    projector.wait_for_timeout(200)
    projector.screenshot(path="/tmp/qa-present-fit.png")

    sizes = [font_px(projector.locator(".present-text"))]
    sizes += [font_px(t) for t in projector.locator(".present-translation-text").all()]
    assert min(sizes) >= 28, sizes
    # And it all fits the screen: nothing cut off at the bottom.
    bottom = projector.locator(".present-translation-text").last.bounding_box()
    assert bottom["y"] + bottom["height"] <= 720, (bottom, sizes)
    hint_box = hint.bounding_box()
    assert hint_box["y"] + hint_box["height"] <= 720

    moderator.moderate(qid, "unhighlight")
    expect(projector.locator("#present-waiting")).to_be_visible()
    expect(projector.locator(".join-qr")).to_be_visible()
    assert not projector.js_errors


def test_the_qr_code_can_be_turned_off(live_server, new_page):
    code = live_server.make_event("PROJ-NOQR")
    projector = new_page()
    projector.goto("%s/e/%s/present?qr=0" % (live_server.url, code))
    expect(projector.locator("#live-status")).to_have_attribute("data-status", "live")
    expect(projector.locator("#present-waiting")).to_be_visible()
    expect(projector.locator(".join-qr")).to_have_count(0)
    expect(projector.locator(".present-join")).to_have_count(0)


def test_the_projector_names_the_language_the_panelist_answers_in(
    live_server, new_page, panel_event, attendee, staff
):
    """Ana Ruiz speaks Spanish first, then English: an English question is answered in
    English (before, the projector said Spanish: her first language)."""
    code = "PROJ-LANG"
    seats = panel_event(code, premoderation=False)
    qid = attendee(code).ask("How do employment services audit recruiters?", "en")
    projector = open_event(new_page, live_server, code, path="/present")
    moderator = staff(code)
    moderator.moderate(qid, "assign", panelist_id=seats["ana"])
    moderator.moderate(qid, "highlight")
    expect(projector.locator(".present-answer-hint")).to_have_text(
        "Ana Ruiz answers in English. Other languages: on the interpretation channels."
    )
    # Omar Haddad speaks French and Arabic: at this en/fr/es event, an English question
    # is answered in French, his first language the event has.
    other = attendee(code).ask("What about bilateral agreements?", "en")
    moderator.moderate(other, "assign", panelist_id=seats["omar"])
    moderator.moderate(other, "highlight")
    expect(projector.locator(".present-answer-hint")).to_have_text(
        "Omar Haddad answers in French. Other languages: on the interpretation channels."
    )
    assert not projector.js_errors
