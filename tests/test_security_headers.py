"""Security headers on every response, no inline script, the proxy, Secure cookies, 413."""

import re

import pytest

from qa_app import create_app
from qa_app.extensions import db
from tests.conftest import PASSWORD


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";")}


@pytest.fixture
def pages(app, make_event, make_user, login):
    make_event()
    staff = login(make_user("moderator"))
    anyone = app.test_client()
    return {
        "/": anyone,
        "/login": anyone,
        "/e/EV1": anyone,
        "/e/EV1/present": anyone,
        "/e/EV1/moderate": staff,
        "/e/NOPE": anyone,
        "/healthz": anyone,
        "/e/EV1/qr.svg": anyone,
    }


def test_every_response_has_the_headers(pages):
    for path, http in pages.items():
        response = http.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "same-origin", path
        policy = _policy(response)
        assert policy["script-src"] == "script-src 'self'", path
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"], path
        assert policy["frame-ancestors"] == "frame-ancestors 'self'", path
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


def test_pages_run_no_inline_script(pages):
    for path, http in pages.items():
        page = http.get(path).get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+\s*=", page), path  # no onclick= and the like
        assert "javascript:" not in page, path


def test_frame_ancestors_follow_the_setting_on_public_pages_only(app, pages):
    app.config["FRAME_ANCESTORS"] = "'self' https://www.example.org"
    for path in ("/e/EV1", "/e/EV1/present"):
        response = pages[path].get(path)
        assert _policy(response)["frame-ancestors"] == (
            "frame-ancestors 'self' https://www.example.org"
        )
        assert "X-Frame-Options" not in response.headers  # it cannot say "these sites"
    staff = pages["/e/EV1/moderate"].get("/e/EV1/moderate")  # never framed by others
    assert _policy(staff)["frame-ancestors"] == "frame-ancestors 'self'"


def test_the_report_keeps_its_own_policy_and_cannot_be_framed(pages):
    response = pages["/e/EV1/moderate"].get("/e/EV1/export.html")
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == "default-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'self'"


