"""axe-core on every page, in every language and both colour schemes, at every impact level.

axe-core comes from npm (package.json; never committed) and is evaluated in the page by the
test, so the app serves nothing of it. Each (language, scheme) pair visits: the start page,
the sign-in form, the attendee page (with a question of one's own), its compact embed view,
the projector with a question up, an error page, the moderator's dashboard with every tab,
the shortcut help, the export menu, the dismiss form, a translation editor and the panelist
choice open, and the event report; then, signed in as an admin, every management page
linked from /manage. Any violation of any impact (minor included) fails.
"""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from qa_app.domain.access import grants
from qa_app.domain.access.passwords import hash_password
from qa_app.domain.agenda import events as agenda_events
from qa_app.extensions import db
from qa_app.models import Event, User
from tests.live import attendee as connect_attendee

from .conftest import MODERATOR_EMAIL, MODERATOR_PASSWORD, Staff

pytestmark = [pytest.mark.browser, pytest.mark.live]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CODE = "AXE-ALL"
WAITING = "AXE-WAIT"
LANGS = ["en", "fr", "es", "ar"]
SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("%s is missing: `make test` installs it with npm ci" % AXE)
        pytest.skip("%s is missing: run `npm ci` (make test does)" % AXE)
    return AXE.read_text()


@pytest.fixture(scope="module")
def axe_event(live_server, server_db):
    """An event with a question in every state, translated, assigned and on screen."""
    with server_db.app_context():
        event = agenda_events.new_event(
            CODE,
            "Fair recruitment: the role of public employment services",
            datetime(2030, 6, 15, 13, 30, tzinfo=UTC),
            timezone="Europe/Zurich",
            languages=["en", "fr", "es", "ar"],
            premoderation=True,
            topics=["Fair mobility"],
            panelists=[
                {"name": "Ana Ruiz", "organisation": "SEPE", "languages_csv": "es,en"},
                {"name": "Omar Haddad", "organisation": "ATCT", "languages_csv": "fr,ar"},
            ],
        )
        panelists = [p.id for p in event.panelists]
    live_server.make_event(WAITING)  # a projector with no question up: title, QR, pill
    staff = Staff(live_server.url, CODE)
    askers = [connect_attendee(live_server.url, CODE) for _ in range(3)]

    def ask(asker, text, language):
        payload = {"text": text, "language": language, "confirm_language": True, "name": "Fatou"}
        ack = asker.call("ask", payload)
        assert ack["ok"], ack
        return ack["question"]["id"]

    on_screen = ask(askers[0], "How do public employment services audit the agencies?", "en")
    french = ask(askers[1], "Comment l'agence accompagne-t-elle les travailleurs ?", "fr")
    answered = ask(askers[2], "¿Qué papel tienen los acuerdos bilaterales?", "es")
    ask(askers[0], "كيف تساعد خدمات التوظيف العامة العمال المهاجرين؟", "ar")
    dismissed = ask(askers[1], "Is the recording available afterwards?", "en")
    for qid in (on_screen, french, answered):
        staff.moderate(qid, "approve")
    french_text = "Comment les services publics de l'emploi contrôlent-ils les agences ?"
    staff.call("translate", {"question_id": on_screen, "language": "fr", "text": french_text})
    staff.moderate(on_screen, "assign", panelist_id=panelists[0])
    staff.moderate(on_screen, "highlight")
    staff.moderate(answered, "answer")
    staff.moderate(dismissed, "dismiss", reason="Covered at the end")
    for asker in askers[1:]:
        assert asker.call("vote", {"question_id": french, "on": True})["ok"]
    yield {"on_screen": on_screen}
    staff.close()
    for asker in askers:
        asker.close()


