"""HTTP views: health, error pages, sign-in, CSRF, redirects and transcript access."""

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from qa_app import create_app
from qa_app.domain.access import grants
from qa_app.domain.access.passwords import hash_password
from qa_app.extensions import db
from tests.conftest import PASSWORD, call

FRENCH_MO = Path(__file__).resolve().parent.parent / "translations/fr/LC_MESSAGES/messages.mo"


def no_stack_trace(response):
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and 'File "' not in body
    return body


# --- health, home, errors --------------------------------------------------------


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_healthz_when_the_database_is_gone(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///%s" % (tmp_path / "missing" / "qa.db"),
            "ASYNC_MODE": "threading",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"
    with app.app_context():
        db.engine.dispose()


def test_home_redirects_a_code_to_its_page(client):
    response = client.get("/?code=%20EV1%20")
    assert response.status_code == 302 and response.headers["Location"].endswith("/e/EV1")
    assert client.get("/").status_code == 200


def test_unknown_event_is_a_404_page(client):
    response = client.get("/e/NOPE")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    body = no_stack_trace(response)
    assert "There is nothing here. Check the link or the event code." in body


@pytest.mark.skipif(not FRENCH_MO.exists(), reason="catalogs not compiled (make translations)")
def test_unknown_event_404_page_is_translated(client):
    response = client.get("/e/NOPE?lang=fr")
    assert response.status_code == 404
    body = no_stack_trace(response)
    assert "There is nothing here" not in body
    assert "Il n’y a rien ici" in body or 'lang="fr"' in body
    # The choice is remembered.
    assert client.get("/e/NOPE/present").status_code == 404
    assert "There is nothing here" not in client.get("/e/NOPE/present").get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/e/NOPE/present", 404),
        ("get", "/e/NOPE/qr.svg", 404),
        ("get", "/nowhere", 404),
        ("get", "/vendor/jquery.js", 404),
        ("get", "/logout", 405),
        ("post", "/healthz", 405),
    ],
)
def test_error_pages_are_pages(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    no_stack_trace(response)


def test_json_paths_get_json_errors(client, make_event, make_user, login):
    make_event()
    http = login(make_user("moderator"))
    response = http.get("/e/NOPE/export.json")
    assert response.status_code == 404
    assert response.get_json()["error"] == 404 and response.get_json()["message"]


def test_attendee_page_sets_the_identity_cookie_once(client, make_event):
    make_event()
    response = client.get("/e/EV1")
    assert response.status_code == 200
    cookie = client.get_cookie("session")
    assert cookie is not None
    client.get("/e/EV1")
    assert client.get_cookie("session").value  # still there


def test_qr_code_and_vendor_script(client, make_event, app):
    make_event()
    response = client.get("/e/EV1/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith("<svg")
    script = Path(app.config["NODE_MODULES_DIR"]) / "socket.io-client/dist/socket.io.min.js"
    if script.exists():
        response = client.get("/vendor/socket.io.min.js")
        assert response.status_code == 200
        assert "javascript" in response.mimetype
        response.close()


# --- signing in and out ----------------------------------------------------------


def test_login_success_opens_the_dashboard(client, make_event, make_user):
    make_event()
    make_user("moderator")
    assert client.get("/e/EV1/moderate").status_code == 302  # to the sign-in page
    response = client.post(
        "/login?next=/e/EV1/moderate",
        data={"email": " Moderator@Example.org ", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/e/EV1/moderate"
    assert client.get("/e/EV1/moderate").status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"email": "moderator@example.org", "password": "wrong password"},
        {"email": "nobody@example.org", "password": PASSWORD},
    ],
)
def test_login_failure_re_renders_the_form(client, make_user, data):
    make_user("moderator")
    response = client.post("/login", data=data)
    assert response.status_code == 200
    body = no_stack_trace(response)
    assert "Wrong e-mail or password." in body
    assert client.get("/e/EV1/moderate").status_code in (302, 404)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "moderator@example.org"},
        {"password": PASSWORD},
        {"email": "", "password": ""},
        {"email": "x" * 300 + "@example.org", "password": PASSWORD},
        {"email": "moderator@example.org", "password": "p" * 500},
    ],
)
def test_login_with_bad_fields_is_a_400(client, make_user, data):
    make_user("moderator")
    response = client.post("/login", data=data)
    assert response.status_code == 400
    no_stack_trace(response)


def test_login_with_a_json_body_is_not_a_500(client):
    response = client.post("/login", json={"email": "a@b.c", "password": "x"})
    assert response.status_code in (200, 400)
    no_stack_trace(response)
    response = client.post("/login", data=b"\xff\xfe", content_type="application/json")
    assert response.status_code == 400
    no_stack_trace(response)


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/steal",
        "https://evil.example/",
        "http:evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "///evil.example",
        "/%5Cevil.example",
        "evil.example",
    ],
)
def test_login_refuses_an_open_redirect(client, make_user, target):
    make_user("moderator")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "moderator@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "\\" not in location and ":" not in location
    assert urlsplit(urljoin("http://localhost/e/", location)).netloc == "localhost"


def test_logout_closes_the_session(client, make_event, make_user, login):
    make_event()
    http = login(make_user("moderator"))
    assert http.get("/e/EV1/moderate").status_code == 200
    response = http.post("/logout")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert http.get("/e/EV1/moderate").status_code == 302
    assert client.post("/logout").status_code == 302  # not signed in: to the sign-in page


