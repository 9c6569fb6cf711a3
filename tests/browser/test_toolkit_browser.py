"""The moderator's toolkit in a real Chromium against ``python wsgi.py``: the moderator
edits a question, lines up three, merges two and writes an answer on the dashboard, and a
French attendee's page shows each step live, with its labels in French."""

import re
from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from .conftest import MODERATOR_EMAIL, MODERATOR_PASSWORD
from .test_staff_browser import card, detail, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]

FRENCH = Translations.load(str(Path(__file__).parents[2] / "translations"), ["fr"])
TYPO = "How do public employment servces vet private recruitment agencys?"
FIXED = "How do public employment services vet private recruitment agencies?"
SIMILAR_ES = "¿Cómo controlan los servicios públicos de empleo a las agencias privadas?"
SIMILAR_EN = "How do public employment services check private recruitment agencies?"
OTHER = "What does WAPES offer to its smaller member services?"
ANSWER = "They check licences and keep a public list of the agencies they vetted."


def fr(message: str) -> str:
    return FRENCH.gettext(message)


def french_card(page, qid):
    return page.locator('.q[data-id="%d"]' % qid)


def test_moderator_toolkit_seen_live_by_a_french_attendee(
    live_server,
    new_page,
    panel_event,
    attendee,
    staff,
):
    code = "TOOLKIT"
    panel_event(code, premoderation=False)
    asker = attendee(code)
    typo = asker.ask(TYPO, "en", name="Lena")
    spanish = asker.ask(SIMILAR_ES, "es", name="Pilar")
    other = asker.ask(OTHER, "en")
    # The Spanish question's English translation, verified by a person at the desk.
    staff(code).call("translate", {"question_id": spanish, "language": "en", "text": SIMILAR_EN})

    reader = new_page()
    reader.goto("%s/e/%s?lang=fr" % (live_server.url, code))
    expect(reader.locator("#live-status")).to_have_attribute("data-status", "live")
    expect(french_card(reader, typo)).to_contain_text(TYPO)

    page = sign_in(new_page(width=1400, height=900), live_server, code, MODERATOR_EMAIL,
                   MODERATOR_PASSWORD)  # fmt: skip
    page.click("#tab-published")

    # 1. Edit: the typo goes, the attendee sees the new words and the French mark.
    card(page, typo).click()
    view = detail(page, typo)
    view.locator(".edit-tool summary").click()
    view.locator(".edit-form textarea").fill(FIXED)
    view.locator(".edit-form button[type=submit]").click()
    expect(french_card(reader, typo).locator(".q-text")).to_have_text(FIXED)
    expect(french_card(reader, typo).locator(".flag-edited")).to_have_text(
        fr("Edited by the moderator")
    )
    expect(detail(page, typo).locator(".edited-note")).to_contain_text(TYPO)

    # 2. Line up three, then reorder by keyboard; "put on screen" takes the first.
    for qid in (typo, spanish, other):
        card(page, qid).click()
        detail(page, qid).locator("[data-op=queue-add]").click()
        expect(page.locator('#up-next-list [data-id="%d"]' % qid)).to_be_visible()
    items = page.locator("#up-next-list .up-next-item")
    expect(items).to_have_count(3)
    page.locator('#up-next-list [data-id="%d"]' % other).focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(items.nth(1)).to_have_attribute("data-id", str(other))
    expect(page.locator('#up-next-list [data-id="%d"]' % other)).to_be_focused()  # kept
    page.keyboard.press("Alt+ArrowUp")
    expect(items.first).to_have_attribute("data-id", str(other))
    expect(items.nth(1)).to_have_attribute("data-id", str(typo))
    page.click("#up-next-first")
    expect(reader.locator("#now-answering")).to_be_visible()
    expect(reader.locator("#now-answering-label")).to_have_text(fr("Now answering"))
    expect(reader.locator("#now-answering .now-answering-text")).to_have_text(OTHER)
    expect(items).to_have_count(2)

    # 3. Merge: the dashboard suggests the Spanish question through the English texts;
    #    the moderator confirms, and the attendee sees one question "also asked in Spanish".
    card(page, typo).click()
    suggestion = detail(page, typo).locator('.suggestion[data-id="%d"]' % spanish)
    expect(suggestion).to_contain_text(SIMILAR_ES)
    expect(suggestion.locator(".suggestion-via")).to_contain_text("/100")
    suggestion.locator("[data-op=merge-here]").click()
    expect(french_card(reader, spanish)).to_have_count(0)
    also = french_card(reader, typo).locator(".q-also")
    expect(also).to_have_text(re.compile(r"espagnol", re.IGNORECASE))
    expect(also).to_contain_text(fr("Also asked in %(languages)s").split("%")[0].strip())
    expect(detail(page, typo).locator('.merged-item[data-id="%d"]' % spanish)).to_be_visible()

    # 4. Answer in writing: the attendee sees it under the question, in the answered tab.
    view = detail(page, typo)
    view.locator(".answer-form textarea").fill(ANSWER)
    view.locator(".answer-form select").select_option("en")
    view.locator(".answer-form button[type=submit]").click()
    reader.click("#tab-answered")
    answered = reader.locator('#answered-list .q[data-id="%d"]' % typo)
    expect(answered.locator(".q-answer-text")).to_have_text(ANSWER)
    expect(answered.locator(".q-answer-label")).to_have_text(fr("Written answer"))
    expect(answered.locator(".flag-written")).to_have_text(fr("Answered in writing"))
    assert fr("Written answer") != "Written answer"  # the labels really are French
