"""/manage events: list and search, create, edit, duplicate, close, archive; refusals."""

from datetime import UTC, datetime

import pytest

from qa_app.domain.access import grants
from qa_app.domain.agenda import events as events_admin
from qa_app.domain.agenda import series as series_units
from qa_app.domain.errors import InvalidFields
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Event, Series, User
from tests.manage_support import event_state, field_error, page_text

NEW_EVENT = {
    "code": "NEW-1",
    "title": "Knowledge exchange 2",
    "description": "The second webinar.",
    "starts_at": "2031-03-05T15:30",
    "timezone": "Europe/Zurich",
    "duration_minutes": "90",
    "languages": ["en", "fr", "es"],
    "premoderation": "y",
    "accepting": "y",
    "question_cap": "3",
    "series": "",
    "new_series": "",
    "public": "y",
}


def test_the_events_list_splits_live_upcoming_and_past(app, make_event, admin):
    make_event("PAST", title="Old one", starts_at=datetime(2020, 1, 1, tzinfo=UTC))
    make_event("SOON", title="Next one", starts_at=datetime(2040, 1, 1, tzinfo=UTC))
    make_event("NOW", title="Running", starts_at=datetime.now(UTC))
    body = page_text(admin.get("/manage/"))
    live, upcoming, past = (
        body.index(h) for h in ('id="events-live"', 'id="events-upcoming"', 'id="events-past"')
    )
    assert (
        live
        < body.index("Running")
        < upcoming
        < body.index("Next one")
        < past
        < body.index("Old one")
    )
    found = page_text(admin.get("/manage/?q=next"))
    assert "Next one" in found and "Old one" not in found and "Running" not in found


def test_an_organiser_lists_only_their_events(make_event, organiser):
    make_event("OTHER", title="Someone else's")
    body = page_text(organiser.get("/manage/"))
    assert "EV1" in body and "OTHER" not in body
    assert "/manage/new" not in body  # a per-event organiser creates no event


def test_an_admin_creates_an_event_with_every_setting(app, admin):
    response = admin.post("/manage/new", data=NEW_EVENT)
    assert response.status_code == 303, page_text(response)
    assert response.headers["Location"].endswith("/manage/e/NEW-1")
    state = event_state(app, "NEW-1")
    assert state["title"] == "Knowledge exchange 2"
    assert state["starts_at"] == "2031-03-05T14:30:00Z"  # 15:30 in Zurich, winter time
    assert state["timezone"] == "Europe/Zurich" and state["duration_minutes"] == 90
    assert state["languages"] == ["en", "fr", "es"] and state["question_cap"] == 3
    assert state["premoderation"] and state["accepting"] and state["public"]


@pytest.mark.parametrize(
    ("field", "value", "field_id"),
    [
        ("code", "bad code!", "code"),
        ("title", "", "title"),
        ("timezone", "Mars/Olympus", "timezone"),
        ("duration_minutes", "0", "duration_minutes"),
        ("duration_minutes", "-30", "duration_minutes"),
        ("starts_at", "tomorrow", "starts_at"),
        ("languages", ["en", "de"], "languages"),
        ("languages", [], "languages"),
        ("question_cap", "0", "question_cap"),
        ("series", "NO-SUCH-SERIES", "series"),
    ],
)
def test_bad_fields_are_refused_under_the_field_with_nothing_saved(
    app, admin, field, value, field_id
):
    response = admin.post("/manage/new", data={**NEW_EVENT, field: value})
    assert response.status_code == 400
    assert field_error(page_text(response), field_id)
    with app.app_context():
        assert db.session.scalar(db.select(Event).where(Event.code == "NEW-1")) is None


def test_a_duplicate_code_is_refused_under_the_code(app, make_event, admin):
    make_event("NEW-1", title="First")
    response = admin.post("/manage/new", data=NEW_EVENT)
    assert response.status_code == 400
    assert field_error(page_text(response), "code")
    assert event_state(app, "NEW-1")["title"] == "First"


