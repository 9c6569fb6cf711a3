"""Text folded to what it looks like, so that spelling tricks do not slip past a word list.

``skeleton(value)`` is what the held-words filter and the reserved-name check compare:
NFKC (full-width and mathematical letters become plain ones), invisible characters gone
(zero-width spaces and joiners, soft hyphens, the Hangul filler), accents gone, look-alike
letters from other scripts folded to the Latin letter they pass for (Cyrillic "с", Greek
"Μ"; the table is Unicode's confusables data through ``confusable_homoglyphs``), case
folded, and every run of separators one space.

``spellings(value)`` adds the same text with the separators inside words taken out, and
runs of single letters joined ("c.h.e.a.p", "c h e a p", "ch-eap": "cheap").
``has_phrase(spellings, phrase_skeleton)`` is a whole-word search in any of them.
"""

import functools
import re
import unicodedata

from confusable_homoglyphs import confusables

# Characters that draw nothing and hide inside words; category Cf holds the zero-width
# space, joiners, the soft hyphen, the word joiner and direction controls.
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u17b4\u17b5\u034f")
_SEPARATORS = re.compile(r"[\W_]+")
_INNER_PUNCTUATION = re.compile(r"(?<=\w)[^\w\s]+(?=\w)")
_SINGLE_LETTER_RUN = re.compile(r"(?<!\S)\w(?: \w(?!\S))+")


@functools.lru_cache(maxsize=8192)
def _latin(char: str) -> str:
    """The ASCII letter ``char`` passes for, or ``char`` case-folded. The small letter is
    looked up, then the capital, so both cases fold alike (Cyrillic "Т" passes for "T", and
    its "т" for nothing: both become "t")."""
    if char.isascii():
        return char.lower()
    for form in dict.fromkeys((char.casefold(), char.upper())):
        if len(form) != 1:
            continue
        for found in confusables.is_confusable(form, greedy=True, preferred_aliases=[]) or ():
            for glyph in found["homoglyphs"]:
                letter = glyph["c"]
                if len(letter) == 1 and letter.isascii() and letter.isalpha():
                    # Capital iotas and the Cyrillic І are listed as "l"; they read as "I".
                    return "i" if letter == "l" and form.isupper() else letter.lower()
    return char.casefold()


def skeleton(value: str) -> str:
    text = unicodedata.normalize("NFKC", value)
    text = "".join(c for c in text if c not in _BLANKS and unicodedata.category(c) != "Cf")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(_latin(c) for c in text if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _joined(value: str) -> str:
    """Separators inside words removed, and runs of single letters joined."""
    text = unicodedata.normalize("NFKC", value)
    text = _INNER_PUNCTUATION.sub("", text)
    text = skeleton(text)
    return _SINGLE_LETTER_RUN.sub(lambda match: match.group(0).replace(" ", ""), text)


def spellings(value: str) -> tuple[str, ...]:
    plain, joined = skeleton(value), _joined(value)
    return (plain,) if joined == plain else (plain, joined)


def has_phrase(texts: tuple[str, ...], phrase: str) -> bool:
    """Whether the skeleton ``phrase`` is a whole word (or words) of any of ``texts``."""
    if not phrase:
        return False
    pattern = re.compile(r"(?<!\w)%s(?!\w)" % re.escape(phrase))
    return any(pattern.search(text) for text in texts)
