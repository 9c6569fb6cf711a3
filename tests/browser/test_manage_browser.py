"""An organiser sets up a webinar from an empty database, only through /manage, in Chromium.

The server is ``python wsgi.py`` on its own empty SQLite file; the only thing made on the
command line is the organiser's account (a global organiser grant, so they may create
events). Everything else is clicked: the event, its topics and panel, the invitations; the
invitees open their links in their own browsers, set passwords and sign in; an attendee
asks, the moderator assigns the question to a new panelist, who sees it; then "duplicate
as next in the series" gives an event with the same panel.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.live import LiveServer, app_env, flask_cli

pytestmark = [pytest.mark.browser, pytest.mark.live]

ORGANISER = ("organiser@example.org", "quiet-meadow-rocket-58")
QUESTION = "How do public employment services check private recruitment agencies?"
ZONE = "Europe/Zurich"


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory, chromium_path):
    workdir = tmp_path_factory.mktemp("manage")
    env = app_env(workdir / "qa.db", QA_ASYNC_MODE="eventlet", PYTHONWARNINGS="ignore")
    flask_cli(env, "init-db")
    flask_cli(env, "users", "create", ORGANISER[0], "--role", "organiser",
              "--password", ORGANISER[1], "--name", "Olivia Organiser")  # fmt: skip
    server = LiveServer(env, workdir / "server.log").start()
    yield server
    server.stop()


def sign_in(page, base, email, password, then="/manage/"):
    page.goto(base + "/login?next=" + then)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click(".login-form button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(then)))


def submit(page, form_selector="main form.manage-form"):
    page.locator(form_selector).last.locator("button[type=submit]").click()


def invite(page, email, role, languages=()):
    """Fill the staff form; return the one-time link the page shows."""
    page.fill("#email", email)
    page.select_option("#role", role)
    for code in languages:
        page.check("input[name=languages][value=%s]" % code)
    page.click("text=Create the invitation link")
    link = page.locator("#one-time-link")
    expect(link).to_be_visible()
    return link.input_value()


def accept(new_page, link, name, password, email, base):
    """The invitee opens their link, sets a password, signs out and signs in again."""
    page = new_page()
    page.goto(link)
    expect(page.locator("h1")).to_have_text("You are invited")
    page.fill("#new-name", name)
    page.fill("#new-password", password)
    page.fill("#new-confirm", password)
    page.click("text=Create my account and accept")
    expect(page).to_have_url(re.compile(r"/e/WEB-1/moderate"))
    page.click(".logout button")
    expect(page).to_have_url(re.compile(r"/login"))
    sign_in(page, base, email, password, then="/e/WEB-1/moderate")
    expect(page.locator("#status")).to_have_attribute("data-status", "live")
    return page


def test_an_organiser_runs_a_webinar_from_an_empty_database(empty_server, new_page):
    base = empty_server.url
    org = new_page(width=1280, height=900)
    sign_in(org, base, *ORGANISER)
    expect(org.locator("h1")).to_have_text("Events")
    expect(org.locator(".empty")).to_have_count(3)  # live, upcoming, past: nothing yet

    # The event: started a few minutes ago in Zurich, so it is live now.
    org.click("text=New event")
    start = datetime.now(ZoneInfo(ZONE)) - timedelta(minutes=5)
    org.fill("#code", "WEB-1")
    org.fill("#title", "Fair recruitment exchange #2")
    org.fill("#starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    org.select_option("#timezone", ZONE)
    org.fill("#duration_minutes", "120")
    for code in ("fr", "es"):
        org.check("input[name=languages][value=%s]" % code)
    org.check("input[name=languages][value=en]")
    org.click("text=Create the event")
    expect(org).to_have_url(re.compile(r"/manage/e/WEB-1$"))
    expect(org.locator(".status-live")).to_be_visible()

    # Topics.
    org.click(".manage-nav >> text=Topics")
    for title in ("Recruitment fees", "Bilateral agreements"):
        org.fill("#title", title)
        submit(org)
    expect(org.locator(".topic-row")).to_have_count(2)

    # Two panelists.
    org.click(".manage-nav >> text=Panel")
    for name, organisation, spoken in (
        ("Lena Berg", "EURES Sweden", ("en",)),
        ("Karim Haddad", "ATCT Tunisia", ("fr", "en")),
    ):
        org.fill("#name", name)
        org.fill("#organisation", organisation)
        for code in spoken:
            org.check("input[name=languages][value=%s]" % code)
        submit(org)
        expect(org.locator(".manage-table")).to_contain_text(name)

    # Staff: a moderator, an interpreter (into French) and the first panelist's account.
    org.click(".manage-nav >> text=Staff")
    links = {
        "moderator": invite(org, "mod@example.org", "moderator"),
        "interpreter": invite(org, "interp@example.org", "interpreter", ("fr",)),
    }
    expect(org.locator("#invitations-list + *")).to_contain_text("interp@example.org")

    moderator = accept(new_page, links["moderator"], "Maya Moderator", "maple-sonar-ribbon-14",
                       "mod@example.org", base)  # fmt: skip
    interpreter = accept(new_page, links["interpreter"], "Inès Interprète", "lotus-grain-velvet-63",
                         "interp@example.org", base)  # fmt: skip
    expect(interpreter.locator("#tab-desk")).to_be_visible()
    # The organiser invites Lena to her seat on the panel; accepting links the seat, with no
    # second edit (before: an account first, then the seat edited again).
    org.click(".manage-nav >> text=Panel")
    org.click('a[aria-label="Edit Lena Berg"]')
    org.fill("#account", "lena@example.org")
    submit(org)
    seat_link = org.locator("#one-time-link")
    expect(seat_link).to_be_visible()
    panelist = accept(new_page, seat_link.input_value(), "Lena Berg", "amber-falcon-pivot-27",
                      "lena@example.org", base)  # fmt: skip
    org.click(".manage-nav >> text=Panel")
    expect(org.locator(".manage-table")).to_contain_text("lena@example.org")

    # An attendee asks; the moderator assigns it to Lena; Lena sees it as hers.
    person = new_page(width=420, height=860)
    person.goto(base + "/e/WEB-1")
    person.fill("#ask-text", QUESTION)
    person.click("#ask-submit")
    moderator.click("#tab-published")
    question = moderator.locator("#cards .qcard").filter(has_text=QUESTION)
    expect(question).to_be_visible()
    question.click()
    assign = moderator.locator("#detail select[data-key=assign]")
    assign.select_option(label=assign.locator("option", has_text="Lena Berg").inner_text())
    expect(question.locator(".chip-panelist")).to_have_text("Lena Berg")
    panelist.reload()
    expect(panelist.locator("#tab-mine")).to_have_attribute("aria-selected", "true")
    expect(panelist.locator("#cards .qcard").filter(has_text=QUESTION)).to_be_visible()

    # Next in the series: same panel, no question.
    org.click(".manage-nav >> text=Set-up")
    org.click("text=Duplicate as next in the series")
    org.fill("#code", "WEB-2")
    org.click("text=Create the next event")
    expect(org).to_have_url(re.compile(r"/manage/e/WEB-2$"))
    org.click(".manage-nav >> text=Panel")
    panel = org.locator(".manage-table")
    expect(panel).to_contain_text("Lena Berg")
    expect(panel).to_contain_text("Karim Haddad")
    org.goto(base + "/e/WEB-2")
    expect(org.locator("#ask-form")).to_be_visible()
    expect(org.locator(".q")).to_have_count(0)
