"""The compact attendee view (``?embed=1``) in an iframe on another site.

The live server runs with QA_FRAME_ANCESTORS naming a second local origin (another port
on 127.0.0.1, see conftest.framing_port). A page served from there frames the attendee
page: it works inside a 360 px frame. A page served from a third port, not named, is
refused by the browser (CSP frame-ancestors).
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from playwright.sync_api import expect

from tests.live import free_port

pytestmark = [pytest.mark.browser, pytest.mark.live]

QUESTION = "How do public employment services check that agencies charge workers no fees?"
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Webinar platform</title></head>
<body><h1>Webinar</h1>
<iframe id="qa" src="%s" width="360" height="700" title="Live Q&amp;A"></iframe>
</body></html>"""


class Site:
    """A one-page web site on 127.0.0.1:port that frames ``src``."""

    def __init__(self, port: int, src: str):
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
        self.url = "http://127.0.0.1:%d/" % port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    opened = []

    def serve(port, src):
        opened.append(Site(port, src))
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
