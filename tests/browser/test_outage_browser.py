"""The attendee page in Chromium while the database refuses writes (PostgreSQL read-only):
an ask answered `unavailable` is sent once more, then the page says the question is kept."""

import pytest
import requests
from playwright.sync_api import expect

from tests.live import LiveServer, app_env, flask_cli
from tests.pg import fresh_database, terminate_connections

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.services]
TEXT = "How do public employment services check that agencies charge workers no fees?"


@pytest.fixture
def read_only_server(tmp_path, chromium_path):
    with fresh_database("qa_browser_outage") as (admin, name, url):
        env = app_env(tmp_path / "unused.db", QA_DATABASE_URL=url)
        flask_cli(env, "init-db")
        flask_cli(env, "events", "create", "DOWN", "--title", "Outage", "--languages", "en")
        server = LiveServer(env, tmp_path / "server.log").start()
        try:
            yield server, admin, name
        finally:
            server.stop()
            admin.run("ALTER DATABASE %s RESET default_transaction_read_only" % name)


def test_an_unavailable_ask_is_retried_once_then_kept(read_only_server, new_page):
    server, admin, name = read_only_server
    page = new_page()
    page.goto("%s/e/DOWN?lang=en" % server.url)
    expect(page.locator("#live-status")).to_have_attribute("data-status", "live")

    # From now on every new connection is read-only; the open ones are ended.
    admin.run("ALTER DATABASE %s SET default_transaction_read_only = on" % name)
    terminate_connections(admin, name)
    assert requests.get(server.url + "/healthz", timeout=10).json()["database"] == "read-only"

    page.fill("#ask-text", TEXT)
    page.click("#ask-submit")
    feedback = page.locator("#ask-feedback")
    expect(feedback).to_have_text(
        "The server is having trouble; your question is kept. Try sending it again in a moment.",
        timeout=15_000,
    )
    expect(feedback).to_have_attribute("data-kind", "error")
    expect(page.locator("#ask-text")).to_have_value(TEXT)  # kept, ready to send again
    assert server.log().count("outage in ask") == 2  # the first answer, and the one retry

    admin.run("ALTER DATABASE %s RESET default_transaction_read_only" % name)
    terminate_connections(admin, name)
    page.click("#ask-submit")
    expect(feedback).to_have_attribute("data-kind", "ok", timeout=15_000)
    expect(page.locator(".q", has_text=TEXT)).to_have_count(1)
