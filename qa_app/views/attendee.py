"""Pages anyone can open: the attendee page, the projector view and the join QR code."""

import secrets

import segno
from flask import Blueprint, Response, abort, render_template, session, url_for

from ..client_strings import client_strings
from ..domain.errors import NotFound
from ..domain.store import get_event

bp = Blueprint("attendee", __name__)
ATTENDEE_KEY = "attendee"


def event_or_404(code: str):
    try:
        return get_event(code)
    except NotFound:
        abort(404)


def join_url(code: str) -> str:
    return url_for("attendee.page", code=code, _external=True)


@bp.get("/e/<code>")
def page(code):
    """The attendee page. Gives the browser its anonymous identity for this app."""
    event = event_or_404(code)
    if not session.get(ATTENDEE_KEY):
        session[ATTENDEE_KEY] = secrets.token_urlsafe(18)
        session.permanent = True
    return render_template(
        "attendee.html",
        event=event,
        event_data=event.to_dict(),
        strings=client_strings(),
        join_url=join_url(code),
    )


@bp.get("/e/<code>/present")
def present(code):
    """The projector view: the question being answered, large, with the join QR code."""
    event = event_or_404(code)
    return render_template(
        "present.html",
        event=event,
        event_data=event.to_dict(),
        strings=client_strings(),
        join_url=join_url(code),
    )


@bp.get("/e/<code>/qr.svg")
def qr(code):
    """The join link as an SVG QR code."""
    event_or_404(code)
    svg = segno.make(join_url(code), error="m").svg_inline(scale=8, border=2)
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"})
