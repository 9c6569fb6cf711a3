"""/manage topics and panel: add, rename, reorder, remove (with confirmation), link accounts."""

from qa_app.domain.access.grants import grant_for
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Panelist, Question, User
from tests.conftest import PASSWORD
from tests.manage_support import event_state, field_error, one_time_link, page_text


def topic_titles(app, code="EV1"):
    return [topic["title"] for topic in event_state(app, code)["topics"]]


def topic_ids(app, code="EV1"):
    return [topic["id"] for topic in event_state(app, code)["topics"]]


def test_add_rename_and_reorder_topics(app, organiser):
    assert organiser.post("/manage/e/EV1/topics/", data={"title": "Topic C"}).status_code == 303
    assert topic_titles(app) == ["Topic A", "Topic B", "Topic C"]
    a, b, c = topic_ids(app)
    organiser.post("/manage/e/EV1/topics/%d/rename" % b, data={"title": "Beta"})
    organiser.post("/manage/e/EV1/topics/%d/move" % c, data={"offset": "-1"})
    assert topic_titles(app) == ["Topic A", "Topic C", "Beta"]
    organiser.post("/manage/e/EV1/topics/%d/move" % a, data={"offset": "1"})
    assert topic_titles(app) == ["Topic C", "Topic A", "Beta"]
    # Drag and drop posts the whole order.
    organiser.post("/manage/e/EV1/topics/order", data={"order": "%d,%d,%d" % (b, a, c)})
    assert topic_titles(app) == ["Beta", "Topic A", "Topic C"]
    # A move that is not one place, or an order that leaves a topic out, changes nothing.
    organiser.post("/manage/e/EV1/topics/%d/move" % a, data={"offset": "5"})
    organiser.post("/manage/e/EV1/topics/order", data={"order": "%d,%d" % (b, a)})
    assert topic_titles(app) == ["Beta", "Topic A", "Topic C"]
    body = page_text(organiser.get("/manage/e/EV1/topics/"))
    assert (
        body.index('value="Beta"') < body.index('value="Topic A"') < body.index('value="Topic C"')
    )
    assert "js/manage/reorder.js" in body  # drag to reorder, on top of the buttons


def test_an_empty_or_too_long_topic_is_refused_under_the_field(app, organiser):
    for title in ("", "x" * 301):
        response = organiser.post("/manage/e/EV1/topics/", data={"title": title})
        assert response.status_code == 400 and field_error(page_text(response), "title")
    assert topic_titles(app) == ["Topic A", "Topic B"]


def test_removing_a_used_topic_asks_first_and_says_how_many_questions_move(
    app, organiser, attendee
):
    a, b = topic_ids(app)
    sock = attendee("EV1")
    for text in ("First question on A", "Second question on A"):
        ack = sock.emit("ask", {"text": text, "topic_id": a}, namespace="/attendee", callback=True)
        assert ack["ok"], ack
    confirm = organiser.post("/manage/e/EV1/topics/%d/remove" % a)
    assert confirm.status_code == 200
    assert "2 questions use the topic “Topic A”" in page_text(confirm)
    assert topic_titles(app) == ["Topic A", "Topic B"]
    done = organiser.post("/manage/e/EV1/topics/%d/remove" % a, data={"confirmed": "yes"})
    assert done.status_code == 303
    assert topic_titles(app) == ["Topic B"]
    with app.app_context():
        questions = db.session.scalars(db.select(Question)).all()
        assert len(questions) == 2 and all(q.topic_id is None for q in questions)
    # An unused topic goes at once.
    assert organiser.post("/manage/e/EV1/topics/%d/remove" % b).status_code == 303
    assert topic_titles(app) == []


def test_an_unknown_topic_is_a_404(organiser):
    assert (
        organiser.post("/manage/e/EV1/topics/99999/rename", data={"title": "x"}).status_code == 404
    )


def _seat_invitation(organiser, name, email):
    data = {"name": name, "organisation": "EURES Sweden", "languages": ["en", "fr"],
            "account": email}  # fmt: skip
    response = organiser.post("/manage/e/EV1/panel/", data=data)
    assert response.status_code == 200, page_text(response)
    return page_text(response)


def test_a_seat_is_linked_by_invitation_and_tells_nothing_about_accounts(app, organiser, make_user):
    """Before, the field said "There is no active account with that e-mail" for an unknown
    address, and silently gave an existing account the panelist role."""
    make_user(None, email="speaker@example.org")
    known = _seat_invitation(organiser, "Lena", "Speaker@Example.org")
    unknown = _seat_invitation(organiser, "Omid", "stranger@example.org")
    for page, email in ((known, "speaker@example.org"), (unknown, "stranger@example.org")):
        assert "Invitation created for %s." % email in page and "/invite/" in one_time_link(page)
        assert "%s (invited)" % email in page and "account" not in field_error(page, "account")
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "speaker@example.org"))
        assert "panelist" not in grant_for(user.id, get_event("EV1")).roles  # nothing yet
        seat = db.session.scalar(db.select(Panelist).where(Panelist.name == "Lena"))
        assert seat.user_id is None and seat.pending_email == "speaker@example.org"
    # Its holder accepts with the account they have: the seat links itself.
    path = "/invite/" + one_time_link(known).split("/invite/", 1)[1]
    accepted = app.test_client().post(
        path,
        data={"action": "signin", "signin-email": "speaker@example.org",
              "signin-password": PASSWORD},
    )  # fmt: skip
    assert accepted.status_code == 303
    with app.app_context():
        seat = db.session.scalar(db.select(Panelist).where(Panelist.name == "Lena"))
        assert seat.user_id == user.id and seat.pending_email is None
        assert "panelist" in grant_for(user.id, get_event("EV1")).roles


def test_accepting_a_seat_invitation_links_the_seat(app, organiser):
    link = one_time_link(_seat_invitation(organiser, "Lena", "lena@example.org"))
    path = "/invite/" + link.split("/invite/", 1)[1]
    data = {"action": "new", "new-name": "Lena", "new-password": "amber falcon ledger",
            "new-confirm": "amber falcon ledger"}  # fmt: skip
    assert app.test_client().post(path, data=data).status_code == 303
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "lena@example.org"))
        seat = db.session.scalar(db.select(Panelist).where(Panelist.name == "Lena"))
        assert seat.user_id == user.id and seat.pending_email is None
        assert grant_for(user.id, get_event("EV1")).roles == {"panelist"}


def test_panel_refusals(app, organiser):
    bad = [
        ({"name": ""}, "name"),
        ({"name": "X", "languages": ["xx"]}, "languages"),
        ({"name": "X", "account": "not-an-email"}, "account"),
    ]
    for data, field_id in bad:
        response = organiser.post("/manage/e/EV1/panel/", data=data)
        assert response.status_code == 400, data
        assert field_error(page_text(response), field_id), data
    assert len(event_state(app, "EV1")["panelists"]) == 2


def test_edit_and_remove_a_panelist(app, organiser):
    first = event_state(app, "EV1")["panelists"][0]["id"]
    form = page_text(organiser.get("/manage/e/EV1/panel/%d" % first))
    assert 'value="Ana"' in form
    organiser.post(
        "/manage/e/EV1/panel/%d" % first,
        data={"name": "Ana M.", "organisation": "SEPE", "languages": ["es"]},
    )
    assert event_state(app, "EV1")["panelists"][0]["name"] == "Ana M."
    assert organiser.post("/manage/e/EV1/panel/%d/remove" % first).status_code == 303
    assert [p["name"] for p in event_state(app, "EV1")["panelists"]] == ["Omar"]
