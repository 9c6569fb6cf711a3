"""Attendees' text made safe to show: control characters out, before any display format.

CSV and JSON keep the text exactly as typed (CSV only defuses formulas, in tabular.py).
Markdown, HTML and PDF show it: there a control character is at best invisible and at worst
a terminal escape sequence, so each becomes U+FFFD, the replacement character. Tab, line
feed and carriage return stay.
"""

import re
from dataclasses import replace

from qa_app.exports.rows import Transcript

REPLACEMENT = "\ufffd"
# C0 controls except tab, LF and CR; DEL and the C1 controls; lone surrogates.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    return CONTROLS.sub(REPLACEMENT, text)


def _clean(value):
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def printable_transcript(transcript: Transcript) -> Transcript:
    """The same transcript with every string (question, names, notes, titles) printable."""
    return replace(transcript, event=_clean(transcript.event), rows=_clean(transcript.rows))
