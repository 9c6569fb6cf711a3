"""Text hygiene for what people type: characters that cannot be stored, text that shows
nothing, direction controls in names, and names that pass for the event's staff."""

import functools
import re
import unicodedata

from qa_app.domain.errors import N_, Invalid
from qa_app.domain.safety import skeleton

_SURROGATES = re.compile("[\ud800-\udfff]")
# Embeddings, overrides and isolates (U+202A-E, U+2066-9) and the marks (LRM, RLM, ALM):
# in a name they can make "Moderator" out of other letters, or reverse what follows.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Categories that draw nothing on their own: controls, format characters (zero-width
# spaces and joiners), separators, and combining marks with nothing to combine with.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Co", "Cn"})
# Letters and symbols that render as blank space although their category says otherwise.
_BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u17b4\u17b5\u034f")
# Words a name must not contain: the staff roles, per interface language (plus the word
# for moderator in the scripts whose letters pass for Latin ones). Compared on the
# skeleton (skeleton.py: case, accents, invisible characters, look-alike letters) with
# look-alike digits too, singular or plural, so "M0DÉRATEUR", "Hosts" and "Мoderator" count.
RESERVED_WORDS_BY_LANGUAGE = {
    "en": (
        "moderator", "mod", "modteam", "moderation", "admin", "administrator", "staff",
        "organiser", "organizer", "organising", "organizing", "panelist", "panellist",
        "panel", "speaker", "interpreter", "facilitator", "host", "cohost", "official",
        "support", "helpdesk", "presenter",
    ),
    "fr": (
        "moderateur", "moderatrice", "moderation", "administrateur", "administratrice",
        "organisateur", "organisatrice", "paneliste", "panelliste",
        "intervenant", "intervenante", "interprete", "facilitateur", "facilitatrice",
        "animateur", "animatrice", "hote", "hotesse", "officiel",
    ),
    "es": (
        "moderador", "moderadora", "moderacion", "administrador", "administradora",
        "organizador", "organizadora", "panelista", "ponente",
        "interprete", "facilitador", "facilitadora", "anfitrion", "anfitriona", "oficial",
        "soporte",
    ),
    "ar": (
        "مشرف", "المشرف", "مشرفون", "المشرفون", "مشرفين", "المشرفين", "الإشراف",
        "منظم", "المنظم", "منظمون", "المنظمون", "المنظمين", "مسؤول", "المسؤول",
        "مترجم", "المترجم", "محاور", "المحاور", "مضيف", "المضيف", "ميسر", "الميسر",
    ),
    "other scripts": (
        "модератор", "администратор", "организатор", "συντονιστης", "διαχειριστης",
    ),
}  # fmt: skip
_LOOKALIKES = str.maketrans("0134578@$", "oleastbas")


def _fold(value: str) -> str:
    return skeleton.skeleton(value).translate(_LOOKALIKES)


@functools.lru_cache(maxsize=1)
def reserved_words() -> frozenset[str]:
    return frozenset(_fold(word) for words in RESERVED_WORDS_BY_LANGUAGE.values() for word in words)


def _singulars(word: str) -> tuple[str, ...]:
    """The word, and what it would be without an English, French or Spanish plural."""
    return (word, word.removesuffix("s"), word.removesuffix("es"), word.removesuffix("x"))


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


def reject_reserved_name(name: str) -> None:
    """Attendees may not sign as staff: "Moderator (staff)" would be believed."""
    reserved = reserved_words()
    for spelling in skeleton.spellings(name):
        words = spelling.translate(_LOOKALIKES).split()
        candidates = [*words, "".join(words)]
        if any(form in reserved for word in candidates for form in _singulars(word)):
            raise Invalid(N_("That name is kept for the event's staff. Please choose another."))
