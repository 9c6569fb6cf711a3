"""Domain errors: a protocol code plus a message template, translated by the caller."""


def N_(message: str) -> str:
    """Mark a message for pybabel extraction; it is translated where it is shown."""
    return message


class DomainError(Exception):
    code = "invalid"

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
        self.extra: dict = {}  # more fields for the ack, e.g. the detected language


class Invalid(DomainError):
    code = "invalid"


class NotFound(DomainError):
    code = "not_found"


class Forbidden(DomainError):
    code = "forbidden"


class RateLimited(DomainError):
    code = "rate_limited"


class Closed(DomainError):
    code = "closed"


class Conflict(DomainError):
    code = "conflict"


class InvalidFields(Invalid):
    """Several bad fields at once; ``errors`` maps each field name to its error.

    Forms and set-up files show each one beside its field; the first one is this
    error's own message, for callers that show only one.
    """

    def __init__(self, errors: dict[str, DomainError]):
        first = next(iter(errors.values()))
        super().__init__(first.message, **first.params)
        self.errors = errors


class Unavailable(DomainError):
    """A retryable outage (the database or the message queue), never a ``conflict``."""

    code = "unavailable"
