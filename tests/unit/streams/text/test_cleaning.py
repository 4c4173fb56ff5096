"""Cleaning: HTML to text, boilerplate, normalisation, canonical URLs, language detection."""

# ruff: noqa: RUF001  # Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

import re
import unicodedata
from re import _parser as re_parser  # type: ignore[attr-defined]  # getwidth: no public API

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsmon.contract.urls import canonical_url
from streams.text import (
    clean_html_field,
    detect_language,
    fold_for_matching,
    html_to_text,
    normalize_text,
    strip_boilerplate,
)
from streams.text.boilerplate import _TRAILERS, _strip_trailers
from streams.text.normalize import word_form


def test_html_becomes_text_with_entities_decoded_and_scripts_dropped() -> None:
    markup = "<p>Ministers&nbsp;met &amp; agreed.</p><script>track()</script><p>More.</p>"
    assert clean_html_field(markup) == "Ministers met & agreed. More."


def test_navigation_and_form_controls_are_not_article_text() -> None:
    markup = "<nav><a>Home</a><a>World</a></nav><p>The body.</p><form><button>Go</button></form>"
    assert clean_html_field(markup) == "The body."


def test_a_page_wrapped_in_one_form_keeps_its_text() -> None:
    markup = "<form id='page'><nav>Menu</nav><p>The whole article.</p></form>"
    assert clean_html_field(markup) == "The whole article."


def test_an_unclosed_element_inside_closed_furniture_does_not_swallow_the_body() -> None:
    markup = "<header><nav>Menu</header><p>The body after the header.</p>"
    assert clean_html_field(markup) == "The body after the header."


def test_broken_markup_still_yields_its_text() -> None:
    assert clean_html_field("<p>Half a <b>tag") == "Half a tag"


@pytest.mark.parametrize(
    "line",
    [
        "Download the app",
        "Get our free news app for the latest updates",
        "Try our new AI features",
        "Leave a comment",
        "Join the conversation",
        "12 comments",
        "Sign up for our daily newsletter",
        "Advertisement",
    ],
)
def test_page_furniture_lines_are_removed(line: str) -> None:
    text = f"First paragraph of the story.\n{line}\nSecond paragraph."
    assert strip_boilerplate(text) == "First paragraph of the story.\nSecond paragraph."


def test_a_related_articles_list_appended_to_the_body_is_cut_off() -> None:
    markup = (
        "<p>The minister resigned on Monday.</p><h2>Related articles</h2>"
        "<ul><li>Another story about sanctions</li><li>NATO summit live</li></ul>"
    )
    assert clean_html_field(markup) == "The minister resigned on Monday."


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Talks stalled again. Continue reading...", "Talks stalled again."),
        ("Talks stalled again. Continue reading…", "Talks stalled again."),
        ("Talks stalled again. Read Full Article at Example.com", "Talks stalled again."),
        (
            "Talks stalled again. The post Talks stall appeared first on Example Daily.",
            "Talks stalled again.",
        ),
        (
            "Article URL: https://example.org/a Comments URL: https://example.net/i?id=1 "
            "Points: 12 # Comments: 3",
            "",
        ),
        (
            "Talks stalled again. Continue reading... The post X appeared first on Y.",
            "Talks stalled again.",
        ),
    ],
)
def test_feed_trailers_are_removed_even_without_line_breaks(raw: str, clean: str) -> None:
    assert clean_html_field(raw) == clean


def test_boilerplate_removal_keeps_sentences_that_merely_mention_apps() -> None:
    text = "Regulators asked Apple to open its app store to rival payment systems."
    assert strip_boilerplate(text) == text


def test_unicode_is_nfkc_normalised_and_whitespace_collapsed() -> None:
    assert normalize_text("ﬁnal\u00a0 report\u200b\n\n  ＮＡＴＯ") == "final report NATO"


def test_folding_keeps_length_so_offsets_carry_over() -> None:
    text = "Ёлка İstanbul NATO-led “quoted” — Straße"
    folded = fold_for_matching(text)
    assert len(folded) == len(text)
    assert folded.startswith("елка")
    assert "nato-led" in folded


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        # Latin look-alikes typed inside a Cyrillic word are read as the Cyrillic letters.
        ("Кабмiн схвалив скринiнг iноземних iнвестицiй",
         "кабмін схвалив скринінг іноземних інвестицій"),
        ("HATО", "нато"),
        # Latin words beside Cyrillic ones, and hyphenated pairs, stay as they are.
        ("Toyota и iPhone в России", "toyota и iphone в россии"),
        ("IT-компания", "it-компания"),
    ],
)  # fmt: skip
def test_latin_look_alikes_inside_a_cyrillic_word_fold_to_cyrillic(text: str, folded: str) -> None:
    assert fold_for_matching(text) == folded


def test_html_to_text_returns_plain_text_unchanged_apart_from_entities() -> None:
    assert html_to_text("Tom &amp; Jerry") == "Tom & Jerry"


