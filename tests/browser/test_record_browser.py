"""The page after "Close the Q&A" (/e/<code> once closed), in Chromium: a readable card
layout at desktop and phone widths, and each question in the reader's language."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from qa_app.domain.agenda import events as agenda_events
from qa_app.extensions import db
from qa_app.models import Event
from tests.browser.conftest import Staff
from tests.live import attendee as connect_attendee

pytestmark = [pytest.mark.browser, pytest.mark.live]
CODE = "RECORD-END"
FRENCH = "Comment les services publics de l'emploi contrôlent-ils les agences de recrutement ?"
ENGLISH_OF_IT = "How do public employment services check recruitment agencies?"


@pytest.fixture(scope="module")
def closed_event(live_server, server_db):
    with server_db.app_context():
        agenda_events.new_event(
            CODE, "Fair recruitment: what public employment services do",
            datetime(2030, 6, 15, 13, 30, tzinfo=UTC), languages=["en", "fr", "es", "ar"],
            premoderation=False,
            topics=["Fair mobility and the role of public employment services"],
            panelists=[{"name": "Amina Diallo-Benali", "organisation": "ANAPEC",
                        "languages_csv": "fr,en"}],
        )  # fmt: skip
    staff = Staff(live_server.url, CODE)
    asker = connect_attendee(live_server.url, CODE)
    ids = {}
    for key, text, language in (
        ("answered", ENGLISH_OF_IT, "en"),
        ("open", "¿Qué papel tienen los acuerdos bilaterales de migración laboral?", "es"),
        ("arabic", "كيف تساعد خدمات التشغيل العمومية العمال المهاجرين؟", "ar"),
    ):
        payload = {"text": text, "language": language, "confirm_language": True,
                   "name": "Fatou Ndiaye-Okonkwo"}  # fmt: skip
        ids[key] = asker.call("ask", payload)["question"]["id"]
    staff.call("translate", {"question_id": ids["answered"], "language": "fr", "text": FRENCH})
    staff.moderate(ids["answered"], "assign", panelist_id=_panelist_id(server_db))
    staff.moderate(ids["answered"], "answer")
    staff.close()
    asker.close()
    with server_db.app_context():
        agenda_events.close_event(db.session.scalar(db.select(Event).filter_by(code=CODE)))
    return ids


def _panelist_id(server_db) -> int:
    with server_db.app_context():
        return db.session.scalar(db.select(Event).filter_by(code=CODE)).panelists[0].id


GEOMETRY = """() => [...document.querySelectorAll('.record-q')].map((card) => {
  const style = getComputedStyle(card);
  const inner = [...card.children].map((child) => child.getBoundingClientRect().height);
  const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom)
    + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
  return {
    meta: card.querySelector('.q-meta').getBoundingClientRect().width,
    height: card.getBoundingClientRect().height,
    needed: Math.max(...inner) + padding,
  };
})"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_closed_page_reads_well_in_every_language_and_width(
    live_server, new_page, closed_event, lang, width
):
    page = new_page(width=width, height=900)
    page.goto("%s/e/%s?lang=%s" % (live_server.url, CODE, lang))
    expect(page.locator(".record-q")).to_have_count(3)
    cards = page.evaluate(GEOMETRY)
    for card in cards:
        assert card["meta"] >= 120, cards  # the meta line, never a one-letter column
        assert card["height"] <= card["needed"] + 2, cards  # no taller than its text
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    answered = page.locator(".record-q").first.locator(".q-text")
    if lang == "fr":
        expect(answered).to_have_text(FRENCH)
        expect(answered).to_have_attribute("lang", "fr")
    else:
        expect(answered).to_have_text(ENGLISH_OF_IT)
    headings = page.locator("section h2").all_text_contents()
    expected = {
        "en": ["1 question answered", "2 other questions"],
        "fr": ["1 question avec réponse", "2 autres questions"],
        "ar": ["سؤال واحد مُجاب عنه", "سؤالان آخران"],
    }
    assert headings == expected[lang]
