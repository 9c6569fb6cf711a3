"""Keyboard-only flows in a real Chromium, with live votes from other clients mid-flow.

After every step the test asserts where the focus is: on the control the user acted on,
or on its logical successor (the next card's same control when a question leaves the
list), never on ``<body>``. Also: the panelist select assigns once, on an explicit
choice; a question typed while offline is sent exactly once when the connection is back.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.live import Client, staff_login

from .conftest import MODERATOR_EMAIL, MODERATOR_PASSWORD
from .test_attendee_browser import open_event, question
from .test_staff_browser import card, count, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.live]

FIRST = "How do public employment services check that agencies charge workers no fees?"
SECOND = "Which partnerships with private employment agencies have worked best so far?"
THIRD = "What do migrant workers need to know before they sign a contract abroad?"
MINE = "Could the panel say how complaints from workers abroad are followed up?"


def focused(page, what="id"):
    """Describes document.activeElement: its id, or the data-id of its card and its class."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const card = el.closest('[data-id]');
            return {
              id: el.id, tag: el.tagName, action: el.dataset.action || null,
              card: card ? Number(card.dataset.id) : null, cls: el.className,
            };
        }"""
    )


def tab_to(page, selector, limit=80):
    """Presses Tab until the element matching ``selector`` has the focus (keyboard only)."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError("Tab never reached %s" % selector)


def expect_focus(page, predicate, message):
    """Waits briefly for the focus to settle, then checks it."""
    for _ in range(50):
        state = focused(page)
        if predicate(state):
            return state
        page.wait_for_timeout(40)
    raise AssertionError("%s; focus is on %r" % (message, focused(page)))


def test_attendee_keyboard_flow_keeps_focus_while_votes_arrive(
    live_server, new_page, staff, attendee
):
    code = live_server.make_event("KEYS-ATT")
    others = [attendee(code) for _ in range(3)]
    first, second, third = (
        o.ask(t, "en") for o, t in zip(others, (FIRST, SECOND, THIRD), strict=True)
    )
    page = open_event(new_page, live_server, code)
    expect(page.locator("#open-list .q")).to_have_count(3)
    vote_of = '.q[data-id="%d"] .vote-button'

    # The vote button says which question it is for.
    name = re.compile(r"^Upvote: How do public")
    expect(page.locator(vote_of % first)).to_have_attribute("aria-label", name)
    tab_to(page, vote_of % first)
    page.keyboard.press("Enter")
    expect(page.locator(vote_of % first)).to_have_attribute("aria-pressed", "true")
    expect_focus(page, lambda f: f["card"] == first and "vote-button" in f["cls"], "vote kept")

    # Two other attendees lift the third question above it: the card moves, focus stays.
    for other in others[:2]:
        other.vote(third)
    expect(page.locator("#open-list .q").first).to_have_attribute("data-id", str(third))
    expect_focus(page, lambda f: f["card"] == first and "vote-button" in f["cls"], "after votes")

    page.keyboard.press("Enter")  # withdraw the vote, still by keyboard
    expect(page.locator(vote_of % first)).to_have_attribute("aria-pressed", "false")
    expect_focus(page, lambda f: f["card"] == first, "after withdrawing")

    # The moderator takes the focused question away: the next card's vote button takes over.
    staff(code).moderate(first, "dismiss")
    expect(question(page, first)).to_have_count(0)
    expect_focus(
        page, lambda f: f["card"] == second and "vote-button" in f["cls"], "successor after removal"
    )

    # The banner's change is announced, politely, without moving the focus.
    staff(code).moderate(second, "highlight")
    expect(page.locator("#announcer")).to_have_text("Now answering: " + SECOND)
    expect_focus(page, lambda f: f["card"] == second, "focus kept while the banner changed")

    # Asking by keyboard: Send keeps the focus while it sends and after.
    tab_to(page, "#ask-text")
    page.keyboard.type(MINE)
    tab_to(page, "#ask-submit")
    others[2].vote(second)
    page.keyboard.press("Enter")
    expect(page.locator("#ask-feedback")).to_have_attribute("data-kind", "ok")
    expect_focus(page, lambda f: f["id"] == "ask-submit", "Send kept the focus")
    expect(page.locator(".q", has_text=MINE)).to_have_count(1)


