"""Live settings of an event: open or close it to questions, premoderation; its languages."""

from qa_app.domain import rules
from qa_app.domain.access.permissions import can_configure
from qa_app.domain.changes import Actor, EventChange
from qa_app.domain.errors import N_, Forbidden, Invalid
from qa_app.domain.lifecycle import refuse_if_archived
from qa_app.domain.rules import SUPPORTED_LANGUAGES
from qa_app.domain.store import bump_seq
from qa_app.extensions import db
from qa_app.models import Event


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
