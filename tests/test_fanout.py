"""Vote flushes yield to questions, and GET /metrics: who may read it, and its format."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from qa_app.extensions import socketio
from qa_app.live import broadcast, direct, fanout
from tests.conftest import call, received

TEXT = "How do public employment services check recruiters?"


def _names(sock) -> list[str]:
    return [m["name"] for m in sock.get_received("/attendee")]


def test_a_moderation_result_overtakes_a_votes_message_being_sent(
    app, make_event, attendee, staff, monkeypatch
):
    make_event()
    mod = staff()
    watchers = [attendee() for _ in range(4)]
    first = call(watchers[0], "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    assert call(mod, "moderate", {"question_id": first, "action": "approve"})["ok"]
    second = call(watchers[1], "ask", {"text": "Two: " + TEXT, "language": "en"})["question"]
    # The flush is driven by hand: no background loop.
    coalescer = fanout.live(app).coalescer
    monkeypatch.setattr(coalescer, "spawn", lambda task: None)
    assert call(watchers[2], "vote", {"question_id": first, "on": True})["votes"] == 1
    mod.get_received("/staff")
    for sock in watchers:
        sock.get_received("/attendee")

    # One socket per batch; the moderator approves while the first batch is out.
    monkeypatch.setattr(direct, "BATCH", 1)
    approved = []

    def sleep(seconds):
        if not approved:
            approved.append(
                call(mod, "moderate", {"question_id": second["id"], "action": "approve"})
            )

    monkeypatch.setattr(socketio, "sleep", sleep)
    coalescer.flush()
    assert approved[0]["ok"], approved
    # Staff went first (their batch was out before the approval); every attendee got the
    # approved question before the votes message still queued for them.
    staff_names = [m["name"] for m in mod.get_received("/staff")]
    assert staff_names == ["votes", "question"]
    for sock in watchers:
        names = [n for n in _names(sock) if n in ("question", "votes")]
        assert names == ["question", "votes"], names


def test_a_votes_message_reaches_every_client_in_batches(app, make_event, attendee, monkeypatch):
    make_event()
    socks = [attendee() for _ in range(5)]
    for sock in socks:
        sock.get_received("/attendee")
    yields = []
    monkeypatch.setattr(direct, "BATCH", 2)
    monkeypatch.setattr(socketio, "sleep", yields.append)
    reached = broadcast.send_votes("EV1", {"counts": {"1": 3}, "seq": 7})
    assert reached == 5 and len(yields) == 3  # batches of 2, 2 and 1
    for sock in socks:
        assert received(sock, "votes") == [{"counts": {"1": 3}, "seq": 7}]


def test_deliveries_are_counted_at_the_engine_io_server():
    sent = []

    class Engine:
        def send_packet(self, sid, pkt):
            sent.append((sid, pkt))

    engine = Engine()
    deliveries = fanout.Deliveries()
    deliveries.install(engine)
    for n in range(30):
        engine.send_packet("sid%d" % n, "pkt")
    assert deliveries.total == 30 and len(sent) == 30
    deliveries.tick(100.0)
    for _ in range(50):
        engine.send_packet("x", "pkt")
    deliveries.tick(100.5)  # less than a second later: not sampled
    deliveries.tick(102.0)
    assert deliveries.per_second() == pytest.approx(25.0)


# --- GET /metrics ------------------------------------------------------------------


def _families(response) -> dict:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return {f.name: f for f in text_string_to_metric_families(response.get_data(as_text=True))}


def test_metrics_are_refused_without_an_admin_session_or_the_token(app, client, make_user, login):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer guess"}).status_code == 401
    for role in ("moderator", "facilitator", "panelist", "interpreter"):
        assert login(make_user(role)).get("/metrics").status_code == 403


def test_metrics_for_an_admin_in_the_prometheus_text_format(
    app, make_event, make_user, login, attendee, staff
):
    make_event()
    staff()
    for _ in range(3):
        attendee()
    families = _families(login(make_user("admin", email="root@example.org")).get("/metrics"))
    assert families["qa_votes_window_seconds"].samples[0].value == pytest.approx(0.02)
    clients = {s.labels["ns"]: s.value for s in families["qa_connected_clients"].samples}
    assert clients == {"attendee": 3, "staff": 1}
    for name in (
        "qa_deliveries",
        "qa_deliveries_per_second",
        "qa_votes_flush_seconds",
        "qa_votes_flush_last_seconds",
        "qa_event_loop_lag_seconds",
        "qa_event_loop_lag_max_seconds",
        "process_cpu_seconds",
        "process_resident_memory_bytes",
    ):
        assert name in families, name
    assert families["qa_event_loop_lag_seconds"].type == "histogram"
    assert families["qa_deliveries"].type == "counter"


def test_metrics_with_the_bearer_token(app, client, make_event, attendee, staff):
    app.config["METRICS_TOKEN"] = "s3cret-token"
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert (
        client.get("/metrics", headers={"Authorization": "Basic s3cret-token"}).status_code == 401
    )
    ok = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    # A votes round shows in the flush figures.
    make_event()
    mod, voter = staff(), attendee()
    call(mod, "configure", {"premoderation": False})
    qid = call(voter, "ask", {"text": TEXT, "language": "en"})["question"]["id"]
    coalescer = fanout.live(app).coalescer
    before = coalescer.flushes
    call(voter, "vote", {"question_id": qid, "on": True})
    received(voter)
    coalescer.flush()  # whatever the background loop has not sent yet
    families = _families(client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"}))
    assert _families(ok)["qa_votes_window_seconds"]
    flushes = [s for s in families["qa_votes_flush_seconds"].samples if s.name.endswith("_count")]
    assert flushes[0].value >= max(1, before)
