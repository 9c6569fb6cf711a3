"""Password forms never hold SQLite's write lock while hashing (issue 17, item 1).

A real eventlet server on a SQLite file. While one thread submits every form that
checks or sets a password (signing in on an invitation page, changing one's password,
accepting an invitation with a new account, a reset link), an attendee loops ``sync``.
Before, a hash computed inside the form's transaction held the write lock: the next
``sync`` waited for SQLite's busy timeout with the event loop blocked, 10 s.
"""

import re
import threading
import time

import pytest
import requests

from tests.live import FromAddress, LiveServer, app_env, attendee, csrf_token, flask_cli

pytestmark = pytest.mark.live

CODE = "PWFORMS"
PASSWORD = "amber falcon ledger"
ADMIN, ORGANISER = "admin@live.invalid", "organiser@live.invalid"
MODERATOR, MEMBER = "moderator@live.invalid", "member@live.invalid"
CHANGES = ("velvet quarry tundra mosaic", "saffron orbit candle meadow")
ROUNDS = 5  # of each form; about 15 s in all on two busy cores


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("password-forms")
    env = app_env(tmp / "qa.db")
    flask_cli(env, "init-db")
    for email, role in ((ADMIN, "admin"), (ORGANISER, "organiser"), (MODERATOR, "moderator")):
        flask_cli(env, "users", "create", email, "--role", role, "--password", PASSWORD)
    flask_cli(env, "users", "create", MEMBER, "--role", "panelist", "--password", PASSWORD)
    flask_cli(env, "events", "create", CODE, "--title", "Password forms")
    live = LiveServer(env, tmp / "server.log").start()
    yield live
    live.stop()
    assert "Traceback" not in live.log(), live.log()


def _browser(address: str = "127.0.0.1") -> requests.Session:
    http = requests.Session()
    http.mount("http://", FromAddress(address))
    return http


def _signed_in(base: str, email: str) -> requests.Session:
    http = _browser()
    token = csrf_token(http.get(base + "/login", timeout=30).text)
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    assert http.post(base + "/login", data=data, allow_redirects=False, timeout=30).ok
    return http


def _post(http, base: str, page: str, data: dict, target: str | None = None, prefix=""):
    """Load ``page`` for its CSRF token, then post ``data`` (to ``target``, else the page)."""
    loaded = http.get(base + page, timeout=30)
    assert loaded.status_code == 200, (page, loaded.status_code, loaded.text[:300])
    token = {prefix + "csrf_token": csrf_token(loaded.text, prefix)}
    return http.post(
        base + (target or page),
        data={**data, **token},
        allow_redirects=False,
        timeout=30,
    )


def _link_path(response) -> str:
    link = re.search(r'id="one-time-link" value="([^"]+)"', response.text).group(1)
    return "/" + link.split("/", 3)[3]


def _invite(organiser, base: str, email: str, role: str) -> str:
    page = "/manage/e/%s/staff/" % CODE
    response = _post(organiser, base, page, {"email": email, "role": role})
    assert response.status_code == 200, response.text[:300]
    return _link_path(response)


def _drive_every_form(base: str, done: dict) -> None:
    organiser, admin = _signed_in(base, ORGANISER), _signed_in(base, ADMIN)
    # 1. Signing in on an invitation page: wrong passwords (from other addresses, so the
    # lockout does not end the load), then the right one.
    path = _invite(organiser, base, MEMBER, "facilitator")
    for n in range(ROUNDS):
        data = {"action": "signin", "signin-email": MEMBER, "signin-password": "wrong guess"}
        browser = _browser("127.0.5.%d" % (n + 1))
        status = _post(browser, base, path, data, prefix="signin-").status_code
        done.setdefault("wrong sign-in on an invitation", []).append(status)
    data = {"action": "signin", "signin-email": MEMBER, "signin-password": PASSWORD}
    accepted = _post(_browser(), base, path, data, prefix="signin-")
    done["sign-in on an invitation"] = [accepted.status_code]
    # 2. Changing one's own password, back and forth.
    moderator, current = _signed_in(base, MODERATOR), PASSWORD
    for n in range(ROUNDS):
        new = CHANGES[n % 2]
        data = {"current": current, "password": new, "confirm": new}
        done.setdefault("password change", []).append(
            _post(moderator, base, "/manage/password", data).status_code
        )
        current = new
    # 3. Accepting an invitation with a new account.
    for n in range(ROUNDS):
        path = _invite(organiser, base, "new-%d@live.invalid" % n, "interpreter")
        data = {"action": "new", "new-name": "Person %d" % n}
        data.update({"new-password": CHANGES[0], "new-confirm": CHANGES[0]})
        accepted = _post(_browser(), base, path, data, prefix="new-")
        done.setdefault("new account", []).append(accepted.status_code)
    # 4. A reset link.
    accounts = admin.get(base + "/manage/accounts?q=member", timeout=30).text
    user_id = re.search(r"/manage/accounts/(\d+)/reset-link", accounts).group(1)
    for n in range(ROUNDS):
        target = "/manage/accounts/%s/reset-link" % user_id
        path = _link_path(_post(admin, base, "/manage/accounts?q=member", {}, target))
        new = CHANGES[n % 2]
        status = _post(_browser(), base, path, {"password": new, "confirm": new}).status_code
        done.setdefault("reset", []).append(status)


def _p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[int(len(ordered) * 0.99)]


def test_password_forms_do_not_stall_live_sockets(server):
    client = attendee(server.url, CODE)
    done: dict = {}
    failure: list = []
    # The same loop with no form running: what a sync costs on this machine right now.
    quiet, until = [], time.monotonic() + 3
    while time.monotonic() < until:
        started = time.monotonic()
        assert client.call("sync", timeout=15)["ok"]
        quiet.append(time.monotonic() - started)
        time.sleep(0.02)

    def drive():
        try:
            _drive_every_form(server.url, done)
        except Exception as exc:  # reported below, with the timings
            failure.append(exc)

    driver = threading.Thread(target=drive)
    latencies = []
    started_all = time.monotonic()
    driver.start()
    try:
        while driver.is_alive() and time.monotonic() - started_all < 60:
            started = time.monotonic()
            ack = client.call("sync", timeout=15)
            assert ack["ok"], (ack, done)
            latencies.append(time.monotonic() - started)
            time.sleep(0.02)
    finally:
        driver.join(60)
        client.close()
    assert not failure, failure
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)]
    print(
        "sync during %d password forms in %.1f s: %d syncs, median %.0f ms, "
        "p99 %.0f ms, max %.0f ms"
        % (
            sum(len(codes) for codes in done.values()),
            time.monotonic() - started_all,
            len(latencies),
            latencies[len(latencies) // 2] * 1000,
            p99 * 1000,
            latencies[-1] * 1000,
        )
    )
    assert done == {
        "wrong sign-in on an invitation": [400] * ROUNDS,
        "sign-in on an invitation": [303],
        "password change": [303] * ROUNDS,
        "new account": [303] * ROUNDS,
        "reset": [303] * ROUNDS,
    }
    # Under 200 ms, as the issue asks; on a machine so busy that a quiet sync is slow too,
    # at most three times the quiet p99 (a stalled loop took 10 s).
    assert p99 < max(0.2, 3 * _p99(quiet)), (latencies[-10:], _p99(quiet))
