"""Two eventlet workers on one database and a private Redis that goes away and comes back."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.live import LiveServer, app_env, attendee, flask_cli, staff, staff_login
from tests.own_redis import OwnRedis

pytestmark = pytest.mark.live

MODERATOR = "moderator@live.invalid"
PASSWORD = "live moderator password"
TEXT = "How do public employment services check private recruitment agencies?"


@pytest.fixture
def cluster(tmp_path):
    """Workers A and B sharing a SQLite file (WAL) and our own redis-server."""
    queue = OwnRedis(tmp_path).start()
    env = app_env(tmp_path / "qa.db", QA_MESSAGE_QUEUE=queue.url)
    flask_cli(env, "init-db")
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
        "Mod",
    )
    flask_cli(env, "events", "create", "OUT", "--title", "Outage", "--languages", "en")
    workers = []
    try:
        workers = [LiveServer(env, tmp_path / ("worker-%s.log" % n)) for n in "ab"]
        with ThreadPoolExecutor(2) as pool:  # start both at once: each loads its models
            list(pool.map(LiveServer.start, workers))
        yield workers[0], workers[1], queue
    finally:
        for worker in workers:
            worker.stop()
        queue.stop()


def test_losing_redis_degrades_and_clients_resync_when_it_returns(cluster):
    a, b, queue = cluster
    asker, watcher = attendee(a.url, "OUT"), attendee(b.url, "OUT")
    moderator = staff(a.url, "OUT", staff_login(a.url, MODERATOR, PASSWORD))
    clients = [asker, watcher, moderator]
    try:
        for client in clients:
            assert client.call("sync")["ok"]
        first = asker.call("ask", {"text": TEXT, "language": "en"})["question"]["id"]
        watcher.wait_for("question", lambda m: m["question"]["id"] == first)

        queue.stop()
        time.sleep(0.5)
        health = requests.get(a.url + "/healthz", timeout=10)
        assert health.status_code == 503
        assert health.json() == {"status": "error", "database": "ok", "redis": "unreachable"}
        # Asks and votes go on, limited per worker meanwhile (before: 150 of 151 `conflict`).
        acks = [
            asker.call("ask", {"text": "During the outage %d: %s" % (n, TEXT)}) for n in range(3)
        ]
        acks += [watcher.call("vote", {"question_id": first, "on": True})]
        assert all(ack["ok"] for ack in acks), acks
        dismissed = moderator.call("moderate", {"question_id": first, "action": "dismiss"})
        assert dismissed["ok"]
        time.sleep(1.0)
        assert not watcher.received("question_removed")  # lost with the queue, for now

        queue.start()  # same port: the workers find it again
        watcher.wait_for("resync", timeout=15)
        snapshot = watcher.call("sync")
        assert first not in {q["id"] for q in snapshot["questions"]}
        deadline = time.monotonic() + 10
        while requests.get(b.url + "/healthz", timeout=10).status_code != 200:
            assert time.monotonic() < deadline, "healthz stayed 503 after Redis came back"
            time.sleep(0.2)
        # And live messages cross workers again.
        again = asker.call("ask", {"text": "After the outage: " + TEXT})["question"]["id"]
        watcher.wait_for("question", lambda m: m["question"]["id"] == again, timeout=10)
    finally:
        for client in clients:
            client.close()
    for worker in (a, b):
        log = worker.log()
        assert "Traceback" not in log, log
    assert "per-process limits" in a.log()  # the fallback said so
