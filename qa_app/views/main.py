"""The home page and the health check."""

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from sqlalchemy import text

from ..extensions import db

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
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not healthy", never a 500
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
