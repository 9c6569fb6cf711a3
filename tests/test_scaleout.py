"""Scale-out: several eventlet workers sharing PostgreSQL (psycopg2) and Redis.

The ``services`` tests start two ``python wsgi.py`` workers on two ports, sharing a
PostgreSQL database made for this run (and dropped after) and the local Redis as
message queue. They skip with the reason when PostgreSQL or Redis is unreachable,
except under ``CI=true``, where they fail instead.

The other tests check the per-process join cache without services: a second app on
the same SQLite file plays the other worker.
"""

import os
import secrets
import shutil
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from qa_app import create_app
from qa_app.config import database_url, engine_options, rate
from qa_app.domain import snapshot
from qa_app.domain.agenda import events as agenda_events
from qa_app.domain.questions import operations as questions
from qa_app.domain.store import get_event
from qa_app.extensions import db
from tests.live import (
    Client,
    LiveServer,
    app_env,
    attendee,
    attendee_cookie,
    flask_cli,
    free_port,
    staff,
    staff_login,
)

REPO = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "database": "test"}
REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "scale-out password"


# --- configuration ------------------------------------------------------------------


def test_postgresql_urls_use_the_cooperative_driver():
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert database_url("postgresql+pg8000://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
    options = engine_options("postgresql+psycopg2://u@h/db")
    assert options["pool_pre_ping"] is True
    assert options["pool_size"] >= 1
    assert engine_options("sqlite:///x.db") == {}


def test_rate_limits_can_be_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("QA_VOTE_RATE", "600/30")
    assert rate("QA_VOTE_RATE", (60, 60)) == (600, 30.0)
    monkeypatch.delenv("QA_VOTE_RATE")
    assert rate("QA_VOTE_RATE", (60, 60)) == (60, 60)
    for bad in ("fast", "0/60", "10/0", "-1/5"):
        monkeypatch.setenv("QA_VOTE_RATE", bad)
        with pytest.raises(ValueError, match="QA_VOTE_RATE"):
            rate("QA_VOTE_RATE", (60, 60))


# --- the join cache across workers (SQLite, no services) -----------------------------


def _worker(path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///%s" % path,
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
        }
    )
    return app


def test_join_cache_follows_local_changes_and_rebuilds_after_another_workers(tmp_path):
    path = tmp_path / "qa.db"
    worker_a, worker_b = _worker(path), _worker(path)
    with worker_a.app_context():
        db.create_all()
        agenda_events.new_event("SO", title="t", starts_at=datetime(2030, 1, 1, tzinfo=UTC))
        event = get_event("SO")
        first = questions.ask(event, "asker", "A first question", language="en")
        view = snapshot.attendee_view(event, "reader")
        assert [q["id"] for q in view["questions"]] == [first.question["id"]]
        cache = snapshot.public_cache()
        builds = cache.builds

    # A vote in this worker is applied to the cache: the next join needs no rebuild.
    with worker_a.test_request_context():
        change = questions.vote(get_event("SO"), "voter", first.question["id"], True)
        cache.votes_changed(change)
        view = snapshot.attendee_view(get_event("SO"), "reader")
        assert view["questions"][0]["votes"] == 1
        assert view["seq"] == change.seq
        assert cache.builds == builds

    # A question and a vote in the other worker: this worker's cache is stale by seq,
    # and the next join reads the database again.
    with worker_b.test_request_context():
        second = questions.ask(get_event("SO"), "other", "From worker B", language="en")
        questions.vote(get_event("SO"), "voter", first.question["id"], False)
    with worker_a.test_request_context():
        view = snapshot.attendee_view(get_event("SO"), "reader")
        assert cache.builds == builds + 1
        assert [q["id"] for q in view["questions"]] == [
            first.question["id"],
            second.question["id"],
        ]
        assert view["questions"][0]["votes"] == 0
        assert view["seq"] == get_event("SO").seq


