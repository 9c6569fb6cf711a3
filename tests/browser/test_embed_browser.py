"""The compact attendee view (``?embed=1``) in an iframe on another origin, and another site.

The live server runs with QA_FRAME_ANCESTORS naming a second local origin (another port
on 127.0.0.1, see conftest.framing_port). A page served from there frames the attendee
page: it works inside a 360 px frame. A page served from a third port, not named, is
refused by the browser (CSP frame-ancestors).

Another *site*: a host page on http://localhost:PORT framing the app on http://127.0.0.1
(browsers tell sites apart by host name, so this is cross-site, and both are potentially
trustworthy origins, where Chromium keeps Secure cookies over plain HTTP). With
QA_EMBED_CROSS_SITE=1 (a server of its own) the frame gets its identity and language
cookies and works; with the default (SameSite=Lax) it gets no identity and cannot connect.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import BrowserServer
from tests.live import app_env, flask_cli, free_port

pytestmark = [pytest.mark.browser, pytest.mark.live]

QUESTION = "How do public employment services check that agencies charge workers no fees?"
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Webinar platform</title></head>
<body><h1>Webinar</h1>
<iframe id="qa" src="%s" width="360" height="700" title="Live Q&amp;A"></iframe>
</body></html>"""


class Site:
    """A one-page web site on 127.0.0.1:port that frames ``src``; ``host`` names it in its
    address (``localhost``: another site than the app's 127.0.0.1)."""

    def __init__(self, port: int, src: str, host: str = "127.0.0.1"):
        page = (HOST_PAGE % src).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = "http://%s:%d/" % (host, port)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    opened = []

    def serve(port, src, host="127.0.0.1"):
        opened.append(Site(port, src, host))
        return opened[-1]

    yield serve
    for one in opened:
        one.close()


def test_a_listed_site_frames_the_compact_view(live_server, new_page, site, framing_port):
    code = live_server.make_event("EMBED")
    src = "%s/e/%s?embed=1" % (live_server.url, code)
    policy = requests.get(src, timeout=10).headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' http://127.0.0.1:%d" % framing_port in policy

    host = site(framing_port, src)
    page = new_page()
    page.goto(host.url)
    frame = page.frame_locator("#qa")
    expect(frame.locator("#live-status")).to_have_attribute("data-status", "live")
    expect(frame.locator("body")).to_have_class("attendee-page embed")
    expect(frame.locator(".join-panel")).to_have_count(0)
    # The language switch keeps the compact view.
    assert "embed=1" in frame.locator(".lang-switch a").first.get_attribute("href")

    frame.locator("#ask-text").fill(QUESTION)
    frame.locator("#ask-submit").click()
    expect(frame.locator("#ask-feedback")).to_have_attribute("data-kind", "ok")
    expect(frame.locator("#open-list .q .q-text")).to_have_text(QUESTION)
    inner = next(f for f in page.frames if f.url.startswith(src))
    assert inner.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_unlisted_site_cannot_frame_the_page(live_server, new_page, site):
    code = live_server.make_event("EMBED-NO")
    src = "%s/e/%s?embed=1" % (live_server.url, code)
    host = site(free_port(), src)
    page = new_page()
    page.goto(host.url)
    page.wait_for_timeout(1500)
    frame = page.frame_locator("#qa")
    expect(frame.locator("#live-status")).to_have_count(0)
    # Chromium shows its own error page in the frame instead.
    assert [f.url for f in page.frames[1:]] == ["chrome-error://chromewebdata/"]


# --- another site: http://localhost framing http://127.0.0.1 ----------------------------


@pytest.fixture(scope="module")
def cross_site_port():
    return free_port()


@pytest.fixture(scope="module")
def cross_site_server(tmp_path_factory, chromium_path, cross_site_port):
    """The app with QA_EMBED_CROSS_SITE=1, framed only by http://localhost:PORT."""
    workdir = tmp_path_factory.mktemp("cross-site")
    env = app_env(
        workdir / "qa.db",
        QA_ASYNC_MODE="eventlet",
        PYTHONWARNINGS="ignore",
        QA_EMBED_CROSS_SITE="1",
        QA_FRAME_ANCESTORS="'self' http://localhost:%d" % cross_site_port,
    )
    flask_cli(env, "init-db")
    server = BrowserServer(env, workdir / "server.log").start()
    yield server
    server.stop()


def _inner(page, src):
    return next(f for f in page.frames if f.url.startswith(src))


def test_another_site_frames_the_page_with_cross_site_cookies(
    cross_site_server, new_page, site, cross_site_port
):
    code = cross_site_server.make_event("EMBED-X")
    src = "%s/e/%s?embed=1&lang=fr" % (cross_site_server.url, code)
    cookies = requests.get(src, timeout=10).raw.headers.getlist("Set-Cookie")
    assert len(cookies) == 2  # the identity (session) and the language
    for cookie in cookies:
        assert "SameSite=None" in cookie and "Secure" in cookie and "Partitioned" in cookie

    host = site(cross_site_port, src, host="localhost")
    page = new_page()
    page.goto(host.url)
    frame = page.frame_locator("#qa")
    # The socket is authenticated with the identity cookie: it was kept in the frame.
    expect(frame.locator("#live-status")).to_have_attribute("data-status", "live")
    frame.locator("#ask-text").fill(QUESTION)
    frame.locator("#ask-submit").click()
    # English text sent as French: the server asks which. Its words are French although
    # the socket's address has no ?lang: the language cookie reached it from the frame.
    expect(frame.locator("#ask-conflict .conflict-message")).to_contain_text("anglais")
    frame.locator('#ask-conflict [data-choice="detected"]').click()
    expect(frame.locator("#ask-feedback")).to_have_attribute("data-kind", "ok")
    expect(frame.locator("#open-list .q .q-text")).to_have_text(QUESTION)
    expect(frame.locator("#open-list .q.is-own")).to_have_count(1)  # the asker is known
    assert "lang=fr" in _inner(page, src).evaluate("document.cookie")
    # Both cookies are partitioned under the host page's site.
    kept = {c["name"]: c for c in page.context.cookies(cross_site_server.url)}
    assert set(kept) == {"session", "lang"}
    for cookie in kept.values():
        assert cookie["sameSite"] == "None" and cookie["secure"], cookie
        assert cookie.get("partitionKey") == "http://localhost", cookie


def test_by_default_a_frame_on_another_site_gets_no_identity(
    live_server, new_page, site, framing_port
):
    """The default SameSite=Lax: the browser drops the frame's cookies, so the socket is
    refused (no identity) and retried; nothing can be sent."""
    code = live_server.make_event("EMBED-LAX")
    src = "%s/e/%s?embed=1&lang=fr" % (live_server.url, code)
    host = site(framing_port, src, host="localhost")
    page = new_page()
    page.goto(host.url)
    frame = page.frame_locator("#qa")
    expect(frame.locator("body")).to_have_class("attendee-page embed")  # the page loads
    expect(frame.locator("#live-status")).to_have_attribute("data-status", "offline")
    assert page.context.cookies(live_server.url) == []
    assert _inner(page, src).evaluate("document.cookie") == ""
    frame.locator("#ask-text").fill(QUESTION)
    frame.locator("#ask-submit").click()
    expect(frame.locator("#ask-feedback")).to_have_attribute("data-kind", "info")  # queued
    page.wait_for_timeout(1500)  # a refused connection is retried after 1 s, then 2 s
    expect(frame.locator("#live-status")).not_to_have_attribute("data-status", "live")
    expect(frame.locator("#open-list .q")).to_have_count(0)
