"""Against a real server: ``python wsgi.py`` (eventlet) and the real python-socketio client."""

import contextlib
import gc
import shutil
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio
import websocket

from tests.live import (
    Client,
    LiveServer,
    app_env,
    attendee,
    attendee_cookie,
    flask_cli,
    staff,
    staff_login,
)

pytestmark = pytest.mark.live

MODERATOR = "moderator@live.invalid"
PASSWORD = "live moderator password"
TEXT = "How do public employment services check private recruitment agencies?"


def prepare(tmp_path, *events):
    """A database made with the CLI: schema, a moderator and the events asked for."""
    env = app_env(tmp_path / "qa.db")
    assert "Database ready" in flask_cli(env, "init-db")
    flask_cli(
        env,
        "users",
        "create",
        MODERATOR,
        "--role",
        "moderator",
        "--password",
        PASSWORD,
        "--name",
        "Mo",
    )
    for code, *options in events:
        flask_cli(env, "events", "create", code, "--title", "Live %s" % code, *options)
    return env


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A database file made once with the CLI; each server runs on its own copy."""
    tmp = tmp_path_factory.mktemp("prepared")
    prepare(tmp, ("LOOP", "--premoderation", "--languages", "en,fr"), ("OPEN",))
    # The CLI makes events without a panel; seat one panelist directly for the loop.
    conn = sqlite3.connect(tmp / "qa.db")
    with conn:
        conn.execute(
            "INSERT INTO panelists (event_id, name, organisation, languages, position) "
            "SELECT id, 'Ana', 'EURES Sweden', 'en', 0 FROM events WHERE code = 'LOOP'"
        )
    conn.close()
    return tmp / "qa.db"


def copy_database(template, folder):
    folder.mkdir(exist_ok=True)
    shutil.copyfile(template, folder / "qa.db")
    return folder / "qa.db"


@pytest.fixture(scope="module")
def server(prepared, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("live")
    db_path = copy_database(prepared, tmp)
    live = LiveServer(app_env(db_path), tmp / "server.log").start()
    live.db_path = db_path
    live.moderator_cookie = staff_login(live.url, MODERATOR, PASSWORD)
    yield live
    live.stop()
    assert "Traceback" not in live.log(), live.log()


def db_rows(db_path, query, *params):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def test_the_whole_loop_with_two_attendees_and_a_moderator(server):
    alice, bob = attendee(server.url, "LOOP"), attendee(server.url, "LOOP")
    mod = staff(server.url, "LOOP", server.moderator_cookie)
    try:
        for client in (alice, bob, mod):
            assert client.call("sync")["ok"]
        ack = alice.call("ask", {"text": TEXT, "language": "en", "name": "Alice"})
        assert ack["ok"] and ack["question"]["state"] == "pending", ack
        qid = ack["question"]["id"]

        pending = mod.wait_for("question", lambda m: m["question"]["id"] == qid)
        assert pending["question"]["state"] == "pending"
        alice.wait_for("question", lambda m: m["question"]["id"] == qid)  # the asker's own

        ack = mod.call("moderate", {"question_id": qid, "action": "approve"})
        assert ack["ok"] and ack["question"]["state"] == "published"
        for client in (alice, bob):
            client.wait_for("question", lambda m: m["question"]["state"] == "published")
        # Bob never saw it while it was pending.
        assert [m["question"]["state"] for m in bob.received("question")] == ["published"]

        assert bob.call("vote", {"question_id": qid, "on": True})["votes"] == 1
        assert bob.call("vote", {"question_id": qid, "on": True})["votes"] == 1
        assert alice.call("vote", {"question_id": qid, "on": True})["votes"] == 2
        assert bob.call("vote", {"question_id": qid, "on": False})["votes"] == 1
        assert bob.call("vote", {"question_id": qid, "on": True})["votes"] == 2
        for client in (alice, bob, mod):
            client.wait_for("votes", lambda m: m["counts"].get(str(qid)) == 2)

        [panelist] = mod.call("sync")["event"]["panelists"]
        for action, fields, check in [
            (
                "assign",
                {"panelist_id": panelist["id"]},
                lambda q: (q["panelist"] or {}).get("name") == "Ana",
            ),
            ("highlight", {}, lambda q: q["highlighted"]),
            ("answer", {}, lambda q: q["state"] == "answered" and not q["highlighted"]),
        ]:
            ack = mod.call("moderate", {"question_id": qid, "action": action, **fields})
            assert ack["ok"] and check(ack["question"]), (action, ack)
            for client in (alice, bob):
                client.wait_for("question", lambda m, c=check: c(m["question"]))
        snapshot = bob.call("sync")
        [question] = snapshot["questions"]
        assert (question["state"], question["votes"]) == ("answered", 2)
        assert snapshot["me"]["voted"] == [qid]
    finally:
        for client in (alice, bob, mod):
            client.close()


def test_two_hundred_attendees_vote_on_one_question_at_once(server):
    asker = attendee(server.url, "OPEN")
    qid = asker.call("ask", {"text": TEXT, "language": "en"})["question"]["id"]
    asker.close()
    cookies = [attendee_cookie(server.url, "OPEN") for _ in range(200)]
    with ThreadPoolExecutor(max_workers=25) as pool:
        started = time.monotonic()
        clients = list(pool.map(lambda cookie: attendee(server.url, "OPEN", cookie), cookies))
        connect_seconds = time.monotonic() - started
        try:
            go = threading.Barrier(25)

            def vote(client):
                with contextlib.suppress(threading.BrokenBarrierError):
                    go.wait(timeout=10)  # release 25 votes at the same instant
                return client.call("vote", {"question_id": qid, "on": True}, timeout=30)

            started = time.monotonic()
            acks = list(pool.map(vote, clients))
            vote_seconds = time.monotonic() - started
        finally:
            list(pool.map(Client.close, clients))
    assert all(ack["ok"] for ack in acks), [a for a in acks if not a["ok"]][:3]
    assert sorted(ack["votes"] for ack in acks) == list(range(1, 201))
    check = attendee(server.url, "OPEN")
    try:
        [question] = [q for q in check.call("sync")["questions"] if q["id"] == qid]
    finally:
        check.close()
    assert question["votes"] == 200
    assert db_rows(server.db_path, "SELECT votes FROM questions WHERE id = ?", qid) == [(200,)]
    assert db_rows(server.db_path, "SELECT count(*) FROM votes WHERE question_id = ?", qid) == [
        (200,)
    ]
    print("200 attendees: connect %.2f s, votes %.2f s" % (connect_seconds, vote_seconds))


def test_moderation_needs_a_staff_session(server):
    alice = attendee(server.url, "OPEN")
    try:
        qid = alice.call("ask", {"text": TEXT, "language": "en"})["question"]["id"]
        for name, payload in [
            ("moderate", {"question_id": qid, "action": "dismiss"}),
            ("configure", {"accepting": False}),
            ("translate", {"question_id": qid, "language": "en", "text": "x"}),
        ]:
            ack = alice.call(name, payload)
            assert (ack["ok"], ack["error"]) == (False, "forbidden") and ack["message"]
    finally:
        alice.close()
    attendee_only = attendee_cookie(server.url, "OPEN")
    for cookie in (None, attendee_only, "session=forged.cookie.value"):
        with pytest.raises(socketio.exceptions.ConnectionError):
            Client("/staff").connect(server.url, "OPEN", cookie)
    with pytest.raises(socketio.exceptions.ConnectionError):
        Client("/attendee").connect(server.url, "OPEN", None)
    with pytest.raises(socketio.exceptions.ConnectionError):
        Client("/attendee").connect(server.url, "NO-SUCH-EVENT", attendee_only)
    assert db_rows(server.db_path, "SELECT state FROM questions WHERE id = ?", qid) == [
        ("published",)
    ]


# When the server drops the connection, websocket-client (under python-socketio) lets go
# of its socket without closing it; collected here, the warning is about the client.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_message_over_the_size_limit_is_refused_without_crashing(server):
    big = attendee(server.url, "OPEN")
    disconnected = threading.Event()
    big.sio.on("disconnect", disconnected.set, namespace="/attendee")
    try:
        big.sio.emit("ask", {"text": "x" * 64_000, "language": "en"}, namespace="/attendee")
        assert disconnected.wait(10), "the server kept a connection that sent 64 kB"
    finally:
        big.close()
    assert requests.get(server.url + "/healthz", timeout=5).json()["status"] == "ok"
    ok = attendee(server.url, "OPEN")
    try:
        ack = ok.call("ask", {"text": "x" * 2000, "language": "en"})
        assert (ack["ok"], ack["error"]) == (False, "invalid")  # under the frame limit
        assert ok.call("sync")["ok"]
    finally:
        ok.close()
    assert db_rows(server.db_path, "SELECT count(*) FROM questions WHERE length(text) > 500") == [
        (0,)
    ]
    big = None
    gc.collect()


def test_an_origin_from_another_site_is_refused(server):
    handshake = server.url + "/socket.io/?EIO=4&transport=polling"
    assert requests.get(handshake, headers={"Origin": server.url}, timeout=5).status_code == 200
    assert (
        requests.get(handshake, headers={"Origin": "https://evil.example"}, timeout=5).status_code
        == 400
    )
    ws_url = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketException):
        conn = websocket.create_connection(ws_url, origin="https://evil.example", timeout=5)
        try:
            conn.recv()  # a server that accepted would send its open packet here
        finally:
            conn.close()
    cookie = attendee_cookie(server.url, "OPEN")
    with pytest.raises(socketio.exceptions.ConnectionError):
        Client("/attendee").connect(
            server.url, "OPEN", cookie, headers={"Origin": "https://evil.example"}
        )


def test_killing_the_server_mid_event_loses_nothing_acknowledged(prepared, tmp_path):
    db_path = copy_database(prepared, tmp_path)
    live = LiveServer(app_env(db_path), tmp_path / "server.log").start()
    cookies = [attendee_cookie(live.url, "OPEN") for _ in range(6)]
    clients = [attendee(live.url, "OPEN", cookie) for cookie in cookies]
    asked: dict[str, int] = {}  # text -> id, for acknowledged questions only
    voted: list[tuple[int, int]] = []  # (attendee index, question id), acknowledged only
    lock = threading.Lock()
    try:
        for i, client in enumerate(clients[:3]):
            for n in range(2):
                text = "Question %d from attendee %d: %s" % (n, i, TEXT)
                asked[text] = client.call("ask", {"text": text, "language": "en"})["question"]["id"]
        question_ids = sorted(asked.values())

        def keep_voting(index, client):
            for qid in question_ids:
                try:
                    ack = client.call("vote", {"question_id": qid, "on": True}, timeout=2)
                except Exception:  # the server died under us: stop
                    return
                if ack.get("ok"):
                    with lock:
                        voted.append((index, qid))

        def keep_asking(index, client):
            for n in range(2, 5):
                text = "Late question %d from attendee %d: %s" % (n, index, TEXT)
                try:
                    ack = client.call("ask", {"text": text, "language": "en"}, timeout=2)
                except Exception:
                    return
                if ack.get("ok"):
                    with lock:
                        asked[text] = ack["question"]["id"]

        workers = [
            threading.Thread(target=keep_voting, args=(i, c)) for i, c in enumerate(clients)
        ] + [
            threading.Thread(target=keep_asking, args=(i, c)) for i, c in enumerate(clients[3:], 3)
        ]
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 10
        while len(voted) < 12 and time.monotonic() < deadline:
            time.sleep(0.005)
        live.kill()  # mid-event: votes and questions are still in flight
        for worker in workers:
            worker.join(10)
    finally:
        for client in clients:
            client.close()
    assert not live.alive()
    assert len(voted) >= 12

    # The database on disk already holds everything that was acknowledged.
    stored = dict(db_rows(db_path, "SELECT text, id FROM questions"))
    for text, qid in asked.items():
        assert stored.get(text) == qid
    counts = dict(db_rows(db_path, "SELECT id, votes FROM questions"))
    rows = dict(db_rows(db_path, "SELECT question_id, count(*) FROM votes GROUP BY question_id"))
    assert {qid: n for qid, n in counts.items() if n} == rows  # counts agree with the rows

    # Restarted on the same database, it serves that same state.
    live.start()
    try:
        for index, cookie in enumerate(cookies):
            client = attendee(live.url, "OPEN", cookie)
            try:
                snapshot = client.call("sync")
            finally:
                client.close()
            served = {q["id"]: q for q in snapshot["questions"]}
            assert {qid: q["votes"] for qid, q in served.items()} == counts
            mine = {qid for i, qid in voted if i == index}
            assert mine <= set(snapshot["me"]["voted"])
            assert {q["text"]: qid for qid, q in served.items()} == stored
        mod = staff(live.url, "OPEN", staff_login(live.url, MODERATOR, PASSWORD))
        try:
            assert (
                mod.call("sync")["seq"]
                == db_rows(db_path, "SELECT seq FROM events WHERE code = 'OPEN'")[0][0]
            )
        finally:
            mod.close()
    finally:
        live.stop()
