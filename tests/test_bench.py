"""The benchmark: its arithmetic, a tiny bounded live run, and the server's socket tuning."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bench.__main__ import parse_args
from bench.run import analyse, percentiles

REPO = Path(__file__).resolve().parent.parent


def test_percentiles_are_nearest_rank_in_milliseconds():
    values = [i / 1000 for i in range(1, 101)]  # 1 ms .. 100 ms
    assert percentiles(values) == {
        "n": 100,
        "p50_ms": 50.0,
        "p95_ms": 95.0,
        "p99_ms": 99.0,
        "max_ms": 100.0,
    }
    assert percentiles([]) == {"n": 0}


def _reply(tracked, votes_msgs, question_msgs=None, votes_acked=(), approvals=()):
    """What one load process reports after a steady phase."""
    return {
        "tracked_clients": tracked,
        "votes_msgs": votes_msgs,
        "question_msgs": question_msgs or {},
        "votes_acked": list(votes_acked),
        "approvals": list(approvals),
        "received": sum(n for _, _, n in votes_msgs.values()),
        "disconnects": 0,
        "errors": {},
        "cpu_s": 0.0,
    }


def test_latency_is_to_the_last_client_and_missing_messages_count_as_lost():
    # Two load processes of 3 clients. Vote 1 on q7 (ack at t=10.0) is in seq 5;
    # vote 2 (ack 10.1) first appears in seq 6, which one client of process B missed.
    a = _reply(
        3, {5: [{"7": 1}, 10.20, 3], 6: [{"7": 2}, 10.30, 3]}, votes_acked=[("7", 1, 10.0, 0.01)]
    )
    b = _reply(
        3, {5: [{"7": 1}, 10.25, 3], 6: [{"7": 2}, 10.40, 2]}, votes_acked=[("7", 2, 10.1, 0.01)]
    )
    result = analyse([a, b], duration=1.0)
    assert result["votes_acked"] == 2
    assert result["vote_latency"]["max_ms"] == pytest.approx(300.0)  # 10.40 - 10.1
    assert result["vote_latency"]["p50_ms"] == pytest.approx(250.0)  # 10.25 - 10.0
    assert result["lost"] == 1
    assert result["votes_never_seen"] == 0


def test_a_vote_never_broadcast_is_lost_and_a_question_missed_by_a_process_too():
    a = _reply(
        2,
        {5: [{"7": 1}, 1.0, 2]},
        question_msgs={9: [1.5, 2]},
        votes_acked=[("7", 2, 0.5, 0.0)],
        approvals=[(9, 1.0, 0.0)],
    )
    b = _reply(2, {5: [{"7": 1}, 1.1, 2]})
    result = analyse([a, b], duration=1.0)
    assert result["votes_never_seen"] == 1
    assert result["question_latency"] == {"n": 0}  # process B never saw question 9
    assert result["lost"] == 1 + 2


def test_with_two_workers_each_workers_messages_are_compared_among_its_own_clients():
    # Worker 1 and worker 2 stamp their own seqs: seq 5 means different messages on each.
    # The vote (ack at 10.0) reached worker 1's clients at 10.2 and worker 2's at 10.5.
    a = _reply(2, {5: [{"7": 1}, 10.2, 2]}, votes_acked=[("7", 1, 10.0, 0.01)])
    b = _reply(2, {5: [{"8": 3}, 10.3, 2], 6: [{"7": 1}, 10.5, 2]})
    a["worker"], b["worker"] = 1, 2
    result = analyse([a, b], duration=1.0)
    assert result["lost"] == 0  # seq 6 of worker 2 was never due at worker 1's clients
    assert result["votes_messages"] == 3
    assert result["vote_latency"]["max_ms"] == pytest.approx(500.0)
    # The same replies seen as one worker: worker 1's clients "missed" seq 6.
    del a["worker"], b["worker"]
    assert analyse([a, b], duration=1.0)["lost"] == 2


def test_the_ack_rate_is_what_the_server_sustained():
    acked = [("7", n, 100.0 + n * 0.01, 0.0) for n in range(101)]  # 100 a second, for 1 s
    assert analyse([_reply(1, {}, votes_acked=acked)], duration=0.5)["votes_acked_per_s"] == 100


def test_the_bench_is_bounded():
    with pytest.raises(SystemExit):
        parse_args(["--clients", "50000"])
    with pytest.raises(SystemExit):
        parse_args(["--duration", "3600"])
    short = parse_args(["--short"])
    assert short.clients <= 500 and short.duration <= 30


@pytest.mark.live
def test_a_small_steady_run_delivers_every_change():
    """20 attendees and a moderator for 3 s: every vote and question reaches everyone."""
    command = [sys.executable, "-m", "bench", "--scenario", "steady", "--clients", "20"]
    command += ["--vote-rate", "10", "--question-rate", "1", "--duration", "3"]
    command += ["--seed-questions", "3", "--processes", "1"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["join"]["connected"] == 20
    assert summary["join"]["sync_ack"]["n"] == 20
    steady = summary["steady"]
    assert steady["lost"] == 0
    assert steady["votes_acked"] >= 25
    assert steady["vote_latency"]["n"] == steady["votes_acked"]
    assert steady["questions_approved"] >= 2
    assert steady["question_latency"]["n"] == steady["questions_approved"]
    assert steady["database_counts_exact"] is True
    assert steady["clients_with_wrong_counts"] == 0
    # Coalesced: far fewer votes messages than votes.
    assert steady["votes_messages"] < steady["votes_acked"]
    assert summary["server_sockets_peak"] >= 21


@pytest.mark.live
@pytest.mark.parametrize("mode", ["gevent", "threading"])
def test_the_other_async_modes_serve_websockets(mode):
    """gevent (through simple-websocket, no gevent-websocket needed) and threading."""
    command = [sys.executable, "-m", "bench", "--mode", mode, "--clients", "10"]
    command += ["--vote-rate", "5", "--question-rate", "1", "--duration", "2"]
    command += ["--seed-questions", "2", "--processes", "1"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["mode"] == mode
    assert summary["join"]["connected"] == 10  # the bench's clients speak websocket only
    assert summary["steady"]["lost"] == 0
    assert summary["steady"]["votes_acked"] >= 8


@pytest.mark.live
def test_the_eventlet_listener_gives_accepted_sockets_tcp_nodelay(tmp_path):
    """The server's own listener (wsgi.py, eventlet mode): accepted sockets send at once."""
    probe = textwrap.dedent(
        """
        import socket, wsgi
        listener = wsgi._listener("127.0.0.1", 0)
        client = socket.create_connection(listener.getsockname())
        accepted, _ = listener.accept()
        nodelay = accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        print(type(accepted).__module__, nodelay)
        """
    )
    env = {
        **os.environ,
        "QA_ASYNC_MODE": "eventlet",
        "QA_DATABASE_URL": "sqlite:///%s" % (tmp_path / "qa.db"),
        "QA_SECRET_KEY": "probe-secret-key-0123456789",
    }
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    module, nodelay = done.stdout.split()
    assert module.startswith("eventlet")  # the green socket the server really uses
    assert int(nodelay) != 0


@pytest.mark.services
def test_the_hot_row_benchmark_runs_both_forms_of_a_vote_and_counts_exactly(capsys):
    """bench.pghotrow: pgbench on a database of its own, dropped after."""
    import shutil

    import pg8000.native

    if shutil.which("pgbench") is None:
        pytest.skip("pgbench is not installed (Debian: postgresql-client)")
    try:
        pg8000.native.Connection(
            host="127.0.0.1", port=5432, user="postgres", database="test", timeout=5
        ).close()
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL on 127.0.0.1:5432 (%s)" % exc)
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is unreachable (%s)" % exc)
    from bench import pghotrow

    assert pghotrow.main(["--clients", "2", "--seconds", "1", "--rounds", "1"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts_exact"] is True
    assert summary["votes_per_s"]["event_row"][0] > 0
    assert summary["votes_per_s"]["sequence"][0] > 0
