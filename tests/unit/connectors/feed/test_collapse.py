"""collapse() joins on str.split(): the same whitespace as the regex `\\s+` it replaced."""

from __future__ import annotations

import re

from connectors.feed.text import collapse

_SPACES = re.compile(r"\s+")


def _by_regex(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def test_every_code_point_collapses_as_the_regex_does() -> None:
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue  # lone surrogates are never in decoded text
        char = chr(code)
        text = f"{char}a{char}{char}b {char}"
        assert collapse(text) == _by_regex(text), hex(code)


def test_runs_and_ends() -> None:
    assert collapse("  Harbour\n\treopens\u00a0\u2003today  ") == "Harbour reopens today"
    assert collapse("") == collapse(" \n ") == ""
