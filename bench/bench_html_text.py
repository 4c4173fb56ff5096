"""HTML fragments to text: lexbor (selectolax, today's extractor) against the standard
library's tag-stream parser (the extractor before it, still the fallback for fragments with
very many tags), on every HTML fragment of the real feeds, in the same run.

Fragments: the summaries and contents with markup of ../shared/corpus/feeds as feedparser
gives them, sanitised (as the connector reads them) and not (as a body may arrive); else
generated paragraphs. Both parsers run with the connector's settings (separator " ") and the
worker's (page furniture dropped, separator "\\n"); each figure is the best of `--rounds` CPU
times, in microseconds per fragment. Then how many fragments get the same text both ways,
compared line by line as the later stages read it.
Run: .venv/bin/python bench/bench_html_text.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from pathlib import Path

import feedparser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pipeline_stages import best_us  # noqa: E402
from connectors.feed.text import SKIPPED, _extract_linear, extract_text  # noqa: E402
from streams.text.html import _PAGE_FURNITURE  # noqa: E402

FEEDS = ROOT.parent / "shared" / "corpus" / "feeds"


def fragments() -> tuple[list[str], str]:
    found: list[str] = []
    if FEEDS.is_dir():
        for path in sorted(FEEDS.iterdir()):
            if path.name == "README.md":
                continue
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            for sanitize in (True, False):
                parsed = feedparser.parse(io.BytesIO(data), sanitize_html=sanitize)
                for entry in parsed.entries:
                    values = [entry.get("summary", ""),
                              *(c.get("value", "") for c in entry.get("content", []))]  # fmt: skip
                    found += [v for v in values if "<" in v]
    if found:
        return found, f"real feeds ({len(found)} fragments with markup)"
    paragraph = "<p>Officials said on <b>Tuesday</b> that the plant would close &amp; move.</p>"
    return [paragraph * (1 + n % 8) for n in range(2000)], "generated paragraphs"


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    items, what = fragments()
    print(f"fragments: {what}; best of {args.rounds} rounds; CPU us per fragment")
    print(f"  {'settings':<34} {'stdlib parser':>13} {'lexbor':>8} {'ratio':>7}")
    for name, skipped, separator in (
        ("connector (separator ' ')", SKIPPED, " "),
        ("worker (furniture dropped, '\\n')", _PAGE_FURNITURE, "\n"),
    ):

        def stdlib(skipped: frozenset[str] = skipped, separator: str = separator) -> object:
            return [_extract_linear(f, skipped, separator) for f in items]

        def lexbor(skipped: frozenset[str] = skipped, separator: str = separator) -> object:
            return [extract_text(f, skipped=skipped, separator=separator) for f in items]

        old = best_us(stdlib, len(items), args.rounds)
        new = best_us(lexbor, len(items), args.rounds)
        same = sum(
            lines(extract_text(f, skipped=skipped, separator=separator))
            == lines(_extract_linear(f, skipped, separator))
            for f in items
        )
        print(f"  {name:<34} {old:>13.1f} {new:>8.1f} {old / new:>6.2f}x   same text: "
              f"{same}/{len(items)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
