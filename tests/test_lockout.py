"""Sign-in back-off and lockout, per account, per address and per pair."""

import functools

import pytest
from werkzeug.security import generate_password_hash

from qa_app.domain.access import passwords
from tests.conftest import PASSWORD

WRONG = "not the password"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """These tests count attempts, not hashing work: a cheap hash keeps them quick."""
    cheap = functools.partial(generate_password_hash, method="pbkdf2:sha256:1000")
    monkeypatch.setattr(passwords, "generate_password_hash", cheap)
    monkeypatch.setattr(passwords, "DUMMY_HASH", cheap("no account has this password"))


def _sign_in(app, email, password, address="192.0.2.10"):
    http = app.test_client()
    response = http.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code, response.get_data(as_text=True)


def test_a_few_wrong_passwords_then_a_pause_for_that_person(app, make_user):
    email = make_user("moderator")
    for _ in range(5):
        assert _sign_in(app, email, WRONG)[0] == 200
    status, page = _sign_in(app, email, PASSWORD)  # even the right password waits now
    assert status == 429 and "Too many failed sign-ins" in page
    # The account is not locked for everyone: the moderator at another machine gets in.
    assert _sign_in(app, email, PASSWORD, address="198.51.100.20")[0] == 302


def test_unknown_e_mails_are_locked_out_the_same_way(app, make_user):
    for _ in range(5):
        status, page = _sign_in(app, "nobody@example.org", WRONG)
        assert status == 200 and "Wrong e-mail or password." in page
    status, page = _sign_in(app, "Nobody@Example.org", WRONG)
    assert status == 429 and "Too many failed sign-ins" in page


def test_success_ends_the_back_off(app, make_user):
    email = make_user("moderator")
    for _ in range(4):
        _sign_in(app, email, WRONG)
    assert _sign_in(app, email, PASSWORD)[0] == 302
    for _ in range(4):
        assert _sign_in(app, email, WRONG)[0] == 200  # a fresh budget


def test_one_account_guessed_from_many_addresses_is_locked(app, make_user):
    email = make_user("moderator")
    for n in range(20):
        assert _sign_in(app, email, WRONG, address="203.0.113.%d" % n)[0] == 200
    assert _sign_in(app, email, PASSWORD, address="203.0.113.200")[0] == 429


def test_many_accounts_guessed_from_one_address_are_locked(app, make_user):
    email = make_user("moderator")
    for n in range(30):
        assert _sign_in(app, "guess%d@example.org" % n, WRONG)[0] == 200
    assert _sign_in(app, email, PASSWORD)[0] == 429
    assert _sign_in(app, email, PASSWORD, address="198.51.100.20")[0] == 302


def test_locked_attempts_check_no_password(app, make_user, monkeypatch):
    email = make_user("moderator")
    for _ in range(5):
        _sign_in(app, email, WRONG)
    checked = []
    monkeypatch.setattr(passwords, "verify_password", lambda *args: checked.append(args))
    for _ in range(3):
        assert _sign_in(app, email, WRONG)[0] == 429
    assert checked == []
