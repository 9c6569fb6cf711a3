"""Units of work on an event's set-up and life: create, update, duplicate, close,
archive, lists, status, the question cap and series. No HTTP."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from qa_app.domain.access import grants
from qa_app.domain.agenda import events as events_admin
from qa_app.domain.agenda import program as agenda
from qa_app.domain.agenda import series, settings
from qa_app.domain.changes import Actor
from qa_app.domain.errors import Closed, Conflict, InvalidFields, NotFound
from qa_app.domain.questions import operations as questions
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Event, Grant, Question, User, utcnow

START = datetime(2030, 3, 1, 14, 0, tzinfo=UTC)


@pytest.fixture
def ctx(app, make_event):
    make_event("EV1", starts_at=START)
    with app.app_context():
        yield app
        db.session.remove()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _moderator(event) -> Actor:
    user = User(email="mod@example.org", name="Mod", password_hash="!")
    grants.give(user, "moderator", event)
    db.session.add(user)
    db.session.commit()
    return Actor(user.id, user.email, user.name, grants.grant_for(user.id, event))


def test_create_with_every_field(ctx):
    series.create_series("KE", "Knowledge exchange")
    event = events_admin.create_event(
        "NEW-1",
        {
            "title": "  Next webinar ",
            "description": "About fair recruitment",
            "starts_at": "2030-05-04T10:30",
            "ends_at": "2030-05-04T12:00",
            "timezone": "Europe/Zurich",
            "languages": ["en", "fr", "en"],
            "premoderation": True,
            "accepting": False,
            "question_cap": "3",
            "public": True,
            "series": "KE",
        },
        topics=["One"],
    )
    data = event.to_dict()
    assert data["title"] == "Next webinar" and data["description"] == "About fair recruitment"
    assert data["starts_at"] == "2030-05-04T08:30:00Z"  # 10:30 in Zurich, summer time
    assert data["duration_minutes"] == 90 and data["languages"] == ["en", "fr"]
    assert (data["premoderation"], data["accepting"], data["question_cap"]) == (True, False, 3)
    assert data["series"]["code"] == "KE" and event.public
    assert [t["title"] for t in data["topics"]] == ["One"]


def test_bad_fields_are_each_reported_and_nothing_is_saved(ctx):
    before = _count(Event)
    with pytest.raises(InvalidFields) as caught:
        events_admin.create_event(
            "NEW",
            {
                "title": " ",
                "timezone": "Mars/Olympus",
                "languages": ["en", "de"],
                "duration_minutes": 0,
                "question_cap": -1,
                "series": "NOPE",
                "colour": "red",
            },
        )
    assert set(caught.value.errors) == {"colour"}  # unknown fields first: nothing else runs
    with pytest.raises(InvalidFields) as caught:
        events_admin.create_event(
            "NEW",
            {
                "title": " ",
                "timezone": "Mars/Olympus",
                "languages": ["en", "de"],
                "duration_minutes": 0,
                "question_cap": -1,
                "series": "NOPE",
                "premoderation": "yes",
            },
        )
    assert set(caught.value.errors) == {
        "title",
        "timezone",
        "languages",
        "duration_minutes",
        "question_cap",
        "series",
        "premoderation",
    }
    with pytest.raises(InvalidFields) as caught:
        events_admin.create_event(
            "NEW", {"title": "T", "starts_at": "2030-01-02T10:00", "ends_at": "2030-01-02T09:00"}
        )
    assert set(caught.value.errors) == {"ends_at"}
    with pytest.raises(Conflict):
        events_admin.create_event("EV1", {"title": "Taken"})
    with pytest.raises(InvalidFields):
        events_admin.create_event("NEW", {})  # no title
    assert _count(Event) == before


def test_update_changes_only_what_is_given_and_announces_it(ctx):
    event = get_event("EV1")
    seq = event.seq
    change = events_admin.update_event(event, {"title": "Renamed", "question_cap": None})
    assert change.seq == seq + 1 and change.event["title"] == "Renamed"
    assert get_event("EV1").languages == ["en", "fr", "es"]
    with pytest.raises(InvalidFields):
        events_admin.update_event(get_event("EV1"), {"title": "Ok", "languages": []})
    db.session.rollback()
    assert get_event("EV1").title == "Renamed"


def test_duplicate_copies_set_up_panel_and_staff_but_no_questions(ctx):
    event = get_event("EV1")
    mod = _moderator(event)
    questions.ask(event, "asker", "A question that stays behind", language="en")
    agenda.link_panelist(event, event.panelists[0].id, None)
    copy = events_admin.duplicate_event(get_event("EV1"), "EV2")
    assert copy.starts_at == START + timedelta(days=7)
    original = get_event("EV1").to_dict()
    duplicate = copy.to_dict()
    for key in ("title", "timezone", "duration_minutes", "languages", "premoderation"):
        assert duplicate[key] == original[key]
    assert [t["title"] for t in duplicate["topics"]] == [t["title"] for t in original["topics"]]
    assert [(p["name"], p["languages"]) for p in duplicate["panelists"]] == [
        (p["name"], p["languages"]) for p in original["panelists"]
    ]
    assert grants.grant_for(mod.user_id, copy).roles == {"moderator"}
    assert db.session.scalar(select(func.count()).where(Question.event_id == copy.id)) == 0
    later = events_admin.duplicate_event(get_event("EV1"), "EV3", starts_at="2030-04-01T09:00")
    assert later.starts_at == datetime(2030, 4, 1, 7, 0, tzinfo=UTC)  # 09:00 in Zurich (CEST)
    with pytest.raises(Conflict):
        events_admin.duplicate_event(get_event("EV1"), "EV2")


def test_status_follows_the_times_and_closing_ends_it(ctx):
    event = get_event("EV1")
    assert event.status(START - timedelta(minutes=1)) == "scheduled"
    assert event.status(START) == "live"
    assert event.status(START + timedelta(minutes=90)) == "ended"
    change = events_admin.close_event(event)
    assert change.event["accepting"] is False and change.event["closed"] is True
    assert get_event("EV1").status(START) == "ended"
    # The moderator can still open questions again, which undoes the close.
    events_admin.update_event(get_event("EV1"), {"accepting": True})
    assert get_event("EV1").status(START) == "live"


def test_an_archived_event_refuses_every_change(ctx):
    event = get_event("EV1")
    mod = _moderator(event)
    asked = questions.ask(event, "asker", "Asked before the archive", language="en")
    events_admin.archive_event(get_event("EV1"))
    event = get_event("EV1")
    qid = asked.question["id"]
    attempts = [
        lambda: questions.ask(event, "asker", "Asked after the archive", language="en"),
        lambda: questions.vote(event, "voter", qid, True),
        lambda: questions.moderate(event, mod, qid, "approve"),
        lambda: questions.translate(event, mod, qid, "fr", "Texte"),
        lambda: settings.configure(event, mod, accepting=True),
        lambda: events_admin.update_event(event, {"title": "New"}),
        lambda: events_admin.close_event(event),
        lambda: events_admin.archive_event(event),
        lambda: agenda.add_topic(event, "New topic"),
        lambda: agenda.remove_topic(event, event.topics[0].id),
        lambda: agenda.add_panelist(event, "New panelist"),
    ]
    for attempt in attempts:
        with pytest.raises(Closed, match="archived"):
            attempt()
        db.session.rollback()
    # Duplicating reads only, and unarchiving makes it editable again.
    assert events_admin.duplicate_event(event, "EV1-NEXT").archived_at is None
    events_admin.unarchive_event(get_event("EV1"))
    assert events_admin.update_event(get_event("EV1"), {"title": "New"}).event["title"] == "New"


def test_the_question_cap_counts_each_attendees_questions(ctx):
    events_admin.update_event(get_event("EV1"), {"question_cap": 2, "premoderation": False})
    event = get_event("EV1")
    questions.ask(event, "a", "First question from a", language="en")
    questions.ask(event, "a", "Second question from a", language="en")
    with pytest.raises(Closed) as caught:
        questions.ask(event, "a", "Third question from a", language="en")
    assert caught.value.params == {"cap": 2}
    questions.ask(event, "b", "First question from b", language="en")  # per attendee


def test_lists_search_when_and_public_events(ctx):
    now = utcnow()
    events_admin.create_event("PAST", {"title": "Old one", "starts_at": now - timedelta(days=9)})
    events_admin.create_event("LIVE", {"title": "On now", "starts_at": now, "public": True})
    events_admin.create_event("HIDDEN", {"title": "Private", "starts_at": now})
    assert [e.code for e in events_admin.list_events(when="past")] == ["PAST"]
    assert {e.code for e in events_admin.list_events(when="live")} == {"LIVE", "HIDDEN"}
    assert [e.code for e in events_admin.list_events(when="upcoming")] == ["EV1"]
    assert [e.code for e in events_admin.list_events(search="on NOW")] == ["LIVE"]
    assert [e.code for e in events_admin.list_events(search="100%")] == []
    assert [e.code for e in events_admin.public_events()] == ["LIVE"]
    events_admin.archive_event(get_event("LIVE"))
    assert events_admin.public_events() == []


def test_series_group_events(ctx):
    ke = series.create_series("KE", "Knowledge exchange", "Monthly")
    with pytest.raises(Conflict):
        series.create_series("KE", "Again")
    with pytest.raises(InvalidFields):
        series.create_series("bad code", "")
    events_admin.update_event(get_event("EV1"), {"series": "KE"})
    events_admin.duplicate_event(get_event("EV1"), "EV2")
    assert [e.code for e in series.series_events(ke)] == ["EV1", "EV2"]
    series.update_series(ke, {"title": "Knowledge exchanges"})
    assert series.get_series("KE").title == "Knowledge exchanges"
    with pytest.raises(NotFound):
        series.get_series("NOPE")
    events_admin.update_event(get_event("EV2"), {"series": None})
    assert [e.code for e in series.series_events(ke)] == ["EV1"]
    assert db.session.scalar(select(func.count()).select_from(Grant)) == 0
