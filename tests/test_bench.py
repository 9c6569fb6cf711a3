"""The benchmark: its arithmetic, its clients' websocket compression, tiny bounded live runs
(alone and beside ../shared/perfbase), and the server's socket tuning."""

import asyncio
import base64
import concurrent.futures
import hashlib
import json
import os
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

from bench import baseline, conditions, wsclient
from bench.__main__ import parse_args
from bench.deflate import OFFER, TAIL, Deflater, Inflater, NegotiationError, Params, parse_response
from bench.run import analyse, percentiles, rss_per_socket

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


def test_rss_per_socket_is_the_growth_over_the_join_per_connected_socket():
    assert rss_per_socket(100 * 2**20, 110 * 2**20, 200) == {
        "server_rss_before_join_mb": 100.0,
        "server_rss_after_join_mb": 110.0,
        "server_rss_per_socket_kb": 51.2,
    }
    assert rss_per_socket(1, 2, 0)["server_rss_per_socket_kb"] is None


def test_the_baseline_ratios_are_app_over_bare_to_the_last_client():
    steady = {"vote_latency": {"p99_ms": 900.0}, "server_cpu_percent": 40.0}
    bare = {"fanout_p99_ms": 600.0, "lat_p99_ms": 500.0, "srv_cpu_pct": 80.0}
    bare["srv_rss_per_conn_kb"] = 70.0
    versus = baseline.compare({"server_rss_per_socket_kb": 60.0}, steady, bare)
    assert versus["vote_p99_ms"] == {"app": 900.0, "bare": 600.0}  # fanout, not lat
    assert versus["vote_p99_ratio"] == 1.5
    assert versus["cpu_ratio"] == 0.5
    assert versus["server_rss_per_socket_kb"] == {"app": 60.0, "bare": 70.0}
    steady["vote_latency"] = {"n": 0}  # no vote measured: no ratio rather than a made-up one
    assert (
        baseline.compare({"server_rss_per_socket_kb": 1.0}, steady, bare)["vote_p99_ratio"] is None
    )


def test_the_server_gets_a_core_per_worker_only_when_the_load_keeps_one(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {2, 3, 5})
    assert conditions.plan(True, 1) == ({"server_cores": [2], "load_cores": [3, 5]}, None)
    assert conditions.plan(True, 2) == ({"server_cores": [2, 3], "load_cores": [5]}, None)
    assert conditions.plan(True, 3)[0] is None  # three workers squeezed on two cores: no
    assert conditions.plan(False, 1) == (None, "--no-pin")


def test_a_process_started_on_cores_keeps_them_and_the_caller_gets_its_own_back():
    had = os.sched_getaffinity(0)
    if len(had) < 2:
        pytest.skip("one core: nothing to pin")
    first = min(had)
    probe = [sys.executable, "-c", "import os; print(sorted(os.sched_getaffinity(0)))"]
    with conditions.on_cores([first]):
        child = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    assert child.stdout.strip() == str([first])
    assert os.sched_getaffinity(0) == had


# --- permessage-deflate, as the bench's clients speak it ------------------------------

TEXTS = ['42/attendee,["votes",{"seq":%d,"counts":{"7":%d,"8":12}}]' % (n, n) for n in range(5)]


def _deflated(texts, takeover=True, bits=15, final_block=False):
    """Messages as a server compresses them (RFC 7692 7.2.1): raw deflate, tail removed."""
    compressor, out = None, []
    for text in texts:
        if compressor is None or not takeover:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -bits)
        data = compressor.compress(text.encode())
        data += compressor.flush(zlib.Z_FINISH if final_block else zlib.Z_SYNC_FLUSH)
        out.append(data[:-4] if data.endswith(TAIL) else data)
    return out


def test_with_context_takeover_later_messages_refer_to_earlier_ones_and_still_inflate():
    messages = _deflated(TEXTS * 2)
    inflater = Inflater(parse_response("permessage-deflate; client_max_window_bits=15"))
    assert inflater.keeps_context and inflater.window_bits == 15
    assert [inflater.inflate(m).decode() for m in messages] == TEXTS * 2
    # The repeats point back at the first five: alone, one cannot be read.
    assert len(messages[5]) < len(messages[0]) / 2
    with pytest.raises(zlib.error):
        Inflater(Params()).inflate(messages[5])


