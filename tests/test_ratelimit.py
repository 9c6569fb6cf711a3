"""Rate limits: the ``limits`` library's moving window, in memory and in Redis."""

import logging
import os
import secrets

import limits.storage.memory
import pytest

from qa_app.config import rate
from qa_app.domain.errors import RateLimited
from qa_app.domain.safety.ratelimit import Limiter, ProcessStorage, check
from tests.live import free_port

REDIS_URL = "redis://127.0.0.1:6379/0"


class FakeTime:
    """Stands in for the ``time`` module inside limits' memory storage."""

    def __init__(self, now=1_000_000.0):
        self.now = now

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeTime()
    monkeypatch.setattr(limits.storage.memory, "time", fake)
    return fake


def test_budget_then_refused_then_the_window_moves(clock):
    limiter = Limiter()
    assert [limiter.hit("a", 3, 10) for _ in range(4)] == [True, True, True, False]
    clock.now += 9.9
    assert limiter.hit("a", 3, 10) is False  # still inside the window
    clock.now += 0.2
    assert [limiter.hit("a", 3, 10) for _ in range(4)] == [True, True, True, False]


def test_a_moving_window_not_a_fixed_one(clock):
    limiter = Limiter()
    assert limiter.hit("a", 2, 10)
    clock.now += 5
    assert limiter.hit("a", 2, 10)
    clock.now += 5.1
    assert limiter.hit("a", 2, 10)  # the first hit left the window
    assert not limiter.hit("a", 2, 10)  # the second still counts: no reset at a boundary


def test_keys_and_limits_are_independent(clock):
    limiter = Limiter()
    assert limiter.hit("vote:alice", 1, 60)
    assert not limiter.hit("vote:alice", 1, 60)
    assert limiter.hit("vote:bob", 1, 60)
    assert limiter.hit("ask:alice", 1, 60)
    assert limiter.hit("vote:alice", 5, 60)  # another limit on the same key counts apart


def test_check_raises_a_translated_rate_limited_and_none_is_no_limit(clock):
    limiter = Limiter()
    check(limiter, "k", (2, 60))
    check(limiter, "k", (2, 60))
    with pytest.raises(RateLimited) as refused:
        check(limiter, "k", (2, 60))
    assert refused.value.code == "rate_limited" and "wait" in refused.value.message
    for _ in range(100):
        check(limiter, "k", None)


def test_idle_keys_are_forgotten(clock):
    """The old limiter kept every key forever: past 100,000 keys each hit cost 17 ms."""
    storage = ProcessStorage()
    limiter = Limiter()
    limiter._local.storage = storage  # the strategy reads the storage through this attribute
    for n in range(20_000):
        assert limiter.hit("vote:%d" % n, 60, 60)
    assert len(storage.events) == 20_000
    clock.now += 30
    limiter.hit("fresh", 60, 60)
    storage.sweep()
    assert len(storage.events) == 20_001  # nothing expired yet
    clock.now += 31
    storage.sweep()
    assert set(storage.events) == {next(k for k in storage.events if "fresh" in k)}
    clock.now += 61
    storage.sweep()
    assert storage.events == {} and not storage.locks


@pytest.mark.parametrize(
    ("value", "expected"),
    [("600/30", (600, 30.0)), ("off", None), ("OFF", None), ("", (60, 60)), ("7", (7, 60.0))],
)
def test_rates_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("QA_IP_VOTE_RATE", value)
    assert rate("QA_IP_VOTE_RATE", (60, 60)) == expected


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Redis on 127.0.0.1:6379 (%s)" % exc)
        pytest.skip("Redis at 127.0.0.1:6379 is unreachable (%s)" % exc)


@pytest.mark.services
def test_workers_share_one_budget_through_redis():
    _redis_or_skip()
    worker_a, worker_b = Limiter(REDIS_URL), Limiter(REDIS_URL)
    key = "test-shared:%s" % secrets.token_hex(8)
    assert worker_a.shared and worker_b.shared
    hits = [worker_a.hit(key, 3, 30), worker_b.hit(key, 3, 30), worker_a.hit(key, 3, 30)]
    assert hits == [True, True, True]
    assert not worker_b.hit(key, 3, 30) and not worker_a.hit(key, 3, 30)
    # Per-process limits stay in the process even with Redis.
    assert worker_a.hit(key, 1, 30, per_process=True)
    assert not worker_a.hit(key, 1, 30, per_process=True)
    assert worker_b.hit(key, 1, 30, per_process=True)


def test_without_redis_limits_fall_back_to_the_process_with_a_warning(caplog):
    limiter = Limiter("redis://127.0.0.1:%d/0" % free_port())  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="qa_app.domain.safety.ratelimit"):
        assert [limiter.hit("ask:a", 2, 60) for _ in range(3)] == [True, True, False]
    assert not limiter.shared
    warnings = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(warnings) == 1  # once per outage, not once per hit
