"""The staff dashboard in a real Chromium against ``python wsgi.py``.

Staff sign in through the real login form. Attendees are ``python-socketio`` clients with
the identity cookie of ``GET /e/<code>``, so what the dashboard shows arrives live over the
network. Each test uses its own event; accounts and panels are written to the live
server's database through the app's own domain code.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import MODERATOR_EMAIL, MODERATOR_PASSWORD, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.live]

FRENCH = "Comment l'agence accompagne-t-elle les travailleurs après leur départ à l'étranger ?"
SPANISH = "¿Qué papel tienen los servicios públicos de empleo en los acuerdos bilaterales?"
ENGLISH = "Could the panel share a checklist for auditing recruitment agencies?"
SCREENSHOTS = "/tmp/qa-staff-%s.png"


def sign_in(page, live_server, code, email, password=PASSWORD, lang="en", width=None):
    """Open the dashboard, get sent to the login form, sign in, come back live."""
    page.goto("%s/e/%s/moderate?lang=%s" % (live_server.url, code, lang))
    expect(page).to_have_url(re.compile(r"/login\?"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click(".login-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/e/%s/moderate" % code))
    expect(page.locator("#status")).to_have_attribute("data-status", "live")
    return page


def card(page, qid):
    return page.locator('#cards .qcard[data-id="%d"]' % qid)


def detail(page, qid):
    return page.locator('#detail .detail[data-id="%d"]' % qid)


def count(page, tab):
    return page.locator('[data-count="%s"]' % tab)


def server_question(staff, code, qid):
    """The question as the server has it now (a fresh sync over /staff)."""
    snapshot = staff(code).call("sync", {})
    return next(q for q in snapshot["questions"] if q["id"] == qid)


def test_moderator_runs_a_question_from_incoming_to_answered(
    live_server, new_page, panel_event, attendee, staff
):
    code = "STAFF-LOOP"
    seats = panel_event(code)
    page = sign_in(new_page(width=1366, height=860), live_server, code, MODERATOR_EMAIL,
                   MODERATOR_PASSWORD)  # fmt: skip
    expect(page.locator("#tab-incoming")).to_have_attribute("aria-selected", "true")
    expect(count(page, "incoming")).to_have_text("0")

    qid = attendee(code).ask(FRENCH, "fr", name="Karim")
    # It arrives live in Incoming, with its counts, and is selected for the keyboard.
    expect(card(page, qid)).to_contain_text(FRENCH)
    expect(card(page, qid)).to_contain_text("Karim")
    expect(count(page, "incoming")).to_have_text("1")
    expect(page.locator('.lane[data-lang="fr"] [data-lane-count="fr"]')).to_have_text("1")
    expect(detail(page, qid)).to_contain_text(FRENCH)

    card(page, qid).locator("[data-action=approve]").click()
    expect(count(page, "incoming")).to_have_text("0")
    expect(count(page, "published")).to_have_text("1")
    expect(page.locator("#cards .qcard")).to_have_count(0)
    expect(page.locator("#empty")).to_be_visible()

    page.click("#tab-published")
    expect(card(page, qid)).to_have_attribute("data-state", "published")
    card(page, qid).click()
    view = detail(page, qid)
    # Assigning shows whether the panelist answers in the question's language.
    view.locator("select[data-key=assign]").select_option(str(seats["omar"]))
    expect(view.locator(".hint.direct")).to_contain_text("Omar Haddad")
    expect(card(page, qid).locator(".chip-panelist.direct")).to_have_text("Omar Haddad")
    view.locator("select[data-key=assign]").select_option(str(seats["ana"]))
    expect(view.locator(".hint.interpreted")).to_contain_text("Ana Ruiz")
    expect(card(page, qid).locator(".chip-panelist.interpreted")).to_have_text("Ana Ruiz")

    view.locator("[data-action=highlight]").click()
    expect(view.locator(".flag-now")).to_be_visible()
    expect(card(page, qid)).to_have_class(re.compile(r"\bon-screen\b"))
    expect(view.locator("[data-action=unhighlight]")).to_be_visible()

    view.locator("[data-action=answer]").click()
    expect(count(page, "published")).to_have_text("0")
    expect(count(page, "answered")).to_have_text("1")
    # The dashboard moves on; the question now waits in Answered.
    expect(detail(page, qid)).to_have_count(0)
    page.keyboard.press("3")
    expect(page.locator("#tab-answered")).to_have_attribute("aria-selected", "true")
    expect(detail(page, qid).locator(".flag-answered")).to_be_visible()

    # The answer note, written after the answer, is kept.
    detail(page, qid).locator("textarea[data-key^=note]").fill("Follow-up by the consulate.")
    detail(page, qid).locator("form.note button[type=submit]").click()
    expect(page.locator(".notice")).to_contain_text("saved")

    stored = server_question(staff, code, qid)
    assert stored["state"] == "answered" and stored["highlighted"] is False
    assert stored["panelist"]["id"] == seats["ana"]
    assert stored["answer_note"] == "Follow-up by the consulate."
    page.screenshot(path=SCREENSHOTS % "moderator")
    assert not page.js_errors


def test_keyboard_shortcuts_act_on_the_selected_question_but_not_while_typing(
    live_server, new_page, panel_event, attendee, staff
):
    code = "STAFF-KEYS"
    panel_event(code)
    page = sign_in(new_page(width=1366, height=860), live_server, code, MODERATOR_EMAIL,
                   MODERATOR_PASSWORD)  # fmt: skip
    asker = attendee(code)
    first = asker.ask(ENGLISH, "en")
    second = asker.ask(SPANISH, "es")
    expect(count(page, "incoming")).to_have_text("2")
    expect(card(page, first)).to_have_attribute("aria-current", "true")

    # Typing an "a" into the answer note is text, not "approve".
    note = detail(page, first).locator("textarea[data-key^=note]")
    note.click()
    page.keyboard.type("a")
    expect(note).to_have_value("a")
    page.keyboard.press("Escape")
    expect(count(page, "incoming")).to_have_text("2")

    page.keyboard.press("j")
    expect(card(page, second)).to_have_attribute("aria-current", "true")
    page.keyboard.press("a")
    expect(count(page, "published")).to_have_text("1")
    expect(count(page, "incoming")).to_have_text("1")
    # The queue moves on to what is left, so "d" dismisses the first one, with a reason.
    expect(card(page, first)).to_have_attribute("aria-current", "true")
    page.keyboard.press("d")
    reason = detail(page, first).locator("input[data-key^=reason]")
    expect(reason).to_be_focused()
    reason.fill("Already answered in the talk")
    reason.press("Enter")
    expect(count(page, "dismissed")).to_have_text("1")
    expect(count(page, "incoming")).to_have_text("0")

    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#help")).to_be_hidden()

    assert server_question(staff, code, second)["state"] == "published"
    dismissed = server_question(staff, code, first)
    assert dismissed["state"] == "dismissed"
    assert dismissed["dismiss_reason"] == "Already answered in the talk"
    assert not page.js_errors


def test_interpreter_translates_at_the_desk_and_the_moderator_sees_it_verified(
    live_server, new_page, panel_event, account, attendee, staff
):
    code = "STAFF-DESK"
    panel_event(code, premoderation=False)
    email = account("interpreter", "interpreter-desk@example.org", "Inès Interprète")
    qid = attendee(code).ask(SPANISH, "es")
    moderator = sign_in(new_page(width=1366, height=860), live_server, code, MODERATOR_EMAIL,
                        MODERATOR_PASSWORD)  # fmt: skip
    moderator.click("#tab-published")
    card(moderator, qid).click()
    expect(detail(moderator, qid).locator('.version[data-lang="en"]')).to_have_class(
        re.compile(r"\bmissing\b")
    )

    desk = sign_in(new_page(width=1366, height=860), live_server, code, email)
    # An interpreter gets the translation desk only: no queue, no moderation.
    expect(desk.locator("#tabs [role=tab]")).to_have_count(1)
    expect(desk.locator("#tab-desk")).to_have_attribute("aria-selected", "true")
    expect(desk.locator("#tab-incoming")).to_have_count(0)
    expect(desk.locator("[data-action]")).to_have_count(0)
    expect(card(desk, qid).locator(".chip-missing")).to_contain_text("EN · FR")

    # A refused translation comes back as a notice, in the interface language.
    detail(desk, qid).locator('textarea[data-key="tr:%d:en"]' % qid).fill("   ")
    detail(desk, qid).locator('form[data-lang="en"] button[type=submit]').click()
    expect(desk.locator(".notice-error")).to_contain_text("Please write the translation.")

    english = "What role do public employment services play in bilateral agreements?"
    editor = detail(desk, qid).locator('textarea[data-key="tr:%d:en"]' % qid)
    editor.fill(english)
    detail(desk, qid).locator('form[data-lang="en"] button[type=submit]').click()
    saved = detail(desk, qid).locator('.version[data-lang="en"]')
    expect(saved.locator(".version-text")).to_have_text(english)
    expect(saved.locator(".verified")).to_contain_text("Inès Interprète")
    expect(card(desk, qid).locator(".chip-missing")).to_contain_text("FR")
    expect(card(desk, qid).locator(".chip-missing")).not_to_contain_text("EN")
    desk.screenshot(path=SCREENSHOTS % "interpreter")

    # The moderator sees it arrive live, beside the original, marked as verified.
    beside = detail(moderator, qid).locator('.version[data-lang="en"]')
    expect(beside.locator(".version-text")).to_have_text(english)
    expect(beside.locator(".verified")).to_contain_text("Inès Interprète")
    expect(detail(moderator, qid).locator(".version.original")).to_contain_text(SPANISH)

    stored = server_question(staff, code, qid)["translations"]["en"]
    assert stored == {"text": english, "by": "Inès Interprète", "verified": True}
    assert not desk.js_errors and not moderator.js_errors


def test_rights_follow_the_role(live_server, new_page, panel_event, account, attendee, staff):
    code = "STAFF-ROLES"
    seats = panel_event(code, premoderation=False)
    facilitator = account("facilitator", "facilitator-roles@example.org", "Miriam")
    panelist = account("panelist", "panelist-roles@example.org", "Omar", seat=seats["omar"])
    mine = attendee(code).ask(FRENCH, "fr")
    other = attendee(code).ask(ENGLISH, "en")
    staff(code).moderate(mine, "assign", panelist_id=seats["omar"])

    page = sign_in(new_page(width=1024, height=800), live_server, code, facilitator)
    links = page.locator("#export-menu a")
    expect(links).to_have_count(5)
    hrefs = [links.nth(i).get_attribute("href") for i in range(5)]
    assert hrefs == [
        "/e/%s/export.%s" % (code, fmt) for fmt in ("csv", "json", "md", "html", "pdf")
    ]
    expect(page.locator("#switch-premoderation")).to_have_count(0)
    expect(page.locator("#tab-desk")).to_have_count(0)
    page.click("#tab-published")
    expect(page.locator("#cards .qcard")).to_have_count(2)
    expect(page.locator("[data-action]")).to_have_count(0)
    expect(page.locator("#detail .read-only")).to_be_visible()
    download = page.request.get(live_server.url + hrefs[0])
    assert download.status == 200 and FRENCH in download.text()

    seat = sign_in(new_page(width=1024, height=800), live_server, code, panelist)
    expect(seat.locator("#tabs [role=tab]").first).to_have_id("tab-mine")
    expect(seat.locator("#tab-mine")).to_have_attribute("aria-selected", "true")
    expect(card(seat, mine)).to_be_visible()
    expect(card(seat, other)).to_have_count(0)
    expect(seat.locator("#export-menu")).to_have_count(0)
    expect(seat.locator('[data-count="mine"]')).to_have_text("1")
    assert not page.js_errors and not seat.js_errors


def test_arabic_dashboard_is_right_to_left(live_server, new_page, panel_event, attendee):
    code = "STAFF-RTL"
    panel_event(code, premoderation=False)
    attendee(code).ask(ENGLISH, "en")
    markup = 'Is <b>this</b> bold? <img src=x onerror="document.title=1">'
    inert = attendee(code).ask(markup, "en", name="<i>Eve</i>")
    page = sign_in(new_page(width=1366, height=860), live_server, code, MODERATOR_EMAIL,
                   MODERATOR_PASSWORD, lang="ar")  # fmt: skip
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    incoming = page.locator("#tab-incoming").bounding_box()
    published = page.locator("#tab-published").bounding_box()
    assert incoming["x"] > published["x"], "the first tab sits on the right in Arabic"
    work = page.locator("#list-pane").bounding_box()
    aside = page.locator("#detail").bounding_box()
    assert work["x"] > aside["x"], "the list is at the start (right), the detail at the end"
    page.click("#tab-published")
    # Attendee text is shown as typed, never as markup.
    expect(card(page, inert).locator(".card-text")).to_have_text(markup)
    expect(card(page, inert).locator(".who")).to_have_text("<i>Eve</i>")
    expect(page.locator("#cards b, #cards img, #cards i")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS % "arabic")
    assert not page.js_errors


def test_signing_out_closes_the_dashboards_live_socket(live_server, new_page, panel_event, account):
    code = "STAFF-OUT"
    panel_event(code)
    email = account("moderator", "moderator-out@example.org", "Leaving Moderator")
    page = sign_in(new_page(), live_server, code, email)
    assert page.evaluate("window.qaStaff.live.socket.connected") is True

    # Sign out from another tab of the same browser: the open dashboard loses its socket.
    other = page.context.new_page()
    other.js_errors = []
    other.on("pageerror", lambda error: other.js_errors.append(str(error)))
    other.goto(live_server.url + "/login")
    other.click("form.logout button[type=submit]")
    expect(other).to_have_url(re.compile(r"/login"))
    expect(page.locator("#status")).to_have_attribute("data-status", "offline")
    assert page.evaluate("window.qaStaff.live.socket.connected") is False
    # It does not come back: the session is gone.
    page.wait_for_timeout(1500)
    assert page.evaluate("window.qaStaff.live.socket.connected") is False
    assert page.evaluate("window.qaStaff.live.emit('sync', {}).then(a => a.ok)") is False


def test_language_lanes_filter_count_and_pick_the_next_question(
    live_server, new_page, panel_event, attendee, staff
):
    code = "STAFF-LANES"
    panel_event(code, premoderation=False)
    askers = [attendee(code) for _ in range(3)]
    quiet = askers[0].ask(FRENCH, "fr")
    popular = askers[1].ask("Quels services l'agence offre-t-elle aux employeurs étrangers ?", "fr")
    english = askers[2].ask(ENGLISH, "en")
    for asker in askers:
        asker.vote(popular)
    askers[0].vote(english)
    page = sign_in(new_page(width=1366, height=860), live_server, code, MODERATOR_EMAIL,
                   MODERATOR_PASSWORD)  # fmt: skip
    french = page.locator('.lane[data-lang="fr"]')
    expect(french.locator("[data-lane-count]")).to_have_text("2")
    expect(french.locator('.bar-row[data-kind="questions"] .bar-value')).to_have_text("67%")
    expect(french.locator('.bar-row[data-kind="votes"] .bar-value')).to_have_text("75%")
    expect(page.locator('.lane[data-lang="es"] .lane-next')).to_be_disabled()

    french.locator(".lane-next").click()
    expect(page.locator("#tab-published")).to_have_attribute("aria-selected", "true")
    expect(card(page, popular)).to_have_attribute("aria-current", "true")
    expect(card(page, quiet)).not_to_have_attribute("aria-current", "true")
    expect(detail(page, popular)).to_be_visible()

    french.locator(".lane-filter").click()
    expect(page.locator("#cards .qcard")).to_have_count(2)
    expect(card(page, english)).to_have_count(0)
    expect(count(page, "published")).to_have_text("2")
    page.click("#lane-all")
    expect(page.locator("#cards .qcard")).to_have_count(3)

    # Under the pointer the cards hold still while votes come in; then they catch up.
    order = "els => els.map(e => Number(e.dataset.id))"
    assert page.locator("#cards .qcard").evaluate_all(order) == [popular, english, quiet]
    card(page, quiet).hover()
    askers[1].vote(quiet)
    askers[2].vote(quiet)
    expect(card(page, quiet).locator(".votes")).to_contain_text("2")
    assert page.locator("#cards .qcard").evaluate_all(order) == [popular, english, quiet]
    page.mouse.move(5, 5)
    expect(page.locator("#cards .qcard").nth(1)).to_have_attribute("data-id", str(quiet))

    # Closing questions from the dashboard closes them for attendees.
    page.click("#switch-accepting")
    expect(page.locator(".notice")).to_contain_text("closed")
    ack = askers[2].client.call("ask", {"text": ENGLISH, "language": "en"})
    assert ack["ok"] is False and ack["error"] == "closed"
    assert staff(code).call("sync", {})["event"]["accepting"] is False
    expect(page.locator("#switch-accepting")).not_to_be_checked()
    assert not page.js_errors
