"""The app's rate limits: which key and which setting each action counts against.

Per attendee (``QA_ASK_RATE``, ``QA_VOTE_RATE``) and, on top, per client address
(``QA_IP_ASK_RATE``, ``QA_IP_VOTE_RATE``, ``QA_IP_IDENTITY_RATE`` for new attendee
identities, ``QA_IP_QUESTION_VOTE_RATE`` for votes on one question), shared by every
worker through Redis when there is a message queue.
``QA_JOIN_RATE`` caps attendee page loads per process, to keep a worker responsive.
"""

from flask import current_app, request

from qa_app.domain.errors import N_, RateLimited
from qa_app.domain.safety import vote_origins
from qa_app.domain.safety.ratelimit import Limiter, check

EXTENSION_KEY = "qa_limiter"


def init_app(app) -> None:
    queue = app.config["MESSAGE_QUEUE"]
    redis_url = queue if queue and queue.startswith(("redis://", "rediss://")) else None
    app.extensions[EXTENSION_KEY] = Limiter(redis_url)


def limiter() -> Limiter:
    return current_app.extensions[EXTENSION_KEY]


def client_address() -> str:
    """The client's address (behind trusted proxies, ProxyFix has put the real one here)."""
    return request.remote_addr or "unknown"


def check_action(kind: str, attendee: str) -> None:
    """An ask or vote: within the attendee's budget and the address's (``RateLimited``)."""
    config = current_app.config
    check(limiter(), "%s:%s" % (kind, attendee), config["%s_RATE" % kind.upper()])
    check(limiter(), "ip-%s:%s" % (kind, client_address()), config["IP_%s_RATE" % kind.upper()])


def check_question_vote(event_code: str, question_id) -> int:
    """One more vote on one question from this address (``QA_IP_QUESTION_VOTE_RATE``):
    ``RateLimited`` past the cap; else how many this address gave it in the window."""
    rate = current_app.config["IP_QUESTION_VOTE_RATE"]
    if rate is None or not isinstance(question_id, int) or isinstance(question_id, bool):
        return 0  # the domain refuses an id that is not one
    key = "ip-qvote:%s:%d:%s" % (event_code, question_id, client_address())
    check(limiter(), key, rate)
    return rate[0] - limiter().remaining(key, *rate)


def question_vote_warning(question_id: int, votes_from_here: int) -> bool:
    """Note this address's votes on the question; True when moderators should hear now."""
    rate = current_app.config["IP_QUESTION_VOTE_RATE"]
    return rate is not None and vote_origins.note(question_id, votes_from_here, *rate)


def check_sync() -> None:
    """One more snapshot for this socket (``QA_SYNC_RATE``, per process: a socket lives
    on one worker)."""
    rate = current_app.config["SYNC_RATE"]
    if rate is not None and not limiter().hit("sync:" + request.sid, *rate, per_process=True):
        raise RateLimited(N_("You are going a little fast. Please wait a moment and try again."))


def may_open_socket(open_now: int) -> bool:
    """Whether an identity holding ``open_now`` sockets on this event may open one more
    (``QA_SOCKETS_PER_IDENTITY``; 0 is no cap)."""
    cap = current_app.config["SOCKETS_PER_IDENTITY"]
    return not cap or open_now < cap


def _allowed(key: str, rate, per_process: bool = False) -> bool:
    return rate is None or limiter().hit(key, *rate, per_process=per_process)


# One address may take at most this share of the process's join budget, so that one
# client (or one network) cannot spend everyone's: the others keep the rest.
JOIN_SHARE_PER_ADDRESS = 0.25


def may_join() -> bool:
    """One more attendee page load in this process (``QA_JOIN_RATE``), and within this
    address's share of it (a quarter). A load refused for its address spends nothing of
    the process's budget."""
    rate = current_app.config["JOIN_RATE"]
    if rate is None:
        return True
    limit, window = rate
    share = (max(1, int(limit * JOIN_SHARE_PER_ADDRESS)), window)
    return _allowed("join-ip:" + client_address(), share, per_process=True) and _allowed(
        "join", rate, per_process=True
    )


def may_create_identity() -> bool:
    """One more new attendee identity from this address (``QA_IP_IDENTITY_RATE``)."""
    return _allowed("ip-identity:" + client_address(), current_app.config["IP_IDENTITY_RATE"])