def check(page, axe_source, found, what):
    """Runs axe on the page as it is now; adds what it finds to ``found``."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, { resultTypes: ["violations"] });
            return result.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + ": " + n.failureSummary),
            }));
        }"""
    )
    for violation in violations:
        found.append("%s [%s] %s (%s)\n      %s" % (what, violation["impact"], violation["id"],
                     violation["help"], "\n      ".join(violation["nodes"])))  # fmt: skip


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("load")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_passes_axe(live_server, browser, axe_source, axe_event, lang, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    base = live_server.url
    found: list[str] = []
    try:
        visit(page, "%s/?lang=%s" % (base, lang))
        check(page, axe_source, found, "start page")
        visit(page, "%s/e/NO-SUCH-EVENT" % base)
        check(page, axe_source, found, "error page")

        visit(page, "%s/e/%s" % (base, CODE))
        expect(page.locator("#live-status")).to_have_attribute("data-status", "live")
        expect(page.locator("#now-answering")).to_be_visible()
        page.fill("#ask-text", "What support do returning workers get from the agencies?")
        page.select_option("#ask-language", "en")
        page.click("#ask-submit")
        expect(page.locator("#own-section")).to_be_visible()
        page.click(".join-panel summary")
        check(page, axe_source, found, "attendee page")
        page.click("#tab-answered")
        check(page, axe_source, found, "attendee page, answered tab")

        page.set_viewport_size({"width": 360, "height": 700})
        visit(page, "%s/e/%s?embed=1" % (base, CODE))
        expect(page.locator("#live-status")).to_have_attribute("data-status", "live")
        check(page, axe_source, found, "embed view")
        page.set_viewport_size({"width": 1280, "height": 720})
        visit(page, "%s/e/%s/present" % (base, WAITING))
        expect(page.locator("#present-waiting")).to_be_visible()
        check(page, axe_source, found, "projector, waiting")

        visit(page, "%s/e/%s/present" % (base, CODE))
        expect(page.locator("#present-question")).to_be_visible()
        check(page, axe_source, found, "projector, question up")
        page.set_viewport_size({"width": 1280, "height": 900})

        visit(page, "%s/login" % base)
        check(page, axe_source, found, "sign-in form")
        page.fill("input[name=email]", MODERATOR_EMAIL)
        page.fill("input[name=password]", MODERATOR_PASSWORD)
        page.click(".login-form button[type=submit]")
        visit(page, "%s/e/%s/moderate" % (base, CODE))
        expect(page.locator("#status")).to_have_attribute("data-status", "live")
        for tab in page.locator("#tabs [role=tab]").evaluate_all("els => els.map(e => e.id)"):
            page.click("#" + tab)
            page.wait_for_timeout(50)
            check(page, axe_source, found, "dashboard, %s" % tab)
        page.click("#tab-incoming")
        page.locator("#cards .qcard").first.click()
        page.keyboard.press("d")
        expect(page.locator("input[data-key^=reason]")).to_be_focused()
        check(page, axe_source, found, "dashboard, dismiss form")
        page.keyboard.press("Escape")
        page.click("#tab-published")
        page.locator('#cards .qcard[data-id="%d"]' % axe_event["on_screen"]).click()
        page.locator("#detail [data-op=translate-edit]").first.click()
        page.locator("#detail select[data-key=assign]").focus()
        page.keyboard.press("ArrowDown")
        expect(page.locator("#assign-confirm")).to_be_visible()
        check(page, axe_source, found, "dashboard, translation editor and panelist choice")
        page.keyboard.press("Escape")
        page.click("#export-menu summary")
        check(page, axe_source, found, "dashboard, export menu")
        page.keyboard.press("Escape")
        page.click("#help-button")
        expect(page.locator("#help")).to_be_visible()
        check(page, axe_source, found, "dashboard, shortcut help")

        visit(page, "%s/e/%s/export.html?lang=%s" % (base, CODE, lang))
        check(page, axe_source, found, "event report")
    finally:
        context.close()
    assert not found, "axe (%s, %s):\n  %s" % (lang, scheme, "\n  ".join(found))
    assert not errors, errors


ADMIN_EMAIL = "axe-admin@example.org"
ADMIN_PASSWORD = "axe-admin-Fair-Recruitment-2030"
MANAGE_PAGES = 25  # at most, per language and scheme


@pytest.fixture(scope="module")
def admin(live_server, server_db, axe_event):
    with server_db.app_context():
        user = User(email=ADMIN_EMAIL, name="Axe Admin")
        grants.give(user, "admin")
        user.password_hash = hash_password(ADMIN_PASSWORD)
        db.session.add(user)
        db.session.commit()
    return ADMIN_EMAIL


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_management_pages_pass_axe(live_server, browser, axe_source, admin, lang, scheme):
    """Every page linked from /manage (issue 8), as an admin sees it."""
    if (
        requests.get(live_server.url + "/manage", allow_redirects=False, timeout=10).status_code
        == 404
    ):
        pytest.skip("/manage does not exist in this tree yet")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    found: list[str] = []
    try:
        visit(page, "%s/login?lang=%s" % (base, lang))
        page.fill("input[name=email]", admin)
        page.fill("input[name=password]", ADMIN_PASSWORD)
        page.click(".login-form button[type=submit]")
        queue, seen = ["/manage"], set()
        while queue and len(seen) < MANAGE_PAGES:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            visit(page, base + path)
            check(page, axe_source, found, path)
            links = page.locator("a[href^='/manage']").evaluate_all(
                "els => els.map(a => a.getAttribute('href').split('#')[0])"
            )
            queue += [link for link in links if link not in seen]
    finally:
        context.close()
    assert len(seen) > 1, "no management page is linked from /manage"
    assert not found, "axe (%s, %s):\n  %s" % (lang, scheme, "\n  ".join(found))


SUBSET = "AXE-3"  # en, fr, es: Arabic is an interface language, not the event's


@pytest.fixture(scope="module")
def closed_events(live_server, server_db):
    """An open en/fr/es event, and the record of a closed one in three and in four
    languages, each with an answered question and one left published."""
    codes = {"open": SUBSET, "closed": "AXE-3-END", "closed4": "AXE-4-END"}
    for key, code in codes.items():
        languages = ["en", "fr", "es", "ar"] if key == "closed4" else ["en", "fr", "es"]
        with server_db.app_context():
            agenda_events.new_event(
                code, "Public employment services and fair recruitment",
                datetime(2030, 6, 15, 13, 30, tzinfo=UTC), languages=languages,
                topics=["Fair mobility"],
                panelists=[{"name": "Ana Ruiz", "organisation": "SEPE", "languages_csv": "es"}],
            )  # fmt: skip
        staff = Staff(live_server.url, code)
        asker = connect_attendee(live_server.url, code)
        ids = []
        for text, language in (("How are agencies audited?", "en"), ("¿Y los acuerdos?", "es")):
            ack = asker.call("ask", {"text": text, "language": language, "confirm_language": True})
            assert ack["ok"], ack
            ids.append(ack["question"]["id"])
        staff.moderate(ids[0], "answer")  # without premoderation, published at once
        asker.close()
        staff.close()
        if key != "open":
            with server_db.app_context():
                agenda_events.close_event(db.session.scalar(db.select(Event).filter_by(code=code)))
    return codes


@pytest.mark.parametrize(
    ("lang", "scheme"), [("en", "light"), ("fr", "dark"), ("es", "light"), ("ar", "dark")]
)
def test_public_pages_of_events_in_fewer_or_all_languages_pass_axe(
    live_server, browser, axe_source, closed_events, lang, scheme
):
    """The attendee page and projector of an event that does not speak every interface
    language, and the closed record in three and in four languages (issue 20, item 1)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base, found = live_server.url, []
    try:
        visit(page, "%s/e/%s?lang=%s" % (base, closed_events["open"], lang))
        expect(page.locator("#live-status")).to_have_attribute("data-status", "live")
        check(page, axe_source, found, "attendee page, en/fr/es event")
        visit(page, "%s/e/%s/present" % (base, closed_events["open"]))
        check(page, axe_source, found, "projector, en/fr/es event")
        for key in ("closed", "closed4"):
            visit(page, "%s/e/%s" % (base, closed_events[key]))
            expect(page.locator("html")).to_have_attribute("lang", lang)
            check(page, axe_source, found, "closed record (%s)" % key)
    finally:
        context.close()
    assert not found, "axe (%s, %s):\n  %s" % (lang, scheme, "\n  ".join(found))
