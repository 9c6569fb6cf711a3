"""The staff dashboard: moderators, panelists, interpreters and facilitators."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..client_strings import client_strings
from ..domain import permissions
from .attendee import event_or_404, join_url

bp = Blueprint("staff", __name__)


@bp.get("/e/<code>/moderate")
@login_required
def dashboard(code):
    """The live dashboard; what a staff member may do there follows their role."""
    event = event_or_404(code)
    role = current_user.role
    return render_template(
        "moderate.html",
        event=event,
        event_data=event.to_dict(),
        strings=client_strings(),
        join_url=join_url(code),
        user={"name": current_user.display_name, "role": role},
        rights={
            "moderate": permissions.can_moderate(role),
            "configure": permissions.can_configure(role),
            "translate": permissions.can_translate(role),
            "export": permissions.can_export(role),
        },
    )
