"""Rate limits with a fake clock: no app, no sleeping."""

from collections import deque

import pytest

from qa_app.domain.errors import RateLimited
from qa_app.domain.ratelimit import MemoryLimiter, RedisLimiter, check


class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def test_budget_then_refused_then_window_slides():
    clock = FakeClock()
    limiter = MemoryLimiter(clock)
    assert [limiter.hit("a", 3, 10) for _ in range(4)] == [True, True, True, False]
    clock.now += 9.9
    assert limiter.hit("a", 3, 10) is False  # still inside the window
    clock.now += 0.1  # the first three hits are now exactly one window old
    assert limiter.hit("a", 3, 10) is True
    assert limiter.hit("a", 3, 10) is True
    assert limiter.hit("a", 3, 10) is True
    assert limiter.hit("a", 3, 10) is False


def test_sliding_not_fixed_window():
    clock = FakeClock()
    limiter = MemoryLimiter(clock)
    assert limiter.hit("a", 2, 10)
    clock.now += 6
    assert limiter.hit("a", 2, 10)
    clock.now += 5  # 11 s after the first hit, 5 s after the second
    assert limiter.hit("a", 2, 10)  # the first one expired
    assert not limiter.hit("a", 2, 10)  # the second still counts


def test_refused_hits_do_not_use_the_budget():
    clock = FakeClock()
    limiter = MemoryLimiter(clock)
    limiter.hit("a", 1, 10)
    for _ in range(50):
        assert not limiter.hit("a", 1, 10)
    clock.now += 10
    assert limiter.hit("a", 1, 10)


def test_keys_are_independent():
    limiter = MemoryLimiter(FakeClock())
    assert limiter.hit("vote:alice", 1, 60)
    assert not limiter.hit("vote:alice", 1, 60)
    assert limiter.hit("vote:bob", 1, 60)
    assert limiter.hit("ask:alice", 1, 60)


def test_check_raises_rate_limited_with_its_code():
    limiter = MemoryLimiter(FakeClock())
    check(limiter, "k", (2, 60))
    check(limiter, "k", (2, 60))
    with pytest.raises(RateLimited) as caught:
        check(limiter, "k", (2, 60))
    assert caught.value.code == "rate_limited"
    assert caught.value.message


def test_idle_keys_are_forgotten():
    limiter = MemoryLimiter(FakeClock())
    limiter._hits = {"idle%d" % i: deque() for i in range(100_001)}
    assert limiter.hit("fresh", 1, 60)
    assert set(limiter._hits) == {"fresh"}


class FakeRedis:
    """Just enough of redis-py's pipeline for the fixed-window limiter."""

    def __init__(self):
        self.values: dict[str, int] = {}
        self.expiry: dict[str, int] = {}

    def pipeline(self):
        return FakePipeline(self)


class FakePipeline:
    def __init__(self, redis):
        self.redis, self.ops = redis, []

    def incr(self, name):
        self.ops.append(("incr", name))

    def expire(self, name, seconds):
        self.ops.append(("expire", name, seconds))

    def execute(self):
        results = []
        for op in self.ops:
            if op[0] == "incr":
                self.redis.values[op[1]] = self.redis.values.get(op[1], 0) + 1
                results.append(self.redis.values[op[1]])
            else:
                self.redis.expiry[op[1]] = op[2]
                results.append(True)
        return results


def test_redis_limiter_fixed_window():
    clock, redis = FakeClock(1200.0), FakeRedis()
    limiter = RedisLimiter(redis, clock)
    assert [limiter.hit("a", 2, 60) for _ in range(3)] == [True, True, False]
    assert limiter.hit("b", 2, 60)
    assert all(seconds == 61 for seconds in redis.expiry.values())
    clock.now += 60  # next bucket
    assert limiter.hit("a", 2, 60)
