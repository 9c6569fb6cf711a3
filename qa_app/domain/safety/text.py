"""Text hygiene for what people type: characters that cannot be stored, text that shows
nothing, direction controls in names, and names that pass for the event's staff."""

import re
import unicodedata

from qa_app.domain.errors import N_, Invalid

_SURROGATES = re.compile("[\ud800-\udfff]")
# Embeddings, overrides and isolates (U+202A-E, U+2066-9) and the marks (LRM, RLM, ALM):
# in a name they can make "Moderator" out of other letters, or reverse what follows.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Categories that draw nothing on their own: controls, format characters (zero-width
# spaces and joiners), separators, and combining marks with nothing to combine with.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Co", "Cn"})
# Letters and symbols that render as blank space although their category says otherwise.
_BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u17b4\u17b5\u034f")
# Words a name must not contain: the staff roles in the app's languages. Compared without
# accents, case or look-alike digits, so "M0DÉRATEUR" counts too.
RESERVED_WORDS = frozenset(
    {
        "moderator", "moderators", "moderatrice", "moderateur", "moderadora", "moderador",
        "admin", "administrator", "administrateur", "administrador", "administradora",
        "staff", "organiser", "organizer", "organisateur", "organisatrice", "organizador",
        "organizadora", "panelist", "panelliste", "paneliste", "panelista", "ponente",
        "interpreter", "interprete", "facilitator", "facilitateur", "facilitador",
        "host", "official", "officiel", "oficial", "support",
        "مشرف", "المشرف", "منظم", "المنظم", "مسؤول", "المسؤول", "مترجم", "المترجم",
    }
)  # fmt: skip
_LOOKALIKES = str.maketrans("0134578@$", "oleastbas")


def reject_unstorable(value: str) -> None:
    """Lone surrogates (``"\\ud800"``) cannot be encoded, stored or sent back."""
    if _SURROGATES.search(value):
        raise Invalid(N_("That text contains characters that cannot be used."))


def is_visible(value: str) -> bool:
    """Whether any character of ``value`` draws something."""
    return any(
        char not in _BLANK_CHARACTERS and unicodedata.category(char) not in _INVISIBLE_CATEGORIES
        for char in value
    )


def strip_bidi_controls(value: str) -> str:
    return _BIDI_CONTROLS.sub("", value)


def _words(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return re.findall(r"\w+", folded.translate(_LOOKALIKES))


def reject_reserved_name(name: str) -> None:
    """Attendees may not sign as staff: "Moderator (staff)" would be believed."""
    words = _words(name)
    joined = "".join(words)
    if any(word in RESERVED_WORDS for word in words) or joined in RESERVED_WORDS:
        raise Invalid(N_("That name is kept for the event's staff. Please choose another."))
