"""`ArticlePipeline`: clean -> de-duplicate -> classify one article. Pure apart from the index.

The single implementation behind both `newsmon classify` and the stream worker: the worker
calls `process` for every article it consumes (its `DedupeIndex` backed by a faust Table), the
CLI with a dict-backed index.

The work splits in two: `Enricher.enrich` (cleaning, language, fingerprint, classification) is
stateless and may run in any process; `record` (the de-duplication index) is sequential state
and runs where the index lives, in the order the articles came. `process` is both in turn.
`Enricher.enrich_many` and `ArticlePipeline.process_many` do the same for a batch, stage by
stage, for less CPU per article (bench/bench_pipeline.py): the same results, in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from newsmon.contract import Article
from newsmon.contract.records import ClassifiedArticle, TopicMatch
from newsmon.contract.urls import canonical_url
from streams.classify.classifier import Classifier
from streams.classify.definitions import TopicSet
from streams.dedupe.fingerprint import Fingerprint, fingerprint, fingerprints
from streams.dedupe.index import DedupeIndex, DedupeVerdict, Position
from streams.text.clean import clean_field, clean_html_field
from streams.text.language import detect_language, detect_languages


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """`classified.article` carries the CLEANED fields (evidence offsets refer to them), the
    detected language when the feed gave none, and the canonical URL."""

    classified: ClassifiedArticle
    exact_duplicate: bool


@dataclass(frozen=True, slots=True)
class Enriched:
    """The stateless part of one article's processing (picklable)."""

    article: Article  # cleaned: see `clean_article`
    text: str  # what the de-duplication index reads: `dedupe_text(article)`
    # Of `text`; None: left to the index, which skips it for a replay of a recorded article.
    fingerprint: Fingerprint | None
    topics: tuple[TopicMatch, ...]
    themes: tuple[str, ...]  # GDELT themes and CAMEO codes of `topics`, in topic order


def clean_article(article: Article) -> Article:
    """The article with cleaned text fields, canonical URL and a language."""
    title, summary, content = _clean_fields(article)
    language = _language(article, title, summary, content)
    return _cleaned(article, title, summary, content, language)


def _clean_fields(article: Article) -> tuple[str, str, str]:
    return (
        clean_field(article.title),
        clean_html_field(article.summary),
        clean_html_field(article.content),
    )


def _language(article: Article, title: str, summary: str, content: str) -> str | None:
    """The feed's language (its ISO 639-1 part), else the one detected in the cleaned text."""
    return _feed_language(article) or detect_language(_language_text(title, summary, content))


def _feed_language(article: Article) -> str | None:
    language = article.language
    if language:
        # Feeds say "en-GB", "EN", "de_AT": keep the ISO 639-1 part.
        language = language.strip().lower().replace("_", "-").split("-")[0] or None
    return language


def _language_text(title: str, summary: str, content: str) -> str:
    """What language detection reads (its opening only: see `detect_language`)."""
    return " ".join(p for p in (title, summary, content) if p)


def _cleaned(
    article: Article, title: str, summary: str, content: str, language: str | None
) -> Article:
    # Spelled out rather than dataclasses.replace, which costs twice as much (it walks fields()).
    return Article(
        id=article.id,
        feed=article.feed,
        url=canonical_url(article.url) if article.url else article.url,
        title=title,
        summary=summary,
        content=content,
        published_at=article.published_at,
        fetched_at=article.fetched_at,
        authors=article.authors,
        language=language,
        guid=article.guid,
        published_at_inferred=article.published_at_inferred,
        schema_version=article.schema_version,
    )


def dedupe_text(clean: Article) -> str:
    """Cleaned title and body, the summary left out when the content repeats it."""
    body = clean.content if clean.summary in clean.content else f"{clean.summary} {clean.content}"
    return f"{clean.title}\n{body}".strip()


