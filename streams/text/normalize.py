"""Unicode and whitespace normalisation, and the folded form the matcher searches.

`normalize_text` produces the CLEANED text that evidence offsets refer to. `fold_for_matching`
maps it to a search form of exactly the same length (one character for one character), so an
offset found in the folded text is the same offset in the cleaned text.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that split words for a reader but not for a byte-wise matcher. All are
# outside ASCII, so ASCII text (most of it) skips the search for them.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

# Search form: lower case one character for one, and "yo" read as "ie" (Russian texts write
# either). Punctuation and hyphens are left for the matcher, which reads them as spaces.
_YO, _IE = "\u0451", "\u0435"


def _without_invisible(text: str) -> str:
    if text.isascii():
        return text
    for mark in _INVISIBLE:
        if mark in text:
            text = text.replace(mark, "")
    return text


def _collapse(text: str) -> str:
    # str.split() splits on exactly the characters regex \s matches (str.isspace).
    return " ".join(text.split())


def normalize_text(text: str, *, keep_lines: bool = False) -> str:
    """NFKC, invisible characters removed, runs of whitespace collapsed, ends stripped.

    With `keep_lines` line breaks survive (one per run, none at the ends, whitespace around
    them dropped) so boilerplate can be removed by line. Spelled with str methods: the regex
    passes this replaced cost four times as much on a typical feed summary.
    """
    text = _without_invisible(unicodedata.normalize("NFKC", text))
    if not keep_lines or "\n" not in text:
        return _collapse(text)
    lines = [_collapse(line) for line in text.split("\n")]
    return "\n".join([line for line in lines if line])


def _lower_one_for_one(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (e.g. "İ") lower to two; keep those as they are to preserve offsets.
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


# Latin letters typed for their Cyrillic look-alikes inside a Cyrillic word (a Ukrainian
# "Кабмін" typed with a Latin "i", a Cyrillic capital EN typed as a Latin H): a word where a
# Latin and a Cyrillic letter touch has its Latin ones read as the Cyrillic they look like
# (lower case, as folded).
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_RUN = re.compile(r"[a-z]+")
_CYRILLIC_LOOK = str.maketrans("abcehikmoptxy", "авсенікмортху")


def _cyrillic_look_alikes(folded: str) -> str:
    # Scans in C: most texts have no Cyrillic, and a Cyrillic one few Latin runs (brands),
    # each looked at for a Cyrillic letter touching it.
    if _CYRILLIC.search(folded) is None:
        return folded
    size = len(folded)
    parts: list[str] = []
    done = 0
    for run in _LATIN_RUN.finditer(folded):
        start, end = run.span()
        if (start and _CYRILLIC.match(folded, start - 1)) or (
            end < size and _CYRILLIC.match(folded, end)
        ):
            parts += [folded[done:start], run.group().translate(_CYRILLIC_LOOK)]
            done = end
    return "".join([*parts, folded[done:]]) if parts else folded


def fold_for_matching(text: str) -> str:
    """Lower-cased, typographically folded copy of `text` with the same length (yo read as
    ie, Latin look-alikes inside a Cyrillic word as the Cyrillic letters)."""
    folded = _lower_one_for_one(text)
    if folded.isascii():
        return folded
    if _YO in folded:
        folded = folded.replace(_YO, _IE)
    return _cyrillic_look_alikes(folded)


# The form both classification matchers search: folded, every character that is not a letter or
# digit a space (`\w` less "_"), same length and offsets.
_NON_WORD = re.compile(r"[^\w ]|_")  # spaces are left alone: most texts are mostly spaces
# Typographic punctuation that keeps most English news from being ASCII (quotes, dashes,
# ellipsis, guillemets, no-break space): none is a word character, each becomes one space.
_TYPOGRAPHIC = "\u2019\u2018\u201c\u201d\u2014\u2013\u2026\u00ab\u00bb\u00a0"
# ASCII byte -> itself if a letter or digit, else a space (non-ASCII bytes never reach it).
_ASCII_WORD_CHARS = bytes(b if chr(b).isalnum() and b < 128 else ord(" ") for b in range(256))


def word_form(text: str, *, folded: bool = False) -> str:
    r"""`fold_for_matching(text)` (skipped if `folded`) with every character that is not a
    letter or digit replaced by a space: the same as `re.sub(r"[^\w ]|_", " ", ...)`.

    Text that is ASCII once the typographic punctuation is blanked (most English news) goes
    through a byte table, at a third of the regex's cost; other text through the regex."""
    if not text.isascii():
        for mark in _TYPOGRAPHIC:
            if mark in text:
                text = text.replace(mark, " ")  # one character for one: offsets kept
        if not text.isascii():
            return _NON_WORD.sub(" ", text if folded else fold_for_matching(text))
    # Folding ASCII text is lower-casing it.
    ascii_text = text if folded else text.lower()
    return ascii_text.encode("ascii").translate(_ASCII_WORD_CHARS).decode("ascii")
