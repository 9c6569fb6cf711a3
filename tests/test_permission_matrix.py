"""The role-by-event matrix: one case per (role, own or other event, action) cell.

Each person holds one role on their own event ``OWN`` (``admin`` is always global); no
one holds anything on ``OTHER``. A cell passes when the action is allowed exactly where
the table says: on the own event for the roles listed, and on the other event for
``admin`` only (the one global role). Everyone else gets ``forbidden`` (socket events),
a refused connection, or 403 (HTTP).

To add an HTTP route (e.g. /manage), add one line to ``HTTP_ROUTES``: a name, the method,
the path with ``{code}``, the roles allowed on their own event, and for POST the form
data (``{question}`` in a value is replaced by a fresh question id). Its cells appear in
the matrix by themselves.

Socket events other than ``connect`` are checked on a socket that is already open on
the target event (through a grant removed right after connecting), so each handler's
own check is tested, not only the connect check.
"""

import pytest

from qa_app.domain.access import grants
from qa_app.domain.access.passwords import hash_password
from qa_app.domain.questions import operations as questions
from qa_app.domain.store import get_event
from qa_app.extensions import db, socketio
from qa_app.models import Grant, Role, User

from .conftest import PASSWORD

OWN, OTHER = "OWN", "OTHER"
ROLES = [role.value for role in Role] + [None]  # None: an account with no grant at all
EVERYONE = frozenset(role.value for role in Role)
OWNERS = frozenset({"admin", "organiser"})
MODERATORS = OWNERS | {"moderator"}
TRANSLATORS = MODERATORS | {"interpreter"}
EXPORTERS = MODERATORS | {"facilitator"}

# --- the table: who may do it on their own event ----------------------------------------
SOCKET_EVENTS = {
    "connect": EVERYONE,
    "sync": EVERYONE,
    "moderate": MODERATORS,
    "translate": TRANSLATORS,
    "configure": MODERATORS,
    "bulk": MODERATORS,
    "similar": MODERATORS,
}
SOCKET_PAYLOADS = {
    "sync": lambda qid: {},
    "moderate": lambda qid: {"question_id": qid, "action": "approve"},
    "translate": lambda qid: {"question_id": qid, "language": "fr", "text": "Une traduction"},
    "configure": lambda qid: {"premoderation": True},
    "bulk": lambda qid: {"question_ids": [qid], "action": "approve"},
    "similar": lambda qid: {"question_id": qid},
}
# The set-up as the edit form posts it: repeating it leaves the event open and as it was.
SETUP_FORM = {
    "title": "Matrix event",
    "starts_at": "2030-01-01T15:00",
    "timezone": "Europe/Zurich",
    "duration_minutes": "60",
    "languages": ["en", "fr"],
    "premoderation": "y",
    "accepting": "y",
}
ADMINS = frozenset({"admin"})
HTTP_ROUTES = {
    "dashboard": ("GET", "/e/{code}/moderate", EVERYONE, None),
    **{
        "export.%s" % fmt: ("GET", "/e/{code}/export.%s" % fmt, EXPORTERS, None)
        for fmt in ("csv", "json", "md", "html", "pdf")
    },
    # /manage: the routes that can run again and again on one database. Those that close,
    # archive, remove, revoke or need another id are in tests/manage/test_route_access.py.
    "manage.new": ("GET", "/manage/new", ADMINS, None),
    "manage.edit": ("GET", "/manage/e/{code}", OWNERS, None),
    "manage.edit.save": ("POST", "/manage/e/{code}", OWNERS, SETUP_FORM),
    # Duplicating creates an event: like /manage/new, not for an organiser of one event.
    "manage.duplicate": ("GET", "/manage/e/{code}/duplicate", ADMINS, None),
    "manage.archive": ("GET", "/manage/e/{code}/archive", OWNERS, None),
    "manage.topics": ("GET", "/manage/e/{code}/topics/", OWNERS, None),
    "manage.topics.add": ("POST", "/manage/e/{code}/topics/", OWNERS, {"title": "Matrix topic"}),
    "manage.panel": ("GET", "/manage/e/{code}/panel/", OWNERS, None),
    "manage.panel.add": ("POST", "/manage/e/{code}/panel/", OWNERS, {"name": "Matrix panelist"}),
    "manage.staff": ("GET", "/manage/e/{code}/staff/", OWNERS, None),
    "manage.staff.invite": (
        "POST",
        "/manage/e/{code}/staff/",
        OWNERS,
        {"email": "guest@matrix.example", "role": "facilitator"},
    ),
    "manage.accounts": ("GET", "/manage/accounts", ADMINS, None),
}
ACTIONS = [*SOCKET_EVENTS, *HTTP_ROUTES]


