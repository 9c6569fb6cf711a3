"""Offline language detection for questions, restricted to an event's languages.

The detector is lingua's: its language models ship inside the package, so nothing is
fetched at run time. A detector is built once per set of languages and kept; the
models themselves load on first use (about half a second, then a fraction of a
millisecond per question), or earlier through ``warm_up``.
"""

import threading
from dataclasses import dataclass
from functools import lru_cache

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from qa_app.domain.errors import N_, Conflict

# Below these sizes a text says too little about its language ("ok?", "Merci !").
MIN_LETTERS = 15
MIN_WORDS = 3
# The top language must be at least this confident before the asker is questioned.
CONFIDENCE_THRESHOLD = 0.8

_build_lock = threading.Lock()


@dataclass(frozen=True)
class Detection:
    """The most likely of the candidate languages, with lingua's confidence (0 to 1)."""

    language: str | None
    confidence: float


class LanguageCode(str):
    """A language code in an error's parameters: the caller shows it as a translated name."""

    __slots__ = ()


class LanguageMismatch(Conflict):
    """The text looks like another of the event's languages than the one chosen."""

    def __init__(self, detected: str, chosen: str):
        super().__init__(
            N_("This looks like %(detected)s. Send it as %(detected)s, or keep %(chosen)s?"),
            detected=LanguageCode(detected),
            chosen=LanguageCode(chosen),
        )
        self.extra = {"detected": detected}


def _iso(code: str) -> IsoCode639_1 | None:
    try:
        return IsoCode639_1.from_str(code)
    except ValueError:
        return None


@lru_cache(maxsize=16)
def _detector(languages: frozenset[str]) -> LanguageDetector | None:
    codes = [iso for iso in map(_iso, sorted(languages)) if iso is not None]
    if len(codes) < 2:
        return None  # one candidate: nothing to tell apart
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detector_for(languages) -> LanguageDetector | None:
    """The cached detector for these languages, or None when there is nothing to choose."""
    with _build_lock:  # one build per set, even when the first questions arrive together
        return _detector(frozenset(languages))


def warm_up(languages) -> None:
    """Load the models for these languages now rather than on the first question."""
    detector = detector_for(languages)
    if detector is not None:
        detector.compute_language_confidence_values("warm up the models")


def long_enough(text: str) -> bool:
    """Whether a text has enough words and letters for a verdict on its language."""
    letters = sum(char.isalpha() for char in text)
    words = sum(any(char.isalpha() for char in word) for word in text.split())
    return letters >= MIN_LETTERS and words >= MIN_WORDS


def detect(text: str, languages) -> Detection:
    """The most likely of ``languages`` for ``text``, and how confident lingua is."""
    detector = detector_for(languages)
    if detector is None:
        only = next(iter(languages), None)
        return Detection(only, 1.0 if only else 0.0)
    values = detector.compute_language_confidence_values(text)
    if not values or values[0].value <= 0:
        return Detection(None, 0.0)
    top = values[0]
    return Detection(top.language.iso_code_639_1.name.lower(), top.value)


def confident_disagreement(text: str, chosen: str, languages) -> str | None:
    """The detected language when it confidently differs from ``chosen``, else None."""
    if len(set(languages)) < 2 or not long_enough(text):
        return None
    detection = detect(text, languages)
    if detection.language in (None, chosen) or detection.confidence < CONFIDENCE_THRESHOLD:
        return None
    return detection.language


def check_language(text: str, chosen: str, languages) -> None:
    """Raise ``LanguageMismatch`` when the detector confidently disagrees with the tag."""
    detected = confident_disagreement(text, chosen, languages)
    if detected is not None:
        raise LanguageMismatch(detected, chosen)
