"""The home page and the health check."""

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from sqlalchemy import text

from ..domain import events_admin, listings
from ..extensions import db
from ..i18n import current_language
from .attendee import event_when

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Join an event by its code, or pick one of the live and upcoming public events."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for("attendee.page", code=code))
    buckets = listings.EventBuckets.of(events_admin.public_events())
    locale = current_language()
    when = {event.id: event_when(event, locale) for event in [*buckets.live, *buckets.upcoming]}
    return render_template("home.html", buckets=buckets, when=when)


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not healthy", never a 500
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
