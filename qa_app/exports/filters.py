"""What an export includes and how it reads: filters, order, grouping, privacy, language.

Options arrive as strings (query string or command line) and are checked against the
event, so a bad value is a clear ``Invalid`` error instead of an empty or broken file.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from qa_app.domain.errors import N_, Invalid
from qa_app.models import Event, State

ORDERS = ("asked", "votes", "answered")
GROUPS = ("topic", "panelist")
STATES = tuple(state.value for state in State)


@dataclass(frozen=True)
class ExportOptions:
    state: str | None = None
    language: str | None = None
    topic_id: int | None = None
    panelist_id: int | None = None
    order: str = "asked"
    group: str = "topic"
    anonymous: bool = False
    reader: str = "en"  # the reader's language: headers, labels, translations shown

    @property
    def filtered(self) -> bool:
        return any(
            value is not None
            for value in (self.state, self.language, self.topic_id, self.panelist_id)
        )


def _choice(value: str | None, allowed, message: str, **params) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise Invalid(message, **params)
    return value


def _member_id(value: str | None, members, message: str) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or int(value) not in {member.id for member in members}:
        raise Invalid(message, value=value)
    return int(value)


def parse_options(event: Event, args: Mapping[str, str], reader_languages, default_reader: str):
    """Check the raw options against the event; empty values count as absent."""
    raw = {key: (args.get(key) or "").strip() or None for key in _KEYS}
    anonymous = raw["anonymous"]
    if anonymous not in (None, "0", "1", "true", "false"):
        raise Invalid(N_("The anonymous option is 1 (drop names) or 0."))
    return ExportOptions(
        state=_choice(
            raw["state"], STATES, N_("Unknown state. Use one of: %(states)s."), states=_list(STATES)
        ),
        language=_choice(
            raw["language"],
            event.languages,
            N_("This event's languages are: %(languages)s."),
            languages=_list(event.languages),
        ),
        topic_id=_member_id(
            raw["topic"], event.topics, N_("There is no topic %(value)s in this event.")
        ),
        panelist_id=_member_id(
            raw["panelist"], event.panelists, N_("There is no panelist %(value)s in this event.")
        ),
        order=_choice(
            raw["order"], ORDERS, N_("Order by one of: %(orders)s."), orders=_list(ORDERS)
        )
        or "asked",
        group=_choice(
            raw["group"], GROUPS, N_("Group by one of: %(groups)s."), groups=_list(GROUPS)
        )
        or "topic",
        anonymous=anonymous in ("1", "true"),
        reader=_choice(
            raw["lang"],
            reader_languages,
            N_("Reports are available in: %(languages)s."),
            languages=_list(reader_languages),
        )
        or default_reader,
    )


_KEYS = ("state", "language", "topic", "panelist", "order", "group", "anonymous", "lang")


def _list(values) -> str:
    return ", ".join(values)
