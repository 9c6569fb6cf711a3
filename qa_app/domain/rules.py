"""Pure rules: validation of input and the allowed state changes of a question.

Nothing here touches the database, so the rules are tested on plain values.
"""

from dataclasses import dataclass

from ..models import State
from . import text
from .errors import N_, Conflict, Invalid

MAX_QUESTION_CHARS = 500
MAX_NAME_CHARS = 80
MAX_REASON_CHARS = 500
MAX_NOTE_CHARS = 2000
MAX_TRANSLATION_CHARS = 2000
# Ids are 64-bit integers in the database; JSON numbers can be any size.
MAX_ID = 2**63 - 1

ACTIONS = (
    "approve",
    "dismiss",
    "restore",
    "highlight",
    "unhighlight",
    "answer",
    "reopen",
    "assign",
    "note",
)


@dataclass(frozen=True)
class Transition:
    allowed_from: frozenset[str]
    to: str | None  # None keeps the current state


_ANY_LIVE = frozenset({State.PENDING, State.PUBLISHED, State.ANSWERED})
TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(frozenset({State.PENDING}), State.PUBLISHED),
    "dismiss": Transition(frozenset({State.PENDING, State.PUBLISHED}), State.DISMISSED),
    "restore": Transition(frozenset({State.DISMISSED}), State.PUBLISHED),
    # Putting a pending question on screen approves it: the moderator has read it.
    "highlight": Transition(frozenset({State.PENDING, State.PUBLISHED}), State.PUBLISHED),
    "unhighlight": Transition(frozenset({State.PUBLISHED}), None),
    "answer": Transition(frozenset({State.PUBLISHED}), State.ANSWERED),
    "reopen": Transition(frozenset({State.ANSWERED}), State.PUBLISHED),
    "assign": Transition(_ANY_LIVE, None),
    "note": Transition(frozenset(State), None),
}


def next_state(state: str, action: str, highlighted: bool = False) -> str:
    """The state after ``action``, or a domain error if it is not allowed now."""
    if action not in TRANSITIONS:
        raise Invalid(N_("Unknown action."))
    transition = TRANSITIONS[action]
    if state not in transition.allowed_from:
        raise Conflict(
            N_("This question cannot be changed that way now: it is %(state)s."), state=state
        )
    if action == "highlight" and highlighted:
        raise Conflict(N_("This question is already on screen."))
    if action == "unhighlight" and not highlighted:
        raise Conflict(N_("This question is not on screen."))
    return transition.to or state


def clean_text(value, *, field_max: int, required: bool, empty_message: str) -> str | None:
    """Trim a free-text field and check its type and length."""
    if value is None:
        if required:
            raise Invalid(empty_message)
        return None
    if not isinstance(value, str):
        raise Invalid(N_("Expected text."))
    text.reject_unstorable(value)
    # NUL is never meant, and PostgreSQL cannot store it in text.
    value = value.replace("\x00", "").strip()
    if not text.is_visible(value):  # only spaces, zero-width or blank characters
        value = ""
    if not value:
        if required:
            raise Invalid(empty_message)
        return None
    if len(value) > field_max:
        raise Invalid(
            N_("That is too long: at most %(limit)s characters, please."), limit=field_max
        )
    return value


def clean_question_text(value) -> str:
    return clean_text(
        value,
        field_max=MAX_QUESTION_CHARS,
        required=True,
        empty_message=N_("Please write your question."),
    )


def clean_name(value) -> str | None:
    """An attendee's optional name: no direction controls, nothing that passes for staff."""
    if isinstance(value, str):
        value = text.strip_bidi_controls(value)
    name = clean_text(value, field_max=MAX_NAME_CHARS, required=False, empty_message="")
    if name is not None:
        text.reject_reserved_name(name)
    return name


def clean_staff_name(value) -> str:
    """A staff member's display name, required: attendees see it (an interpreter's, on
    their translations) instead of an e-mail address."""
    if isinstance(value, str):
        value = text.strip_bidi_controls(value)
    name = clean_text(
        value,
        field_max=MAX_NAME_CHARS,
        required=True,
        empty_message=N_("Please give a display name: attendees see it."),
    )
    if "@" in name:
        raise Invalid(N_("A display name is not an e-mail address."))
    return name


def clean_id(value, what: str = "id") -> int:
    """A positive integer id; booleans are not ids."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise Invalid(N_("A valid question or item id is required."))
    return value


def clean_flag(value) -> bool:
    if not isinstance(value, bool):
        raise Invalid(N_("Expected true or false."))
    return value


def clean_language(value, allowed: list[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise Invalid(
            N_("Choose one of this event's languages: %(languages)s."),
            languages=", ".join(allowed),
        )
    return value