class Enricher:
    """Cleaning, language, fingerprint and classification: no state but the compiled topics."""

    def __init__(self, topics: TopicSet) -> None:
        self.topics = topics
        self.classifier = Classifier(topics)

    def enrich(self, article: Article, *, with_fingerprint: bool = True) -> Enriched:
        """Everything but the index's verdict. `with_fingerprint=False` where the index runs
        in this process: it fingerprints only articles it has not recorded yet."""
        clean = clean_article(article)
        text = dedupe_text(clean)
        topics = self.classifier.classify(clean.title, clean.summary, clean.content, clean.language)
        print_ = fingerprint(text) if with_fingerprint else None
        return Enriched(clean, text, print_, topics, self.themes_of(topics))

    def enrich_many(
        self, articles: Sequence[Article], *, with_fingerprint: bool = True
    ) -> list[Enriched]:
        """`[self.enrich(a, ...) for a in articles]`, the same results, made stage by stage.

        Run one article at a time, each stage evicts the tables of the others from the CPU
        caches (the language model's 40 MB automaton, the lemma dictionaries, the matcher's
        automaton), and the whole costs ~1.5x the sum of its stages run alone; over a batch,
        each stage runs on every article while its tables are warm."""
        fields = [_clean_fields(article) for article in articles]
        languages = [_feed_language(article) for article in articles]
        undecided = [n for n, language in enumerate(languages) if not language]
        detected = detect_languages([_language_text(*fields[n]) for n in undecided])
        for n, language in zip(undecided, detected, strict=True):
            languages[n] = language
        cleaned = [
            _cleaned(article, *texts, language)
            for article, texts, language in zip(articles, fields, languages, strict=True)
        ]
        classify = self.classifier.classify
        topics = [classify(c.title, c.summary, c.content, c.language) for c in cleaned]
        texts = [dedupe_text(clean) for clean in cleaned]
        prints: list[Fingerprint | None] = (
            list(fingerprints(texts)) if with_fingerprint else [None] * len(texts)
        )
        return [
            Enriched(clean, text, print_, found, self.themes_of(found))
            for clean, text, print_, found in zip(cleaned, texts, prints, topics, strict=True)
        ]

    def themes_of(self, topics: tuple[TopicMatch, ...]) -> tuple[str, ...]:
        """The GDELT themes of the matched topics, without repeats."""
        known = self.topics.names
        return tuple(
            dict.fromkeys(
                theme for m in topics if m.name in known for theme in self.topics.get(m.name).themes
            )
        )


def record(
    index: DedupeIndex,
    article_id: str,
    url: str,
    guid: str | None,
    text: str,
    print_: Fingerprint | None,
    now: float,
    position: Position | None = None,
) -> DedupeVerdict:
    """`index.observe(...)`, handing it the fingerprint made already (by `Enricher.enrich`)."""
    return index.observe(article_id, url, guid, text, now, position, print_)


class ArticlePipeline:
    def __init__(self, topics: TopicSet, dedupe: DedupeIndex) -> None:
        self.topics = topics
        self.dedupe = dedupe
        self.enricher = Enricher(topics)
        self.classifier = self.enricher.classifier

    def process(
        self, article: Article, now: datetime, position: Position | None = None
    ) -> PipelineResult:
        """Clean, de-duplicate (recording the article in the index) and classify `article`.

        `now` (timezone-aware) stamps `classified_at` and the dedupe entries; `position` is the
        raw record's (partition, offset), which tells a replay from the same article published
        again (`DedupeIndex.observe`). Exact duplicates are still classified, so that consumers
        may choose to drop or keep them.
        """
        return self.decide(self.enricher.enrich(article, with_fingerprint=False), now, position)

    def process_many(
        self,
        articles: Sequence[Article],
        now: datetime,
        positions: Sequence[Position | None] | None = None,
    ) -> list[PipelineResult]:
        """`[self.process(a, now, p) for a, p in zip(articles, positions)]`, the same results
        (the index still records the articles one by one, in order), the stateless work done
        stage by stage over the batch (`Enricher.enrich_many`): cheaper per article. The
        fingerprints are made for the batch too (`fingerprints`), also for an article that
        turns out to be a replay, which the index would not have fingerprinted: rare, and
        cheaper than fingerprinting the others one by one."""
        enriched = self.enricher.enrich_many(articles)
        if positions is None:
            positions = [None] * len(articles)
        return [
            self.decide(done, now, position)
            for done, position in zip(enriched, positions, strict=True)
        ]

    def decide(
        self, enriched: Enriched, now: datetime, position: Position | None = None
    ) -> PipelineResult:
        """Record an enriched article in the index, in arrival order, and build its record."""
        clean = enriched.article
        verdict = record(self.dedupe, clean.id, clean.url, clean.guid, enriched.text,
                         enriched.fingerprint, now.timestamp(), position)  # fmt: skip
        classified = ClassifiedArticle(
            article=clean,
            topics=enriched.topics,
            story_id=verdict.story_id,
            duplicate_of=verdict.duplicate_of,
            classified_at=now,
            themes=enriched.themes,
        )
        return PipelineResult(classified, verdict.duplicate_of is not None)
