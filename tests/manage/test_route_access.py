"""Every /manage route that changes or names a thing refuses whoever may not manage the event.

The shared role-by-event matrix (tests/test_permission_matrix.py) holds the routes it can
call again and again on one database; the routes here close, archive, remove, revoke or
need an id of the event's own. Each asker tries them all; since a refusal changes nothing,
the event must be exactly as it was afterwards. The ids in the paths are real ones of the
target event: the refusal must come from the grant, not a 404.
"""

import pytest

from qa_app.domain.access import invitations
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import User

ROUTES = [
    ("POST", "/manage/e/{code}", {"title": "Taken over"}),
    ("POST", "/manage/e/{code}/duplicate", {"code": "COPY", "starts_at": "2031-01-01T10:00"}),
    ("POST", "/manage/e/{code}/close", {}),
    ("POST", "/manage/e/{code}/archive", {}),
    ("POST", "/manage/e/{code}/topics/{topic}/rename", {"title": "Renamed"}),
    ("POST", "/manage/e/{code}/topics/{topic}/move", {"offset": "1"}),
    ("POST", "/manage/e/{code}/topics/order", {"order": "{topic}"}),
    ("GET", "/manage/e/{code}/topics/{topic}/remove", {}),
    ("POST", "/manage/e/{code}/topics/{topic}/remove", {"confirmed": "yes"}),
    ("GET", "/manage/e/{code}/panel/{panelist}", {}),
    ("POST", "/manage/e/{code}/panel/{panelist}", {"name": "Renamed"}),
    ("POST", "/manage/e/{code}/panel/{panelist}/remove", {}),
    ("POST", "/manage/e/{code}/staff/invitations/{invitation}/resend", {}),
    ("POST", "/manage/e/{code}/staff/invitations/{invitation}/revoke", {}),
    ("POST", "/manage/e/{code}/staff/people/{user}/revoke", {"role": "moderator"}),
    ("POST", "/manage/accounts/{user}/active", {}),
    ("POST", "/manage/accounts/{user}/reset-link", {}),
]
# Who asks, and the event they hold their role on (None: no grant at all).
ASKERS = [("organiser", "OTHER"), ("moderator", "EV1"), ("facilitator", "EV1"), (None, None)]


@pytest.fixture
def target(app, make_event, make_user):
    """EV1 with a topic, a panelist, a staff member and a pending invitation; their ids."""
    make_event("EV1")
    make_event("OTHER")
    make_user("moderator", email="staff@example.org", events=("EV1",))
    with app.app_context():
        event = get_event("EV1")
        invitation, _token = invitations.invite(event, "guest@example.org", "facilitator")
        user = db.session.scalar(db.select(User).where(User.email == "staff@example.org"))
        return {
            "code": "EV1",
            "topic": event.topics[0].id,
            "panelist": event.panelists[0].id,
            "invitation": invitation.id,
            "user": user.id,
        }


@pytest.mark.parametrize(("role", "on"), ASKERS, ids=lambda v: str(v))
def test_refused_without_the_right_to_manage_this_event(app, target, make_user, login, role, on):
    http = login(make_user(role, email="asker@example.org", events=(on,) if on else ()))
    statuses = {}
    for method, path, data in ROUTES:
        url = path.format(**target)
        form = {key: value.format(**target) for key, value in data.items()}
        statuses[method + " " + path] = http.open(url, method=method, data=form).status_code
    assert statuses == {method + " " + path: 403 for method, path, _data in ROUTES}
    with app.app_context():
        event = get_event("EV1")
        assert (event.title, event.accepting, event.archived) == ("Test event", True, False)
        assert [t.title for t in event.topics] == ["Topic A", "Topic B"]
        assert [p.name for p in event.panelists] == ["Ana", "Omar"]
        assert len(invitations.pending(event)) == 1