def test_canonical_url_drops_tracking_fragment_and_www() -> None:
    url = "HTTP://www.Example.com:80/news/a?utm_source=rss&id=7&at_medium=RSS#top"
    assert canonical_url(url) == "https://example.com/news/a?id=7"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The alliance leaders met in Brussels to agree on defence spending.", "en"),
        ("Die Regierung hat am Montag neue Maßnahmen gegen Russland beschlossen.", "de"),
        ("Le gouvernement a annoncé lundi de nouvelles mesures contre la Russie.", "fr"),
        ("Правительство в понедельник объявило о новых мерах против компаний.", "ru"),
        ("Уряд у понеділок оголосив про нові заходи проти російських компаній.", "uk"),
        ("Rząd ogłosił w poniedziałek nowe działania wobec rosyjskich firm.", "pl"),
    ],
)
def test_language_is_detected_offline_for_the_languages_topics_cover(
    text: str, language: str
) -> None:
    assert detect_language(text) == language


def test_language_of_a_text_too_short_to_tell_is_unknown() -> None:
    assert detect_language("OK 42") is None


# Oracles: the regex formulations that normalize_text and the trailer removal were first written
# with. The faster code must give exactly their answers.
def normalized_by_regex(text: str, keep_lines: bool) -> str:
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", unicodedata.normalize("NFKC", text))
    if keep_lines:
        return re.sub(r"\s*\n\s*", "\n", re.sub(r"[^\S\n]+", " ", text)).strip()
    return re.sub(r"\s+", " ", text).strip()


def trailers_stripped_by_full_search(text: str) -> str:
    changed = True
    while changed and text:
        changed = False
        for needle, pattern, _ in _TRAILERS:
            if needle in text.lower() and (stripped := pattern.sub("", text)) != text:
                text, changed = stripped, True
    return text


SPACES_AND_MARKS = " \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000\u00ad\u200b\ufeffaZ.ﬁＮ①e\u0301"
TRAILER_PIECES = [
    "Talks stalled again.", " ", "  ", "\n", "\t", "Continue reading", "...", "…", "x" * 90,
    "(Reporting by Jane Doe; Editing by Ann Roe)", "(writing by", ")", "Read more at Example",
    "[...]", "[read more]", "The post", "appeared first on", "Example Daily", "read the full",
    "story", "Article URL:", "https://x.example/a", "Comments URL:", "weiterlesen", "Lire la suite",
    "czytaj dalej", "Читать далее", "ı", "İ", "ſ", "by",
]  # fmt: skip


@given(st.text(alphabet=SPACES_AND_MARKS, max_size=40) | st.text(max_size=40), st.booleans())
def test_normalisation_is_the_regex_normalisation(text: str, keep_lines: bool) -> None:
    assert normalize_text(text, keep_lines=keep_lines) == normalized_by_regex(text, keep_lines)


# Runs of whitespace up to longer than any trailer's reach, so that some trailers begin in a run.
SPACE_RUNS = st.sampled_from(["", " ", "\n", " \t ", " " * 8, " " * 70, "\n" * 250 + " " * 400])


@given(
    st.lists(st.sampled_from(TRAILER_PIECES), max_size=8).map("".join),
    SPACE_RUNS,
    st.lists(st.sampled_from(TRAILER_PIECES), max_size=4).map("".join),
    SPACE_RUNS,
)
@settings(max_examples=300, deadline=None)  # a property of the output, not a speed test
def test_trailer_removal_is_the_full_search_removal(
    body: str, space: str, tail: str, end: str
) -> None:
    text = body + space + tail + end
    assert _strip_trailers(text) == trailers_stripped_by_full_search(text)


@pytest.mark.parametrize(("needle", "pattern", "reach"), _TRAILERS)
def test_each_trailer_reach_is_the_longest_core_its_pattern_matches(
    needle: str, pattern: re.Pattern[str], reach: int | None
) -> None:
    core = pattern.pattern.removeprefix(r"\s*").removesuffix("$").removesuffix(r"\s*")
    assert pattern.pattern.startswith(r"\s*") and pattern.pattern.endswith("$")
    longest = re_parser.parse(core, pattern.flags).getwidth()[1]
    assert reach == (None if longest >= re_parser.MAXREPEAT else longest)


@given(
    st.lists(st.sampled_from([*TRAILER_PIECES, "<p>", "</p>", "<br>", "&amp;", "e", "\u0301"])).map(
        "".join
    )
    | st.text(alphabet=SPACES_AND_MARKS, max_size=40)
)
@example("Caf e\u200b\u0301")  # the accent composes only once the invisible space is gone
def test_a_field_is_cleaned_as_by_two_full_normalisations(raw: str) -> None:
    lines = normalize_text(html_to_text(raw), keep_lines=True)
    assert clean_html_field(raw) == normalize_text(strip_boilerplate(lines))


# Letters, digits, "_", ASCII punctuation, the typographic marks word_form blanks, and
# neighbours (combining accent, dotted I that lowers to two characters, yo, Arabic digits,
# Latin look-alikes of Cyrillic letters).
WORD_FORM_ALPHABET = "aZq09_ -,.'\t\n’‘“”—–…«» éßİЁёя́½١iHo"


@given(st.text(alphabet=WORD_FORM_ALPHABET, max_size=60) | st.text(max_size=60))
def test_word_form_is_the_folded_text_with_non_word_characters_as_spaces(text: str) -> None:
    assert word_form(text) == re.sub(r"[^\w ]|_", " ", fold_for_matching(text))
    folded = fold_for_matching(text)
    assert word_form(folded, folded=True) == re.sub(r"[^\w ]|_", " ", folded)
    assert len(word_form(text)) == len(text)
