"""Language detection, offline, with the model bundled in the `py3langid` wheel.

The identifier is restricted to the languages newsmon's topics are written for (plus a few
neighbours so that, say, Spanish is not forced into French); restriction also makes short
texts far more reliable. Loaded once, lazily: the model takes ~0.3 s to read.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

SUPPORTED_LANGUAGES = ("en", "de", "fr", "ru", "uk", "pl", "es", "it", "nl", "pt")
_MIN_LETTERS = 12  # fewer letters than this carry no usable signal
_MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(SUPPORTED_LANGUAGES))
    return identifier


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when it is too short or too ambiguous to tell."""
    if sum(1 for c in text[:2000] if c.isalpha()) < _MIN_LETTERS:
        return None
    language, confidence = _identifier().classify(text[:2000])
    return str(language) if confidence >= _MIN_CONFIDENCE else None
