"""The tables, one module per area; import them from here.

base (column types, state enums, the languages mixin), access (users, series, grants,
invitations, reset links), event (events, topics, panelists), question (questions, votes,
translations, written answers, history), safety (bans, held words, the health check row).
Each table has ``to_dict()`` for payloads and small ``can_*`` predicates; no rules here.
"""

from qa_app.models.access import (
    EmailConfirmation,
    Grant,
    Invitation,
    PendingGrant,
    ResetLink,
    Series,
    User,
)
from qa_app.models.base import (
    LIVE_STATES,
    PUBLIC_STATES,
    EventStatus,
    LanguagesMixin,
    Role,
    State,
    UTCDateTime,
    iso,
    utcnow,
)
from qa_app.models.event import Event, Panelist, Topic
from qa_app.models.question import (
    AnswerTranslation,
    Question,
    StateChange,
    Translation,
    Vote,
    WrittenAnswer,
)
from qa_app.models.safety import AttendeeBan, HealthCheck, HeldWords

__all__ = [
    "LIVE_STATES",
    "PUBLIC_STATES",
    "AnswerTranslation",
    "AttendeeBan",
    "EmailConfirmation",
    "Event",
    "EventStatus",
    "Grant",
    "HealthCheck",
    "HeldWords",
    "Invitation",
    "LanguagesMixin",
    "Panelist",
    "PendingGrant",
    "Question",
    "ResetLink",
    "Role",
    "Series",
    "State",
    "StateChange",
    "Topic",
    "Translation",
    "UTCDateTime",
    "User",
    "Vote",
    "WrittenAnswer",
    "iso",
    "utcnow",
]