def test_without_context_takeover_each_message_inflates_alone_in_the_servers_window():
    answer = "permessage-deflate; server_no_context_takeover; server_max_window_bits=10"
    inflater = Inflater(parse_response(answer))
    assert not inflater.keeps_context and inflater.window_bits == 10
    messages = _deflated(TEXTS, takeover=False, bits=10)
    assert [inflater.inflate(m).decode() for m in reversed(messages)] == TEXTS[::-1]
    # A message may end the deflate stream (BFINAL): the next one starts a new stream.
    inflater = Inflater(Params())
    ended = _deflated(TEXTS, takeover=False, final_block=True)
    assert [inflater.inflate(m).decode() for m in ended] == TEXTS
    # zlib's raw windows start at 9 bits: an 8-bit server is read with a 9-bit window.
    assert Inflater(Params(server_max_window_bits=8)).window_bits == 9


def test_what_clients_compress_any_server_inflates_with_or_without_context():
    deflater = Deflater()
    sent = [deflater.compress(t.encode(), Params(client_max_window_bits=15)) for t in TEXTS]
    keeping = zlib.decompressobj(-15)  # eventlet's default: one inflater per socket
    assert [keeping.decompress(m + TAIL).decode() for m in sent] == TEXTS
    assert [zlib.decompressobj(-15).decompress(m + TAIL).decode() for m in sent] == TEXTS
    small = deflater.compress(b"x" * 5000, Params(client_max_window_bits=9))
    assert zlib.decompressobj(-9).decompress(small + TAIL) == b"x" * 5000
    assert deflater.compress(b"3", Params(client_max_window_bits=8)) is None  # sent plain


@pytest.mark.parametrize(
    "answer, params",
    [
        (None, None),
        ("permessage-deflate; client_max_window_bits=15", Params(client_max_window_bits=15)),
        (
            "permessage-deflate; server_no_context_takeover; server_max_window_bits=10",
            Params(server_no_context_takeover=True, server_max_window_bits=10),
        ),
        ('Permessage-Deflate; client_max_window_bits="12"', Params(client_max_window_bits=12)),
        ("permessage-deflate; client_no_context_takeover", Params(client_no_context_takeover=True)),
    ],
)
def test_the_servers_answer_is_read_as_chromium_reads_it(answer, params):
    assert parse_response(answer) == params


@pytest.mark.parametrize(
    "answer",
    [
        "x-webkit-deflate-frame",
        "permessage-deflate, permessage-deflate",
        "permessage-deflate; client_max_window_bits",  # an answer must give the bits
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; mux",
    ],
)
def test_an_answer_a_browser_would_refuse_fails_the_negotiation(answer):
    with pytest.raises(NegotiationError):
        parse_response(answer)


def _server_frame(first: int, payload: bytes) -> bytes:
    assert len(payload) < 126
    return bytes((first, len(payload))) + payload


async def _client_frame(reader) -> tuple[int, bytes]:
    """One frame from the client, unmasked here independently of bench.wsclient."""
    head = await reader.readexactly(2)
    assert head[1] & 0x80, "client frames are masked"
    n = head[1] & 0x7F
    if n == 126:
        n = int.from_bytes(await reader.readexactly(2), "big")
    key = await reader.readexactly(4)
    data = await reader.readexactly(n)
    return head[0], bytes(b ^ key[i % 4] for i, b in enumerate(data))


