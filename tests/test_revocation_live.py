"""Logout on one worker closes the user's sockets on the other (through the message queue).

Two eventlet workers share a SQLite file (WAL) and a private redis-server on another
port, as in tests/test_outages_live.py.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio

from tests.live import Client, LiveServer, app_env, attendee, flask_cli, staff, staff_login
from tests.own_redis import OwnRedis

pytestmark = pytest.mark.live

MODERATOR = "moderator@live.invalid"
PASSWORD = "live moderator password"
TEXT = "Whose names do moderators see when attendees ask questions?"


@pytest.fixture
def workers(tmp_path):
    queue = OwnRedis(tmp_path).start()
    env = app_env(tmp_path / "qa.db", QA_MESSAGE_QUEUE=queue.url)
    flask_cli(env, "init-db")
    flask_cli(
        env, "users", "create", MODERATOR, "--role", "moderator",
        "--password", PASSWORD, "--name", "Mod",
    )  # fmt: skip
    flask_cli(env, "events", "create", "REVOKE", "--title", "Revocation", "--languages", "en")
    servers = [LiveServer(env, tmp_path / ("worker-%s.log" % n)) for n in "ab"]
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(LiveServer.start, servers))
        yield servers
    finally:
        for server in servers:
            server.stop()
        queue.stop()


def _log_out(base: str, cookie: str) -> None:
    page = requests.get(base + "/e/REVOKE/moderate", headers={"Cookie": cookie}, timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = requests.post(
        base + "/logout",
        data={"csrf_token": token},
        headers={"Cookie": cookie},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.status_code


def test_logout_on_one_worker_closes_the_socket_on_the_other(workers):
    a, b = workers
    cookie = staff_login(a.url, MODERATOR, PASSWORD)
    on_b = staff(b.url, "REVOKE", cookie)
    asker = attendee(a.url, "REVOKE")
    try:
        assert on_b.call("sync")["ok"]
        asker.call("ask", {"text": TEXT, "name": "Alice"})
        on_b.wait_for("question")  # it hears staff broadcasts, askers' names included

        _log_out(a.url, cookie)
        deadline = time.monotonic() + 5
        while on_b.sio.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not on_b.sio.connected, "the socket on worker B stayed open after logout on A"
        heard = len(on_b.received("question"))
        asker.call("ask", {"text": "After the logout: " + TEXT, "name": "Bob"})
        time.sleep(1.0)
        assert len(on_b.received("question")) == heard  # nothing more reaches it
        with pytest.raises(socketio.exceptions.ConnectionError):
            Client("/staff").connect(b.url, "REVOKE", cookie)  # the old cookie is dead
    finally:
        on_b.close()
        asker.close()
