"""Unicode and whitespace normalisation, and the folded form the matcher searches.

`normalize_text` produces the CLEANED text that evidence offsets refer to. `fold_for_matching`
maps it to a search form of exactly the same length (one character for one character), so an
offset found in the folded text is the same offset in the cleaned text.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that split words for a reader but not for a byte-wise matcher.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r"\s*\n\s*")

# Search form: lower case one character for one, and "yo" read as "ie" (Russian texts write
# either). Punctuation and hyphens are left for the matcher, which reads them as spaces.
_YO, _IE = "\u0451", "\u0435"


def normalize_text(text: str, *, keep_lines: bool = False) -> str:
    """NFKC, invisible characters removed, runs of whitespace collapsed, ends stripped.

    With `keep_lines` line breaks survive (one per run) so boilerplate can be removed by line.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    if keep_lines:
        text = _LINE_BREAKS.sub("\n", _HORIZONTAL_SPACE.sub(" ", text))
        return text.strip()
    return " ".join(text.split())


def _lower_one_for_one(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (e.g. "İ") lower to two; keep those as they are to preserve offsets.
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def fold_for_matching(text: str) -> str:
    """Lower-cased, typographically folded copy of `text` with the same length."""
    folded = _lower_one_for_one(text)
    return folded.replace(_YO, _IE) if _YO in folded else folded
