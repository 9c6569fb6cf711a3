"""Series: events that follow one another (e.g. a monthly knowledge exchange).

API (callers check ``permissions.can_create_events`` first)
- ``create_series(code, title, description="") -> Series``; ``update_series(series, data)``
  with ``title`` and ``description``; ``get_series(code) -> Series`` (or ``NotFound``);
  ``list_series()``; ``series_events(series, public_only=False)``: its events by start.
- An event joins or leaves a series through ``events_admin.update_event(event,
  {"series": code or None})``; ``duplicate_event`` keeps the series.
- Who may put an event into a series: a series has no owner of its own, so it belongs to
  the people who organise its events. ``may_use(series, user_id, event=None)``: a global
  organiser or admin may use any series; anyone else only a series with other events
  than ``event``, every one of which they organise. ``usable_series(user_id, event=None)``
  lists those (plus ``event``'s own series); ``check_use(code, user_id, event=None)``
  raises ``Forbidden`` (a ``series`` field error) for a series they may not use.
"""

from sqlalchemy import select

from qa_app.domain.access.grants import global_grant, grant_for
from qa_app.domain.access.permissions import can_create_events, can_manage_event
from qa_app.domain.agenda import fields
from qa_app.domain.errors import N_, Conflict, Forbidden, InvalidFields, NotFound
from qa_app.extensions import db
from qa_app.models import Event, Series


def create_series(code, title, description="") -> Series:
    data = fields.collect(
        {"code": code, "title": title, "description": description},
        {
            "code": fields.clean_code,
            "title": fields.clean_title,
            "description": fields.clean_description,
        },
    )
    if db.session.scalar(select(Series.id).where(Series.code == data["code"])) is not None:
        raise Conflict(N_("A series with that code already exists."))
    series = Series(**data)
    db.session.add(series)
    db.session.commit()
    return series


def update_series(series: Series, data: dict) -> Series:
    unknown = set(data) - {"title", "description"}
    if unknown:
        raise InvalidFields({name: NotFound(N_("Unknown field.")) for name in sorted(unknown)})
    cleaned = fields.collect(
        data, {"title": fields.clean_title, "description": fields.clean_description}
    )
    for name, value in cleaned.items():
        setattr(series, name, value)
    db.session.commit()
    return series


def get_series(code) -> Series:
    series = None
    if isinstance(code, str) and code:
        series = db.session.scalar(select(Series).where(Series.code == code))
    if series is None:
        raise NotFound(N_("There is no series with that code."))
    return series


def list_series() -> list[Series]:
    return list(db.session.scalars(select(Series).order_by(Series.title, Series.id)))


def series_events(series: Series, public_only: bool = False) -> list[Event]:
    query = select(Event).where(Event.series_id == series.id).order_by(Event.starts_at, Event.id)
    if public_only:
        query = query.where(Event.public)
    return list(db.session.scalars(query))


def may_use(series: Series, user_id: int, event: Event | None = None) -> bool:
    if can_create_events(global_grant(user_id)):
        return True
    others = [e for e in series_events(series) if event is None or e.id != event.id]
    return bool(others) and all(can_manage_event(grant_for(user_id, e)) for e in others)


def usable_series(user_id: int, event: Event | None = None) -> list[Series]:
    own = event.series_id if event is not None else None
    return [s for s in list_series() if s.id == own or may_use(s, user_id, event)]


def check_use(code, user_id: int, event: Event | None = None) -> None:
    """Refuse a series ``user_id`` may not put ``event`` into (keeping its own is fine)."""
    if not code:
        return
    series = db.session.scalar(select(Series).where(Series.code == code))
    if series is None or (event is not None and series.id == event.series_id):
        return  # an unknown code is the event fields' own error
    if not may_use(series, user_id, event):
        refusal = Forbidden(N_("Only the organisers of a series' events may add events to it."))
        raise InvalidFields({"series": refusal})
