"""The votes window and the event-loop lag, on a fake clock: no sleeps, no sockets."""

import itertools

import pytest

from qa_app.live.coalescer import AdaptiveWindow, VoteCoalescer
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


def make(clock, room, minimum=0.15, maximum=2.0, share=0.5):
    spawned = []
    coalescer = VoteCoalescer(
        AdaptiveWindow(minimum, maximum, share),
        room.send,
        spawned.append,
        clock.sleep,
        clock,
        cpu_clock=clock,  # the simulated fan-out is all CPU
    )
    return coalescer, spawned


def test_the_window_widens_with_the_fan_out_cost_and_shrinks_back():
    clock = FakeClock()
    room = Room(clock, sockets=1_000)
    coalescer, _ = make(clock, room)
    seq = 0

    def one_round():
        nonlocal seq
        seq += 1
        coalescer.add("EV", 1, seq, seq)
        coalescer.flush()
        return coalescer.window.current

    # 1,000 sockets: 35 ms a flush, well under half of 0.15 s: the minimum holds.
    assert one_round() == pytest.approx(0.15)
    # 10,000 sockets: 0.35 s a flush. The window widens at once to keep flushing at
    # half of the process: 0.7 s.
    room.sockets = 10_000
    assert one_round() == pytest.approx(0.7)
    assert coalescer.last_flush_seconds == pytest.approx(0.35)
    # 100,000 sockets: 3.5 s a flush would ask for 7 s; the maximum caps it.
    room.sockets = 100_000
    assert one_round() == pytest.approx(2.0)
    # The load falls back: the window shrinks step by step, never below the minimum.
    room.sockets = 1_000
    shrinking = [one_round() for _ in range(40)]
    assert all(later <= earlier for earlier, later in itertools.pairwise(shrinking))
    assert shrinking[0] == pytest.approx(2.0)  # one quick flush does not undo the load
    assert shrinking[-1] == pytest.approx(0.15)
    assert coalescer.flushes == 43 and coalescer.deliveries == 1_000 * 41 + 10_000 + 100_000


def test_the_flush_loop_keeps_the_cadence_of_the_adapted_window():
    """Flushes start one window apart (from start to start), the window fitted to the cost."""
    clock = FakeClock()
    room = Room(clock, sockets=10_000)
    coalescer, spawned = make(clock, room)
    arrivals = iter(range(1, 6))
    send = room.send

    def send_while_votes_arrive(code, payload):  # a vote arrives during each of 5 flushes
        vote = next(arrivals, None)
        if vote is not None:
            coalescer.add("EV", vote, 1, vote)
        return send(code, payload)

    coalescer.send = send_while_votes_arrive
    assert coalescer.add("EV", 0, 1, 0)
    [loop] = spawned
    loop()  # runs until nothing is pending
    starts = [at for _, _, at in room.sent]
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert len(starts) == 6
    # The first window was the minimum; after the first flush (0.35 s) every gap is 0.7 s.
    assert gaps == pytest.approx([0.7] * 5)
    assert not coalescer.add("EV", 0, 1, 0)  # an old count is refused
    assert len(spawned) == 1


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
        AdaptiveWindow(0.5, 0.2, 0.5)
    with pytest.raises(ValueError, match="share"):
        AdaptiveWindow(0.1, 1.0, 0)


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
