"""The home page and the health check."""

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from .. import health

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Join an event by its code."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for("attendee.page", code=code))
    return render_template("home.html")


@bp.get("/healthz")
def healthz():
    """200 when the database takes reads and writes and Redis (if used) answers; else 503."""
    checks = {"database": health.database_status(), "redis": health.redis_status()}
    healthy = all(status in ("ok", "not used") for status in checks.values())
    response = jsonify(status="ok" if healthy else "error", **checks)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if healthy else 503