def allowed(role: str | None, where: str, action: str) -> bool:
    roles = SOCKET_EVENTS[action] if action in SOCKET_EVENTS else HTTP_ROUTES[action][2]
    if role is None:
        return False
    return role in roles and (where == OWN or role == Role.ADMIN)


def _email(role):
    return "%s@matrix.example" % (role or "nobody")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One app for the whole matrix: two events, one account per role, signed in."""
    from qa_app import create_app

    path = tmp_path_factory.mktemp("matrix") / "qa.db"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "matrix-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///%s" % path,
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
            "WTF_CSRF_ENABLED": False,
            "VOTES_WINDOW_SECONDS": 0.02,
        }
    )
    from datetime import UTC, datetime

    from qa_app.domain.agenda import events as agenda_events

    with app.app_context():
        db.create_all()
        for code in (OWN, OTHER):
            agenda_events.new_event(
                code,
                "Matrix " + code,
                datetime(2030, 1, 1, 14, 0, tzinfo=UTC),
                languages=["en", "fr"],
                premoderation=True,
            )
        own = get_event(OWN)
        for role in ROLES:
            user = User(email=_email(role), name=str(role))
            user.password_hash = hash_password(PASSWORD)
            db.session.add(user)
            if role is not None:
                grants.give(user, role, own)
        db.session.commit()
    clients = {}
    for role in ROLES:
        http = app.test_client()
        response = http.post("/login", data={"email": _email(role), "password": PASSWORD})
        assert response.status_code == 302
        clients[role] = http
    yield app, clients
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _question(app, code: str) -> int:
    with app.app_context():
        change = questions.ask(get_event(code), "asker", "Is this allowed here?", language="en")
        return change.question["id"]


def _open_socket(app, http, role, code):
    """A /staff socket on ``code``, through a grant that is taken back at once."""
    temporary = None
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == _email(role)))
        if not allowed(role, code, "connect"):
            temporary = Grant(user_id=user.id, event_id=get_event(code).id, role="panelist")
            db.session.add(temporary)
            db.session.commit()
    sock = socketio.test_client(
        app, namespace="/staff", flask_test_client=http, auth={"event": code}
    )
    assert sock.is_connected("/staff")
    if temporary is not None:
        with app.app_context():
            db.session.delete(db.session.get(Grant, temporary.id))
            db.session.commit()
    return sock


CELLS = [
    pytest.param(role, where, action, id="%s-%s-%s" % (role or "no-grant", where, action))
    for action in ACTIONS
    for role in ROLES
    for where in (OWN, OTHER)
]


@pytest.mark.parametrize(("role", "where", "action"), CELLS)
def test_matrix(world, role, where, action):
    app, clients = world
    http = clients[role]
    expected = allowed(role, where, action)
    if action == "connect":
        sock = socketio.test_client(
            app, namespace="/staff", flask_test_client=http, auth={"event": where}
        )
        assert sock.is_connected("/staff") is expected
        if expected:
            sock.disconnect(namespace="/staff")
        return
    qid = _question(app, where)
    if action in SOCKET_EVENTS:
        sock = _open_socket(app, http, role, where)
        try:
            ack = sock.emit(action, SOCKET_PAYLOADS[action](qid), namespace="/staff", callback=True)
        finally:
            sock.disconnect(namespace="/staff")
        if expected:
            assert ack["ok"] is True, ack
        else:
            assert (ack["ok"], ack["error"]) == (False, "forbidden"), ack
        return
    method, path, _roles, data = HTTP_ROUTES[action]
    url = path.format(code=where)
    if data is not None:
        data = {
            key: value if isinstance(value, list) else str(value).format(question=qid)
            for key, value in data.items()
        }
    response = http.open(url, method=method, data=data)
    if expected:
        assert response.status_code < 400, (response.status_code, response.data[:200])
    else:
        assert response.status_code == 403, response.status_code


def test_an_interpreter_translates_only_into_their_languages(app, make_event, make_user, login):
    make_event("EV1")
    email = make_user("interpreter", events=["EV1"], languages=["fr"])
    qid = _question(app, "EV1")
    sock = socketio.test_client(
        app, namespace="/staff", flask_test_client=login(email), auth={"event": "EV1"}
    )
    into = {"question_id": qid, "text": "Una traducción"}
    ack = sock.emit("translate", {**into, "language": "es"}, namespace="/staff", callback=True)
    assert (ack["ok"], ack["error"]) == (False, "forbidden")
    ack = sock.emit("translate", {**into, "language": "fr"}, namespace="/staff", callback=True)
    assert ack["ok"] is True
    sync = sock.emit("sync", {}, namespace="/staff", callback=True)
    assert sync["me"]["user"]["languages"] == ["fr"]
