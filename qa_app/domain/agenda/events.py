"""Units of work on an event's set-up: create, update, duplicate, close, archive.

API (plain Python, used by the CLI, the set-up files and /manage; none checks who asks:
callers check ``permissions.can_manage_event`` / ``can_create_events`` first)
- ``EVENT_FIELDS``: the editable fields: ``title``, ``description``, ``starts_at`` (aware, or
  naive/ISO local to ``timezone``), ``ends_at`` (optional, instead of ``duration_minutes``),
  ``timezone`` (IANA), ``duration_minutes``, ``languages``, ``premoderation``, ``accepting``,
  ``question_cap`` (None: no cap), ``public``, ``series`` (a series code, or None).
- ``create_event(code, data, topics=(), panelists=()) -> Event``; ``data`` needs ``title``.
- ``update_event(event, data) -> EventChange``: only the fields given change.
- ``duplicate_event(event, new_code, starts_at=None, title=None) -> Event``: "next in the
  series": topics, panel (linked accounts too), staff grants, languages and settings; no
  questions. Without ``starts_at`` it starts one week after the original.
- ``close_event(event) -> EventChange``: closes the Q&A now; the status becomes ``ended``.
- ``archive_event(event) / unarchive_event(event) -> EventChange``: read-only or not.
- ``list_events(search=None, when=None)``: ``when`` is ``upcoming``, ``live`` or ``past``.
- ``public_events()``: public, unarchived events that are live or upcoming.
Every change validates everything first and raises ``InvalidFields`` (one error per
field) with nothing saved; a used code is a ``Conflict``; an archived event refuses.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select

from qa_app.domain.access.grants import clean_languages
from qa_app.domain.agenda import fields
from qa_app.domain.changes import EventChange
from qa_app.domain.errors import N_, Conflict, Invalid, InvalidFields
from qa_app.domain.lifecycle import refuse_if_archived
from qa_app.domain.store import bump_seq
from qa_app.extensions import db
from qa_app.models import Event, EventStatus, Grant, Panelist, Series, Topic, utcnow

EVENT_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "timezone",
    "duration_minutes",
    "languages",
    "premoderation",
    "accepting",
    "question_cap",
    "public",
    "series",
)
DEFAULT_NEXT_IN_SERIES = timedelta(days=7)


def _clean_languages(value) -> list[str]:
    languages = clean_languages(value)
    if not languages:
        raise Invalid(N_("Choose at least one language."))
    return languages


def _clean_series(value) -> Series | None:
    if value is None or value == "":
        return None
    series = db.session.scalar(select(Series).where(Series.code == value))
    if series is None:
        raise Invalid(N_("There is no series with that code."))
    return series


def clean_event_fields(data: dict, event: Event | None = None) -> dict:
    """Every given field cleaned, or ``InvalidFields``; times are checked together."""
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise InvalidFields({name: Invalid(N_("Unknown field.")) for name in sorted(unknown)})
    timezone = data.get("timezone", event.timezone if event else "UTC")
    if not isinstance(timezone, str) or timezone not in fields.zones():
        timezone = "UTC"  # the time zone's own error is reported; the times still parse
    cleaners = {
        "title": fields.clean_title,
        "description": fields.clean_description,
        "timezone": fields.clean_timezone,
        "starts_at": lambda v: fields.clean_start(v, timezone),
        "ends_at": lambda v: fields.clean_start(v, timezone),
        "duration_minutes": fields.clean_duration,
        "languages": _clean_languages,
        "premoderation": fields.clean_bool,
        "accepting": fields.clean_bool,
        "question_cap": fields.clean_cap,
        "public": fields.clean_bool,
        "series": _clean_series,
    }
    cleaned = fields.collect(data, cleaners)
    if "ends_at" in cleaned:
        start = cleaned.get("starts_at", event.starts_at if event else None)
        minutes = (cleaned.pop("ends_at") - start).total_seconds() / 60 if start else 0
        if minutes <= 0:
            raise InvalidFields({"ends_at": Invalid(N_("The end must be after the start."))})
        cleaned["duration_minutes"] = fields.clean_duration(round(minutes))
    return cleaned


def _apply(event: Event, cleaned: dict) -> None:
    for name, value in cleaned.items():
        setattr(event, name, value)


def code_is_free(code: str) -> None:
    """Codes match without regard to case, so "fri-pes" is taken once "FRI-PES" is."""
    taken = select(Event.id).where(func.lower(Event.code) == code.lower())
    if db.session.scalar(taken) is not None:
        raise Conflict(N_("An event with that code already exists."))


def create_event(code, data: dict, topics=(), panelists=()) -> Event:
    code = fields.clean_code(code)
    if "title" not in data:
        raise InvalidFields({"title": Invalid(N_("Please give a title."))})
    cleaned = clean_event_fields({"starts_at": utcnow(), **data})
    code_is_free(code)
    event = build_event(code, cleaned, [fields.clean_title(t) for t in topics], panelists)
    db.session.commit()
    return event


def build_event(code: str, cleaned: dict, topics=(), panelists=()) -> Event:
    """A new event from checked values, added to the session, not committed."""
    event = Event(code=code, seq=0, accepting=True, premoderation=False, timezone="UTC")
    event.languages = ["en"]
    event.duration_minutes = 60
    _apply(event, cleaned)
    event.topics = [Topic(title=title, position=i) for i, title in enumerate(topics)]
    event.panelists = [Panelist(position=i, **p) for i, p in enumerate(panelists)]
    db.session.add(event)
    return event


def announce(event: Event) -> EventChange:
    """Bump the event's seq and describe it for the broadcaster (inside the unit of work)."""
    seq = bump_seq(event.id)
    db.session.flush()
    db.session.expire(event, ["topics", "panelists"])
    return EventChange(event.code, seq, event.to_dict())


