"""PostgreSQL connections terminated mid-load (pg_terminate_backend): nothing acknowledged
is lost, and no answer is `conflict`."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live import LiveServer, app_env, attendee, attendee_cookie, flask_cli
from tests.pg import fresh_database, query, terminate_connections

pytestmark = [pytest.mark.services, pytest.mark.live]
CLIENTS = 20
TEXT = "How do public employment services check private recruitment agencies?"


@pytest.fixture
def database():
    with fresh_database("qa_outage") as (admin, name, _url):
        yield admin, name


def test_terminated_connections_mid_load(database, tmp_path):
    admin, name = database
    env = app_env(tmp_path / "unused.db", QA_ASK_RATE="off", QA_VOTE_RATE="off")
    env["QA_DATABASE_URL"] = "postgresql://postgres@127.0.0.1:5432/" + name
    flask_cli(env, "init-db")
    flask_cli(env, "events", "create", "PGKILL", "--title", "Terminated", "--languages", "en")
    server = LiveServer(env, tmp_path / "server.log").start()
    stop, acks, asked, lock = threading.Event(), [], {}, threading.Lock()
    kills, clients = [], []

    def terminate_backends():
        while not stop.is_set():
            kills.append(terminate_connections(admin, name))
            time.sleep(0.3)

    def load(index, client, seed):
        n = 0
        while not stop.is_set():
            text = "Question %d from %d: %s" % (n, index, TEXT)
            ack = client.call("ask", {"text": text, "language": "en"}, timeout=30)
            with lock:
                acks.append(ack)
                if ack.get("ok"):
                    asked[text] = ack["question"]["id"]
            vote = client.call("vote", {"question_id": seed, "on": n % 2 == 0}, timeout=30)
            with lock:
                acks.append(vote)
            n += 1

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            cookies = list(
                pool.map(lambda _: attendee_cookie(server.url, "PGKILL"), range(CLIENTS))
            )
            clients = list(pool.map(lambda c: attendee(server.url, "PGKILL", c), cookies))
        seed = clients[0].call("ask", {"text": "Seed: " + TEXT, "language": "en"})
        seed = seed["question"]["id"]
        killer = threading.Thread(target=terminate_backends)
        workers = [threading.Thread(target=load, args=(i, c, seed)) for i, c in enumerate(clients)]
        killer.start()
        for worker in workers:
            worker.start()
        time.sleep(6)
        stop.set()
        for thread in [killer, *workers]:
            thread.join(60)
        errors = {ack["error"] for ack in acks if not ack["ok"]}
        final = clients[0].call("sync")
    finally:
        stop.set()
        for client in clients:
            client.close()
        server.stop()
    ok = sum(1 for ack in acks if ack["ok"])
    print(
        "%d acks (%d ok), %d backends terminated, errors: %s, retries logged: %d"
        % (len(acks), ok, sum(kills), errors, server.log().count("retrying once"))
    )
    assert sum(kills) > 0 and ok > len(acks) // 2
    assert errors <= {"unavailable"}  # an outage, never `conflict`
    stored = dict(query(name, "SELECT text, id FROM questions"))
    votes = dict(query(name, "SELECT id, votes FROM questions"))
    counted = dict(query(name, "SELECT question_id, count(*) FROM votes GROUP BY question_id"))
    for text, qid in asked.items():
        assert stored.get(text) == qid  # every acknowledged question is there
    assert {qid: n for qid, n in votes.items() if n} == counted
    assert {q["id"] for q in final["questions"]} == set(votes)
