"""Removal of page and feed boilerplate that scraped or full-text items carry.

Three kinds, each a list of patterns we wrote from what feeds and pages commonly append:
- whole lines of page furniture (navigation, app and newsletter prompts, comment prompts);
- headings of appended lists ("Related articles", "More on this story"): the heading and
  everything after it are dropped, as such lists only ever come after the body;
- trailers that feeds glue to the end of a summary even when it has no line breaks
  ("Continue reading...", "The post ... appeared first on ...", "Read Full Article at ...",
  Hacker News "Article URL: ... Comments URL: ..." lines).
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE | re.UNICODE

_FURNITURE_LINE = re.compile(
    r"^\W*(?:"
    r"(?:download|get|install|open) (?:(?:our|the) )?(?:\w+ ){0,3}app\b.*"
    r"|try (?:our|the) (?:new )?ai(?: |-)?(?:features?|tools?|summar\w+|assistant)\b.*"
    r"|sign up (?:for|to) (?:our|the)\b.*newsletter.*|subscribe (?:now|today|to our\b.*)"
    r"|(?:leave|post|add|write) a comment\b.*|join the (?:conversation|discussion)\b.*"
    r"|(?:\d+ )?comments?|show comments|view comments"
    r"|share (?:this|on)\b.{0,40}|follow us on\b.{0,60}|advertisement|skip to (?:main )?content"
    r"|home|menu|search|log ?in|sign ?in|subscribe|cookie(?:s| settings| policy)\b.{0,80}"
    r"|we use cookies\b.*|accept (?:all )?cookies\b.*"
    r"|pobierz aplikację\b.*|laden sie (?:unsere|die) app\b.*|téléchargez l'application\b.*"
    r"|скачайте приложение\b.*"
    r")\W*$",
    _FLAGS,
)
_LIST_HEADING = re.compile(
    r"^\W*(?:related(?: articles?| stories| coverage| content| news)?|read (?:more|also|next)"
    r"|more on this (?:story|topic)|you (?:might|may) also (?:like|be interested in)"
    r"|recommended(?: for you)?|most (?:read|popular)|top stories|see also|further reading"
    r"|czytaj (?:też|także|więcej)|zobacz (?:też|także)|mehr zum thema|lesen sie auch"
    r"|à lire aussi|lire aussi|sur le même sujet|читайте также|по теме)\W*$",
    _FLAGS,
)
# (needle, pattern, reach). The pattern only runs when the lower-cased text contains the needle,
# which keeps cleaning cheap for the vast majority of texts that carry no trailer. Every pattern
# is leading whitespace, then a core, then only whitespace (if anything) to the end; `reach` is
# the most characters its core can span (None: unbounded), so a match can only begin in the last
# `reach` characters before trailing whitespace, or in the whitespace run just before them.
# tests/classify/test_cleaning.py checks each reach against the pattern.
_TRAILERS: tuple[tuple[str, re.Pattern[str], int | None], ...] = (
    (
        "appeared first on",
        re.compile(r"\s*\bthe post\b.{1,400}?\bappeared first on\b.{1,120}?$", _FLAGS),
        545,
    ),
    ("continue reading", re.compile(r"\s*\bcontinue reading\b.{0,60}$", _FLAGS), 76),
    ("full ", re.compile(r"\s*\bread (?:the )?full (?:article|story)\b.{0,80}$", _FLAGS), 101),
    ("read more", re.compile(r"\s*\bread more\b(?: at| on)?.{0,60}$", _FLAGS), 72),
    ("article url:", re.compile(r"\s*\barticle url:\s*\S+.*$", _FLAGS), None),
    ("comments url:", re.compile(r"\s*\bcomments url:\s*\S+.*$", _FLAGS), None),
    ("]", re.compile(r"\s*\[(?:\.\.\.|…|more|read more)\]\s*$", _FLAGS), 11),
    (
        " by",
        re.compile(r"\s*\((?:reporting|writing|editing) by\b[^)]{0,200}\)\s*$", _FLAGS),
        214,
    ),
    ("weiterlesen", re.compile(r"\s*\bweiterlesen\b.{0,40}$", _FLAGS), 51),
    ("lire la suite", re.compile(r"\s*\blire la suite\b.{0,40}$", _FLAGS), 53),
    ("czytaj dalej", re.compile(r"\s*\bczytaj dalej\b.{0,40}$", _FLAGS), 52),
    ("читать далее", re.compile(r"\s*\bчитать далее\b.{0,40}$", _FLAGS), 52),  # noqa: RUF001
)


def _without_trailer(text: str, pattern: re.Pattern[str], reach: int | None) -> str:
    """`pattern.sub("", text)`, searching only where a match can begin: on a long text with a
    needle but no trailer (" by" is common) a search from the start costs ~10 µs."""
    if reach is None:
        return pattern.sub("", text)
    # Every core starts on a non-space character, at or after `first`.
    first = max(0, len(text.rstrip()) - reach - 1)
    match = pattern.search(text, first)
    if match is None:
        return text
    # A match that begins at `first` may begin earlier for `sub`: its leading \s* reaches back
    # over the whitespace before `first`. Any other match begins after a non-space character.
    return text[: match.start()].rstrip() + text[match.end() :]


def _strip_trailers(text: str) -> str:
    # Trailers can stack ("... Continue reading... The post ... appeared first on ..."):
    # repeat until nothing changes.
    changed = True
    while changed and text:
        changed = False
        lowered = text.lower()
        for needle, pattern, reach in _TRAILERS:
            if needle not in lowered:
                continue
            stripped = _without_trailer(text, pattern, reach)
            if stripped != text:
                text, changed = stripped, True
                lowered = text.lower()
    return text


def strip_boilerplate(text: str) -> str:
    """Return `text` without furniture lines, appended lists and feed trailers.

    `text` may have line breaks (from HTML) or be a single flattened line (feed summaries);
    line-based rules only apply to the former. Never returns more than it was given.
    """
    kept: list[str] = []
    for line in text.split("\n"):
        if kept and _LIST_HEADING.match(line):  # no list before the body: first line skips it
            break
        if _FURNITURE_LINE.match(line):
            continue
        kept.append(line)
    return _strip_trailers("\n".join(kept)).strip()
