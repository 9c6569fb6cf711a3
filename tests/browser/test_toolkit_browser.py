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
    suggestion.locator("[data-op=merge-ask]").click()
    dialog = suggestion.locator(".merge-confirm")
    expect(dialog.locator("p").first).to_contain_text(FIXED)  # asked first: it stays
    dialog.locator("[data-op=merge-confirm]").click()
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


SPANISH = Translations.load(str(Path(__file__).parents[2] / "translations"), ["es"])
WAITING = "¿Cómo ayudan los servicios de empleo a los trabajadores que migran?"
BETTER = "¿Cómo ayudan los servicios públicos de empleo a los trabajadores que migran?"


def test_asker_edits_withdraws_and_reads_the_listed_reason_in_spanish(
    live_server,
    new_page,
    panel_event,
    staff,
):
    code = "ASKER-ES"
    panel_event(code, premoderation=True)
    moderator = staff(code)
    page = new_page()
    page.goto("%s/e/%s?lang=es" % (live_server.url, code))
    expect(page.locator("#live-status")).to_have_attribute("data-status", "live")
    page.fill("#ask-text", WAITING)
    page.select_option("#ask-language", "es")
    page.click("#ask-submit")
    own = page.locator("#own-list .q")
    expect(own).to_have_count(1)
    qid = int(own.first.get_attribute("data-id"))

    # Edit while it waits for approval: the moderator's dashboard has the new words.
    own.first.locator(".q-edit").click()
    own.first.locator(".q-edit-text").fill(BETTER)
    own.first.locator(".q-edit-form button[type=submit]").click()
    expect(own.first.locator(".q-text")).to_have_text(BETTER)
    snapshot = moderator.call("sync", {})["questions"]
    assert next(q for q in snapshot if q["id"] == qid)["original_text"] == WAITING

    # Dismissed with a listed reason: the asker reads it in Spanish.
    moderator.moderate(qid, "dismiss", reason_code="rephrase")
    label = SPANISH.gettext("Please rephrase")
    assert label != "Please rephrase"
    expect(own.first.locator(".q-reason")).to_contain_text(label)
    expect(page.locator("#notices")).to_contain_text(label)

    # Published, then withdrawn (after confirming): it leaves the list with its votes.
    moderator.moderate(qid, "restore")
    card = page.locator('#open-list .q[data-id="%d"]' % qid)
    expect(card).to_be_visible()
    expect(card.locator(".q-edit")).to_be_hidden()  # published: no more edits
    page.once("dialog", lambda dialog: dialog.accept())
    card.locator(".q-withdraw").click()
    expect(page.locator('.q[data-id="%d"]' % qid)).to_have_count(0)
    expect(page.locator("#notices")).to_contain_text(
        SPANISH.gettext("Your question was withdrawn.")
    )
    snapshot = moderator.call("sync", {})["questions"]
    assert next(q for q in snapshot if q["id"] == qid)["state"] == "withdrawn"


FRENCH_ORIGINAL = "Comment les services publics de l'emploi contrôlent-ils les agences privées ?"
SPANISH_DUPLICATE = "¿Cómo controlan los servicios públicos de empleo a las agencias privadas?"


def _merge_from(page, viewed, other, choose_other=False):
    """On the dashboard, open ``viewed`` and merge it with its suggestion ``other``."""
    card(page, viewed).click()
    suggestion = detail(page, viewed).locator('.suggestion[data-id="%d"]' % other)
    suggestion.locator("[data-op=merge-ask]").click()
    dialog = suggestion.locator(".merge-confirm")
    expect(dialog).to_be_visible()
    if choose_other:
        dialog.locator("[data-op=merge-swap]").click()
        dialog = detail(page, viewed).locator(".merge-confirm")
    stays = dialog.locator("p").first.inner_text()
    dialog.locator("[data-op=merge-confirm]").click()
    return stays


@pytest.mark.parametrize("side", ["duplicate", "original"])
def test_a_cross_language_merge_keeps_the_more_voted_question_from_either_side(
    live_server, new_page, panel_event, attendee, staff, side
):
    """Issue 20: merging from the 0-vote Spanish duplicate absorbed the 3-vote French
    original. Whichever is on screen, the more-voted (else the earlier) one stays."""
    code = "MERGE-" + side[:3].upper()
    panel_event(code, premoderation=False)
    spanish_asker = attendee(code)
    duplicate = spanish_asker.ask(SPANISH_DUPLICATE, "es", name="Pilar")
    original = attendee(code).ask(FRENCH_ORIGINAL, "fr", name="Amélie")  # asked later
    for _ in range(3):
        attendee(code).vote(original)
    moderator = staff(code)
    moderator.call(
        "translate", {"question_id": duplicate, "language": "fr", "text": FRENCH_ORIGINAL}
    )
    page = sign_in(new_page(width=1400, height=900), live_server, code, MODERATOR_EMAIL,
                   MODERATOR_PASSWORD)  # fmt: skip
    page.click("#tab-published")
    viewed, other = (duplicate, original) if side == "duplicate" else (original, duplicate)
    stays = _merge_from(page, viewed, other)
    assert FRENCH_ORIGINAL in stays  # 3 votes against 0, from either side
    expect(card(page, duplicate)).to_have_count(0)
    expect(card(page, original)).to_be_visible()
    assert moderator.call("sync", {})["ok"]


def test_the_moderator_may_keep_the_other_question(
    live_server, new_page, panel_event, attendee, staff
):
    code = "MERGE-PICK"
    panel_event(code, premoderation=False)
    first = attendee(code).ask(SPANISH_DUPLICATE, "es")
    second = attendee(code).ask(FRENCH_ORIGINAL, "fr")
    translation = {"question_id": first, "language": "fr", "text": FRENCH_ORIGINAL}
    staff(code).call("translate", translation)
    page = sign_in(new_page(width=1400, height=900), live_server, code, MODERATOR_EMAIL,
                   MODERATOR_PASSWORD)  # fmt: skip
    page.click("#tab-published")
    stays = _merge_from(page, first, second, choose_other=True)  # tie: the earlier would stay
    assert FRENCH_ORIGINAL in stays
    expect(card(page, first)).to_have_count(0)
    expect(card(page, second)).to_be_visible()