def test_a_session_copied_before_logout_no_longer_counts(app, make_event, make_user, login):
    """Logging out in one browser rotates the token: a stolen copy of the cookie dies too."""
    make_event()
    http = login(make_user("moderator"))
    stolen = http.get_cookie("session").value
    http.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/e/EV1/moderate").status_code == 302


# --- CSRF ------------------------------------------------------------------------


@pytest.fixture
def csrf_app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "csrf-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///%s" % (tmp_path / "csrf.db"),
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        db.create_all()
        from qa_app.models import User

        user = User(email="mod@example.org", name="Mod")
        grants.give(user, "moderator")
        user.password_hash = hash_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _csrf_token(http, path="/login"):
    body = http.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', body
    )
    assert match, "no csrf_token in the form"
    return match.group(1)


def test_csrf_is_enforced_on_login(csrf_app):
    http = csrf_app.test_client()
    data = {"email": "mod@example.org", "password": PASSWORD}
    response = http.post("/login", data=data)
    assert response.status_code == 400
    no_stack_trace(response)
    response = http.post("/login", data={**data, "csrf_token": "forged"})
    assert response.status_code == 400
    response = http.post("/login", data={**data, "csrf_token": _csrf_token(http)})
    assert response.status_code == 302


def test_csrf_is_enforced_on_logout(csrf_app):
    http = csrf_app.test_client()
    token = _csrf_token(http)
    http.post(
        "/login", data={"email": "mod@example.org", "password": PASSWORD, "csrf_token": token}
    )
    response = http.post("/logout")
    assert response.status_code == 400
    no_stack_trace(response)
    with csrf_app.app_context():
        from qa_app.models import User

        token_before = db.session.scalar(db.select(User.session_token))
    response = http.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    with csrf_app.app_context():
        assert db.session.scalar(db.select(User.session_token)) != token_before


# --- transcript access and content -----------------------------------------------


@pytest.mark.parametrize("role", ["moderator", "facilitator", "admin"])
def test_export_allowed(make_event, make_user, login, role):
    make_event()
    http = login(make_user(role))
    for fmt in ("csv", "json"):
        response = http.get("/e/EV1/export.%s" % fmt)
        assert response.status_code == 200, (fmt, response.status_code)
        assert "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("role", ["panelist", "interpreter"])
def test_export_refused_to_other_staff(make_event, make_user, login, role):
    make_event()
    http = login(make_user(role))
    for fmt in ("csv", "json"):
        response = http.get("/e/EV1/export.%s" % fmt)
        assert response.status_code == 403
        no_stack_trace(response)


def test_export_refused_to_anonymous_and_attendees(app, make_event):
    make_event()
    anonymous = app.test_client()
    attendee = app.test_client()
    attendee.get("/e/EV1")
    for http in (anonymous, attendee):
        for fmt in ("csv", "json"):
            response = http.get("/e/EV1/export.%s" % fmt)
            assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_export_of_an_unknown_event_or_format(make_event, make_user, login):
    make_event()
    http = login(make_user("moderator"))
    assert http.get("/e/NOPE/export.csv").status_code == 404
    assert http.get("/e/EV1/export.exe").status_code == 404
    response = http.get("/e/EV1/export.csv?order=sideways")
    assert response.status_code == 400
    no_stack_trace(response)


FORMULAS = ["=cmd()", "+SUM(A1:A9)", "-2+3", "@SUM(1)", '=HYPERLINK("http://x")']


@pytest.fixture
def transcript(app, make_event, attendee, staff):
    make_event(premoderation=False)
    mod = staff("moderator")
    ids = []
    for i, text in enumerate(FORMULAS):
        ack = call(attendee(), "ask", {"text": text, "name": "=NAME%d()" % i, "language": "en"})
        assert ack["ok"], ack
        ids.append(ack["question"]["id"])
    call(mod, "moderate", {"question_id": ids[0], "action": "dismiss", "reason": "=evil()"})
    call(mod, "moderate", {"question_id": ids[1], "action": "note", "note": "+note"})
    call(mod, "translate", {"question_id": ids[2], "language": "fr", "text": "=traduit()"})
    return mod.http, ids


def test_csv_neutralises_formula_cells(transcript):
    http, _ids = transcript
    response = http.get("/e/EV1/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert len(rows) == 1 + len(FORMULAS)
    dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    for formula in [*FORMULAS, "=NAME0()", "=evil()", "+note"]:
        assert "'" + formula in cells, formula


def test_json_export_parses_and_keeps_the_text(transcript):
    http, ids = transcript
    response = http.get("/e/EV1/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    assert data["event"]["code"] == "EV1"
    by_id = {q["id"]: q for q in data["questions"]}
    assert set(by_id) == set(ids)
    assert [by_id[i]["text"] for i in ids] == FORMULAS  # JSON is data, not a spreadsheet
    assert by_id[ids[0]]["dismiss_reason"] == "=evil()"
    assert by_id[ids[0]]["history"][-1]["action"] == "dismiss"


def test_staff_land_on_their_events_after_signing_in(client, make_user):
    make_user("moderator", email="m2@example.org")
    response = client.post(
        "/login", data={"email": "m2@example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200


def test_the_invitation_form_offers_moderator_first(app):
    from qa_app.forms.people import InviteForm

    with app.test_request_context():
        assert InviteForm(meta={"csrf": False}).role.data == "moderator"
