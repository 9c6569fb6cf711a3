"""Transcript downloads and the event report, for moderators, facilitators and admins."""

from flask import Blueprint, Response, abort, current_app, g, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from qa_app.domain.access.grants import grant_for
from qa_app.domain.access.permissions import can_export
from qa_app.domain.errors import Invalid
from qa_app.exports.filters import parse_options
from qa_app.exports.formats import FORMATS, export, filename
from qa_app.views.attendee import event_or_404
from qa_app.web.i18n import current_language

bp = Blueprint("export", __name__)
# The report is a document, not an app page: it runs no script and loads nothing.
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _bad_option(fmt: str, error: Invalid):
    message = _(error.message, **error.params)
    if fmt == "json":
        return jsonify(error=400, message=message), 400
    return render_template("error.html", status=400, message=message), 400


@bp.get("/e/<code>/export.<fmt>")
@login_required
def transcript(code, fmt):
    """The transcript (csv, json, md) or the report (html, pdf) of an event.

    Query options: ``state``, ``language``, ``topic`` (id), ``panelist`` (id), ``order``
    (asked, votes, answered), ``group`` (topic, panelist), ``anonymous=1`` and ``lang``,
    the reader's language for headers and labels.
    """
    event = event_or_404(code)
    if not can_export(grant_for(current_user.id, event)):
        abort(403)
    if fmt not in FORMATS:
        abort(404)
    try:
        options = parse_options(
            event, request.args, current_app.config["LANGUAGES"], current_language()
        )
    except Invalid as error:
        return _bad_option(fmt, error)
    # ``lang`` picks the document's language; the reader's interface stays as it was.
    g.pop("lang_to_remember", None)
    name = filename(event.code, fmt)
    with force_locale(options.reader):
        body = export(event, fmt, options)
    disposition = "inline" if FORMATS[fmt].inline else "attachment"
    response = Response(body, mimetype=FORMATS[fmt].mimetype)
    response.headers["Content-Disposition"] = '%s; filename="%s"' % (disposition, name)
    if fmt == "html":
        response.headers["Content-Security-Policy"] = REPORT_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response
