"""The version of a question's text, as staff saw it."""

import hashlib


def text_version(text: str) -> str:
    """A short hash of the text (``version`` in the staff payload). ``approve`` sends it
    back, so what gets published is what the moderator read (moderation.py)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
