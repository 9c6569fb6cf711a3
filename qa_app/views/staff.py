"""The staff dashboard: moderators, panelists, interpreters and facilitators."""

from flask import Blueprint, abort, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from qa_app.domain import snapshot
from qa_app.domain.access import permissions
from qa_app.domain.access.grants import grant_for
from qa_app.models import Role
from qa_app.views.attendee import event_or_404, join_url
from qa_app.web.client_strings import staff_strings
from qa_app.web.i18n import current_language

bp = Blueprint("staff", __name__)
EXPORT_FORMATS = ("csv", "json", "md", "html", "pdf")


def _tabs(grant: permissions.EventGrant, rights: dict, holds_seat: bool) -> list[str]:
    """The dashboard's lists, in the order this person works through them."""
    tabs = []
    if Role.PANELIST in grant.roles or holds_seat:
        tabs.append("mine")
    if grant.roles != {Role.INTERPRETER}:
        tabs += ["incoming", "published", "answered", "dismissed"]
    if rights["translate"]:
        tabs.append("desk")
    return tabs


def _language_names(codes: list[str]) -> dict[str, str]:
    """Each event language named in the reader's interface language (CLDR data)."""
    locale = get_locale()
    names = locale.languages if locale is not None else {}
    return {code: names.get(code, code) for code in codes}


@bp.get("/e/<code>/moderate")
@login_required
def dashboard(code):
    """The live dashboard; what a staff member may do there follows their grant on it."""
    event = event_or_404(code)
    grant = grant_for(current_user.id, event)
    if not permissions.can_connect(grant):
        abort(403)
    role = grant.role
    rights = {
        "moderate": permissions.can_moderate(grant),
        "configure": permissions.can_configure(grant),
        "translate": permissions.can_translate(grant),
        "export": permissions.can_export(grant),
    }
    holds_seat = bool(snapshot.panelist_ids_of(event, current_user.id))
    user = {"name": current_user.display_name, "role": role}
    strings = staff_strings()
    exports = []
    if rights["export"]:
        exports = [
            (fmt, url_for("export.transcript", code=event.code, fmt=fmt)) for fmt in EXPORT_FORMATS
        ]
    page = {
        "code": event.code,
        "event": event.to_dict(),
        "lang": current_language(),
        "strings": strings,
        "rights": rights,
        "user": user,
        "tabs": _tabs(grant, rights, holds_seat),
        "language_names": _language_names(event.languages),
    }
    return render_template(
        "moderate.html",
        event=event,
        event_data=page["event"],
        page=page,
        strings=strings,
        join_url=join_url(code),
        user=user,
        rights=rights,
        tabs=page["tabs"],
        exports=exports,
    )
