"""The home page's public events, the series page, and the record after the end."""

from datetime import UTC, datetime, timedelta

from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Event, Question, Series
from tests.conftest import call
from tests.manage_support import page_text


def mark(app, code, **fields):
    with app.app_context():
        event = get_event(code)
        for name, value in fields.items():
            setattr(event, name, value)
        db.session.commit()


def add_series(app, code, title, *event_codes):
    with app.app_context():
        series = Series(code=code, title=title, description="Every month.")
        db.session.add(series)
        for event in db.session.scalars(db.select(Event).where(Event.code.in_(event_codes))):
            event.series = series
        db.session.commit()


def test_home_lists_live_and_upcoming_public_events_in_the_readers_language(
    app, client, make_event
):
    now = datetime.now(UTC)
    make_event("LIVE", title="Live webinar", starts_at=now - timedelta(minutes=10))
    make_event("NEXT", title="Next webinar", starts_at=datetime(2031, 6, 15, 13, 30, tzinfo=UTC))
    make_event("HIDDEN", title="Private webinar", starts_at=now + timedelta(days=1))
    make_event("OLD", title="Old webinar", starts_at=datetime(2020, 1, 1, tzinfo=UTC))
    for code in ("LIVE", "NEXT", "OLD"):
        mark(app, code, public=True)
    body = page_text(client.get("/?lang=fr"))
    assert body.index("Live webinar") < body.index("Next webinar")
    assert "Private webinar" not in body and "Old webinar" not in body
    assert "15 juin 2031" in body and "15:30" in body  # Zurich summer time, French


def test_the_series_page_lists_its_public_events(app, client, make_event):
    make_event("S1", title="January", starts_at=datetime(2020, 1, 10, tzinfo=UTC))
    make_event("S2", title="February", starts_at=datetime(2031, 2, 10, tzinfo=UTC))
    make_event("S3", title="Not public", starts_at=datetime(2031, 3, 10, tzinfo=UTC))
    mark(app, "S1", public=True)
    mark(app, "S2", public=True)
    add_series(app, "FRI", "Fair recruitment exchanges", "S1", "S2", "S3")
    body = page_text(client.get("/series/FRI"))
    assert "Fair recruitment exchanges" in body and "Every month." in body
    assert body.index("February") < body.index("January") and "Not public" not in body
    assert client.get("/series/NOPE").status_code == 404


def test_after_the_end_the_attendee_page_is_the_record(app, client, make_event, attendee, staff):
    make_event("EV1", premoderation=False)
    sock = attendee("EV1")
    ids = [
        call(sock, "ask", {"text": text})["question"]["id"] for text in ("Answered one", "Open one")
    ]
    mod = staff("moderator", "EV1")
    assert call(mod, "moderate", {"question_id": ids[0], "action": "answer"})["ok"]
    written = {"action": "write_answer", "text": "In writing: see page 9.", "language": "en"}
    assert call(mod, "moderate", {"question_id": ids[0], **written})["ok"]
    with app.app_context():
        db.session.get(Question, ids[0]).answer_note = "See the slides, page 4."
        db.session.commit()
    mark(app, "EV1", starts_at=datetime(2020, 1, 1, tzinfo=UTC), accepting=False)
    body = page_text(client.get("/e/EV1"))
    assert "This event has ended" in body
    assert (
        body.index("Answered one") < body.index("See the slides, page 4.") < body.index("Open one")
    )
    assert 'id="ask-form"' not in body
    mark(app, "EV1", archived_at=datetime.now(UTC))
    assert "This event is archived: it is read-only." in page_text(client.get("/e/EV1"))
