"""Scores an article against every topic and returns the topics it is substantially about.

The contract: inputs are CLEANED field texts (see `streams.text.clean`); outputs are
`TopicMatch`es for topics whose score reaches their threshold, best first, each with the
`Evidence` (term, field, offsets into that cleaned field, weight) that produced the score.

Scoring, and why:
- An item must be *about* a topic, not mention it. A title hit counts `TITLE_FACTOR` times a
  body hit; repeats of one term in the body add less and less; so "NATO member Finland" once
  in a long body stays below the threshold while a headline or a developed point passes.
- Exclusions (hard negatives such as "non-NATO ally" or "price cap on energy bills") remove
  every term hit they overlap; negative-weight terms ("tariff*", "despite sanctions") pull a
  topic down by their weight wherever they occur, so they cancel an incidental body mention
  but not a headline.
- A topic with `context` terms applies only when at least one context term is present.
- The weighted sum `raw` maps to [0, 1) by `raw / (raw + SATURATION)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from newsmon.contract.records import Evidence, Field, TopicMatch
from streams.classify.definitions import ANY_LANGUAGE, Term, TopicSet
from streams.classify.matcher import Hit, Kind, TermMatcher

TITLE_FACTOR = 2.0
LEAD_CHARS = 400  # the opening of a body (a feed summary is often all of it) says what it is about
LATER_FACTOR = 0.5  # a hit after the lead counts this share
REPEAT_FACTOR = 0.5  # each further body occurrence of a term adds this share of its weight
MAX_COUNTED = 3  # occurrences of one term per field beyond this add nothing
SATURATION = 1.0
MAX_EVIDENCE = 12


def _language_matches(term_language: str, language: str | None) -> bool:
    return language is None or term_language in (ANY_LANGUAGE, language)


class Classifier:
    """Pure and thread-compatible: holds only the compiled topics."""

    def __init__(self, topics: TopicSet) -> None:
        self.topics = topics
        self._defs = tuple(topics)
        self._matcher = TermMatcher(topics)

    def classify(
        self, title: str, summary: str, content: str, language: str | None
    ) -> tuple[TopicMatch, ...]:
        """Topics passing their threshold, best first, with evidence."""
        fields: list[tuple[Field, str]] = [("title", title), ("content", content)]
        # A feed summary is usually the opening of the body: counting both would double
        # every hit, so the summary is read only when the content does not contain it.
        if summary and summary not in content:
            fields.insert(1, ("summary", summary))
        per_topic: dict[int, list[tuple[Field, Hit]]] = defaultdict(list)
        for field, text in fields:
            hits = self._matcher.search(text)
            headline_case: bool | None = None  # computed only when a name guard needs it
            for field_hit in _without_excluded(hits, self._speaks_against):
                if not _language_matches(field_hit.entry.language, language):
                    continue
                guard = self._defs[field_hit.entry.topic].name_guard
                if guard and _names_a_person(text, field_hit, guard):
                    if headline_case is None:
                        headline_case = _is_headline_case(text)
                    if not headline_case:
                        continue
                per_topic[field_hit.entry.topic].append((field, field_hit))
        matches = []
        for t_index, hits_of_topic in per_topic.items():
            match = self._score(t_index, hits_of_topic)
            if match is not None:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.name))
        return tuple(matches)

    def _speaks_against(self, hit: Hit) -> bool:
        entry = hit.entry
        return entry.kind is Kind.TERM and self._defs[entry.topic].terms[entry.index].weight < 0

    def _score(self, t_index: int, hits: list[tuple[Field, Hit]]) -> TopicMatch | None:
        topic = self._defs[t_index]
        if topic.context and not any(h.entry.kind is Kind.CONTEXT for _, h in hits):
            return None
        seen: dict[tuple[Field, int], int] = defaultdict(int)
        raw = 0.0
        evidence: list[Evidence] = []
        for field, hit in hits:
            if hit.entry.kind is not Kind.TERM:
                continue
            term: Term = topic.terms[hit.entry.index]
            count = seen[(field, hit.entry.index)] = seen[(field, hit.entry.index)] + 1
            if count > MAX_COUNTED:
                continue
            if term.weight < 0:
                # A descriptor ("despite sanctions") cancels an incidental mention wherever it
                # is, but does not outweigh a headline: it is not scaled by position.
                weight = term.weight
            elif field == "title":
                weight = term.weight * TITLE_FACTOR
            elif hit.start < LEAD_CHARS:
                weight = term.weight
            else:
                weight = term.weight * LATER_FACTOR
            if count > 1:
                weight *= REPEAT_FACTOR
            raw += weight
            if weight > 0 and len(evidence) < MAX_EVIDENCE:
                evidence.append(Evidence(term.text, field, hit.start, hit.end, round(weight, 4)))
        if raw <= 0:
            return None
        score = raw / (raw + SATURATION)
        if score < topic.threshold:
            return None
        evidence.sort(key=lambda e: -e.weight)
        return TopicMatch(topic.name, score, tuple(evidence))


def _is_headline_case(text: str) -> bool:
    words = [w for w in text.split()[:12] if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _names_a_person(text: str, hit: Hit, guard: Mapping[str, frozenset[str]]) -> bool:
    """True when the hit is spelled like a guarded given name and a surname follows it."""
    allowed = guard.get(text[hit.start : hit.end])
    if allowed is None:
        return False
    following = text[hit.end : hit.end + 40].split(maxsplit=1)
    if not following or text[hit.end : hit.end + 1] != " ":
        return False
    word = following[0].strip(".,;:!?'\"()")
    return word[:1].isupper() and word[1:].islower() and word.casefold() not in allowed


def _without_excluded(hits: list[Hit], speaks_against: Callable[[Hit], bool]) -> list[Hit]:
    """Drop term and context hits that overlap an exclusion hit of the same topic.

    Hits that `speaks_against` the topic (negative terms) stay: an exclusion removes cues for
    a topic ("Russia tour" is not a market), never the cues against it ("tour")."""
    excluded = [h for h in hits if h.entry.kind is Kind.EXCLUSION]
    if not excluded:
        return hits
    kept = []
    for hit in hits:
        if hit.entry.kind is Kind.EXCLUSION:
            continue
        if not speaks_against(hit) and any(
            x.entry.topic == hit.entry.topic and x.start < hit.end and hit.start < x.end
            for x in excluded
        ):
            continue
        kept.append(hit)
    return kept
