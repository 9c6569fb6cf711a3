"""The rule a new password must meet, in one place.

Issue 11 may ship a stronger policy in ``qa_app/domain/passwords.py``; when it does, this
function is the single call to replace.
"""

from .errors import N_, Invalid

MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 200


def check_new_password(password: str) -> str:
    """Return ``password`` when it is acceptable; raise ``Invalid`` saying why not."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_CHARS:
        raise Invalid(N_("Use at least %(count)d characters."), count=MIN_PASSWORD_CHARS)
    if len(password) > MAX_PASSWORD_CHARS:
        raise Invalid(N_("Use at most %(count)d characters."), count=MAX_PASSWORD_CHARS)
    return password
