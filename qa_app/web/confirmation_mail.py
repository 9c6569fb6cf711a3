"""The e-mail that confirms an address: a one-time link (domain/access/confirmations.py)."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from qa_app.domain.access import confirmations
from qa_app.models import User
from qa_app.web import mail


def send_confirmation(user: User, language: str | None) -> bool:
    """Send ``user`` a new confirmation link in ``language``; False when it could not go."""
    # The path, not url_for: the command line (events import) sends it too, with no request.
    link = current_app.config["BASE_URL"] + confirmations.PATH + confirmations.start(user)
    subject = _l("Confirm your e-mail address")
    body = _l(
        "Hello %(name)s,\n\n"
        "Open this link to confirm that %(email)s is your address:\n%(link)s\n\n"
        "It works once, for %(days)s days. Until then, roles given to this address by a "
        "set-up file wait for it. If you did not create this account, ignore this message.",
        name=user.display_name,
        email=user.email,
        link=link,
        days=confirmations.VALID_FOR.days,
    )
    try:
        mail.send_mail(user.email, subject, body, language)
    except mail.MailError:
        return False
    return True