def _exchange(answer, frames, deflate, expected=0, send=None):
    """bench.wsclient against a one-shot server on 127.0.0.1 that answers the offer with
    ``answer`` and sends ``frames``. Returns the request's headers, the texts the client
    read, the frames it sent until a text or close frame, and the client."""

    async def run():
        heard: dict = {"frames": []}
        finished = asyncio.Event()

        async def handle(reader, writer):
            try:
                request = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                lines = [line.partition(":") for line in request.split("\r\n")[1:] if line]
                heard["headers"] = {k.strip().lower(): v.strip() for k, _, v in lines}
                key = heard["headers"]["sec-websocket-key"].encode() + wsclient.GUID
                accept = base64.b64encode(hashlib.sha1(key, usedforsecurity=False).digest())
                reply = [b"HTTP/1.1 101 Switching Protocols", b"Upgrade: websocket"]
                reply += [b"Connection: Upgrade", b"Sec-WebSocket-Accept: " + accept]
                if answer:
                    reply.append(b"Sec-WebSocket-Extensions: " + answer.encode())
                writer.write(b"\r\n".join(reply) + b"\r\n\r\n" + b"".join(frames))
                while True:
                    first, payload = await _client_frame(reader)
                    heard["frames"].append((first, payload))
                    if first & 0x0F in (0x1, 0x8):
                        break
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            finally:
                finished.set()
                writer.close()

        texts: list[str] = []
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        async with server:
            port = server.sockets[0].getsockname()[1]
            url = "ws://127.0.0.1:%d/socket.io/?EIO=4&transport=websocket" % port
            try:
                ws = await wsclient.connect(
                    url,
                    {"Cookie": "qa=1"},
                    deflate,
                    lambda _, t: texts.append(t),
                    lambda _: None,
                    5.0,
                )
                for _ in range(500):
                    if len(texts) >= expected:
                        break
                    await asyncio.sleep(0.01)
                if send is not None:
                    ws.send_text(send)
                await asyncio.wait_for(finished.wait(), 5.0)
                await ws.close()
            finally:
                await asyncio.wait_for(finished.wait(), 5.0)
        return heard, texts, ws

    # In a thread of its own: a browser test run earlier in this worker (Playwright's sync
    # API) may have left an event loop running on the main thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def _fragmented(messages, compressed):
    """Every message as the server sends it; the first in three fragments with a ping
    between them, RSV1 (compressed) on its first fragment only (RFC 7692 6.1)."""
    rsv1 = 0x40 if compressed else 0
    first = messages[0]
    third = len(first) // 3
    frames = [_server_frame(0x01 | rsv1, first[:third]), _server_frame(0x89, b"hi")]
    frames += [
        _server_frame(0x00, first[third : 2 * third]),
        _server_frame(0x80, first[2 * third :]),
    ]
    return frames + [_server_frame(0x81 | rsv1, m) for m in messages[1:]]


def test_with_no_deflate_the_client_offers_no_extension_and_refuses_one_it_did_not_offer():
    frames = _fragmented([t.encode() for t in TEXTS], compressed=False)
    heard, texts, ws = _exchange(None, frames, deflate=False, expected=5, send="3")
    assert "sec-websocket-extensions" not in heard["headers"]
    assert heard["headers"]["cookie"] == "qa=1"
    assert texts == TEXTS and ws.deflate is None
    assert heard["frames"] == [(0x8A, b"hi"), (0x81, b"3")]  # the pong, then plain text
    with pytest.raises(wsclient.ProtocolError):
        _exchange("permessage-deflate; client_max_window_bits=15", [], deflate=False)


@pytest.mark.parametrize(
    "answer, takeover, bits, client_bits",
    [
        (None, None, None, None),  # the server declines: plain both ways
        ("permessage-deflate; client_max_window_bits=15", True, 15, 15),  # eventlet, wsproto
        (
            "permessage-deflate; server_no_context_takeover; server_max_window_bits=10; "
            "client_max_window_bits=12",
            False,
            10,
            12,
        ),  # one compressed frame shared by every socket
    ],
    ids=["declined", "context-takeover", "no-context-takeover"],
)
def test_offering_deflate_the_client_follows_the_answer_and_reads_every_message(
    answer, takeover, bits, client_bits
):
    if answer is None:
        frames = _fragmented([t.encode() for t in TEXTS], compressed=False)
    else:
        frames = _fragmented(_deflated(TEXTS * 2, takeover, bits), compressed=True)
    heard, texts, ws = _exchange(answer, frames, deflate=True, expected=len(frames) - 3, send="3")
    assert heard["headers"]["sec-websocket-extensions"] == OFFER
    assert ws.extensions == answer
    assert texts == (TEXTS if answer is None else TEXTS * 2)
    pong, (first, payload) = heard["frames"]
    assert pong == (0x8A, b"hi")
    if answer is None:
        assert (first, payload) == (0x81, b"3")
    else:  # compressed as Chromium does, within the window the server allowed
        assert first == 0xC1
        assert zlib.decompressobj(-client_bits).decompress(payload + TAIL) == b"3"


def test_rsv1_on_a_continuation_frame_fails_the_connection():
    compressed = _deflated(TEXTS[:1])[0]
    frames = [_server_frame(0x41, compressed[:4]), _server_frame(0xC0, compressed[4:])]
    answer = "permessage-deflate; client_max_window_bits=15"
    heard, texts, ws = _exchange(answer, frames, deflate=True)
    assert texts == []
    assert heard["frames"] == [(0x88, (1002).to_bytes(2, "big"))]  # protocol error
    assert ws.closed


