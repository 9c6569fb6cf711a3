"""Transport edges against a real eventlet server: slow headers, big polling POSTs,
malformed frames."""

import socket
import time

import pytest
import requests
import websocket

from tests.live import HOST, LiveServer, app_env, attendee, attendee_cookie, flask_cli

pytestmark = pytest.mark.live
HEADER_TIMEOUT = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("transport")
    env = app_env(tmp / "qa.db", QA_HEADER_TIMEOUT=HEADER_TIMEOUT)
    flask_cli(env, "init-db")
    flask_cli(env, "events", "create", "WIRE", "--title", "Transport")
    live = LiveServer(env, tmp / "server.log").start()
    yield live
    live.stop()


def test_half_sent_headers_are_cut_off(server):
    """Before, a request with only half its headers stayed open for minutes."""
    with socket.create_connection((HOST, server.port), timeout=30) as raw:
        raw.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        for _ in range(10):  # trickle a byte now and then: each read alone is quick
            time.sleep(0.3)
            try:
                raw.sendall(b"X")
            except OSError:
                break
        try:
            closed = raw.recv(1024) == b""
        except ConnectionResetError:
            closed = True
        waited = time.monotonic() - started
    assert closed and waited < HEADER_TIMEOUT + 5, waited
    assert requests.get(server.url + "/healthz", timeout=10).status_code == 200


def test_an_oversized_polling_post_is_answered_413(server):
    """Before, Engine.IO polling POSTs over 16 KiB were never answered."""
    cookie = attendee_cookie(server.url, "WIRE")
    with requests.Session() as http:
        opened = http.get(
            server.url + "/socket.io/?EIO=4&transport=polling",
            headers={"Cookie": cookie},
            timeout=10,
        )
        sid = opened.text.split('"sid":"')[1].split('"')[0]
        response = http.post(
            server.url + "/socket.io/?EIO=4&transport=polling&sid=" + sid,
            data=b"4" + b"x" * (32 * 1024),
            headers={"Cookie": cookie, "Content-Type": "text/plain"},
            timeout=10,
        )
    assert response.status_code == 413


def test_malformed_frames_close_quietly(server):
    cookie = attendee_cookie(server.url, "WIRE")
    frames = ['42/attendee,["ask",', "4x", '42/attendee,["\\ud800"]', "42/attendee,1[]"]
    for frame in frames:
        ws = websocket.create_connection(
            server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
            header=["Cookie: " + cookie],
            timeout=10,
        )
        try:
            ws.recv()
            ws.send('40/attendee,{"event":"WIRE"}')
            ws.recv()
            ws.send(frame)
            time.sleep(0.2)
        finally:
            ws.close()
    client = attendee(server.url, "WIRE")  # the server carries on
    try:
        assert client.call("sync")["ok"]
    finally:
        client.close()
    log = server.log()
    assert "Traceback" not in log and "message handler error" not in log, log
