"""Pages anyone can open: the attendee page, the projector view and the join QR code."""

import io
import random
import secrets
from datetime import timedelta

import segno
from babel.dates import format_interval, format_skeleton, get_timezone_name
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from qa_app.domain.agenda import listings
from qa_app.domain.errors import NotFound
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import EventStatus
from qa_app.web.client_strings import attendee_strings
from qa_app.web.i18n import current_language, default_question_language, event_zone, language_name
from qa_app.web.rate_limits import may_create_identity, may_join

bp = Blueprint("attendee", __name__)
ATTENDEE_KEY = "attendee"


def event_or_404(code: str):
    """The event for ``code`` in any case; a page asked for in another spelling is sent to
    the canonical one (links, QR codes and the socket's ``auth`` use that)."""
    try:
        event = get_event(code)
    except NotFound:
        abort(404)
    if event.code != code and request.method in ("GET", "HEAD"):
        args = {**request.view_args, "code": event.code}
        abort(redirect(url_for(request.endpoint, **args, **request.args), 302))
    return event


def join_url(code: str) -> str:
    """The event's public link: QA_BASE_URL, never the request's Host header (a forged
    Host would put another site on the projector, in a QR code cached for an hour)."""
    return current_app.config["BASE_URL"] + url_for("attendee.page", code=code)


def ensure_attendee_identity() -> bool:
    """Give the browser its anonymous attendee identity (kept in the signed session).

    False when this address made too many new identities lately (``QA_IP_IDENTITY_RATE``):
    dropping the cookie must not be a way to vote again and again.
    """
    if not session.get(ATTENDEE_KEY):
        if not may_create_identity():
            return False
        session[ATTENDEE_KEY] = secrets.token_urlsafe(18)
        session.permanent = True
    return True


def please_wait(status: int):
    """A polite page that loads itself again after a few seconds (spread out at random)."""
    retry_after = random.randint(3, 8)
    response = Response(render_template("wait.html", retry_after=retry_after), status=status)
    response.headers["Retry-After"] = str(retry_after)
    response.headers["Cache-Control"] = "no-store"
    return response


def language_labels(codes: list[str]) -> dict[str, str]:
    """Each language named in the reader's interface language, capitalised for a menu."""
    return {code: (name := language_name(code))[:1].upper() + name[1:] for code in codes}


def language_names(codes: list[str]) -> dict[str, str]:
    """Each language named as it is written mid-sentence ("en espagnol", not "En Espagnol")."""
    return {code: language_name(code) for code in codes}


def zone_name(zone, locale: str) -> str:
    """The time zone's name; UTC is "UTC" (CLDR would say "Unknown Region (UTC) Time")."""
    if zone.key in ("UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Etc/Zulu"):
        return "UTC"
    return get_timezone_name(zone, locale=locale)


def event_when(event, locale: str) -> str:
    """The event's date and hours in its own time zone, written the reader's way."""
    zone = event_zone(event)
    start = event.starts_at
    end = start + timedelta(minutes=event.duration_minutes)
    day = format_skeleton("yMMMMEEEEd", start, tzinfo=zone, locale=locale)
    hours = format_interval(start, end, "Hm", tzinfo=zone, locale=locale)
    return "%s · %s (%s)" % (day, hours, zone_name(zone, locale))


def _render_public_page(template: str, event, **extra):
    """A live page for an attendee (or the projector), once ``may_join`` has let it through."""
    db.session.commit()  # the limits may wait on Redis: hold no transaction meanwhile
    if not ensure_attendee_identity():
        return please_wait(429)
    # The security headers (qa_app/web/security.py) let QA_FRAME_ANCESTORS frame these pages.
    return render_template(
        template,
        event=event,
        event_data=event.to_dict(),
        strings=attendee_strings(),
        join_url=join_url(event.code),
        when=event_when(event, current_language()),
        language_labels=language_labels(event.languages),
        language_names=language_names(event.languages),
        default_language=default_question_language(event.languages),
        **extra,
    )


@bp.get("/e/<code>")
def page(code):
    """The attendee page. Gives the browser its anonymous identity for this app.

    ``?embed=1``: the compact view for an iframe 320 to 400 px wide (a webinar platform's
    side panel or a web page), framed only by the origins in QA_FRAME_ANCESTORS.

    After the end, once questions are closed (or once archived), it is the read-only
    record instead: the answered questions with their notes, then the other published
    ones. A moderator who keeps questions open past the end keeps the live page.
    """
    event = event_or_404(code)  # an unknown code costs nobody's join budget
    db.session.commit()  # no transaction held while the limits are checked
    if not may_join():
        return please_wait(503)  # this process has all the joins it can take right now
    ended = event.status() == EventStatus.ENDED and not event.accepting
    if event.archived or ended:
        answered, rest = listings.record_of(event)
        when = event_when(event, current_language())
        page = render_template("record.html", event=event, answered=answered, rest=rest, when=when)
        return page
    return _render_public_page("attendee.html", event, embed=request.args.get("embed") == "1")


@bp.get("/e/<code>/present")
def present(code):
    """The projector view: the question being answered, large, with the join QR code.

    It listens on ``/attendee`` like any attendee, so it gets the same identity.
    ``?qr=0`` leaves out the join QR code.
    """
    event = event_or_404(code)
    db.session.commit()
    if not may_join():
        return please_wait(503)
    return _render_public_page("present.html", event, show_qr=request.args.get("qr") != "0")


@bp.get("/e/<code>/qr.svg")
def qr(code):
    """The join link as an SVG QR code."""
    event_or_404(code)
    svg = io.BytesIO()
    segno.make(join_url(code), error="m").save(svg, kind="svg", scale=8, border=2, xmldecl=False)
    return Response(
        svg.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"}
    )
