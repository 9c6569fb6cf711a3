"""Sign-in back-off and lockout: failed attempts per account, per address, and per pair.

Failures are counted in moving windows (the rate limiter, shared by every worker through
Redis). A person mistyping gets a short pause after a few tries; guessing one account
from many addresses, or many accounts from one address, is locked out for longer. The
e-mail is counted whether or not an account has it, and a locked-out attempt checks no
password at all, so neither the answer nor its timing tells which e-mails exist.
"""

import hashlib

from qa_app.domain.errors import N_, RateLimited

# (failures, seconds): reaching any of these refuses further attempts until it frees up.
PER_ACCOUNT_AND_ADDRESS = (5, 300)  # back-off for one person at one machine
PER_ACCOUNT = (20, 3600)  # one account guessed from many addresses
PER_ADDRESS = (30, 3600)  # many accounts guessed from one address


def _keys(email: str, address: str) -> list[tuple[str, tuple[int, int]]]:
    # Keys hold no e-mail in clear (Redis may be shared with other tools).
    account = hashlib.sha256(email.strip().lower().encode("utf-8", "replace")).hexdigest()[:32]
    return [
        ("login-fail:%s:%s" % (account, address), PER_ACCOUNT_AND_ADDRESS),
        ("login-fail:%s" % account, PER_ACCOUNT),
        ("login-fail-ip:%s" % address, PER_ADDRESS),
    ]


def refuse_if_locked(limiter, email: str, address: str) -> None:
    """Raise ``RateLimited`` while this account or address must wait."""
    for key, (limit, window) in _keys(email, address):
        if not limiter.allows(key, limit, window):
            raise RateLimited(
                N_("Too many failed sign-ins. Please wait a few minutes and try again.")
            )


def record_failure(limiter, email: str, address: str) -> None:
    for key, (limit, window) in _keys(email, address):
        limiter.hit(key, limit, window)


def record_success(limiter, email: str, address: str) -> None:
    """The person at this address knows the password: their own back-off is over."""
    key, (limit, window) = _keys(email, address)[0]
    limiter.clear(key, limit, window)
