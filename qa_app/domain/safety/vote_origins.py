"""Votes on one question from one address: the moderators' warning.

``QA_IP_QUESTION_VOTE_RATE`` caps the votes one address gives one question
(web/rate_limits.py). Well before the cap, a question that drew many votes from one
address in the window is marked for the moderators: ``peak(question_id)`` is the most
votes it got from one address lately (None below the warning level). Only that number is
kept, per process, never the address itself.
"""

import threading
import time

_lock = threading.Lock()
_peaks: dict[int, tuple[int, float]] = {}  # question id -> (votes from one address, until)


def warning_level(limit: int) -> int:
    """Votes from one address on one question that deserve a moderator's look: half the cap."""
    return max(2, limit // 2)


def note(question_id: int, votes: int, limit: int, window: float) -> bool:
    """Record ``votes`` from one address on the question; True when the moderators should
    hear now (the warning level or the cap was just reached)."""
    if votes < warning_level(limit):
        return False
    now = time.monotonic()
    with _lock:
        before = peak(question_id, now)
        _peaks[question_id] = (max(votes, before or 0), now + window)
        if len(_peaks) > 10_000:  # forget what expired
            for key in [key for key, (_, until) in _peaks.items() if until <= now]:
                _peaks.pop(key, None)
    return before is None or (votes > before and votes in (warning_level(limit), limit))


def peak(question_id: int, now: float | None = None) -> int | None:
    """The most votes the question drew from one address in the window, when it is over
    the warning level; else None."""
    entry = _peaks.get(question_id)
    if entry is None or entry[1] <= (time.monotonic() if now is None else now):
        return None
    return entry[0]


def forget() -> None:
    with _lock:
        _peaks.clear()