def update_event(event: Event, data: dict) -> EventChange:
    refuse_if_archived(event)
    cleaned = clean_event_fields(data, event)
    _apply(event, cleaned)
    if cleaned.get("accepting"):
        event.closed_at = None  # reopening the Q&A undoes "close"
    change = announce(event)
    db.session.commit()
    return change


def duplicate_event(event: Event, new_code, starts_at=None, title=None) -> Event:
    """The next event in the series: same set-up, panel and staff, no questions."""
    new_code = fields.clean_code(new_code)
    start = event.starts_at + DEFAULT_NEXT_IN_SERIES
    if starts_at is not None:
        start = fields.clean_start(starts_at, event.timezone)
    copy = Event(
        code=new_code,
        title=fields.clean_title(title) if title is not None else event.title,
        description=event.description,
        starts_at=start,
        timezone=event.timezone,
        duration_minutes=event.duration_minutes,
        premoderation=event.premoderation,
        accepting=True,
        public=event.public,
        question_cap=event.question_cap,
        series_id=event.series_id,
        seq=0,
    )
    code_is_free(new_code)
    copy.languages = event.languages
    copy.topics = [Topic(title=t.title, position=t.position) for t in event.topics]
    copy.panelists = [
        Panelist(
            name=p.name,
            organisation=p.organisation,
            languages_csv=p.languages_csv,
            user_id=p.user_id,
            position=p.position,
        )
        for p in event.panelists
    ]
    db.session.add(copy)
    db.session.flush()
    for grant in db.session.scalars(select(Grant).where(Grant.event_id == event.id)):
        db.session.add(
            Grant(
                user_id=grant.user_id,
                event_id=copy.id,
                role=grant.role,
                languages_csv=grant.languages_csv,
            )
        )
    db.session.commit()
    return copy


def close_event(event: Event) -> EventChange:
    refuse_if_archived(event)
    event.accepting = False
    event.closed_at = utcnow()
    change = announce(event)
    db.session.commit()
    return change


def _set_archived(event: Event, moment: datetime | None) -> EventChange:
    event.archived_at = moment
    if moment is not None:
        event.accepting = False
        event.closed_at = event.closed_at or moment
    change = announce(event)
    db.session.commit()
    return change


def archive_event(event: Event) -> EventChange:
    refuse_if_archived(event)
    return _set_archived(event, utcnow())


def unarchive_event(event: Event) -> EventChange:
    return _set_archived(event, None)


def list_events(search: str | None = None, when: str | None = None) -> list[Event]:
    """Events by start (newest first), optionally matching ``search`` in code or title."""
    query = select(Event).order_by(Event.starts_at.desc(), Event.id.desc())
    if search and search.strip():
        pattern = "%" + search.strip().lower().replace("%", r"\%").replace("_", r"\_") + "%"
        query = query.where(
            or_(
                func.lower(Event.code).like(pattern, escape="\\"),
                func.lower(Event.title).like(pattern, escape="\\"),
            )
        )
    events = list(db.session.scalars(query))
    if when is None:
        return events
    wanted = {
        "upcoming": EventStatus.SCHEDULED,
        "live": EventStatus.LIVE,
        "past": EventStatus.ENDED,
    }
    if when not in wanted:
        raise Invalid(N_("Show upcoming, live or past events."))
    now = utcnow()
    return [event for event in events if event.status(now) == wanted[when]]


def public_events() -> list[Event]:
    """Live and upcoming events marked public, soonest first, for the home page."""
    now = utcnow()
    events = db.session.scalars(
        select(Event)
        .where(Event.public, Event.archived_at.is_(None))
        .order_by(Event.starts_at, Event.id)
    )
    return [event for event in events if event.status(now) != EventStatus.ENDED]


def new_event(
    code: str,
    title: str,
    starts_at: datetime,
    timezone: str = "UTC",
    duration_minutes: int = 60,
    languages: list[str] | None = None,
    premoderation: bool = False,
    topics: list[str] = (),
    panelists: list[dict] = (),
) -> Event:
    """``create_event`` with its settings as keyword arguments (the CLI and tests)."""

    data = {
        "title": title,
        "starts_at": starts_at,
        "timezone": timezone,
        "duration_minutes": duration_minutes,
        "languages": languages or ["en"],
        "premoderation": premoderation,
    }
    return create_event(code, data, topics=topics, panelists=panelists)
