"""Sign-in against a real eventlet server: password work never stalls live sockets."""

import re
import statistics
import threading
import time

import pytest
import requests

from tests.live import LiveServer, app_env, attendee, flask_cli

pytestmark = pytest.mark.live

MODERATOR = "moderator@live.invalid"
PASSWORD = "live moderator password"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("logins")
    env = app_env(tmp / "qa.db")
    flask_cli(env, "init-db")
    flask_cli(env, "users", "create", MODERATOR, "--role", "moderator", "--password", PASSWORD)
    flask_cli(env, "events", "create", "LOGIN", "--title", "Logins")
    live = LiveServer(env, tmp / "server.log").start()
    yield live
    live.stop()
    assert "Traceback" not in live.log(), live.log()


def _guess_passwords(base: str, email: str, stop: threading.Event, tried: list) -> None:
    with requests.Session() as http:
        page = http.get(base + "/login", timeout=10).text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        while not stop.is_set():
            response = http.post(
                base + "/login",
                data={"email": email, "password": "wrong guess", "csrf_token": token},
                timeout=30,
            )
            tried.append(response.status_code)


def test_wrong_passwords_do_not_stall_live_sockets(server):
    """Eight loops of wrong passwords; before, an attendee's sync took 2.1 s (median)."""
    client = attendee(server.url, "LOGIN")
    stop, tried = threading.Event(), []
    guessers = [
        threading.Thread(
            target=_guess_passwords,
            args=(server.url, MODERATOR if i % 2 else "nobody@live.invalid", stop, tried),
        )
        for i in range(8)
    ]
    try:
        for guesser in guessers:
            guesser.start()
        time.sleep(0.5)
        latencies = []
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            started = time.monotonic()
            assert client.call("sync")["ok"]
            latencies.append(time.monotonic() - started)
            time.sleep(0.05)
    finally:
        stop.set()
        for guesser in guessers:
            guesser.join(30)
        client.close()
    print(
        "sync during %d wrong sign-ins: median %.0f ms, max %.0f ms"
        % (len(tried), statistics.median(latencies) * 1000, max(latencies) * 1000)
    )
    assert len(tried) >= 8
    assert statistics.median(latencies) < 0.3, latencies
