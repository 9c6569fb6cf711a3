"""Error pages: translated, and never a stack trace."""

import logging

from flask import Blueprint, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db

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
    db.session.rollback()
    log.error("unexpected error", exc_info=error)
    return _render(InternalServerError.code)
