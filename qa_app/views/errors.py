"""Error pages: translated, and never a stack trace."""

import logging

from flask import Blueprint, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from qa_app.web.outages import is_outage, log_outage, reset_session

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)

MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please sign in to open this page."),
    403: _l("You are not allowed to open this page."),
    404: _l("There is nothing here. Check the link or the event code."),
    405: _l("That method is not allowed here."),
    413: _l("That request is too large."),
    429: _l("Too many requests. Please wait a moment."),
    500: _l("Something went wrong on our side. Please try again."),
    503: _l("The server is having trouble right now. Please try again shortly."),
}


def _render(status: int, message=None):
    text = str(message or MESSAGES.get(status, MESSAGES[500]))
    if request.accept_mimetypes.best == "application/json" or request.path.endswith(".json"):
        return jsonify(error=status, message=text), status
    return render_template("error.html", status=status, message=text), status


@bp.app_errorhandler(CSRFError)
def csrf_error(error):
    return _render(400, _l("The form expired. Please reload the page and try again."))


@bp.app_errorhandler(HTTPException)
def http_error(error):
    return _render(error.code or 500)


@bp.app_errorhandler(Exception)
def unexpected_error(error):
    reset_session()
    if is_outage(error):  # the database or Redis is down: retryable, not our bug
        log_outage(request.path, error)
        body, status = _render(503)
        return body, status, {"Retry-After": "5"}
    log.error("unexpected error", exc_info=error)
    return _render(InternalServerError.code)
