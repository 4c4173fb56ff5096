"""HTML fragments to text by lexbor (the HTML5 parsing algorithm), with the standard library's
tag-stream parser for fragments with very many tags: both give one text for real feeds."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import feedparser
import pytest

from connectors.feed import text
from connectors.feed.text import MAX_TAGS_FOR_LEXBOR, _extract_linear, extract_text, html_to_text
from streams.text.html import _PAGE_FURNITURE


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>Hello <b>world</b></p><p>Next", "Hello world Next"),
        ("<header><nav>menu</header><p>body text</p>", "menu body text"),
        ("a < b and c > d", "a < b and c > d"),
        ("<script>var x = '<p>no</p>';</script>After", "After"),
        ("<noscript><p>enable scripts</p></noscript>content", "content"),
        ("x<br>y<br/>z<hr>w", "x y z w"),
        ("&amp;amp; &copy &nbsp;NB &#x41;", "&amp; © NB A"),
        ("<!-- comment --><p>visible</p>", "visible"),
        ("<svg><text>drawing</text></svg><p>after</p>", "after"),
        ("<ul><li>one<li>two</ul>", "one two"),
        ("<div>a<div>b</div>c</div>", "a b c"),
    ],
)
def test_the_text_a_reader_sees(fragment: str, expected: str) -> None:
    assert html_to_text(fragment) == expected


@pytest.mark.parametrize(
    ("fragment", "browser", "tag_stream"),
    [
        # Where HTML5 and a tag stream part, the text is what a browser shows.
        ("<p>half a tag <b", "half a tag", "half a tag <b"),  # a tag cut by the end is none
        ("<textarea><b>raw</b></textarea>", "<b>raw</b>", "raw"),  # a textarea's text is text
        ("<table><tr><td>cell</td></tr>stray</table>", "stray cell", "cell stray"),
    ],
)
def test_where_html5_and_a_tag_stream_differ_the_browser_wins(
    fragment: str, browser: str, tag_stream: str
) -> None:
    assert " ".join(extract_text(fragment).split()) == browser
    assert " ".join(_extract_linear(fragment, text.SKIPPED, " ").split()) == tag_stream


def test_a_fragment_with_very_many_tags_is_read_in_linear_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # lexbor builds deep nesting in quadratic time: such a fragment must not reach it.
    def refuse(markup: str) -> None:
        raise AssertionError("lexbor was given a fragment with too many tags")

    monkeypatch.setattr(text, "LexborHTMLParser", refuse)
    nested = "<div>" * 100_000 + "deep" + "</div>" * 100_000
    assert extract_text(nested).strip() == "deep"
    assert MAX_TAGS_FOR_LEXBOR < 100_000


def test_under_the_bound_lexbor_reads_deep_nesting_without_recursion() -> None:
    depth = MAX_TAGS_FOR_LEXBOR - 1  # beyond Python's recursion limit
    assert extract_text("<div>" * depth + "deep").strip() == "deep"


def _fragments(corpus_dir: Path) -> list[str]:
    found = []
    for path in sorted((corpus_dir / "feeds").iterdir()):
        if path.name == "README.md":
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False)
        for entry in parsed.entries:
            values = [
                entry.get("summary", ""),
                *(c.get("value", "") for c in entry.get("content", [])),
            ]
            found += [v for v in values if "<" in v]
    return found


@pytest.mark.corpus
def test_both_parsers_give_one_text_for_every_fragment_of_the_real_feeds(corpus_dir: Path) -> None:
    fragments = _fragments(corpus_dir)
    assert len(fragments) > 500
    for separator, skipped in ((" ", text.SKIPPED), ("\n", _PAGE_FURNITURE)):
        for fragment in fragments:
            lexbor = extract_text(fragment, skipped=skipped, separator=separator)
            linear = _extract_linear(fragment, skipped, separator)
            assert _lines(lexbor) == _lines(linear), fragment[:300]


def _lines(extracted: str) -> list[str]:
    """The text as later stages see it: lines (boilerplate is removed by line), collapsed."""
    return [" ".join(line.split()) for line in extracted.split("\n") if line.strip()]
