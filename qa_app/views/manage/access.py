"""Who may open which management page, and the helpers every area shares."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from qa_app.domain.access import permissions
from qa_app.domain.access.grants import global_grant
from qa_app.domain.errors import DomainError, NotFound
from qa_app.domain.store import get_event
from qa_app.forms.fields import add_domain_error, error_text
from qa_app.web.auth import current_actor


def guard(bp) -> None:
    """Every page of ``bp`` needs a signed-in person; rights are checked per page."""

    @bp.before_request
    @login_required
    def signed_in():
        return None

    @bp.context_processor
    def rights():
        # An error page (a form without its CSRF token) may render before the sign-in
        # check has run: nobody signed in manages users.
        if not current_user.is_authenticated:
            return {"can_manage_users": False}
        return {"can_manage_users": permissions.can_manage_users(global_grant(current_user.id))}


def managed_event(code: str):
    """The event ``code`` and the actor's grant on it; 404 unknown, 403 not theirs to manage."""
    try:
        event = get_event(code)
    except NotFound:
        abort(404)
    actor = current_actor(event)
    if actor is None or not permissions.can_manage_event(actor.grant):
        abort(403)
    return event, actor


def require_event_creator():
    """The actor with a global grant (admin, global organiser); 403 for anyone else."""
    actor = current_actor(None)
    if actor is None or not permissions.can_create_events(actor.grant):
        abort(403)
    return actor


def require_user_manager():
    actor = current_actor(None)
    if actor is None or not permissions.can_manage_users(actor.grant):
        abort(403)
    return actor


def refused(exc: DomainError, form=None, field: str | None = None, aliases=None) -> None:
    """Show a refused change under its fields when it has some, else as a message on top."""
    if form is None or not add_domain_error(form, exc, field, aliases):
        flash(error_text(exc), "error")


def form_page(template: str, form, **context):
    """The page again with its errors: 400 after a refused POST, 200 on a GET."""
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


def back_to(endpoint: str, **values):
    return redirect(url_for(endpoint, **values), code=303)
