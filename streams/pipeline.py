"""`ArticlePipeline`: clean -> de-duplicate -> classify one article. Pure apart from the index.

The single implementation behind both `newsmon classify` and the stream worker: the worker
calls `process` for every article it consumes (its `DedupeIndex` backed by a faust Table), the
CLI with a dict-backed index.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from connectors.contract import Article
from connectors.contract.urls import canonical_url
from streams.classify.classifier import Classifier
from streams.classify.definitions import TopicSet
from streams.contract import ClassifiedArticle
from streams.dedupe.index import DedupeIndex
from streams.text.clean import clean_field, clean_html_field
from streams.text.language import detect_language


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """`classified.article` carries the CLEANED fields (evidence offsets refer to them), the
    detected language when the feed gave none, and the canonical URL."""

    classified: ClassifiedArticle
    exact_duplicate: bool


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
    return dataclasses.replace(
        article,
        title=title,
        summary=summary,
        content=content,
        language=language,
        url=canonical_url(article.url) if article.url else article.url,
    )


class ArticlePipeline:
    def __init__(self, topics: TopicSet, dedupe: DedupeIndex) -> None:
        self.topics = topics
        self.dedupe = dedupe
        self.classifier = Classifier(topics)

    def process(self, article: Article, now: datetime) -> PipelineResult:
        """Clean, de-duplicate (recording the article in the index) and classify `article`.

        `now` (timezone-aware) stamps `classified_at` and the dedupe entries. Exact duplicates
        are still classified, so that consumers may choose to drop or keep them.
        """
        clean = clean_article(article)
        body = (
            clean.content if clean.summary in clean.content else f"{clean.summary} {clean.content}"
        )
        verdict = self.dedupe.observe(
            clean.id, clean.url, clean.guid, f"{clean.title}\n{body}".strip(), now.timestamp()
        )
        topics = self.classifier.classify(clean.title, clean.summary, clean.content, clean.language)
        classified = ClassifiedArticle(
            article=clean,
            topics=topics,
            story_id=verdict.story_id,
            duplicate_of=verdict.duplicate_of,
            classified_at=now,
            themes=tuple(
                dict.fromkeys(theme for m in topics for theme in self.topics.get(m.name).themes)
            ),
        )
        return PipelineResult(classified, verdict.duplicate_of is not None)