def test_errors_are_in_the_readers_language(admin):
    response = admin.post("/manage/new?lang=fr", data={**NEW_EVENT, "title": ""})
    assert field_error(page_text(response), "title") == "Ce champ est obligatoire."


def test_the_time_zone_picker_lists_real_zones_by_region(admin):
    body = page_text(admin.get("/manage/new"))
    assert '<optgroup label="Europe">' in body and 'value="Europe/Zurich"' in body
    assert 'value="America/Argentina/Buenos_Aires"' in body and 'value="UTC"' in body
    assert body.count("<option") > 300


def test_an_organiser_edits_their_event(app, organiser):
    form = page_text(organiser.get("/manage/e/EV1"))
    assert 'value="2030-01-01T15:00"' in form  # 14:00 UTC shown in Zurich time
    data = {**NEW_EVENT, "title": "Renamed", "languages": ["en", "ar"]}
    del data["code"]
    response = organiser.post("/manage/e/EV1", data=data)
    assert response.status_code == 303, page_text(response)
    state = event_state(app, "EV1")
    assert state["title"] == "Renamed" and state["languages"] == ["en", "ar"]


def test_an_organiser_cannot_open_another_event_nor_create_one(make_event, organiser):
    make_event("OTHER")
    assert organiser.get("/manage/e/OTHER").status_code == 403
    assert organiser.post("/manage/e/OTHER", data={"title": "x"}).status_code == 403
    assert organiser.get("/manage/new").status_code == 403
    assert organiser.get("/manage/e/NOPE").status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, make_event):
    make_event("EV1")
    response = client.get("/manage/e/EV1")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.fixture
def lead(make_user, login):
    """A global organiser: creates events, and so may duplicate them."""
    return login(make_user("organiser", email="lead@example.org"))


def test_duplicate_as_next_in_the_series_copies_the_setup_without_questions(
    app, organiser, lead, attendee
):
    sock = attendee("EV1")
    sock.emit("ask", {"text": "A question for the first one"}, namespace="/attendee", callback=True)
    form = page_text(lead.get("/manage/e/EV1/duplicate"))
    assert 'value="2030-01-29T15:00"' in form  # four weeks later, same local hour
    response = lead.post(
        "/manage/e/EV1/duplicate", data={"code": "EV2", "starts_at": "2030-02-05T15:00"}
    )
    assert response.status_code == 303, page_text(response)
    first, second = event_state(app, "EV1"), event_state(app, "EV2")
    assert [t["title"] for t in second["topics"]] == [t["title"] for t in first["topics"]]
    assert [p["name"] for p in second["panelists"]] == [p["name"] for p in first["panelists"]]
    assert (
        second["languages"] == first["languages"] and second["starts_at"] == "2030-02-05T14:00:00Z"
    )
    with app.app_context():
        assert db.session.scalars(db.select(Event).where(Event.code == "EV2")).one().id is not None
    # The organiser of the first event organises the next one.
    assert organiser.get("/manage/e/EV2").status_code == 200


def test_duplicate_refuses_a_taken_code(app, make_event, organiser, lead):
    make_event("TAKEN")
    response = lead.post(
        "/manage/e/EV1/duplicate", data={"code": "TAKEN", "starts_at": "2030-02-05T15:00"}
    )
    assert response.status_code == 400 and field_error(page_text(response), "code")


def test_close_then_archive(app, organiser):
    assert organiser.post("/manage/e/EV1/close").status_code == 303
    assert event_state(app, "EV1")["accepting"] is False
    confirm = page_text(organiser.get("/manage/e/EV1/archive"))
    assert "Archive for good" in confirm
    assert organiser.post("/manage/e/EV1/archive").status_code == 303
    assert event_state(app, "EV1")["archived"] is True
    body = page_text(organiser.get("/manage/e/EV1"))
    assert "This event is archived: it is read-only." in body
    data = {**NEW_EVENT, "title": "Changed after archive"}
    del data["code"]
    refused = organiser.post("/manage/e/EV1", data=data)
    assert refused.status_code == 400
    assert "read-only" in page_text(refused)
    with app.app_context():
        assert get_event("EV1").title == "Test event"


