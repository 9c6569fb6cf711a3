"""Closing a person's sockets reaches every worker: two ``python wsgi.py`` workers share
a SQLite file and the local Redis as message queue. A logout on worker A closes the
sockets held on worker B; ``flask staff revoke`` (a third process, with no sockets of its
own) closes that event's sockets on both workers and leaves the other event's open.

Skips with the reason when Redis is unreachable, except under ``CI=true``.
"""

import os
import re
import secrets
import time

import pytest
import requests

from tests.live import LiveServer, app_env, flask_cli, staff, staff_login

REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "closing password"
pytestmark = [pytest.mark.live, pytest.mark.services]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=5).ping()
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Redis on 127.0.0.1:6379: %s" % exc)
        pytest.skip("Redis at 127.0.0.1:6379 is unreachable (%s)" % exc)
    folder = tmp_path_factory.mktemp("closing")
    # Rooms are per event code and user id; own codes keep other runs' messages apart.
    codes = ["CL%s" % secrets.token_hex(4).upper() for _ in range(2)]
    env = app_env(folder / "qa.db", QA_MESSAGE_QUEUE=REDIS_URL)
    flask_cli(env, "init-db")
    for code in codes:
        flask_cli(env, "events", "create", code, "--title", "Closing " + code)
    for name in ("mod", "other"):
        flask_cli(
            env,
            "users",
            "create",
            name + "@example.org",
            "--role",
            "moderator",
            "--password",
            PASSWORD,
            "--name",
            name.title(),
        )
    workers = [LiveServer(env, folder / ("worker-%s.log" % n)).start() for n in "ab"]
    try:
        yield workers[0], workers[1], codes, env
    finally:
        for worker in workers:
            worker.stop()


def _logout(base: str, code: str, cookie: str) -> None:
    """Sign out with the dashboard's form, as a browser does (CSRF token included)."""
    with requests.Session() as http:
        for pair in cookie.split("; "):
            name, _, value = pair.partition("=")
            http.cookies.set(name, value)
        page = http.get("%s/e/%s/moderate" % (base, code), timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = http.post(
            base + "/logout", data={"csrf_token": token}, allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text[:300]


def _closed(client, timeout=5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.namespace not in client.sio.namespaces:
            return True
        time.sleep(0.05)
    return False


def test_logout_on_one_worker_closes_the_sockets_on_the_other(cluster):
    a, b, codes, _env = cluster
    cookie = staff_login(a.url, "mod@example.org", PASSWORD)
    held_on_b = [staff(b.url, code, cookie) for code in codes]
    held_on_a = staff(a.url, codes[0], cookie)
    bystander = staff(b.url, codes[0], staff_login(b.url, "other@example.org", PASSWORD))
    try:
        for client in (*held_on_b, held_on_a, bystander):
            assert client.call("sync")["ok"]
        _logout(a.url, codes[0], cookie)
        assert all(_closed(client) for client in (*held_on_b, held_on_a))
        assert not _closed(bystander, timeout=0.5)
        assert bystander.call("sync")["ok"]
    finally:
        for client in (*held_on_b, held_on_a, bystander):
            client.close()


def test_revoking_on_one_event_closes_those_sockets_on_every_worker(cluster):
    a, b, codes, env = cluster
    flask_cli(
        env,
        "users",
        "create",
        "revoked@example.org",
        "--role",
        "facilitator",
        "--password",
        PASSWORD,
        "--name",
        "Revoked",
        "--event",
        codes[0],
        "--event",
        codes[1],
    )
    cookie = staff_login(a.url, "revoked@example.org", PASSWORD)
    first = [staff(worker.url, codes[0], cookie) for worker in (a, b)]
    second = [staff(worker.url, codes[1], cookie) for worker in (a, b)]
    try:
        output = flask_cli(env, "staff", "revoke", codes[0], "revoked@example.org")
        assert "Revoked facilitator" in output
        assert all(_closed(client) for client in first)
        assert not any(_closed(client, timeout=0.5) for client in second)
        assert all(client.call("sync")["ok"] for client in second)
    finally:
        for client in (*first, *second):
            client.close()
