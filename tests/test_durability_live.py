"""SIGKILL under load: 100 attendees asking and voting, and nothing acknowledged is lost."""

import random
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live import Client, LiveServer, app_env, attendee, attendee_cookie, flask_cli

pytestmark = pytest.mark.live
CLIENTS = 100
TARGET = 150  # acknowledged asks and votes before the kill
TEXT = "How do public employment services check private recruitment agencies?"


def _rows(db_path, query):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_sigkill_with_a_hundred_clients_loses_nothing_acknowledged(tmp_path):
    db_path = tmp_path / "qa.db"
    env = app_env(db_path)
    flask_cli(env, "init-db")
    flask_cli(env, "events", "create", "KILL", "--title", "SIGKILL", "--languages", "en")
    server = LiveServer(env, tmp_path / "server.log").start()
    asked: dict[str, int] = {}  # text -> id, acknowledged only
    voted: set[tuple[int, int]] = set()  # (client, question), acknowledged "on" only
    lock, stop = threading.Lock(), threading.Event()
    clients: list[Client] = []
    try:
        with ThreadPoolExecutor(25) as pool:
            cookies = list(pool.map(lambda _: attendee_cookie(server.url, "KILL"), range(CLIENTS)))
            clients = list(pool.map(lambda c: attendee(server.url, "KILL", c), cookies))
        seeds = [
            clients[n].call("ask", {"text": "Seed %d: %s" % (n, TEXT)})["question"]["id"]
            for n in range(10)
        ]

        def act(index: int, client: Client) -> None:
            rng = random.Random(index)
            for step in range(20):
                if stop.is_set():
                    return
                try:
                    if step % 4 == 0:
                        text = "Question %d of attendee %d: %s" % (step, index, TEXT)
                        ack = client.call("ask", {"text": text}, timeout=20)
                        if ack.get("ok"):
                            with lock:
                                asked[text] = ack["question"]["id"]
                    else:
                        qid = rng.choice(seeds)
                        ack = client.call("vote", {"question_id": qid, "on": True}, timeout=20)
                        if ack.get("ok"):
                            with lock:
                                voted.add((index, qid))
                except Exception:  # the server died under us (or was too slow to answer)
                    if stop.is_set() or not server.alive():
                        return

        workers = [threading.Thread(target=act, args=pair) for pair in enumerate(clients)]
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 60
        while len(voted) + len(asked) < TARGET and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()  # mid-load: asks and votes are in flight
        stop.set()
        for worker in workers:
            worker.join(30)
    finally:
        stop.set()
        with ThreadPoolExecutor(25) as pool:
            list(pool.map(Client.close, clients))
        server.kill()
    print("at the kill: %d questions and %d votes acknowledged" % (len(asked), len(voted)))
    assert len(voted) + len(asked) >= TARGET

    stored = dict(_rows(db_path, "SELECT text, id FROM questions"))
    for text, qid in asked.items():
        assert stored.get(text) == qid, text
    voters = {
        (qid, n)
        for qid, n in _rows(db_path, "SELECT question_id, count(*) FROM votes GROUP BY question_id")
    }
    counts = {
        qid: votes for qid, votes in _rows(db_path, "SELECT id, votes FROM questions") if votes
    }
    assert counts == dict(voters)  # every count equals its vote rows
    for qid in {q for _, q in voted}:
        assert counts[qid] >= sum(1 for _, q in voted if q == qid)
