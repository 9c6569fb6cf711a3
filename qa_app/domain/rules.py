"""Pure rules: validation of input and the allowed state changes of a question.

Nothing here touches the database, so the rules are tested on plain values.
"""

from dataclasses import dataclass

from qa_app.domain.errors import N_, Conflict, Invalid
from qa_app.domain.safety import text
from qa_app.models import State

MAX_QUESTION_CHARS = 500
MAX_NAME_CHARS = 80
MAX_REASON_CHARS = 500
MAX_NOTE_CHARS = 2000
MAX_TRANSLATION_CHARS = 2000
MAX_ANSWER_CHARS = 5000
MAX_BULK = 200  # questions in one bulk action
# Ids are 64-bit integers in the database; JSON numbers can be any size.
MAX_ID = 2**63 - 1

# Dismissal reasons the asker reads in their own language (the client has the labels).
REASON_CODES = ("answered", "off_topic", "duplicate", "personal_data", "rephrase")
INTERPRETER_FLAGS = ("unclear", "in_progress", "ready")
# What several questions can go through at once, all or none (``edit``: the topic only).
BULK_ACTIONS = ("approve", "dismiss", "assign", "edit")

# The languages an event may use (questions, translations, staff).
SUPPORTED_LANGUAGES = ("en", "fr", "es", "ar")


@dataclass(frozen=True)
class Transition:
    allowed_from: frozenset[str]
    to: str | None  # None keeps the current state


_ANY_LIVE = frozenset({State.PENDING, State.PUBLISHED, State.ANSWERED})
_WAITING = frozenset({State.PENDING, State.PUBLISHED})
TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(frozenset({State.PENDING}), State.PUBLISHED),
    "dismiss": Transition(_WAITING, State.DISMISSED),
    "restore": Transition(frozenset({State.DISMISSED}), State.PUBLISHED),
    # Putting a pending question on screen approves it: the moderator has read it.
    "highlight": Transition(_WAITING, State.PUBLISHED),
    "unhighlight": Transition(frozenset({State.PUBLISHED}), None),
    "answer": Transition(frozenset({State.PUBLISHED}), State.ANSWERED),
    "reopen": Transition(frozenset({State.ANSWERED}), State.PUBLISHED),
    "assign": Transition(_ANY_LIVE, None),
    "note": Transition(frozenset(State), None),
    "edit": Transition(_ANY_LIVE, None),
    # The question named goes into ``into`` (which must be live, see merging.py).
    "merge": Transition(_WAITING, State.MERGED),
    # Back to the state it had before the merge (read from its history).
    "unmerge": Transition(frozenset({State.MERGED}), None),
    # A written answer on a published question answers it; an answered one may get one later.
    "write_answer": Transition(frozenset({State.PUBLISHED, State.ANSWERED}), State.ANSWERED),
    "queue": Transition(frozenset({State.PUBLISHED}), None),
    "flag": Transition(_WAITING, None),
}
ACTIONS = tuple(TRANSITIONS)
# What an asker may do to their own question.
ASKER_TRANSITIONS: dict[str, Transition] = {
    "edit": Transition(frozenset({State.PENDING}), None),
    "withdraw": Transition(_WAITING, State.WITHDRAWN),
}


def next_state(state: str, action: str, highlighted: bool = False, table=None) -> str:
    """The state after ``action``, or a domain error if it is not allowed now."""
    table = TRANSITIONS if table is None else table
    if not isinstance(action, str) or action not in table:
        raise Invalid(N_("Unknown action."))
    transition = table[action]
    if state not in transition.allowed_from:
        raise Conflict(
            N_("This question cannot be changed that way now: it is %(state)s."), state=state
        )
    if action == "highlight" and highlighted:
        raise Conflict(N_("This question is already on screen."))
    if action == "unhighlight" and not highlighted:
        raise Conflict(N_("This question is not on screen."))
    if action == "queue" and highlighted:
        raise Conflict(N_("This question is already on screen."))
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


def _one_of(value, choices: tuple[str, ...], message: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in choices:
        raise Invalid(message, choices=", ".join(choices))
    return value


def clean_reason_code(value) -> str | None:
    return _one_of(value, REASON_CODES, N_("The reason must be one of: %(choices)s."))


def clean_interpreter_flag(value) -> str | None:
    return _one_of(value, INTERPRETER_FLAGS, N_("The flag must be one of: %(choices)s, or null."))


def clean_position(value) -> int | None:
    """A place in "up next", counted from 0, or None to take the question out."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise Invalid(N_("The position must be a whole number from 0, or null."))
    return value


def clean_answer_text(value) -> str:
    return clean_text(
        value,
        field_max=MAX_ANSWER_CHARS,
        required=True,
        empty_message=N_("Please write the answer."),
    )


def clean_ids(value) -> list[int]:
    """One to MAX_BULK distinct question ids, in the order given."""
    if not isinstance(value, list) or not value:
        raise Invalid(N_("Choose at least one question."))
    if len(value) > MAX_BULK:
        raise Invalid(N_("At most %(limit)s questions at once, please."), limit=MAX_BULK)
    ids = [clean_id(item) for item in value]
    if len(set(ids)) != len(ids):
        raise Invalid(N_("Each question may be chosen only once."))
    return ids