def test_a_missed_change_drops_the_cached_entry(tmp_path):
    worker = _worker(tmp_path / "qa.db")
    with worker.test_request_context():
        db.create_all()
        agenda_events.new_event("SO", title="t", starts_at=datetime(2030, 1, 1, tzinfo=UTC))
        asked = questions.ask(get_event("SO"), "asker", "Question one", language="en")
        snapshot.attendee_view(get_event("SO"), "reader")
        cache = snapshot.public_cache()
        # Two changes commit; only the later one is applied (as after a race).
        questions.vote(get_event("SO"), "v1", asked.question["id"], True)
        late = questions.vote(get_event("SO"), "v2", asked.question["id"], True)
        cache.votes_changed(late)
        view = snapshot.attendee_view(get_event("SO"), "reader")
        assert view["questions"][0]["votes"] == 2
        assert view["seq"] == late.seq


def test_own_pending_questions_and_votes_are_not_shared_through_the_cache(tmp_path):
    worker = _worker(tmp_path / "qa.db")
    with worker.test_request_context():
        db.create_all()
        agenda_events.new_event(
            "SO", title="t", starts_at=datetime(2030, 1, 1, tzinfo=UTC), premoderation=True
        )
        pending = questions.ask(get_event("SO"), "asker", "Still pending", language="en")
        mine = snapshot.attendee_view(get_event("SO"), "asker")
        theirs = snapshot.attendee_view(get_event("SO"), "someone else")
        assert [q["id"] for q in mine["questions"]] == [pending.question["id"]]
        assert mine["asked"] == [pending.question["id"]]
        assert theirs["questions"] == [] and theirs["asked"] == []


# --- two workers on PostgreSQL and Redis ---------------------------------------------


