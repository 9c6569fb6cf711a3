"""The home page and the health check."""

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from qa_app.domain.agenda import events as events_admin
from qa_app.domain.agenda import listings
from qa_app.views.attendee import event_when
from qa_app.web import health
from qa_app.web.i18n import current_language

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
    """200 when the database takes reads and writes and Redis (if used) answers; else 503."""
    checks = {"database": health.database_status(), "redis": health.redis_status()}
    healthy = all(status in ("ok", "not used") for status in checks.values())
    response = jsonify(status="ok" if healthy else "error", **checks)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if healthy else 503
