"""A series page: its public events, live and upcoming first, then the past ones."""

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from ..domain import listings
from ..extensions import db
from ..i18n import current_language
from ..models import Series
from .attendee import event_when

bp = Blueprint("series", __name__)


@bp.get("/series/<code>")
def page(code):
    """Anyone: the series' title and description, and its events marked public."""
    series = db.session.scalar(select(Series).where(Series.code == code))
    if series is None:
        abort(404)
    buckets = listings.EventBuckets.of(event for event in series.events if event.public)
    return render_template("series.html", series=series, buckets=buckets, when=_when_of(buckets))


def _when_of(buckets) -> dict[int, str]:
    """Each listed event's date and hours, in its own zone, written the reader's way."""
    locale = current_language()
    events = [*buckets.live, *buckets.upcoming, *buckets.past]
    return {event.id: event_when(event, locale) for event in events}
