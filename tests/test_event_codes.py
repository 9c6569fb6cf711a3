"""Event codes match without regard to case everywhere; links use the canonical spelling."""

import pytest

from qa_app.domain.agenda import events as agenda_events
from qa_app.domain.errors import Conflict
from qa_app.extensions import db, socketio
from tests.conftest import call

CODE = "SKILLS-MW"


@pytest.fixture
def event(make_event):
    make_event(CODE)
    return CODE


@pytest.mark.parametrize("path", ["/e/%s", "/e/%s/present", "/e/%s/export.csv"])
def test_a_page_asked_for_in_another_case_redirects_to_the_canonical_code(
    event, login, make_user, path
):
    http = login(make_user("moderator"))  # the export needs a moderator; the pages anyone
    response = http.get(path % "skills-mw", query_string={"lang": "fr"})
    assert response.status_code == 302
    assert response.headers["Location"] == path % CODE + "?lang=fr"
    assert http.get(response.headers["Location"]).status_code == 200


def test_the_home_page_code_box_takes_any_case(client, event):
    response = client.get("/", query_string={"code": " Skills-Mw "}, follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/e/%s" % CODE


def test_the_join_link_on_the_page_is_canonical(client, event):
    page = client.get("/e/%s" % CODE).get_data(as_text=True)
    assert "/e/%s" % CODE in page and "/e/skills-mw" not in page


def test_socket_io_auth_takes_any_case(app, event):
    http = app.test_client()
    assert http.get("/e/%s" % CODE).status_code == 200
    sock = socketio.test_client(
        app, namespace="/attendee", flask_test_client=http, auth={"event": "skills-mw"}
    )
    assert sock.is_connected("/attendee")
    assert call(sock, "sync")["event"]["code"] == CODE
    sock.disconnect(namespace="/attendee")


def test_the_cli_takes_any_case(runner, event):
    result = runner.invoke(args=["events", "show", "skills-mw"])
    assert result.exit_code == 0, result.output
    assert CODE in result.output


def test_a_code_that_differs_only_in_case_is_taken(app, event):
    with app.app_context(), pytest.raises(Conflict):
        agenda_events.create_event("Skills-mw", {"title": "Twin"})
    with app.app_context():
        db.session.rollback()