@pytest.fixture
def proxied_app(tmp_path):
    """The app behind one trusted proxy that terminates TLS."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///%s" % (tmp_path / "qa.db"),
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
            "WTF_CSRF_ENABLED": False,
            "TRUSTED_PROXIES": 1,
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_behind_https_cookies_are_secure(proxied_app):
    from qa_app.domain.access import accounts
    from qa_app.domain.agenda import events as agenda_events

    with proxied_app.app_context():
        from datetime import UTC, datetime

        agenda_events.new_event("EV1", "t", datetime(2030, 1, 1, tzinfo=UTC))
        accounts.create_account("m@example.org", PASSWORD, "M", grants=[("moderator", None)])
    http = proxied_app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    page = http.get("/e/EV1", headers=forwarded)
    cookies = page.headers.getlist("Set-Cookie")
    assert cookies and all("; Secure" in cookie for cookie in cookies), cookies
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    signed_in = http.post(
        "/login", data={"email": "m@example.org", "password": PASSWORD}, headers=forwarded
    )
    assert signed_in.status_code == 302
    assert all("; Secure" in c for c in signed_in.headers.getlist("Set-Cookie"))
    plain = proxied_app.test_client().get("/e/EV1")  # no proxy header: plain HTTP
    assert not any("Secure" in c for c in plain.headers.getlist("Set-Cookie"))


def test_only_trusted_proxies_are_believed(app, proxied_app):
    from qa_app.web import rate_limits

    seen = {}

    @proxied_app.get("/_address")
    def proxied_address():
        seen["proxied"] = rate_limits.client_address()
        return "ok"

    @app.get("/_address")
    def direct_address():
        seen["direct"] = rate_limits.client_address()
        return "ok"

    spoofed = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    proxied_app.test_client().get("/_address", headers=spoofed)
    app.test_client().get("/_address", headers=spoofed)
    assert seen == {"proxied": "203.0.113.9", "direct": "127.0.0.1"}


def test_oversized_polling_posts_get_413(client):
    response = client.post(
        "/socket.io/?EIO=4&transport=polling&sid=x", data=b"4" + b"x" * (17 * 1024)
    )
    assert response.status_code == 413
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "target",
    [
        "/e/EV1\r\nSet-Cookie: stolen=1",
        "/e/EV1\nX: y",
        "/e/EV1\rX",
        "/e/EV1 moderate",
        "/\u2028evil",
        "/" + "a" * 3000,
    ],
)
def test_next_with_control_characters_goes_to_my_events(client, make_user, target):
    """A CR or LF in ?next= used to give a 500 after a successful sign-in."""
    make_user("moderator")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "moderator@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/"  # where staff land without next=
    assert response.headers.get("X") is None  # no header smuggled in


def test_a_plain_next_path_is_kept(client, make_user):
    make_user("moderator")
    response = client.post(
        "/login",
        query_string={"next": "/e/EV1/moderate?tab=incoming"},
        data={"email": "moderator@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/e/EV1/moderate?tab=incoming"


def test_join_links_and_qr_codes_follow_qa_base_url_not_the_host(app, make_event):
    """Before, `Host: evil.example` put evil.example on the projector (QR cached an hour)."""
    make_event()
    app.config["BASE_URL"] = "https://qa.example.org"
    http = app.test_client()
    page = http.get("/e/EV1/present", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "https://qa.example.org/e/EV1" in page and "evil.example" not in page
    forged = http.get("/e/EV1/qr.svg", headers={"Host": "evil.example"}).get_data()
    honest = http.get("/e/EV1/qr.svg").get_data()
    assert forged == honest


@pytest.mark.parametrize("value", ["qa.example.org", "ftp://x", "https://", "https://a b", ""])
def test_qa_base_url_is_checked(value):
    from qa_app.config import DEFAULT_BASE_URL, base_url

    if value:
        with pytest.raises(ValueError, match="QA_BASE_URL"):
            base_url(value)
    else:
        assert base_url(value) == DEFAULT_BASE_URL
    assert base_url("https://qa.example.org/") == "https://qa.example.org"


# --- QA_EMBED_CROSS_SITE: cookies for a frame on another site ------------------------


def _cookies(response) -> dict[str, str]:
    """Set-Cookie headers by cookie name."""
    return {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}


@pytest.fixture
def cross_site_app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///%s" % (tmp_path / "qa.db"),
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
            "EMBED_CROSS_SITE": True,
        }
    )
    with app.app_context():
        db.create_all()
        from datetime import UTC, datetime

        from qa_app.domain.agenda import events as agenda_events

        agenda_events.new_event("EV1", "t", datetime(2030, 1, 1, tzinfo=UTC))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_by_default_the_identity_and_language_cookies_are_lax(client, make_event):
    make_event()
    cookies = _cookies(client.get("/e/EV1?lang=fr"))
    assert set(cookies) == {"session", "lang"}
    for cookie in cookies.values():
        assert "SameSite=Lax" in cookie, cookie
        assert "Secure" not in cookie and "Partitioned" not in cookie, cookie


def test_cross_site_setting_makes_both_cookies_none_secure_partitioned(cross_site_app):
    """Even over plain HTTP (a proxy may terminate TLS without saying so): a SameSite=None
    cookie without Secure would be dropped by the browser."""
    cookies = _cookies(cross_site_app.test_client().get("/e/EV1?lang=fr&embed=1"))
    assert set(cookies) == {"session", "lang"}
    for cookie in cookies.values():
        attributes = {part.strip() for part in cookie.split(";")}
        assert {"SameSite=None", "Secure", "Partitioned"} <= attributes, cookie
        assert cookie.count("Secure") == 1, cookie  # the middleware adds no second one
    assert "HttpOnly" in cookies["session"] and "HttpOnly" not in cookies["lang"]


def test_a_samesite_none_cookie_always_gets_secure(app):
    @app.get("/_none_cookie")
    def none_cookie():
        from flask import make_response

        response = make_response("ok")
        response.set_cookie("other", "1", samesite="None")
        return response

    plain = app.test_client().get("/_none_cookie")  # plain HTTP
    assert _cookies(plain)["other"].endswith("; Secure")


@pytest.mark.parametrize("value", ["", "0", "no", "off", "false", None])
def test_embed_cross_site_off(value):
    from qa_app.config import embed_cross_site

    assert embed_cross_site(value, "http://qa.example.org") is False


@pytest.mark.parametrize(
    "base", [None, "https://qa.example.org", "http://127.0.0.1:5000", "http://localhost:8000"]
)
def test_embed_cross_site_on(base):
    from qa_app.config import embed_cross_site

    for value in ("1", "yes", "on", "true", " TRUE "):
        assert embed_cross_site(value, base) is True


def test_embed_cross_site_refuses_a_bad_value_and_plain_http():
    from qa_app.config import embed_cross_site

    for bad in ("2", "lax", "none", "y"):
        with pytest.raises(ValueError, match="QA_EMBED_CROSS_SITE"):
            embed_cross_site(bad)
    with pytest.raises(ValueError, match="needs HTTPS"):
        embed_cross_site("1", "http://qa.example.org")


def test_a_bad_embed_cross_site_value_stops_the_app_at_start():
    import os
    import subprocess
    import sys

    env = {**os.environ, "QA_EMBED_CROSS_SITE": "sometimes", "QA_ASYNC_MODE": "threading"}
    done = subprocess.run(
        [sys.executable, "-c", "import qa_app.config"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "QA_EMBED_CROSS_SITE is 1" in done.stderr.splitlines()[-1]