def test_moderator_keyboard_flow_keeps_focus_and_assigns_once(
    live_server, new_page, panel_event, attendee
):
    code = "KEYS-MOD"
    seats = panel_event(code)
    askers = [attendee(code) for _ in range(3)]
    ids = [
        asker.ask(text, "en") for asker, text in zip(askers, (FIRST, SECOND, THIRD), strict=True)
    ]
    watcher = Client("/staff").connect(
        live_server.url, code, staff_login(live_server.url, MODERATOR_EMAIL, MODERATOR_PASSWORD)
    )
    page = sign_in(new_page(width=1366, height=860), live_server, code, MODERATOR_EMAIL,
                   MODERATOR_PASSWORD)  # fmt: skip
    expect(count(page, "incoming")).to_have_text("3")
    # Numbers are read with their labels.
    english = page.locator('.lane[data-lang="en"]')
    expect(english.locator(".lane-count-label")).to_have_text("Questions: 3")
    expect(english.locator(".bar-label").first).to_have_text("Share of questions: 100%")
    page.keyboard.press("j")
    expect_focus(page, lambda f: f["card"] == ids[1] and f["action"] is None, "j moves down")
    page.keyboard.press("k")
    expect_focus(page, lambda f: f["card"] == ids[0], "k moves up")

    # "a" approves; the focus moves to the next question of the queue.
    page.keyboard.press("a")
    expect(count(page, "published")).to_have_text("1")
    expect_focus(page, lambda f: f["card"] == ids[1], "successor after approve")
    expect(page.locator("#announcer")).to_contain_text("Approved")

    # Tab to the card's Approve button; Enter approves, and focus goes to the next Approve.
    tab_to(page, '#cards .qcard[data-id="%d"] [data-action=approve]' % ids[1], limit=5)
    expect_focus(page, lambda f: f["card"] == ids[1] and f["action"] == "approve", "Tab to button")
    button = card(page, ids[1]).locator("[data-action=approve]")
    expect(button).to_have_attribute("aria-label", re.compile(r"^Approve: Which partnerships"))
    page.keyboard.press("Enter")
    expect(count(page, "published")).to_have_text("2")
    expect_focus(
        page, lambda f: f["card"] == ids[2] and f["action"] == "approve", "next card's Approve"
    )
    page.keyboard.press("Enter")
    expect(count(page, "published")).to_have_text("3")

    # To the published list by its number; votes reorder it while the focus holds.
    page.keyboard.press("2")
    expect(page.locator("#tab-published")).to_have_attribute("aria-selected", "true")
    expect_focus(page, lambda f: f["card"] is not None, "a card of the new tab")
    page.keyboard.press("j")
    held = focused(page)["card"]
    for asker in askers:
        asker.vote(ids[2])
    askers[0].vote(ids[1])
    expect(card(page, ids[2]).locator(".votes .n")).to_have_text("3")
    expect(page.locator("#cards .qcard").first).to_have_attribute("data-id", str(ids[2]))
    expect_focus(page, lambda f: f["card"] == held, "focus held while votes reorder the list")

    # "h" puts it on screen; the card stays, with the focus on it.
    page.keyboard.press("h")
    expect(card(page, held)).to_have_class(re.compile(r"\bon-screen\b"))
    expect_focus(page, lambda f: f["card"] == held, "after h")
    expect(page.locator("#announcer")).to_contain_text("On screen now")

    # The panelist select: arrows browse, Enter assigns, once.
    before = len([m for m in watcher.received("question") if m["question"]["id"] == held])
    page.keyboard.press("p")
    expect(page.locator("select[data-key=assign]")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#assign-confirm")).to_be_visible()
    page.wait_for_timeout(400)
    broadcasts = [m for m in watcher.received("question") if m["question"]["id"] == held]
    assert len(broadcasts) == before, "browsing with the arrows assigned"
    page.keyboard.press("Enter")
    watcher.wait_for(
        "question", lambda m: m["question"]["id"] == held and bool(m["question"]["panelist"])
    )
    page.wait_for_timeout(400)
    assigned = [m for m in watcher.received("question") if m["question"]["id"] == held][before:]
    assert len(assigned) == 1, assigned
    assert assigned[0]["question"]["panelist"]["id"] == seats["omar"]
    expect(page.locator("select[data-key=assign]")).to_be_focused()
    expect(page.locator("#announcer")).to_contain_text("Assigned to Omar Haddad")

    # Esc leaves the field for the card; "x" answers and the focus moves on.
    page.keyboard.press("Escape")
    expect_focus(page, lambda f: f["card"] == held and f["action"] is None, "Esc back to the card")
    page.keyboard.press("x")
    expect(count(page, "answered")).to_have_text("1")
    expect_focus(page, lambda f: f["card"] not in (None, held), "successor after x")
    successor = focused(page)["card"]

    # "d" opens the reason; Enter dismisses; the focus goes to what is left.
    page.keyboard.press("d")
    reason = page.locator("input[data-key^=reason]")
    expect(reason).to_be_focused()
    page.keyboard.type("Covered already")
    page.keyboard.press("Enter")
    expect(count(page, "dismissed")).to_have_text("1")
    expect_focus(page, lambda f: f["card"] not in (None, successor), "successor after dismiss")
    watcher.close()
    assert not page.js_errors


def test_question_typed_offline_is_sent_once_when_back(live_server, new_page, staff):
    code = live_server.make_event("OFFLINE-ASK")
    page = open_event(new_page, live_server, code)
    page.evaluate("window.qaLive.socket.disconnect()")
    expect(page.locator("#live-status")).to_have_attribute("data-status", "offline")
    expect(page.locator("#live-status")).to_have_attribute("role", "status")
    expect(page.locator("#ask-offline")).to_be_visible()

    page.fill("#ask-text", MINE)
    page.locator("#ask-submit").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#ask-feedback")).to_contain_text("as soon as the connection is back")
    page.keyboard.press("Enter")  # pressing again does not queue it twice
    expect_focus(page, lambda f: f["id"] == "ask-submit", "Send kept the focus offline")

    page.evaluate("window.qaLive.socket.connect()")
    expect(page.locator("#live-status")).to_have_attribute("data-status", "live")
    expect(page.locator("#ask-feedback")).to_contain_text("Back online")
    expect(page.locator("#ask-feedback")).to_have_attribute("data-kind", "ok")
    expect(page.locator("#ask-offline")).to_be_hidden()
    expect(page.locator("#notices [data-kind=offline]")).to_have_count(0)
    expect(page.locator("#ask-text")).to_have_value("")
    expect(page.locator("#own-list .q, #open-list .q", has_text=MINE)).to_have_count(1)
    page.wait_for_timeout(500)
    questions = staff(code).call("sync", {})["questions"]
    assert [q["text"] for q in questions].count(MINE) == 1
