"""Room broadcasts written straight to idle WebSockets (qa_app/live/direct.py), against a
real eventlet server with the pinned python-engineio and eventlet.

- A client that offers permessage-deflate as Chromium does gets plain frames, and reads
  every message.
- A client that stops reading (its socket buffer full) still gets every message, in the
  order they were emitted: questions, votes and its own acks interleaved, although some
  were written directly and some went through its queue while it was stalled.
- A client still on long-polling gets every broadcast.
"""

import json
import re
import socket
import time

import pytest
import requests
import websocket

from tests.live import (
    LiveServer,
    app_env,
    attendee,
    attendee_cookie,
    flask_cli,
    staff,
    staff_login,
)

pytestmark = pytest.mark.live
CODE = "DIRECT"
SYNCS = 150  # unread snapshots: more than the kernel buffers on both ends hold
TOKEN = "direct-metrics-token"
# 480 Arabic letters travel as \uXXXX escapes: about 3 KB a question, to fill buffers fast.
LONG = ("ما هو دور خدمات التشغيل العمومية في التوظيف العادل؟ " * 10)[:480]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("direct")
    # One asker sends 25 questions: more than an attendee may in a minute (QA_ASK_RATE).
    env = app_env(
        tmp / "qa.db", QA_METRICS_TOKEN=TOKEN, QA_VOTES_WINDOW_MIN="0.05", QA_ASK_RATE="off"
    )
    flask_cli(env, "init-db")
    flask_cli(env, "events", "create", CODE, "--title", "Direct", "--languages", "en,ar")
    flask_cli(
        env, "users", "create", "mod@example.org", "--role", "moderator",
        "--password", "direct delivery moderator 2030",
    )  # fmt: skip
    live = LiveServer(env, tmp / "server.log").start()
    yield live
    live.stop()


@pytest.fixture
def moderator(server):
    cookie = staff_login(server.url, "mod@example.org", "direct delivery moderator 2030")
    client = staff(server.url, CODE, cookie)
    yield client
    client.close()


class RawAttendee:
    """An attendee over a bare WebSocket: it decides when to read, and how much it buffers."""

    def __init__(self, base: str, receive_buffer: int | None = None, offer_deflate=False):
        cookie = attendee_cookie(base, CODE)
        headers = ["Cookie: " + cookie]
        if offer_deflate:
            headers.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
        sockopt = [(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)] if receive_buffer else []
        url = base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = websocket.create_connection(url, header=headers, sockopt=sockopt, timeout=20)
        assert self.ws.recv().startswith("0{")  # Engine.IO open
        self.ws.send('40/attendee,{"event":"%s"}' % CODE)
        assert self.ws.recv().startswith("40/attendee,")
        self.acks = 0

    def emit(self, event: str, payload: dict) -> None:
        self.acks += 1
        self.ws.send("42/attendee,%d%s" % (self.acks, json.dumps([event, payload])))

    def read_until(self, done, timeout: float = 30.0) -> list[tuple[str, dict]]:
        """Every message until ``done(messages)``; pings answered, nothing else dropped."""
        messages, deadline = [], time.monotonic() + timeout
        while not done(messages):
            assert time.monotonic() < deadline, messages[-5:]
            frame = self.ws.recv()
            if frame == "2":
                self.ws.send("3")
                continue
            ack = re.match(r"43/attendee,(\d+)(.*)", frame, re.S)
            if ack:
                messages.append(("ack", {"id": int(ack.group(1)), **json.loads(ack.group(2))[0]}))
            elif frame.startswith("42/attendee,"):
                name, data = json.loads(frame[len("42/attendee,") :])
                messages.append((name, data))
        return messages

    def close(self):
        self.ws.close()


def room_deliveries(server) -> dict[str, float]:
    text = requests.get(
        server.url + "/metrics", headers={"Authorization": "Bearer " + TOKEN}, timeout=10
    ).text
    return {
        path: float(value)
        for path, value in re.findall(r'qa_room_deliveries_total\{path="(\w+)"\} (\S+)', text)
    }


def test_a_client_offering_deflate_as_chromium_does_gets_plain_frames_and_reads_all(
    server, moderator
):
    client = RawAttendee(server.url, offer_deflate=True)
    try:
        assert "sec-websocket-extensions" not in {k.lower() for k in client.ws.headers}
        asker = attendee(server.url, CODE)
        question = asker.call("ask", {"text": "Plain frames?", "language": "en"})["question"]
        asker.call("vote", {"question_id": question["id"], "on": True})
        asker.close()
        messages = client.read_until(
            lambda got: any(name == "votes" for name, _ in got), timeout=15
        )
        assert [name for name, _ in messages] == ["question", "votes"]
    finally:
        client.close()


