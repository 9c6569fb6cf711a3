"""The votes window and the event-loop lag, on a fake clock: no sleeps, no sockets."""

import pytest

from qa_app.live.coalescer import Backlog, LatencyWindow, VoteCoalescer
from qa_app.live.lag import LagMonitor

PER_SOCKET = 35e-6  # seconds of fan-out per socket, as measured (docs/performance.md)


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class Room:
    """A simulated event room: sending costs ``PER_SOCKET`` of fake time per socket."""

    def __init__(self, clock: FakeClock, sockets: int):
        self.clock, self.sockets = clock, sockets
        self.sent: list[tuple[str, dict, float]] = []

    def send(self, code: str, payload: dict) -> int:
        self.sent.append((code, payload, self.clock.now))
        self.clock.now += self.sockets * PER_SOCKET
        return self.sockets


def make(clock, room, minimum=0.15, maximum=2.0, share=None):
    spawned = []
    coalescer = VoteCoalescer(
        LatencyWindow(minimum, maximum, share),
        room.send,
        spawned.append,
        clock.sleep,
        clock,
        cpu_clock=clock,  # the simulated fan-out is all CPU
        backlog=Backlog(),
    )
    return coalescer, spawned


def one_round(coalescer, seq, question_waits=False):
    """One vote, one flush; with ``question_waits`` a question arrives during the flush and
    is still unfinished when the flush ends (it waited behind it)."""
    coalescer.add("EV", 1, seq, seq)
    if not question_waits:
        coalescer.flush()
        return coalescer.window.current
    send, waiting = coalescer.send, coalescer.backlog.urgent()

    def send_while_a_question_waits(code, payload):
        waiting.__enter__()  # broadcast.question_changed, not done yet
        return send(code, payload)

    coalescer.send = send_while_a_question_waits
    coalescer.flush()
    waiting.__exit__(None, None, None)
    coalescer.send = send
    return coalescer.window.current


def test_cheap_flushes_with_nothing_waiting_keep_the_minimum_window():
    clock = FakeClock()
    coalescer, _ = make(clock, Room(clock, sockets=1_000))
    assert [one_round(coalescer, seq) for seq in range(1, 6)] == [0.15] * 5


def test_an_expensive_flush_alone_does_not_widen_the_window():
    # 10,000 sockets: 0.35 s a flush, longer than the minimum. Nothing waits, so the
    # window stays at the minimum: the next flush follows as soon as this one ends.
    clock = FakeClock()
    coalescer, _ = make(clock, Room(clock, sockets=10_000))
    assert one_round(coalescer, 1) == pytest.approx(0.15)
    assert coalescer.last_flush_seconds == pytest.approx(0.35)


def test_the_window_widens_while_questions_wait_behind_flushes_and_then_shortens():
    clock = FakeClock()
    coalescer, _ = make(clock, Room(clock, sockets=10_000))
    widening = [one_round(coalescer, seq, question_waits=True) for seq in range(1, 6)]
    assert widening == pytest.approx([0.3, 0.6, 1.2, 2.0, 2.0])  # doubling, up to the maximum
    # Nothing waits any more: back at the minimum after the next flush.
    assert one_round(coalescer, 6) == pytest.approx(0.15)
    assert coalescer.flushes == 6


def test_only_work_left_waiting_by_a_flush_counts():
    backlog = Backlog()
    with backlog.urgent():
        pass  # a question between two flushes: it waited behind neither
    backlog.watch()
    assert not backlog.take_contended()
    backlog.watch()
    with backlog.urgent():
        pass  # one question sent between two batches of a flush: out at once
    assert not backlog.take_contended()
    backlog.watch()
    for _ in range(Backlog.CROWD):
        with backlog.urgent():
            pass  # a queue of them between the batches: the flush held them back
    assert backlog.take_contended()
    with backlog.urgent():
        backlog.watch()
        assert backlog.take_contended()  # a join still being served as the flush ends
    backlog.watch()
    assert not backlog.take_contended()


def test_questions_between_flushes_do_not_keep_the_window_wide():
    clock = FakeClock()
    coalescer, _ = make(clock, Room(clock, sockets=10_000))
    assert one_round(coalescer, 1, question_waits=True) == pytest.approx(0.3)
    for seq in range(2, 6):
        with coalescer.backlog.urgent():  # a question every window, never during a flush
            pass
        assert one_round(coalescer, seq) == pytest.approx(0.15)


def test_the_cpu_ceiling_is_off_by_default_and_holds_when_set():
    clock = FakeClock()
    coalescer, _ = make(clock, Room(clock, sockets=10_000))
    assert coalescer.window.cpu_share is None
    capped, _ = make(clock, Room(clock, sockets=10_000), share=0.5)
    assert one_round(capped, 1) == pytest.approx(0.7)  # 0.35 s of CPU at most half: 0.7 s
    many, _ = make(clock, Room(clock, sockets=100_000), share=0.5)
    assert one_round(many, 1) == pytest.approx(2.0)  # the maximum caps it


def test_votes_messages_seqs_strictly_increase_even_when_counts_arrive_late():
    clock = FakeClock()
    room = Room(clock, sockets=10)
    coalescer, _ = make(clock, room)
    coalescer.add("EV", 1, 5, 10)
    coalescer.flush()
    # Another worker's older change, relayed late, for another question: it is news,
    # and goes out above the previous message's seq.
    coalescer.add("EV", 2, 3, 8)
    coalescer.flush()
    coalescer.add("EV", 1, 6, 12)
    coalescer.add("EV", 2, 2, 7)  # older than what was sent for question 2: refused
    coalescer.flush()
    messages = [payload for _, payload, _ in room.sent]
    assert messages == [
        {"counts": {"1": 5}, "seq": 10},
        {"counts": {"2": 3}, "seq": 11},
        {"counts": {"1": 6}, "seq": 12},
    ]


def test_window_settings_are_checked():
    with pytest.raises(ValueError, match="minimum"):
        LatencyWindow(0.5, 0.2)
    with pytest.raises(ValueError, match="share"):
        LatencyWindow(0.1, 1.0, 0)


def test_the_lag_monitor_sees_how_late_the_loop_wakes_it():
    clock = FakeClock()
    delays = iter([0.0, 0.002, 0.3, 0.0, 1.2])

    def sleep(seconds):  # the loop wakes the monitor late by the next delay
        clock.sleep(seconds + next(delays))

    monitor = LagMonitor(sleep, clock, interval=0.05, recent_seconds=10.0)
    ticks = []
    monitor.tickers.append(ticks.append)
    lags = [monitor.measure_once() for _ in range(5)]
    assert lags == pytest.approx([0.0, 0.002, 0.3, 0.0, 1.2])
    assert monitor.recent_max() == pytest.approx(1.2)
    assert monitor.count == 5 and monitor.total == pytest.approx(1.502)
    buckets = dict(monitor.cumulative_buckets())
    assert buckets["0.001"] == 2 and buckets["0.0025"] == 3 and buckets["0.5"] == 4
    assert buckets["2.5"] == buckets["+Inf"] == 5
    assert len(ticks) == 5
    clock.now += 11  # the long lag leaves the recent window
    assert monitor.recent_max() == 0.0
