"""Helpers for the /manage view tests: signed-in clients, reading the database back."""

import re

from qa_app.domain.store import get_event
from qa_app.extensions import db


def event_state(app, code: str) -> dict:
    """The event as plain data, read fresh from the database."""
    with app.app_context():
        db.session.expire_all()
        event = get_event(code)
        data = event.to_dict()
        data["public"] = event.public
        data["archived"] = event.archived
        return data


def page_text(response) -> str:
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    return body


def field_error(body: str, field_id: str) -> str:
    """The error shown under the field ``field_id``, or "" when there is none."""
    match = re.search(r'id="%s-error">([^<]*)<' % re.escape(field_id), body)
    return match.group(1) if match else ""


def one_time_link(body: str) -> str:
    match = re.search(r'id="one-time-link" value="([^"]+)"', body)
    assert match, "no one-time link on the page"
    return match.group(1)
