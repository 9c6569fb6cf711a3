"""Nobody takes over an e-mail address through an invitation (issue 17, item 7).

Before: an organiser invited future.moderator@partner.example and accepted the link with
their own password; a later ``events import`` granted moderator to that address, and so
to them. Now an account made from an invitation stays unconfirmed until its holder opens
a link mailed to it (a real SMTP server on 127.0.0.1, aiosmtpd), import grants to it
wait, and a signed-in account cannot accept someone else's invitation.
"""

import json
import re
import smtplib
import time

import pytest
from aiosmtpd.controller import Controller

from qa_app.domain.access import accounts, confirmations, grants, invitations
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import User
from qa_app.web import mail
from tests.conftest import PASSWORD
from tests.live import free_port

SQUATTER = "future.moderator@partner.example"
CHOSEN = "amber falcon ledger"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def inbox(app):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_URL="smtp://127.0.0.1:%d" % controller.port, MAIL_FROM=None)
    yield handler
    controller.stop()


def _wait_for_mail(inbox, count=1):
    deadline = time.monotonic() + 5
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(inbox.messages) >= count, inbox.messages
    return inbox.messages[count - 1]


def _user(app, email):
    with app.app_context():
        return db.session.scalar(db.select(User).where(User.email == email))


def _roles(app, email, code="EV1"):
    with app.app_context():
        return set(grants.grant_for(_user(app, email).id, get_event(code)).roles)


def _accept_with_new_account(app, token):
    http = app.test_client()
    data = {"action": "new", "new-name": "Someone", "new-password": CHOSEN, "new-confirm": CHOSEN}
    assert http.post("/invite/" + token, data=data).status_code == 303
    return http


def _import(app, runner, tmp_path, code, email, role="moderator"):
    setup = {"event": {"code": code, "title": "Next"}, "staff": [{"email": email, "role": role}]}
    path = tmp_path / ("%s.json" % code)
    path.write_text(json.dumps(setup))
    result = runner.invoke(args=["events", "import", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_import_grants_wait_until_the_address_is_confirmed(
    app, make_event, runner, tmp_path, inbox
):
    make_event()
    with app.app_context():
        _invitation, token = invitations.invite(get_event("EV1"), SQUATTER, "facilitator")
    _accept_with_new_account(app, token)  # by whoever held the link
    rcpt, message = _wait_for_mail(inbox)
    assert rcpt == [SQUATTER] and "Subject: Confirm your e-mail address" in message
    assert _roles(app, SQUATTER) == {"facilitator"}  # the invitation itself counts
    with app.app_context():
        assert not confirmations.is_confirmed(_user(app, SQUATTER))

    output = _import(app, runner, tmp_path, "NEXT", SQUATTER)
    assert "moderator waits until %s confirms the address." % SQUATTER in output
    assert _roles(app, SQUATTER, "NEXT") == set()  # nothing for the squatter

    # The holder of the mailbox opens the link (GET asks; POST confirms): the grant applies.
    link = re.search(r"http\S+/confirm/\S+", _wait_for_mail(inbox, 2)[1]).group(0)
    path = "/" + link.split("/", 3)[3]
    http = app.test_client()
    assert "Yes, this address is mine" in http.get(path).get_data(True)
    assert _roles(app, SQUATTER, "NEXT") == set()
    assert http.post(path).status_code == 303
    assert _roles(app, SQUATTER, "NEXT") == {"moderator"}
    assert http.post(path).status_code == 410  # once


def test_without_mail_an_invitation_account_counts_as_confirmed(app, make_event, runner, tmp_path):
    make_event()
    with app.app_context():
        _invitation, token = invitations.invite(get_event("EV1"), SQUATTER, "facilitator")
    _accept_with_new_account(app, token)
    _import(app, runner, tmp_path, "NEXT", SQUATTER)
    assert _roles(app, SQUATTER, "NEXT") == {"moderator"}  # see docs/security.md


def test_a_signed_in_account_cannot_accept_someone_elses_invitation(
    app, make_event, make_user, login
):
    make_event()
    organiser = login(make_user("organiser", email="org@example.org", events=["EV1"]))
    with app.app_context():
        invitation, token = invitations.invite(get_event("EV1"), SQUATTER, "moderator")
        invitation_id = invitation.id
    refused = organiser.post("/invite/" + token, data={"action": "current"})
    assert refused.status_code == 400
    assert "This invitation is for %s" % SQUATTER in refused.get_data(True)
    assert _roles(app, "org@example.org") == {"organiser"}
    # Nor by signing in on the invitation page with another account.
    other = app.test_client().post(
        "/invite/" + token,
        data={"action": "signin", "signin-email": "org@example.org", "signin-password": PASSWORD},
    )
    assert other.status_code == 400 and _roles(app, "org@example.org") == {"organiser"}
    # The same address in another case is the same person; an admin may allow any account.
    with app.app_context():
        invitations.allow_any_account(get_event("EV1"), invitation_id)
    assert organiser.post("/invite/" + token, data={"action": "current"}).status_code == 303
    assert _roles(app, "org@example.org") == {"organiser", "moderator"}


def test_the_same_address_in_another_case_accepts(app, make_event, make_user, login):
    make_event()
    http = login(make_user("facilitator", email="ana@example.org", events=["EV1"]))
    with app.app_context():
        _invitation, token = invitations.invite(get_event("EV1"), "ANA@Example.org", "moderator")
    assert http.post("/invite/" + token, data={"action": "current"}).status_code == 303


def test_mail_needs_starttls_before_a_password(app, inbox):
    """The test server offers no STARTTLS: with credentials nothing is sent."""
    with app.test_request_context():
        app.config["SMTP_URL"] = app.config["SMTP_URL"].replace("smtp://", "smtp://u:p@")
        with pytest.raises(mail.MailError, match="STARTTLS"):
            mail.send_mail("x@example.org", "Subject", "Body", "fr")
    assert inbox.messages == []


def test_mail_is_sent_in_the_readers_language(app, inbox):
    with app.test_request_context():
        mail.send_mail("x@example.org", mail_subject(), "Corps", "fr")
    _rcpt, message = _wait_for_mail(inbox)
    assert "Content-Language: fr" in message and "From: qa@127.0.0.1" in message
    assert "Subject: Confirmez votre adresse e-mail" in message


def mail_subject():
    from flask_babel import lazy_gettext as _l

    return _l("Confirm your e-mail address")


def test_an_unreachable_server_is_a_clear_message_not_a_500(app, make_event):
    make_event()
    app.config["SMTP_URL"] = "smtp://127.0.0.1:%d" % free_port()  # nobody listens
    with app.app_context():
        _invitation, token = invitations.invite(get_event("EV1"), SQUATTER, "facilitator")
    http = app.test_client()
    data = {"action": "new", "new-name": "Someone", "new-password": CHOSEN, "new-confirm": CHOSEN}
    response = http.post("/invite/" + token, data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "The confirmation e-mail could not be sent" in response.get_data(True)
    with app.app_context():
        assert accounts.find_user(SQUATTER) is not None


def test_smtp_settings_are_checked_at_start():
    from qa_app.config import smtp_url

    assert smtp_url("") is None
    assert smtp_url("smtps://u:p@mail.example.org:465") == "smtps://u:p@mail.example.org:465"
    for bad in ("mail.example.org", "http://mail.example.org", "smtp://host:port"):
        with pytest.raises(ValueError, match="QA_SMTP_URL"):
            smtp_url(bad)
    assert smtplib.SMTP_PORT == 25
