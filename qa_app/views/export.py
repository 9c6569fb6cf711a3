"""Transcript downloads for moderators, facilitators and admins."""

from flask import Blueprint, Response, abort, request
from flask_login import current_user, login_required

from ..domain.permissions import can_export
from ..exports import tabular
from ..exports.rows import ORDERS, transcript_rows
from .attendee import event_or_404

bp = Blueprint("export", __name__)
FORMATS = {
    "csv": ("text/csv; charset=utf-8", lambda event, rows: "\ufeff" + tabular.to_csv(rows)),
    "json": ("application/json", lambda event, rows: tabular.to_json(event.to_dict(), rows)),
}


@bp.get("/e/<code>/export.<fmt>")
@login_required
def transcript(code, fmt):
    """The whole transcript in one format; ``?order=asked|votes|answered``."""
    if not can_export(current_user.role):
        abort(403)
    event = event_or_404(code)
    if fmt not in FORMATS:
        abort(404)
    order = request.args.get("order", "asked")
    if order not in ORDERS:
        abort(400)
    rows = transcript_rows(event, order=order, anonymous=request.args.get("anonymous") == "1")
    mimetype, render = FORMATS[fmt]
    filename = "%s-transcript.%s" % (event.code, fmt)
    return Response(
        render(event, rows),
        mimetype=mimetype,
        headers={"Content-Disposition": 'attachment; filename="%s"' % filename},
    )