def test_a_new_series_is_saved_with_its_event_or_not_at_all(app, admin):
    refused = admin.post(
        "/manage/new", data={**NEW_EVENT, "title": "", "new_series": "Fair recruitment"}
    )
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Series)) == 0
    done = admin.post("/manage/new", data={**NEW_EVENT, "new_series": "Fair recruitment exchanges"})
    assert done.status_code == 303, page_text(done)
    assert event_state(app, "NEW-1")["series"]["code"] == "fair-recruitment-exchanges"
    # The next event picks the series from the list; the series page lists both.
    second = {**NEW_EVENT, "code": "NEW-2", "series": "fair-recruitment-exchanges"}
    assert admin.post("/manage/new", data=second).status_code == 303
    series_page = page_text(admin.get("/series/fair-recruitment-exchanges"))
    assert series_page.count("Knowledge exchange 2") == 2


def test_only_event_creators_may_start_a_series(organiser):
    assert 'name="new_series"' not in page_text(organiser.get("/manage/e/EV1"))
    data = {**NEW_EVENT, "new_series": "Mine"}
    del data["code"]
    assert organiser.post("/manage/e/EV1", data=data).status_code == 303  # the field is ignored


def test_duplicating_needs_the_right_to_create_events(app, organiser):
    """Before, an organiser of one event made five events with it, public on the home page."""
    assert "Duplicate as next in the series" not in page_text(organiser.get("/manage/e/EV1"))
    assert organiser.get("/manage/e/EV1/duplicate").status_code == 403
    refused = organiser.post(
        "/manage/e/EV1/duplicate", data={"code": "EV2", "starts_at": "2030-02-05T15:00"}
    )
    assert refused.status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(Event.id).where(Event.code == "EV2")) is None


@pytest.fixture
def series_of_others(app, make_event):
    """FRI-KE holds KE1, organised by someone else; MINE holds EV3, organised by org@."""
    make_event("KE1")
    make_event("EV3")
    with app.app_context():
        for code, event in (("FRI-KE", "KE1"), ("MINE", "EV3")):
            series_units.create_series(code, "Series " + code)
            events_admin.update_event(get_event(event), {"series": code})


def test_a_series_takes_events_only_from_its_organisers(
    app, make_user, organiser, series_of_others, lead
):
    with app.app_context():
        org = db.session.scalar(db.select(User).where(User.email == "org@example.org"))
        grants.give(org, "organiser", get_event("EV3"))
        db.session.commit()
    page = page_text(organiser.get("/manage/e/EV1"))
    assert 'value="MINE"' in page and 'value="FRI-KE"' not in page  # only usable ones listed
    data = {**NEW_EVENT, "series": "FRI-KE"}
    del data["code"]
    refused = organiser.post("/manage/e/EV1", data=data)
    assert refused.status_code == 400 and field_error(page_text(refused), "series")
    assert event_state(app, "EV1")["series"] is None
    # The rule itself, whatever the form offers:
    with app.app_context(), pytest.raises(InvalidFields):
        series_units.check_use("FRI-KE", org.id, get_event("EV1"))
    # A series whose events they organise is theirs to use; a global organiser uses any.
    assert organiser.post("/manage/e/EV1", data={**data, "series": "MINE"}).status_code == 303
    assert event_state(app, "EV1")["series"]["code"] == "MINE"
    assert lead.post("/manage/e/EV1", data={**data, "series": "FRI-KE"}).status_code == 303
    assert event_state(app, "EV1")["series"]["code"] == "FRI-KE"
    # Staying in a series needs no new right: org@ may still edit EV1 as it is.
    assert organiser.post("/manage/e/EV1", data={**data, "title": "Kept"}).status_code == 303