def _unreachable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail("CI needs PostgreSQL and Redis on 127.0.0.1: " + reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def services():
    import pg8000.native
    import redis

    try:
        admin = pg8000.native.Connection(**PG, timeout=5)
    except Exception as exc:
        _unreachable("PostgreSQL at 127.0.0.1:5432 is unreachable (%s)" % exc)
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=5).ping()
    except Exception as exc:
        admin.close()
        _unreachable("Redis at 127.0.0.1:6379 is unreachable (%s)" % exc)
    name = "qa_scaleout_%s" % secrets.token_hex(6)
    admin.run("CREATE DATABASE %s" % name)
    try:
        yield "postgresql://%s@%s:%d/%s" % (PG["user"], PG["host"], PG["port"], name)
    finally:
        admin.run("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        admin.close()


@pytest.fixture(scope="module")
def cluster(services, tmp_path_factory):
    """Two eventlet workers, one database, one Redis; yields (worker A, worker B, info)."""
    folder = tmp_path_factory.mktemp("scaleout")
    code = "SO%s" % secrets.token_hex(4).upper()  # the Redis channel is shared: own rooms
    env = app_env(folder / "unused.db", QA_MESSAGE_QUEUE=REDIS_URL)
    env["QA_DATABASE_URL"] = services
    flask_cli(env, "init-db")
    flask_cli(env, "init-db")  # idempotent on PostgreSQL too
    flask_cli(env, "events", "create", code, "--title", "Scale-out", "--languages", "en")
    flask_cli(
        env,
        "users",
        "create",
        "mod@example.org",
        "--role",
        "moderator",
        "--password",
        PASSWORD,
        "--name",
        "Mod",
    )
    workers = [LiveServer(env, folder / ("worker-%s.log" % n)).start() for n in "ab"]
    try:
        yield workers[0], workers[1], {"code": code, "url": services}
    finally:
        for worker in workers:
            worker.stop()


def _query(url: str, sql: str, **params):
    import pg8000.native

    name = url.rsplit("/", 1)[1]
    conn = pg8000.native.Connection(**{**PG, "database": name}, timeout=10)
    try:
        return conn.run(sql, **params)
    finally:
        conn.close()


@pytest.mark.services
@pytest.mark.live
def test_migrations_ran_on_postgresql(cluster):
    _, _, info = cluster
    tables = {row[0] for row in _query(info["url"], "SELECT tablename FROM pg_tables")}
    assert {"events", "questions", "votes", "state_changes", "alembic_version"} <= tables


@pytest.mark.services
@pytest.mark.live
def test_clients_on_one_worker_see_changes_made_on_the_other(cluster):
    a, b, info = cluster
    code = info["code"]
    watcher_a, watcher_b = attendee(a.url, code), attendee(b.url, code)
    moderator = staff(b.url, code, staff_login(b.url, "mod@example.org", PASSWORD))
    asker = attendee(b.url, code)
    voters = [attendee(w.url, code) for w in (a, b) * 10]
    clients = [watcher_a, watcher_b, moderator, asker, *voters]
    try:
        assert watcher_a.call("sync")["ok"]
        asked = asker.call("ask", {"text": "Asked on worker B"})
        assert asked["ok"], asked
        qid = asked["question"]["id"]
        question = watcher_a.wait_for("question", lambda d: d["question"]["id"] == qid)
        assert question["question"]["state"] == "published"

        # Votes on both workers at once: every one counted, everywhere.
        acks = [None] * len(voters)

        def vote(index):
            acks[index] = voters[index].call("vote", {"question_id": qid, "on": True})

        threads = [threading.Thread(target=vote, args=(i,)) for i in range(len(voters))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        assert all(ack and ack["ok"] for ack in acks), acks
        assert sorted(ack["votes"] for ack in acks) == list(range(1, len(voters) + 1))
        for watcher in (watcher_a, watcher_b, moderator):
            watcher.wait_for("votes", lambda d: d["counts"].get(str(qid)) == len(voters))
            time.sleep(0.5)  # anything still in flight
            # Applied as clients do (per question, the count with the highest seq wins),
            # the messages end at the exact count, and their seqs never go back.
            seen = [m for m in watcher.received("votes") if str(qid) in m["counts"]]
            assert [m["seq"] for m in seen] == sorted(m["seq"] for m in seen)
            best = max(seen, key=lambda m: m["seq"])
            assert best["counts"][str(qid)] == len(voters)
        rows = _query(info["url"], "SELECT COUNT(*) FROM votes WHERE question_id = :q", q=qid)
        assert rows[0][0] == len(voters)

        # Event settings changed on B reach A.
        closed = moderator.call("configure", {"accepting": False})
        assert closed["ok"], closed
        assert watcher_a.wait_for("event", lambda d: d["event"]["accepting"] is False)
        refused = watcher_a.call("ask", {"text": "Too late"})
        assert refused["error"] == "closed"

        # seq only rises, and a late joiner on A gets B's state (cache rebuilt from the DB).
        seqs = [m["seq"] for name, m in watcher_a.messages if isinstance(m, dict) and "seq" in m]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        late = attendee(a.url, code)
        clients.append(late)
        synced = late.call("sync")
        db_seq = _query(info["url"], "SELECT seq FROM events WHERE code = :c", c=code)[0][0]
        assert synced["seq"] == db_seq
        assert synced["event"]["accepting"] is False
        votes = {q["id"]: q["votes"] for q in synced["questions"]}
        assert votes[qid] == len(voters)
        assert moderator.call("configure", {"accepting": True})["ok"]
    finally:
        for client in clients:
            client.close()


def _as_a_client_applies(snapshot: dict, messages: list) -> dict[int, int]:
    """Vote counts after applying messages as static/js/live.js does: per question, a
    count with a seq lower than the one it last learned the count at is ignored."""
    counts = {q["id"]: q["votes"] for q in snapshot["questions"]}
    learned = dict.fromkeys(counts, snapshot["seq"])
    for name, message in messages:
        if not isinstance(message, dict) or message.get("seq", -1) < snapshot["seq"]:
            continue
        if name == "question":
            question = message["question"]
            counts[question["id"]] = question["votes"]
            learned[question["id"]] = max(learned.get(question["id"], -1), message["seq"])
        elif name == "votes":
            for key, votes in message["counts"].items():
                if learned.get(int(key), -1) <= message["seq"]:
                    counts[int(key)], learned[int(key)] = votes, message["seq"]
    return counts


@pytest.mark.services
@pytest.mark.live
def test_votes_at_once_on_two_workers_no_hot_row(cluster):
    """Thirty votes at once on two questions, half on each worker: every count exact, the
    event's row untouched by them, and each client sees votes messages' seqs rise."""
    a, b, info = cluster
    code = info["code"]
    watchers = [attendee(a.url, code), attendee(b.url, code)]
    asker = attendee(a.url, code)
    voters = [attendee(w.url, code) for w in (a, b) * 15]
    clients = [*watchers, asker, *voters]
    try:
        ids = [asker.call("ask", {"text": "Hot row %d" % n})["question"]["id"] for n in (1, 2)]
        snapshots = [w.call("sync") for w in watchers]
        seq_before = _query(info["url"], "SELECT seq FROM events WHERE code = :c", c=code)[0][0]
        acks = [None] * len(voters)

        def vote(index):
            question = ids[index % 2]
            acks[index] = voters[index].call("vote", {"question_id": question, "on": True})

        threads = [threading.Thread(target=vote, args=(i,)) for i in range(len(voters))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        assert all(ack and ack["ok"] for ack in acks), acks
        for qid in ids:
            mine = sorted(ack["votes"] for ack in acks if ack["question_id"] == qid)
            assert mine == list(range(1, 16))
        for watcher, snapshot in zip(watchers, snapshots, strict=True):
            watcher.wait_for(
                "votes",
                lambda _d, w=watcher, s=snapshot: (
                    _as_a_client_applies(s, w.messages).get(ids[1]) == 15
                    and _as_a_client_applies(s, w.messages).get(ids[0]) == 15
                ),
                timeout=10,
            )
            seqs = [m["seq"] for m in watcher.received("votes")]
            assert seqs == sorted(set(seqs)), seqs  # strictly increasing
            assert all(seq > snapshot["seq"] for seq in seqs)
        seq_after = _query(info["url"], "SELECT seq FROM events WHERE code = :c", c=code)[0][0]
        assert seq_after == seq_before  # votes never wrote the event's row
        rows = _query(
            info["url"],
            "SELECT question_id, COUNT(*) FROM votes WHERE question_id IN (:a, :b) "
            "GROUP BY question_id",
            a=ids[0],
            b=ids[1],
        )
        assert dict(rows) == {ids[0]: 15, ids[1]: 15}
        assert {q["id"]: q["votes"] for q in watchers[0].call("sync")["questions"]}[ids[0]] == 15
    finally:
        for client in clients:
            client.close()


@pytest.mark.services
@pytest.mark.live
def test_rate_limits_are_shared_by_the_workers(cluster):
    a, b, info = cluster
    code = info["code"]
    # One attendee (one cookie) with a socket on each worker: five questions a minute in all.
    cookie = attendee_cookie(a.url, code)
    on_a, on_b = attendee(a.url, code, cookie), attendee(b.url, code, cookie)
    try:
        answers = [
            (on_a if n % 2 else on_b).call("ask", {"text": "Question %d" % n}) for n in range(6)
        ]
        assert [x["ok"] for x in answers] == [True] * 5 + [False]
        assert answers[-1]["error"] == "rate_limited"
    finally:
        for client in (on_a, on_b):
            client.close()


@pytest.mark.services
@pytest.mark.live
def test_a_slow_query_does_not_freeze_the_other_clients_of_its_worker(cluster):
    """A vote waits 2 s on a row lock held elsewhere; the same worker keeps serving."""
    import pg8000.native

    a, _, info = cluster
    code = info["code"]
    asker, voter, reader = attendee(a.url, code), attendee(a.url, code), attendee(a.url, code)
    name = info["url"].rsplit("/", 1)[1]
    blocker = pg8000.native.Connection(**{**PG, "database": name}, timeout=10)
    try:
        qid = asker.call("ask", {"text": "Hold the line"})["question"]["id"]
        blocker.run("BEGIN")
        # The vote needs its question's row (the counter), held here from outside.
        blocker.run("SELECT votes FROM questions WHERE id = :q FOR UPDATE", q=qid)
        done = {}

        def slow_vote():
            done["ack"] = voter.call("vote", {"question_id": qid, "on": True}, timeout=20)
            done["at"] = time.monotonic()

        started = time.monotonic()
        thread = threading.Thread(target=slow_vote)
        thread.start()
        time.sleep(0.3)  # the vote is now waiting on the lock, inside worker A
        answered = []
        for _ in range(5):
            t0 = time.monotonic()
            assert reader.call("sync", timeout=5)["ok"]
            answered.append(time.monotonic() - t0)
        assert "ack" not in done, "the vote should still be waiting for the lock"
        assert max(answered) < 1.0, answered
        time.sleep(max(0.0, 2.0 - (time.monotonic() - started)))
        blocker.run("COMMIT")
        thread.join(20)
        assert done["ack"]["ok"], done
        assert done["at"] - started >= 2.0
    finally:
        blocker.close()
        for client in (asker, voter, reader):
            client.close()


@pytest.mark.services
@pytest.mark.live
def test_deploy_nginx_conf_serves_both_workers_with_polling_and_websocket(cluster, tmp_path):
    """deploy/nginx.conf, pointed at the two workers: upgrade from polling, sticky, live."""
    nginx_bin = shutil.which("nginx")
    if nginx_bin is None:
        if os.environ.get("CI") == "true":  # make test installs it
            pytest.fail("CI needs nginx (make system-deps installs nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    a, b, info = cluster
    code = info["code"]
    port = free_port()
    site = (REPO / "deploy" / "nginx.conf").read_text()
    site = site.replace("127.0.0.1:8001", "127.0.0.1:%d" % a.port)
    site = site.replace("127.0.0.1:8002", "127.0.0.1:%d" % b.port)
    site = site.replace("listen 80;", "listen 127.0.0.1:%d;" % port)
    site = site.replace("Host qa.example.org;", "Host 127.0.0.1:%d;" % port)  # the public host
    (tmp_path / "site.conf").write_text(site)
    temp = tmp_path / "temp"
    temp.mkdir()
    (tmp_path / "nginx.conf").write_text(
        "worker_processes 1; pid %(t)s/nginx.pid; error_log %(t)s/error.log;\n"
        "events { worker_connections 1024; }\n"
        "http { access_log off; client_body_temp_path %(t)s; proxy_temp_path %(t)s;\n"
        "fastcgi_temp_path %(t)s; uwsgi_temp_path %(t)s; scgi_temp_path %(t)s;\n"
        "include %(site)s; }\n" % {"t": temp, "site": tmp_path / "site.conf"}
    )
    nginx = subprocess.Popen([nginx_bin, "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"])
    base = "http://127.0.0.1:%d" % port
    clients = []
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        browser_like = Client("/attendee")
        clients.append(browser_like)
        browser_like.sio.connect(
            base,
            headers={"Cookie": attendee_cookie(base, code)},
            auth={"event": code},
            namespaces=["/attendee"],
            transports=["polling", "websocket"],  # as the browser: polling, then upgrade
            wait_timeout=10,
        )
        other = attendee(base, code)
        clients.append(other)
        asked = other.call("ask", {"text": "Through nginx"})
        assert asked["ok"], asked
        qid = asked["question"]["id"]
        browser_like.wait_for("question", lambda d: d["question"]["id"] == qid)
        assert other.call("vote", {"question_id": qid, "on": True})["ok"]
        browser_like.wait_for("votes", lambda d: d["counts"].get(str(qid)) == 1)
        assert browser_like.sio.transport() == "websocket"
    finally:
        for client in clients:
            client.close()
        nginx.terminate()
        nginx.wait(10)
