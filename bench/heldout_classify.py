"""How the shipped topic classifier does on news it was not written from: bench/heldout/.

Run: .venv/bin/python bench/heldout_classify.py [--misses] [--labels FILE] [--topics FILE]

`bench/heldout/articles.jsonl` is an evaluation set we wrote ourselves from the topic
definitions (../shared/corpus/TOPICS.md) alone, without reading the classifier's rules,
vocabulary or tests: about 50 short items (a headline and one to three sentences, like a feed
summary or the opening of a body) in each of en, ru, uk, de, fr and pl, covering every event
class of each topic and the hard negatives TOPICS.md names. So it measures phrasing the rule
writers did not anticipate; it is no substitute for judged real articles.
`bench/heldout/independent.jsonl` (`--labels`) holds 4,465 more, written on 2026-12-07 and -08 by
helpers who read TOPICS.md and nothing of the classifier or of the earlier sets: ids `ia-`
(375, mostly foreign business, used that day to find fixes, so no longer unseen), `ib-`
(120 war-time items on sanctions and NATO), `ic-` and `ie-` (300 feed items each, 50 per
language, `ie-` with press shorthands and longer wire stories), `if-` (200 war-time feed
items in the five languages besides English, with the hard negatives of war news), `ig-`
(210 feed items on the world beyond the war, 35 per language), `ih-` (210 items, half of them
bodies of 6 to 12 sentences, digests of unrelated news among them), `ii-` (210 war-time feed
items, 35 per language), `ij-` (210 items, half of them bodies, with digests and the business
press beyond the war), `ik-` (210 items whose topics are carried by indirect wording), `il-`
(210 items of war-time coverage and its economy, half of them bodies), `im-` (210 live-blog
entries, explainers, interviews, columns and other formats beside the plain report), `in-`
(210 items in official and state-media wording), `io-` (210 items, a deep dive into foreign
business), `ip-` (210 items, a deep dive into sanctions and NATO with their near misses), `iq-`
(210 items of the regional and trade press, firms named by their region and trade), `ir-`
(210 items in corporate and financial wording: filings, results, annual reports), `is-`
(210 items as feeds deliver them: capitals, no diacritics, mixed scripts, typos), `it-`
(210 items told with modality: rumours, denials, threats, conditionals, negations), `iu-`
(140 items of the markets desk, ru, uk, en, pl), each measured once before the fixes they
prompted, and `id-` (90 whole articles with passing mentions, measured once, nothing changed
after).

Every item goes through the same cleaning and classification as `newsmon evaluate` (the
production `ArticlePipeline` with the packaged topics, or `--topics FILE`). Prints precision,
recall and F1 per topic, their macro average, then per language the macro-F1 over the three
topics and each topic's counts; `--misses` lists every wrong decision as id, language, topic
and FN (a judged topic not assigned) or FP (assigned but not judged), with the headline.
Where topics declare a `learned` cue, the same items are scored again by the rules alone and
the difference (per topic and per language) is printed: the second opinion's contribution.
Exit status 0, or 2 when the set or the topic file cannot be read.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsmon.cli.commands.evaluate import read_labels  # noqa: E402
from newsmon.contract import utc_now  # noqa: E402
from streams.classify.definitions import TopicFileError, load_topics  # noqa: E402
from streams.classify.evaluation import (  # noqa: E402
    LabelledArticle,
    Report,
    TopicScore,
    evaluate,
)
from streams.classify.jsonl_input import InputError  # noqa: E402

HELDOUT = ROOT / "bench" / "heldout" / "articles.jsonl"
LANGUAGES = ("en", "ru", "uk", "de", "fr", "pl")
# The topic's own name in the six languages (TOPICS.md's words, not the classifier's): an item
# that contains it is easier than one that says "the alliance" or "penalties". Substrings, so
# that compounds ("Nato-Staaten", "Sekundärsanktionen") and inflections count.
NAMES = {
    "nato": re.compile(r"\b(?:nato|нато|otan)", re.IGNORECASE),
    "sanctions": re.compile(r"sanction|санкц|sankc|sanktion", re.IGNORECASE),
}


def macro(scores: Sequence[TopicScore]) -> float | None:
    """Mean F1 over the topics judged or assigned at least once (None when there is none)."""
    present = [s for s in scores if s.tp + s.fp + s.fn]
    return sum(s.f1 for s in present) / len(present) if present else None


def summary(report: Report) -> str:
    lines = [f"{'topic':<18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for s in report.scores.values():
        lines.append(
            f"{s.name:<18} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
            f"{s.tp:4d} {s.fp:4d} {s.fn:4d}"
        )
    lines.append(f"macro-F1 {report.macro_f1:.3f} over {report.articles} items")
    outside = [
        s
        for language, per_topic in report.by_language.items()
        if language != "en"
        for s in per_topic.values()
    ]
    pooled = {name: TopicScore(name) for name in report.scores}
    for s in outside:
        into = pooled[s.name]
        into.tp, into.fp, into.fn = into.tp + s.tp, into.fp + s.fp, into.fn + s.fn
    figure = macro(list(pooled.values()))
    lines.append(f"outside English (pooled) macro-F1 {figure:.3f}" if figure is not None else "")
    lines.append("by language (macro-F1 over the three topics; P/R and tp/fp/fn per topic):")
    order = [lang for lang in LANGUAGES if lang in report.by_language]
    order += sorted(set(report.by_language) - set(LANGUAGES))
    for language in order:
        per_topic = report.by_language[language]
        value = macro(list(per_topic.values()))
        parts = "  ".join(
            f"{s.name} P{s.precision:.2f}/R{s.recall:.2f} ({s.tp}/{s.fp}/{s.fn})"
            for s in per_topic.values()
        )
        shown = f"{value:.3f}" if value is not None else "  -  "
        lines.append(f"  {language:<3} {shown}  {parts}")
    return "\n".join(lines)


def misses(report: Report, languages: dict[str, str]) -> str:
    """One line per wrong (item, topic) decision, then the count per topic and language."""
    lines: list[str] = []
    counts: dict[tuple[str, str], int] = {}
    for miss in report.misses:
        got = {m.name for m in miss.got}
        language = languages.get(miss.id, "?")
        for name in report.scores:
            kind = (
                "FN"
                if name in miss.expected and name not in got
                else "FP"
                if name in got and name not in miss.expected
                else None
            )
            if kind is None:
                continue
            key = (name, language)
            counts[key] = counts.get(key, 0) + 1
            lines.append(f"{miss.id:<10} {language:<3} {name:<17} {kind}  {miss.title[:80]!r}")
    lines.append(f"\nwrong decisions: {len(lines)}; per topic and language:")
    for name in report.scores:
        row = "  ".join(f"{lang} {counts.get((name, lang), 0)}" for lang in LANGUAGES)
        total = sum(v for (n, _), v in counts.items() if n == name)
        lines.append(f"  {name:<17} {total:3d}   {row}")
    return "\n".join(lines)


def naming(report: Report, rows: Sequence[LabelledArticle]) -> str:
    """Recall on the positives that name the topic and on those that do not."""
    missed = {
        (miss.id, name)
        for miss in report.misses
        for name in miss.expected - {m.name for m in miss.got}
    }
    lines = ["recall by whether the item names the topic (its name in any of the six languages):"]
    for name, pattern in NAMES.items():
        counts: dict[bool, list[int]] = {True: [0, 0], False: [0, 0]}
        for row in rows:
            if name not in row.topics:
                continue
            a = row.article
            bucket = counts[bool(pattern.search(f"{a.title} {a.content}"))]
            bucket[0] += (a.id, name) not in missed
            bucket[1] += 1
        parts = [
            f"{label} {found}/{total} ({found / total:.2f})" if total else f"{label} -"
            for label, (found, total) in (("named", counts[True]), ("not named", counts[False]))
        ]
        lines.append(f"  {name:<17} " + "   ".join(parts))
    return "\n".join(lines)


def contribution(report: Report, alone: Report) -> str:
    """What the learned second opinion adds: the same items scored by the rules alone."""
    lines = ["the learned second opinion's contribution (rules alone -> rules + learned):"]
    for name, s in report.scores.items():
        a = alone.scores[name]
        lines.append(
            f"  {name:<17} F1 {a.f1:.3f} -> {s.f1:.3f}  P {a.precision:.3f} -> {s.precision:.3f}"
            f"  R {a.recall:.3f} -> {s.recall:.3f}"
        )
    lines.append(f"  macro-F1 {alone.macro_f1:.3f} -> {report.macro_f1:.3f}")
    for language in LANGUAGES:
        before = macro(list(alone.by_language.get(language, {}).values()))
        after = macro(list(report.by_language.get(language, {}).values()))
        if before is not None and after is not None:
            lines.append(f"  {language:<3} {before:.3f} -> {after:.3f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--labels", type=Path, default=HELDOUT, help="JSON lines with `topics`")
    parser.add_argument("--topics", type=Path, default=None, help="topic file (default: packaged)")
    parser.add_argument("--misses", action="store_true", help="list every wrong decision")
    args = parser.parse_args(argv)
    try:
        topics = load_topics(args.topics)
        rows = read_labels(args.labels)
    except (TopicFileError, InputError, OSError) as exc:
        print(f"heldout_classify: {exc}", file=sys.stderr)
        return 2
    report = evaluate(rows, topics, utc_now())
    print(f"{args.labels.relative_to(ROOT) if args.labels.is_relative_to(ROOT) else args.labels}")
    print(summary(report))
    print(naming(report, rows))
    if any(t.learned is not None for t in topics):
        alone = evaluate(rows, topics.without_learned(), utc_now())
        print(contribution(report, alone))
    if args.misses:
        languages = {row.article.id: row.article.language or "?" for row in rows}
        print()
        print(misses(report, languages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