def test_a_stalled_client_gets_every_message_in_the_order_they_were_emitted(server, moderator):
    before = room_deliveries(server)
    stalled = RawAttendee(server.url, receive_buffer=2048)
    asker = attendee(server.url, CODE)
    expected, syncs = [], 0

    def one_round(number: int) -> None:
        # A question, written directly while the stalled client's buffer has room and
        # through its queue once it is full; its own vote, whose ack always goes through
        # the queue; then the coalesced votes message.
        text = "%d. %s" % (number, LONG)
        ack = asker.call("ask", {"text": text, "language": "ar", "confirm_language": True})
        question = ack["question"]["id"]
        moderator.wait_for("question", lambda data: data["question"]["id"] == question)
        stalled.emit("vote", {"question_id": question, "on": True})
        moderator.wait_for("votes", lambda data: data["counts"].get(str(question)) == 1, timeout=10)
        expected.extend([("question", question), ("ack", stalled.acks), ("votes", question)])

    try:
        for number in range(8):
            one_round(number)
        # Snapshots it does not read (24 KB each) fill the server's buffers for it.
        for _ in range(SYNCS):
            stalled.emit("sync", {})
            syncs += 1
        time.sleep(1)
        for number in range(8, 16):
            one_round(number)
        messages = stalled.read_until(lambda got: len(got) >= len(expected) + syncs, 120)
    finally:
        asker.close()
        stalled.close()
    seen, snapshots = [], 0
    for name, data in messages:
        if name == "question":
            seen.append(("question", data["question"]["id"]))
        elif name == "ack" and "questions" in data:
            snapshots += 1
        elif name == "ack":
            assert data["ok"], data
            seen.append(("ack", data["id"]))
        elif name == "votes":
            seen += [("votes", int(qid)) for qid in data["counts"]]
    assert seen == expected and snapshots == SYNCS
    after = room_deliveries(server)
    # Both paths were taken: direct while there was room, queued once the buffer was full.
    assert after["direct"] > before.get("direct", 0)
    assert after["queued"] > before.get("queued", 0)


def test_a_client_still_on_long_polling_gets_every_broadcast(server, moderator):
    import socketio

    cookie = attendee_cookie(server.url, CODE)
    polling = socketio.Client(reconnection=False)
    received = []
    polling.on("question", lambda data: received.append(("question", data)), namespace="/attendee")
    polling.on("votes", lambda data: received.append(("votes", data)), namespace="/attendee")
    polling.connect(
        server.url, headers={"Cookie": cookie}, auth={"event": CODE},
        namespaces=["/attendee"], transports=["polling"], wait_timeout=10,
    )  # fmt: skip
    asker = attendee(server.url, CODE)
    try:
        ids = [
            asker.call("ask", {"text": "Polling %d?" % n, "language": "en"})["question"]["id"]
            for n in range(3)
        ]
        for qid in ids:
            asker.call("vote", {"question_id": qid, "on": True})
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            voted = {qid for name, data in received if name == "votes" for qid in data["counts"]}
            if voted >= {str(qid) for qid in ids}:
                break
            time.sleep(0.05)
        assert polling.transport() == "polling"
    finally:
        asker.close()
        polling.disconnect()
    assert [data["question"]["id"] for name, data in received if name == "question"] == ids
    assert voted >= {str(qid) for qid in ids}


def test_with_direct_delivery_off_every_packet_goes_through_the_queues(tmp_path):
    """QA_DIRECT_DELIVERY=off: python-socketio's own path, for comparing the two."""
    env = app_env(tmp_path / "qa.db", QA_METRICS_TOKEN=TOKEN, QA_DIRECT_DELIVERY="off")
    flask_cli(env, "init-db")
    flask_cli(env, "events", "create", CODE, "--title", "Queued")
    live = LiveServer(env, tmp_path / "server.log").start()
    try:
        watcher, asker = attendee(live.url, CODE), attendee(live.url, CODE)
        question = asker.call("ask", {"text": "Queued?", "language": "en"})["question"]
        watcher.wait_for("question", lambda data: data["question"]["id"] == question["id"])
        watcher.close()
        asker.close()
        paths = room_deliveries(live)
    finally:
        live.stop()
    assert paths["direct"] == 0 and paths["queued"] >= 2
