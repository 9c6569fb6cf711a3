"""Small database helpers shared by the units of work."""

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import Event
from .errors import N_, NotFound


def get_event(code) -> Event:
    if not isinstance(code, str) or not code:
        raise NotFound(N_("There is no event with that code."))
    event = db.session.scalar(select(Event).where(Event.code == code))
    if event is None:
        raise NotFound(N_("There is no event with that code."))
    return event


def bump_seq(event_id: int) -> int:
    """Advance the event's change counter inside the current transaction."""
    return db.session.execute(
        update(Event).where(Event.id == event_id).values(seq=Event.seq + 1).returning(Event.seq)
    ).scalar_one()


def insert_ignoring_conflicts(table):
    """INSERT ... ON CONFLICT DO NOTHING for the dialect in use."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing()
