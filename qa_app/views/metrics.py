"""``GET /metrics``: this worker's live figures, for admins and the metrics scraper."""

import hmac

from flask import Blueprint, abort, current_app, request
from flask_login import current_user
from prometheus_client import CONTENT_TYPE_LATEST

from qa_app.domain.access.grants import global_grant
from qa_app.domain.access.permissions import can_manage_users
from qa_app.live import metrics
from qa_app.live.fanout import live

bp = Blueprint("metrics", __name__)
BEARER = "Bearer "


def may_read_metrics(user) -> bool:
    """Who may read the figures in a browser session: admins only."""
    return user.is_authenticated and can_manage_users(global_grant(user.id))


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[len(BEARER) :].strip() if header.startswith(BEARER) else None


@bp.get("/metrics")
def show():
    """Prometheus text format. Admins (session), or ``Authorization: Bearer`` with
    ``QA_METRICS_TOKEN`` when it is set; 401 without either, 403 for other staff."""
    token, expected = _bearer_token(), current_app.config["METRICS_TOKEN"]
    if token is not None:
        if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
            abort(401)
    elif not current_user.is_authenticated:
        abort(401)
    elif not may_read_metrics(current_user):
        abort(403)
    body = metrics.render(current_app, live())
    return body, 200, {"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"}
