"""Event set-up and live settings: create an event, open or close it, premoderation."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..extensions import db
from ..models import Event, Panelist, Topic
from . import rules
from .changes import Actor, EventChange
from .errors import N_, Conflict, Forbidden, Invalid
from .lifecycle import refuse_if_archived
from .permissions import can_configure
from .store import bump_seq

SUPPORTED_LANGUAGES = ("en", "fr", "es", "ar")


def configure(event: Event, actor: Actor, premoderation=None, accepting=None) -> EventChange:
    """Switch premoderation or accepting questions; omitted settings stay as they are."""
    refuse_if_archived(event)
    if not can_configure(actor.grant):
        raise Forbidden(N_("Only moderators can do that."))
    # Check both before changing either: a refused change writes nothing.
    premoderation = None if premoderation is None else rules.clean_flag(premoderation)
    accepting = None if accepting is None else rules.clean_flag(accepting)
    if premoderation is not None:
        event.premoderation = premoderation
    if accepting is not None:
        event.accepting = accepting
    seq = bump_seq(event.id)
    db.session.flush()
    db.session.refresh(event, ["seq"])
    change = EventChange(event.code, seq, event.to_dict())
    db.session.commit()
    return change


def parse_languages(value: str) -> list[str]:
    languages = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [lang for lang in languages if lang not in SUPPORTED_LANGUAGES]
    if not languages or unknown:
        raise Invalid(
            N_("Languages must be among %(languages)s."), languages=", ".join(SUPPORTED_LANGUAGES)
        )
    return list(dict.fromkeys(languages))


def create_event(
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
    """Create an event with its topics and panel."""
    code = (code or "").strip()
    if not code or len(code) > 32 or not all(c.isalnum() or c in "-_" for c in code):
        raise Invalid(N_("An event code is 1 to 32 letters, digits, '-' or '_'."))
    if db.session.scalar(db.select(Event.id).where(Event.code == code)) is not None:
        raise Conflict(N_("An event with that code already exists."))
    title = rules.clean_text(
        title, field_max=300, required=True, empty_message=N_("The event needs a title.")
    )
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(N_("Unknown time zone.")) from None
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=ZoneInfo(timezone))
    event = Event(
        code=code,
        title=title,
        starts_at=starts_at,
        timezone=timezone,
        duration_minutes=duration_minutes,
        premoderation=premoderation,
        accepting=True,
        seq=0,
    )
    event.languages = languages or ["en"]
    event.topics = [Topic(title=t, position=i) for i, t in enumerate(topics)]
    event.panelists = [Panelist(position=i, **p) for i, p in enumerate(panelists)]
    db.session.add(event)
    db.session.commit()
    return event
