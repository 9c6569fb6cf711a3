"""The password policy, hashing off the event loop, and the same work for unknown e-mails."""

import threading
import time

import pytest

from qa_app.domain.access import passwords
from qa_app.domain.errors import Invalid
from qa_app.extensions import offload


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        ("password", "at least"),
        ("12345678", "at least"),
        (" " * 12, "at least"),
        ("1234567890", "most common"),
        ("password123", "most common"),
        ("qwertyuiop", "most common"),
        ("aaaaaaaaaaaa", "too easy"),
        ("ana.lopez@pes.example", "e-mail"),
        ("Ana Lopez 2024", "e-mail"),
        ("x" * (passwords.MAX_LENGTH + 1), "at most"),
        ("lone \ud800 surrogate x", "Expected text"),
        (None, "Expected text"),
        (12345678901, "Expected text"),
    ],
)
def test_weak_or_malformed_passwords_are_refused(password, complaint):
    with pytest.raises(Invalid) as refused:
        passwords.check_new_password(password, email="ana.lopez@pes.example", name="Ana Lopez")
    assert complaint in str(refused.value)


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "QhVYJB3K7Y5e", "fri-pes panel lantern"]
)
def test_strong_passwords_pass(password):
    assert passwords.check_new_password(password, email="ana@example.org") == password


def test_hash_and_verify_round_trip():
    stored = passwords.hash_password("plum orchard lantern")
    assert stored != "plum orchard lantern"
    assert passwords.verify_password(stored, "plum orchard lantern")
    assert not passwords.verify_password(stored, "plum orchard lanterns")
    assert not passwords.verify_password(stored, "\ud800")
    assert not passwords.verify_password("!", "anything at all")


def test_unknown_accounts_cost_the_same_work():
    stored = passwords.hash_password("plum orchard lantern")

    def timed(password_hash):
        started = time.perf_counter()
        for _ in range(3):
            assert not passwords.verify_password(password_hash, "wrong guess")
        return time.perf_counter() - started

    known, unknown = timed(stored), timed(None)
    # The same scrypt work either way; before, an unknown e-mail answered 20 times faster.
    assert unknown > known / 3 and known > unknown / 3, (known, unknown)


def test_the_dummy_hash_costs_what_a_real_one_costs():
    """Same method and parameters as a new hash, and one offloaded check, like a real one."""
    method = passwords.hash_password("plum orchard lantern").split("$")[0]
    assert passwords.DUMMY_HASH.split("$")[0] == method
    ran = []
    offload.set_runner(lambda function, *args: ran.append(function) or function(*args))
    try:
        assert not passwords.verify_password(None, "anything")
        assert not passwords.verify_password(passwords.DUMMY_HASH, "anything")
    finally:
        offload.set_runner(None)
    assert len(ran) == 2


def test_hashing_goes_through_the_installed_runner():
    ran_on = []

    def runner(function, *args):
        result: list = []
        thread = threading.Thread(target=lambda: result.append(function(*args)))
        thread.start()
        thread.join()
        ran_on.append(thread.ident)
        return result[0]

    offload.set_runner(runner)
    try:
        stored = passwords.hash_password("plum orchard lantern")
        assert passwords.verify_password(stored, "plum orchard lantern")
        assert passwords.verify_password(None, "x") is False
    finally:
        offload.set_runner(None)
    assert len(ran_on) >= 3 and threading.get_ident() not in ran_on
