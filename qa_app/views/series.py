"""A series page: its public events, live and upcoming first, then the past ones."""

from flask import Blueprint, abort, render_template

from qa_app.domain.agenda import listings
from qa_app.domain.agenda import series as series_units
from qa_app.domain.errors import NotFound
from qa_app.views.attendee import event_when
from qa_app.web.i18n import current_language

bp = Blueprint("series", __name__)


@bp.get("/series/<code>")
def page(code):
    """Anyone: the series' title and description, and its events marked public."""
    try:
        series = series_units.get_series(code)
    except NotFound:
        abort(404)
    events = series_units.series_events(series, public_only=True)
    buckets = listings.EventBuckets.of(events)
    locale = current_language()
    when = {event.id: event_when(event, locale) for event in events}
    return render_template("series.html", series=series, buckets=buckets, when=when)
