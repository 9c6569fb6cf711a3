"""Sending e-mail through the SMTP server of ``QA_SMTP_URL`` (stdlib smtplib).

``smtp://[user:pass@]host:port`` speaks plain SMTP and upgrades with STARTTLS when the
server offers it; with credentials STARTTLS is required (a password never crosses the
network in clear). ``smtps://`` is TLS from the first byte (port 465 by default). The
sender is ``QA_MAIL_FROM``, else ``qa@`` the host of ``QA_BASE_URL``.

API
- ``configured() -> bool``: whether mail can be sent at all.
- ``send_mail(to, subject, body, language)``: ``subject`` and ``body`` may be lazy
  strings (``_l``), rendered in ``language``. Raises ``MailError`` when the server cannot
  be reached or refuses; the caller says so to the person and carries on.
Under eventlet the socket calls are cooperative (wsgi.py patches them).
"""

import logging
import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app
from flask_babel import force_locale

log = logging.getLogger(__name__)
TIMEOUT = 15  # seconds for each exchange with the server


class MailError(Exception):
    """The message could not be handed to the mail server."""


def configured() -> bool:
    return bool(current_app.config.get("SMTP_URL"))


def sender() -> str:
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return current_app.config.get("MAIL_FROM") or "qa@%s" % host


def send_mail(to: str, subject, body, language: str | None = None) -> None:
    if not configured():
        raise MailError("QA_SMTP_URL is not set")
    with force_locale(language or "en"):
        message = EmailMessage()
        message["From"], message["To"] = sender(), to
        message["Subject"] = str(subject)
        message.set_content(str(body))
        message["Content-Language"] = language or "en"  # after set_content, which drops it
    try:
        _deliver(urlsplit(current_app.config["SMTP_URL"]), message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail to %s not sent: %s", to.partition("@")[2], exc)
        raise MailError(str(exc)) from exc


def _deliver(url, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    user, password = unquote(url.username or ""), unquote(url.password or "")
    if url.scheme == "smtps":
        server = smtplib.SMTP_SSL(url.hostname, url.port or 465, timeout=TIMEOUT, context=context)
    else:
        server = smtplib.SMTP(url.hostname, url.port or 25, timeout=TIMEOUT)
    with server:
        server.ehlo()
        if url.scheme == "smtp" and server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
        elif url.scheme == "smtp" and user:
            raise MailError("the server does not offer STARTTLS; refusing to send the password")
        if user:
            server.login(user, password)
        server.send_message(message)
