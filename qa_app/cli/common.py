"""What every command module shares: domain errors as clear messages, common arguments."""

import click
from flask import current_app
from flask_babel import gettext as _

from qa_app.domain.access import invitations
from qa_app.domain.errors import DomainError, InvalidFields
from qa_app.domain.store import get_event
from qa_app.web.i18n import localized_params


def message(exc: DomainError) -> str:
    text = _(exc.message, **localized_params(exc.params))
    if isinstance(exc, InvalidFields):
        text = "; ".join(
            "%s: %s" % (name, _(error.message, **localized_params(error.params)))
            for name, error in exc.errors.items()
        )
    return text


def run(unit, *args, **kwargs):
    """Call a unit of work; a domain error becomes a clear message and exit status 1."""
    try:
        return unit(*args, **kwargs)
    except DomainError as exc:
        raise click.ClickException(message(exc)) from None


def event_arg(code):
    return run(get_event, code)


def languages_arg(value: str | None) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()] if value else []


def invitation_link(token: str) -> str:
    return current_app.config["BASE_URL"] + invitations.invitation_path(token)


def fail(exc: DomainError):
    """Stop the command with the domain error's message (exit status 1)."""
    raise click.ClickException(message(exc)) from None
