"""A hung Redis (SIGSTOP): asks and votes are still acknowledged, quickly (issue 17, item 11).

Before, vote acks took 5.5 s, and an ask stored in the database was never acknowledged.
"""

import os
import signal
import time

import pytest

from tests.live import LiveServer, app_env, attendee, flask_cli
from tests.own_redis import OwnRedis

pytestmark = pytest.mark.live
TEXT = "How do public employment services check private recruitment agencies?"
BOUND = 3.0  # seconds for any ack while Redis is stopped


@pytest.fixture
def worker_and_redis(tmp_path):
    queue = OwnRedis(tmp_path).start()
    env = app_env(tmp_path / "qa.db", QA_MESSAGE_QUEUE=queue.url)
    flask_cli(env, "init-db")
    flask_cli(env, "events", "create", "HUNG", "--title", "Hung Redis", "--languages", "en")
    server = None
    try:
        server = LiveServer(env, tmp_path / "server.log").start()
        yield server, queue
    finally:
        if queue.process is not None and queue.process.poll() is None:
            os.kill(queue.process.pid, signal.SIGCONT)
        if server is not None:
            server.stop()
        queue.stop()


def _timed(client, event, payload):
    started = time.monotonic()
    ack = client.call(event, payload, timeout=30)
    return ack, time.monotonic() - started


def test_acks_arrive_while_redis_is_stopped(worker_and_redis):
    server, queue = worker_and_redis
    asker, voter = attendee(server.url, "HUNG"), attendee(server.url, "HUNG")
    try:
        qid = asker.call("ask", {"text": TEXT, "language": "en"})["question"]["id"]
        assert voter.call("vote", {"question_id": qid, "on": True})["ok"]
        os.kill(queue.process.pid, signal.SIGSTOP)
        timings = []
        for n in range(4):
            ack, took = _timed(voter, "vote", {"question_id": qid, "on": n % 2 == 1})
            assert ack["ok"] or ack["error"] == "unavailable", ack
            timings.append(took)
            ack, took = _timed(asker, "ask", {"text": "%d: %s" % (n, TEXT), "language": "en"})
            assert ack["ok"] or ack["error"] == "unavailable", ack
            timings.append(took)
            if ack["ok"]:  # stored and acknowledged: the asker sees it in a snapshot too
                mine = {q["id"] for q in asker.call("sync", timeout=30)["questions"]}
                assert ack["question"]["id"] in mine
        print("acks while Redis is stopped (s):", [round(t, 2) for t in timings])
        assert max(timings) < BOUND, timings
        os.kill(queue.process.pid, signal.SIGCONT)
        ack, took = _timed(voter, "vote", {"question_id": qid, "on": True})
        assert ack["ok"] and took < BOUND, (ack, took)
    finally:
        asker.close()
        voter.close()
