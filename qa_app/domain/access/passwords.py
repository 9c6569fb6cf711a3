"""Staff passwords: the policy for new ones, and hashing that never blocks the event loop.

The policy follows NIST SP 800-63B: a minimum length, no composition rules, and no
password that is easy to guess. Guessability is estimated by zxcvbn (the maintained
Python port of Dropbox's estimator): it knows the common-password lists, dictionary
words, keyboard patterns, dates and repeats, and is told the account's e-mail and name.

Hashing (scrypt, about 100 ms on purpose) and the guessability estimate (up to 0.3 s for a
long password) go through ``extensions.offload``, so under eventlet or gevent they run on
an OS thread instead of stalling every live socket. Callers run neither inside a
transaction (``signin.end_read``).
"""

import functools
import re

from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from qa_app.domain.errors import N_, Invalid
from qa_app.extensions import offload

MIN_LENGTH = 10
MAX_LENGTH = 128  # scrypt would take any length; the login form stops at 200 characters
# zxcvbn scores 0 to 4; 3 means "safely unguessable" (more than 10^8 guesses).
MIN_SCORE = 3
_SURROGATES = re.compile("[\ud800-\udfff]")

# What an unknown e-mail is checked against: a hash made with werkzeug's default method and
# parameters (the same as hash_password's), fixed here so that the first unknown e-mail
# costs exactly one check too. tests/test_passwords.py holds it to the current default.
DUMMY_HASH = (
    "scrypt:32768:8:1$SRphRHubg5sVPAiE$aa50ea6913b1aef2c66fce151e4124f4539f3a0933d3959ac01851"
    "860d25ee63b0df4e08c46bf880520a193cfa95bd6c346a807481c9389042bd3af3b37e1684"
)


def _user_inputs(email: str | None, name: str | None) -> list[str]:
    words = []
    if email:
        local, _, domain = email.lower().partition("@")
        words += [email.lower(), local, domain, *re.split(r"[._+\-]", local)]
        words += domain.split(".")[:-1]
    if name:
        words += [name.lower(), *name.lower().split()]
    return [word for word in words if len(word) > 2] + ["qa_app", "webinar", "moderator"]


def check_new_password(password, email: str | None = None, name: str | None = None) -> str:
    """Return ``password`` if it may be set for this account; raise ``Invalid`` otherwise."""
    if not isinstance(password, str) or _SURROGATES.search(password) or "\x00" in password:
        raise Invalid(N_("Expected text."))
    if len(password) < MIN_LENGTH or not password.strip():
        raise Invalid(N_("Use a password of at least %(limit)s characters."), limit=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise Invalid(N_("Use a password of at most %(limit)s characters."), limit=MAX_LENGTH)
    # zxcvbn is pure Python and takes up to 0.3 s on a long password: off the event loop too.
    estimate = functools.partial(
        zxcvbn, user_inputs=_user_inputs(email, name), max_length=MAX_LENGTH
    )
    result = offload.run(estimate, password)
    if result["score"] >= MIN_SCORE:
        return password
    dictionaries = {match.get("dictionary_name") for match in result["sequence"]}
    if "user_inputs" in dictionaries:
        raise Invalid(N_("Do not build your password from your e-mail address or name."))
    if "passwords" in dictionaries:
        raise Invalid(N_("This is one of the most common passwords. Please choose another."))
    raise Invalid(N_("This password is too easy to guess. Try four or five unrelated words."))


def hash_password(password: str) -> str:
    """The salted hash to store (off the event loop)."""
    return offload.run(generate_password_hash, password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Compare ``password`` with a stored hash (off the event loop).

    Without a hash (an unknown e-mail), it checks against a dummy hash all the same, so
    the answer takes as long as for a real account and tells nobody which e-mails exist.
    """
    usable = isinstance(password, str) and not _SURROGATES.search(password)
    if not usable:
        password = ""  # cannot be encoded, so it matches nothing; still spend the same work
    if not password_hash:
        password_hash, usable = DUMMY_HASH, False
    # An unusable stored hash ("!") is simply never matched.
    return bool(offload.run(check_password_hash, password_hash, password)) and usable
