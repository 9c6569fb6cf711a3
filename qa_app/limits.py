"""The rate limiter in use: per process, or shared through Redis across workers."""

from flask import current_app

from .domain.ratelimit import MemoryLimiter, RedisLimiter

EXTENSION_KEY = "qa_limiter"


def init_app(app) -> None:
    queue = app.config["MESSAGE_QUEUE"]
    if queue and queue.startswith(("redis://", "rediss://")):
        import redis

        app.extensions[EXTENSION_KEY] = RedisLimiter(redis.Redis.from_url(queue))
    else:
        app.extensions[EXTENSION_KEY] = MemoryLimiter()


def limiter():
    return current_app.extensions[EXTENSION_KEY]
