"""`ArticlePipeline`: clean -> de-duplicate -> classify one article. Pure apart from the index.

The single implementation behind both `newsmon classify` and the stream worker: the worker
calls `process` for every article it consumes (its `DedupeIndex` backed by a faust Table), the
CLI with a dict-backed index.

The work splits in two: `Enricher.enrich` (cleaning, language, fingerprint, classification) is
stateless and may run in any process; `record` (the de-duplication index) is sequential state
and runs where the index lives, in the order the articles came. `process` is both in turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsmon.contract import Article
from newsmon.contract.records import ClassifiedArticle, TopicMatch
from newsmon.contract.urls import canonical_url
from streams.classify.classifier import Classifier
from streams.classify.definitions import TopicSet
from streams.dedupe.fingerprint import Fingerprint, fingerprint
from streams.dedupe.index import DedupeIndex, DedupeVerdict, Position
from streams.text.clean import clean_field, clean_html_field
from streams.text.language import detect_language


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
    title = clean_field(article.title)
    summary = clean_html_field(article.summary)
    content = clean_html_field(article.content)
    language = article.language
    if language:
        # Feeds say "en-GB", "EN", "de_AT": keep the ISO 639-1 part.
        language = language.strip().lower().replace("_", "-").split("-")[0] or None
    if not language:
        language = detect_language(" ".join(p for p in (title, summary, content) if p))
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
