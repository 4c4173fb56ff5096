"""Measuring the classifier against judged articles: per-topic precision, recall and F1.

`evaluate` runs every labelled article through the same `ArticlePipeline` as production and
compares the topics it assigns with the judged ones. Pure: the caller supplies the rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from newsmon.contract import Article
from newsmon.contract.records import TopicMatch
from streams.classify.definitions import TopicSet
from streams.dedupe.index import DedupeIndex
from streams.pipeline import ArticlePipeline


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    article: Article
    topics: frozenset[str]


@dataclass(frozen=True, slots=True)
class Miss:
    """An article whose assigned topics differ from the judged ones."""

    id: str
    title: str
    expected: frozenset[str]
    got: tuple[TopicMatch, ...]
    # Topics scored but below threshold are not reported: only what was assigned.


@dataclass(slots=True)
class TopicScore:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    scores: dict[str, TopicScore]
    misses: list[Miss] = field(default_factory=list)
    articles: int = 0
    # language of the input line ("?" when none) -> topic -> score
    by_language: dict[str, dict[str, TopicScore]] = field(default_factory=dict)

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.scores.values()) / len(self.scores) if self.scores else 0.0

    def render(self) -> str:
        lines = [f"{'topic':<20} {'prec':>6} {'recall':>6} {'f1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
        for s in self.scores.values():
            lines.append(
                f"{s.name:<20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.tp:4d} {s.fp:4d} {s.fn:4d}"
            )
        lines.append(f"macro-F1 {self.macro_f1:.3f} over {self.articles} articles")
        if len(self.by_language) > 1:
            lines.append("by language (macro-F1 over the topics judged or assigned there):")
            for language, scores in sorted(self.by_language.items()):
                present = [s for s in scores.values() if s.tp + s.fp + s.fn]
                macro = sum(s.f1 for s in present) / len(present) if present else None
                parts = "  ".join(
                    f"{s.name} P{s.precision:.2f}/R{s.recall:.2f} ({s.tp}/{s.fp}/{s.fn})"
                    for s in present
                )
                figure = f"{macro:.3f}" if macro is not None else "  -  "
                lines.append(f"  {language:<3} {figure}  {parts}")
        if self.misses:
            lines.append(f"\nmisclassified ({len(self.misses)}):")
        for miss in self.misses:
            got = {m.name for m in miss.got}
            lines.append(
                f"- {miss.id}: expected {sorted(miss.expected) or '-'}, got {sorted(got) or '-'}"
                f"  {miss.title[:80]!r}"
            )
            for match in miss.got:
                terms = ", ".join(f"{e.term}@{e.field}:{e.weight:g}" for e in match.evidence)
                lines.append(f"    {match.name} {match.score:.2f}: {terms}")
        return "\n".join(lines)


def evaluate(rows: Iterable[LabelledArticle], topics: TopicSet, now: datetime) -> Report:
    """Classify every row (de-duplication is on but ignored) and score against the labels."""
    pipeline = ArticlePipeline(topics, DedupeIndex())
    report = Report({name: TopicScore(name) for name in topics.names})
    for row in rows:
        report.articles += 1
        matches = pipeline.process(row.article, now).classified.topics
        got = {m.name for m in matches}
        language = row.article.language or "?"
        per_language = report.by_language.setdefault(
            language, {name: TopicScore(name) for name in topics.names}
        )
        for scores in (report.scores, per_language):
            for name, score in scores.items():
                if name in got and name in row.topics:
                    score.tp += 1
                elif name in got:
                    score.fp += 1
                elif name in row.topics:
                    score.fn += 1
        if got != (row.topics & set(topics.names)):
            report.misses.append(Miss(row.article.id, row.article.title, row.topics, matches))
    return report
