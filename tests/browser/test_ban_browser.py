"""A moderator bans an attendee from the dashboard, in Chromium."""

import pytest
from playwright.sync_api import expect

from .conftest import MODERATOR_EMAIL, MODERATOR_PASSWORD
from .test_staff_browser import card, count, detail, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]
SPAM = "Buy cheap visas here, guaranteed jobs abroad, write to me now!"


def test_the_moderator_bans_an_asker_and_their_questions_go(
    live_server, new_page, panel_event, attendee
):
    code = "BAN-ONE"
    panel_event(code)
    page = sign_in(new_page(width=1366, height=860), live_server, code, MODERATOR_EMAIL,
                   MODERATOR_PASSWORD)  # fmt: skip
    troll = attendee(code)
    first = troll.ask(SPAM, "en")
    second = troll.ask("Again: " + SPAM, "en")
    expect(count(page, "incoming")).to_have_text("2")

    card(page, first).click()
    detail(page, first).locator("[data-action=dismiss]").click()
    page.once("dialog", lambda dialog: dialog.accept())
    detail(page, first).locator("[data-op=ban]").click()
    expect(page.locator(".notice")).to_contain_text("banned")
    expect(count(page, "incoming")).to_have_text("0")
    expect(count(page, "dismissed")).to_have_text("2")
    refused = troll.client.call("ask", {"text": "Third: " + SPAM, "language": "en"})
    assert refused["error"] == "forbidden", refused
    assert second != first and not page.js_errors