def _bench(*args: str, timeout: float = 120) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    return json.loads(done.stdout)


@pytest.mark.live
def test_a_small_steady_run_delivers_every_change():
    """20 attendees and a moderator for 3 s, offering permessage-deflate as Chromium does:
    every vote and question reaches everyone, inflated when the server compressed it."""
    summary = _bench(
        "--scenario", "steady", "--clients", "20", "--vote-rate", "10", "--question-rate", "1",
        "--duration", "3", "--seed-questions", "3", "--processes", "1",
    )  # fmt: skip
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
    # Whatever the server's policy, the answer is one a browser accepts, and it is followed.
    websocket = summary["websocket"]
    assert websocket["permessage_deflate_offered"] and websocket["offer"] == OFFER
    assert sum(websocket["server_answers"].values()) == 20
    for answer in websocket["server_answers"]:
        parse_response(answer)
    if websocket["server_accepted"]:
        assert steady["messages_inflated"] > 0
    else:
        assert steady["messages_inflated"] == 0
    assert summary["join"]["server_rss_per_socket_kb"] is not None
    assert summary["join"]["server_rss_after_join_mb"] > 0
    conditions = summary["conditions"]
    assert len(conditions["load_average_at_start"]) == len(conditions["load_average_at_end"]) == 3
    if len(os.sched_getaffinity(0)) >= 2:
        assert summary["pinning"]["server_cores"] and summary["pinning"]["load_cores"]
        assert not set(summary["pinning"]["server_cores"]) & set(summary["pinning"]["load_cores"])


@pytest.mark.live
@pytest.mark.parametrize(
    "mode, deflate",
    [("gevent", True), ("threading", False)],
    ids=["gevent", "threading-no-deflate"],
)
def test_the_other_async_modes_serve_websockets(mode, deflate):
    """gevent (through simple-websocket, no gevent-websocket needed) and threading; with
    ``--no-deflate`` no client offers an extension, so none is answered."""
    summary = _bench(
        "--mode", mode, "--clients", "10", "--vote-rate", "5", "--question-rate", "1",
        "--duration", "2", "--seed-questions", "2", "--processes", "1", "--no-pin",
        *([] if deflate else ["--no-deflate"]),
    )  # fmt: skip
    assert summary["mode"] == mode
    assert summary["pinning"] is None and summary["unpinned_because"] == "--no-pin"
    assert summary["join"]["connected"] == 10  # the bench's clients speak websocket only
    assert summary["steady"]["lost"] == 0
    assert summary["steady"]["votes_acked"] >= 8
    assert summary["websocket"]["permessage_deflate_offered"] is deflate
    if not deflate:
        assert summary["websocket"]["server_answers"] == {"": 10}
        assert summary["steady"]["messages_inflated"] == 0


@pytest.mark.live
def test_the_baseline_runs_perfbase_beside_the_app_and_prints_the_ratios():
    """``--baseline`` on a tiny load: the bare server of ../shared/perfbase gets the same
    clients, rate, duration and deflate setting in the same invocation."""
    if not baseline.available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI has ../shared beside the repository: %s is missing" % baseline.PERFBASE)
        pytest.skip("%s is missing (it lies beside the repository in CI)" % baseline.PERFBASE)
    summary = _bench(
        "--scenario", "steady", "--clients", "20", "--vote-rate", "10", "--question-rate", "0",
        "--duration", "2", "--seed-questions", "2", "--processes", "1", "--baseline",
        timeout=240,
    )  # fmt: skip
    bare = summary["baseline"]
    assert bare["clients"] == bare["connected"] == 20
    assert bare["votes"] == 20 and bare["loss_pct"] == 0
    assert bare["clients_offer_deflate"] is True
    assert len(bare["load_average_at_start"]) == len(bare["load_average_at_end"]) == 3
    versus = summary["versus_baseline"]
    assert versus["vote_p99_ratio"] == pytest.approx(
        versus["vote_p99_ms"]["app"] / versus["vote_p99_ms"]["bare"], abs=0.01
    )
    assert versus["vote_p99_ratio"] > 0 and versus["cpu_ratio"] > 0


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
