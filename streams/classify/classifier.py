"""Scores an article against every topic and returns the topics it is substantially about.

The contract: inputs are CLEANED field texts (see `streams.text.clean`); outputs are
`TopicMatch`es for topics whose score reaches their threshold, best first, each with the
`Evidence` (term, field, offsets into that cleaned field, weight) that produced the score.

Scoring, and why:
- An item must be *about* a topic, not mention it. A title hit counts `TITLE_FACTOR` times a
  body hit; repeats of one term in the body add less and less; so "NATO member Finland" once
  in a long body stays below the threshold while a headline or a developed point passes.
- Exclusions (hard negatives such as "non-NATO ally" or "despite Western sanctions") remove
  every term hit they overlap; negative-weight terms ("tariff*", "energy bills") pull a
  topic down by their weight wherever they occur, so they cancel an incidental body mention
  but not a headline.
- Frames (see `frames.py`) recognise an event by its parts in one sentence (actor, action,
  market; imposer, measure, target); a firing counts like a term of the frame's weight, an
  exclusion it overlaps cancels it, and it satisfies the topic's `context`.
- A topic with `context` terms applies only when at least one context term (or a frame) is
  present.
- The weighted sum `raw` maps to [0, 1) by `raw / (raw + SATURATION)`.

`explain` runs the same scoring with a trace: every cue with its weight or the reason it did
not count, the context found or missing, the exclusions applied, the score and the threshold.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from newsmon.contract.records import Evidence, Field, TopicMatch
from newsmon.gc_pause import collector_paused
from streams.classify.definitions import ANY_LANGUAGE, LearnedCue, TopicSet
from streams.classify.frames import FrameHit, FrameMatcher, sentence_breaks
from streams.classify.lexicon import LEMMATIZER, words_of
from streams.classify.matcher import Hit, Kind, TermMatcher
from streams.classify.second_opinion import Opinion, packaged_model
from streams.text.normalize import word_form

TITLE_FACTOR = 2.0
LEAD_CHARS = 400  # the opening of a body (a feed summary is often all of it) says what it is about
LATER_FACTOR = 0.5  # a hit after the lead counts this share
REPEAT_FACTOR = 0.5  # each further body occurrence of a term adds this share of its weight
MAX_COUNTED = 3  # occurrences of one term per field beyond this add nothing
SATURATION = 1.0
# A score this close above the threshold is withheld when the second opinion doubts the topic:
# one cue of the least weight that labels, or a name and one frame in a body ("a retired
# admiral, once deputy commander at one of NATO's headquarters" in a column on shipyards).
DOUBT_MARGIN = 0.1
# ... and only when the model read this many of its features in the article: a bare headline
# gives it about ten, too few for its doubt to mean much (true headlines of our tests, "Bayer
# придбав українського виробника насіння", get p below 0.01); an article with a body, 30 or more.
DOUBT_MIN_FEATURES = 20
# Every cue of a topic in one sentence of the body past its first two, none in the title: a
# passing mention ("Officials also pointed to NATO's air policing mission ..." in a story on
# gas prices). A topic developed in the body is in its lead or in more than one sentence.
PASSING_SENTENCE = 2
MAX_EVIDENCE = 12
# Frames read every sentence of a field up to this many characters: a whole feed summary and
# the opening paragraphs of a body (some 300 words), where an event an article is about is
# developed; a firing after the lead counts the later-hit share. Matching is linear in the
# text's length; the cap keeps the cost of one article near the per-article budget however
# long its body (bench_classify: x1.05-1.1 the cost of reading 600 characters; 4,000: x1.2).
FRAME_CHARS = 2_000
FRAME_PREFIX = "frame:"  # evidence `term` of a frame firing: "frame:<name> <word> + <word>"
LEARNED_PREFIX = "learned:"  # evidence `term` of the second opinion: "learned:p=0.93 <words>"


def _language_matches(term_language: str, language: str | None) -> bool:
    return language is None or term_language in (ANY_LANGUAGE, language)


@dataclass(frozen=True, slots=True)
class Cue:
    """One thing the scorer looked at for a topic, and what it made of it."""

    kind: str  # term | negative | frame | context | exclusion | learned
    text: str  # the configured term (or frame and its words)
    field: Field
    start: int
    end: int
    weight: float  # contributed to the raw score (0 when it did not count)
    note: str  # "counted", "repeat", or why it did not count


@dataclass(slots=True)
class Explanation:
    """Why a topic was given or withheld for one article."""

    topic: str
    threshold: float
    score: float
    raw: float
    labelled: bool
    context_required: bool
    context_found: bool
    cues: list[Cue] = field(default_factory=list)
    overruled: bool = False  # the score reaches the threshold, but the second opinion doubts it
    passing: int | None = None  # the body sentence (from 0) of a passing mention, if it is one

    def render(self) -> str:
        verdict = "GIVEN" if self.labelled else "WITHHELD"
        lines = [
            f"topic {self.topic}: {verdict}  score {self.score:.3f} "
            f"(raw {self.raw:.3f}; threshold {self.threshold:.2f})"
        ]
        if self.context_required:
            state = "found" if self.context_found else "MISSING (topic cannot apply)"
            lines.append(f"  context: {state}")
        if self.overruled:
            lines.append(
                f"  overruled: the score is within {DOUBT_MARGIN} of the threshold and the "
                "learned second opinion doubts the topic"
            )
        if self.passing is not None:
            lines.append(
                f"  a passing mention: every cue is in sentence {self.passing + 1} of the body "
                "and none in the title"
            )
        if not self.cues:
            lines.append("  no cue of this topic in the text")
        for cue in self.cues:
            lines.append(
                f"  {cue.kind:<9} {cue.weight:+7.3f}  {cue.text!r} @{cue.field}"
                f"[{cue.start}:{cue.end}]  {cue.note}"
            )
        return "\n".join(lines)


# What an article holds for a topic: (field, term or context hit), (field, frame hit), the
# second opinion's cue (its weight, the model's opinion, the title's length) when it counts,
# and its opinion when it doubts the topic (below the cue's `doubt`).
_TopicHits = tuple[
    list[tuple[Field, Hit]],
    list[tuple[Field, FrameHit]],
    list[tuple[float, Opinion, int]],
    list[Opinion],
]


def _no_hits() -> _TopicHits:
    return [], [], [], []


class OpinionSource(Protocol):
    """What gives the learned second opinion: `SecondOpinion`, or a stand-in when tuning."""

    def opinions(
        self,
        title: str,
        content: str,
        language: str | None,
        folded: tuple[str, str] | None = None,
    ) -> dict[str, Opinion]: ...


# The matchers compiled for a topic set, shared by every classifier of that set in the process
# (a worker's stages, a test's many apps): compiling takes about a second. Both only memoise
# pure lookups besides their tables, so sharing changes no result.
_COMPILED: weakref.WeakKeyDictionary[TopicSet, tuple[TermMatcher, FrameMatcher]] = (
    weakref.WeakKeyDictionary()
)


class Classifier:
    """Pure and thread-compatible: holds only the compiled topics."""

    def __init__(
        self,
        topics: TopicSet,
        *,
        preload: bool = True,
        opinion: OpinionSource | None = None,
        learned: Mapping[str, LearnedCue | None] | None = None,
    ) -> None:
        """`preload`: compile the frames of every language the topics are written in now
        (loading each language's lemma dictionary, seconds in all), so that no article
        waits for it; off where many short-lived classifiers are built (cross-validation).
        `opinion`: the second opinion for topics with a `learned` cue (default: the packaged
        model); `learned`: topic name -> a cue replacing the topic file's (tuning, tests)."""
        self.topics = topics
        self._defs = tuple(topics)
        cues = {t.name: t.learned for t in self._defs} | dict(learned or {})
        self._learned = {
            i: cue for i, t in enumerate(self._defs) if (cue := cues.get(t.name)) is not None
        }
        self._opinion = opinion
        if self._learned and opinion is None:
            self._opinion = packaged_model()
        # The tables are hundreds of thousands of objects that last as long as the process.
        with collector_paused():
            compiled = _COMPILED.get(topics)
            if compiled is None:
                compiled = TermMatcher(topics), FrameMatcher([t.frames for t in self._defs])
                _COMPILED[topics] = compiled
            self._matcher, self._frames = compiled
            if preload:
                self._frames.preload()

    def classify(
        self, title: str, summary: str, content: str, language: str | None
    ) -> tuple[TopicMatch, ...]:
        """Topics passing their threshold, best first, with evidence."""
        per_topic = self._collect(title, summary, content, language, None)
        bodies = _Bodies(summary, content)
        matches = []
        for t_index, hits_of_topic in per_topic.items():
            match = self._score(t_index, hits_of_topic, bodies, None)
            if match is not None:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.name))
        return tuple(matches)

    def explain(
        self, title: str, summary: str, content: str, language: str | None, topic: str
    ) -> Explanation:
        """The scoring of `topic` (a name in the topic set; KeyError otherwise), step by step."""
        t_index = self.topics.names.index(topic) if topic in self.topics.names else -1
        if t_index < 0:
            raise KeyError(topic)
        definition = self._defs[t_index]
        trace = Explanation(
            topic=topic,
            threshold=definition.threshold,
            score=0.0,
            raw=0.0,
            labelled=False,
            context_required=bool(definition.context),
            context_found=False,
        )
        per_topic = self._collect(title, summary, content, language, (t_index, trace))
        self._score(t_index, per_topic.get(t_index) or _no_hits(), _Bodies(summary, content), trace)
        return trace

    def _collect(
        self,
        title: str,
        summary: str,
        content: str,
        language: str | None,
        trace: tuple[int, Explanation] | None,
    ) -> dict[int, _TopicHits]:
        fields: list[tuple[Field, str]] = [("title", title), ("content", content)]
        folded: dict[Field, str] = {"content": words_of(content)}
        # A feed summary is usually the opening of the body: counting both would double
        # every hit, so the summary is read only when the content does not contain it.
        if summary and not _repeats(summary, content, folded["content"]):
            fields.insert(1, ("summary", summary))
        per_topic: dict[int, _TopicHits] = defaultdict(_no_hits)
        # Topic -> the first hard negative the rules saw for it (an exclusion, a negative term,
        # a frame kept out by a veto word or as domestic): the second opinion does not count
        # against it.
        against: dict[int, str] = {}
        for field_name, text in fields:  # the title first
            words = folded.get(field_name) or words_of(text)
            folded[field_name] = words
            hits = self._matcher.search(text, words)
            repeated = _title_repeated(folded["title"], words) if field_name != "title" else 0
            if repeated:
                hits = [h for h in hits if h.start >= repeated]
            if self._learned:
                self._note_hard_negatives(hits, field_name, language, against)
            headline_case: bool | None = None  # computed only when a name guard needs it
            persons: list[Hit] = []  # hits that are a person's name ("Nato Beridze")
            kept = _without_excluded(hits, self._speaks_against)
            if trace is not None:
                self._trace_dropped(field_name, hits, kept, *trace)
            for field_hit in kept:
                if not _language_matches(field_hit.entry.language, language):
                    continue
                guard = self._defs[field_hit.entry.topic].name_guard
                if guard and _names_a_person(text, field_hit, guard, language):
                    if headline_case is None:
                        headline_case = _is_headline_case(text, language)
                    if not headline_case:
                        persons.append(field_hit)
                        if trace is not None and field_hit.entry.topic == trace[0]:
                            cue = self._cue(field_hit, field_name, 0.0, "a person's name")
                            trace[1].cues.append(cue)
                        continue
                per_topic[field_hit.entry.topic][0].append((field_name, field_hit))
            opening = _opening(text, FRAME_CHARS)
            found = self._frames.search(
                opening,
                language,
                words[: len(opening)],
                kept_out=trace is not None or bool(self._learned),
                lead=_opening(content or summary, LEAD_CHARS) if field_name == "title" else "",
            )
            for frame_hit in found:
                if frame_hit.start < repeated:
                    continue  # the title again, read already
                if not frame_hit.counted:
                    if frame_hit.veto:
                        where = " opening the lead" if frame_hit.veto_in_lead else ""
                        why = f"a frame kept out by the veto word {frame_hit.veto!r}{where}"
                        note = f"veto word {frame_hit.veto!r}{where}"
                    else:
                        why, note = "a frame kept out as domestic", "one nation: domestic"
                    against.setdefault(frame_hit.topic, why)
                    if trace is not None and frame_hit.topic == trace[0]:
                        trace[1].cues.append(self._uncounted_frame(frame_hit, field_name, note))
                    continue
                if persons and _fills_with_a_name(frame_hit, persons, kept, text):
                    if trace is not None and frame_hit.topic == trace[0]:
                        cue = self._uncounted_frame(frame_hit, field_name, "a person's name")
                        trace[1].cues.append(cue)
                    continue
                blocker = _exclusion_over(hits, frame_hit, self._speaks_against)
                if blocker is not None:
                    excluded = self._cue(blocker, field_name, 0.0, "")
                    if trace is not None and frame_hit.topic == trace[0]:
                        note = f"cancelled by {excluded.kind} {excluded.text!r}"
                        trace[1].cues.append(self._uncounted_frame(frame_hit, field_name, note))
                    continue
                per_topic[frame_hit.topic][1].append((field_name, frame_hit))
        if self._opinion is not None:
            # The model reads the title and the opening of the body, or of the summary when
            # there is no body; both are folded already.
            lead: Field = "content" if content else "summary"
            opinions = self._opinion.opinions(
                title, content or summary, language, (folded["title"], folded.get(lead, ""))
            )
            self._add_learned_cues(opinions, len(title), against, per_topic, trace)
        return per_topic

    def _note_hard_negatives(
        self, hits: list[Hit], field_name: Field, language: str | None, against: dict[int, str]
    ) -> None:
        """Record in `against` each topic's first exclusion or negative term among `hits`."""
        for hit in hits:
            if (
                hit.entry.topic not in against
                and (hit.entry.kind is Kind.EXCLUSION or self._speaks_against(hit))
                and _language_matches(hit.entry.language, language)
            ):
                cue = self._cue(hit, field_name, 0.0, "")
                against[hit.entry.topic] = f"{cue.kind} {cue.text!r}"

    def _add_learned_cues(
        self,
        opinions: Mapping[str, Opinion],
        title_length: int,
        against: Mapping[int, str],
        per_topic: dict[int, _TopicHits],
        trace: tuple[int, Explanation] | None,
    ) -> None:
        """The second opinion's cue for each topic that declares one, where it counts."""
        for t_index, learned in self._learned.items():
            opinion = opinions[self._defs[t_index].name]
            weight = learned.weight_at(opinion.probability)
            if weight > 0 and t_index not in against:
                per_topic[t_index][2].append((weight, opinion, title_length))
                continue
            doubts = (
                opinion.probability < learned.doubt and len(opinion.found) >= DOUBT_MIN_FEATURES
            )
            if doubts:
                per_topic[t_index][3].append(opinion)
            if trace is not None and t_index == trace[0]:
                if weight > 0:
                    note = f"the rules saw a hard negative: {against[t_index]}"
                elif doubts:
                    note = f"below the floor {learned.floor}, and doubts the topic"
                else:
                    note = f"below the floor {learned.floor}"
                trace[1].cues.append(_learned_cue(opinion, title_length, 0.0, note))

    def _trace_dropped(
        self, field_name: Field, hits: list[Hit], kept: list[Hit], t_index: int, trace: Explanation
    ) -> None:
        kept_ids = {id(h) for h in kept}
        for hit in hits:
            if hit.entry.topic != t_index:
                continue
            if hit.entry.kind is Kind.EXCLUSION:
                trace.cues.append(self._cue(hit, field_name, 0.0, "exclusion applied"))
            elif id(hit) not in kept_ids:
                trace.cues.append(self._cue(hit, field_name, 0.0, "inside an exclusion"))

    def _cue(self, hit: Hit, field_name: Field, weight: float, note: str) -> Cue:
        topic = self._defs[hit.entry.topic]
        kind = hit.entry.kind
        if kind is Kind.TERM:
            term = topic.terms[hit.entry.index]
            label = "negative" if term.weight < 0 else "term"
        elif kind is Kind.CONTEXT:
            term, label = topic.context[hit.entry.index], "context"
        else:
            term, label = topic.exclusions[hit.entry.index], "exclusion"
        return Cue(label, term.text, field_name, hit.start, hit.end, weight, note)

    def _uncounted_frame(self, hit: FrameHit, field_name: Field, note: str) -> Cue:
        return Cue("frame", self._frame_text(hit), field_name, hit.start, hit.end, 0.0, note)

    def _frame_text(self, hit: FrameHit) -> str:
        frame = self._defs[hit.topic].frames[hit.frame]
        words = " + ".join(f"{slot}={word}" for slot, word in hit.parts)
        return f"{FRAME_PREFIX}{frame.name} {words}"

    def _speaks_against(self, hit: Hit) -> bool:
        entry = hit.entry
        return entry.kind is Kind.TERM and self._defs[entry.topic].terms[entry.index].weight < 0

    def _score(
        self, t_index: int, hits: _TopicHits, bodies: _Bodies, trace: Explanation | None
    ) -> TopicMatch | None:
        topic = self._defs[t_index]
        term_hits, frame_hits, learned, doubted = hits
        # The second opinion is no context: context is the rules' check that the measure has
        # a state or bloc behind it ("UEFA sanctions a club" has none), which a bag of words
        # does not make.
        has_context = bool(frame_hits) or any(h.entry.kind is Kind.CONTEXT for _, h in term_hits)
        if trace is not None:
            trace.context_found = has_context
            contexts = [(f, h) for f, h in term_hits if h.entry.kind is Kind.CONTEXT]
            counts: dict[int, int] = defaultdict(int)
            for _, hit in contexts:
                counts[hit.entry.index] += 1
            for field_name, hit in contexts:  # each context term once, at its first place
                times = counts.pop(hit.entry.index, 0)
                if times:
                    note = "context found" + (f" ({times} times)" if times > 1 else "")
                    trace.cues.append(self._cue(hit, field_name, 0.0, note))
        if topic.context and not has_context:
            if trace is not None:
                for field_name, hit in term_hits:
                    if hit.entry.kind is Kind.TERM:
                        trace.cues.append(self._cue(hit, field_name, 0.0, "no context"))
            return None
        seen: dict[tuple[Field, int], int] = defaultdict(int)
        raw = 0.0
        evidence: list[Evidence] = []
        counted: list[tuple[Field, int]] = []  # where the cues that add are
        # Terms and frames are scored alike; a frame's key is offset past every term index.
        scored: list[tuple[Field, int, float, int, int, str, str]] = []
        for field_name, hit in term_hits:
            if hit.entry.kind is Kind.TERM:
                term = topic.terms[hit.entry.index]
                kind = "negative" if term.weight < 0 else "term"
                scored.append(
                    (field_name, hit.entry.index, term.weight, hit.start, hit.end, term.text, kind)
                )
        base = len(topic.terms)
        for field_name, frame_hit in frame_hits:
            frame = topic.frames[frame_hit.frame]
            scored.append(
                (
                    field_name,
                    base + frame_hit.frame,
                    frame.weight,
                    frame_hit.start,
                    frame_hit.end,
                    self._frame_text(frame_hit),
                    "frame",
                )
            )
        for field_name, key, term_weight, start, end, text, kind in scored:
            count = seen[(field_name, key)] = seen[(field_name, key)] + 1
            if count > MAX_COUNTED:
                if trace is not None:
                    note = f"occurrence {count} in {field_name}: not counted"
                    trace.cues.append(Cue(kind, text, field_name, start, end, 0.0, note))
                continue
            if term_weight < 0:
                # A look-alike ("tariffs") cancels an incidental mention wherever it is, but
                # does not outweigh a headline: it is not scaled by position.
                weight = term_weight
            elif field_name == "title":
                weight = term_weight * TITLE_FACTOR
            elif start < LEAD_CHARS:
                weight = term_weight
            else:
                weight = term_weight * LATER_FACTOR
            if count > 1:
                weight *= REPEAT_FACTOR
            raw += weight
            if weight > 0:
                counted.append((field_name, start))
            if trace is not None:
                note = "counted" if count == 1 else f"counted (occurrence {count}, halved)"
                trace.cues.append(Cue(kind, text, field_name, start, end, weight, note))
            if weight > 0 and len(evidence) < MAX_EVIDENCE:
                evidence.append(Evidence(text, field_name, start, end, round(weight, 4)))
        setting = self._learned.get(t_index)
        if learned and setting is not None and not setting.alone and not counted:
            # The topic's rules found nothing: the model's word alone does not label it.
            if trace is not None:
                for _, opinion, title_length in learned:
                    note = "no cue of the rules for the topic, which this cue needs"
                    trace.cues.append(_learned_cue(opinion, title_length, 0.0, note))
            learned = []
        for weight, opinion, title_length in learned:
            # Not scaled by position: the model read the title and the lead together.
            raw += weight
            if trace is not None:
                trace.cues.append(_learned_cue(opinion, title_length, weight, "counted"))
        score = raw / (raw + SATURATION) if raw > 0 else 0.0
        # A score that only just reaches the threshold is one cue of the least weight that
        # labels (one body mention of "sanctions"): a descriptor as often as not ("under
        # Western sanctions since 2022"), and the model all but sure of the contrary decides.
        overruled = bool(doubted) and topic.threshold <= score < topic.threshold + DOUBT_MARGIN
        passing = None
        # The model read the title and the lead: its cue, added to a late mention found by the
        # rules, says that mention is no aside (with `alone: false` too: dropping it cost true
        # NATO items whose lead names no alliance word).
        if score >= topic.threshold and not overruled and not learned:
            passing = bodies.passing_mention(counted)
        if trace is not None:
            trace.raw, trace.score = raw, score
            trace.labelled = (
                raw > 0 and score >= topic.threshold and not overruled and passing is None
            )
            trace.overruled, trace.passing = overruled, passing
        if raw <= 0 or score < topic.threshold or overruled or passing is not None:
            return None
        for weight, opinion, title_length in learned:
            if len(evidence) < MAX_EVIDENCE:  # named only now: naming the features costs
                cue = _learned_cue(opinion, title_length, weight, "counted")
                evidence.append(Evidence(cue.text, "title", 0, cue.end, round(weight, 4)))
        evidence.sort(key=lambda e: -e.weight)
        # Rounded as the record carries it (4 places, like the evidence weights): a worker's
        # second stage, reading the record, then sees the very score the first one alerted on.
        return TopicMatch(topic.name, round(score, 4), tuple(evidence))


class _Bodies:
    """An article's summary and content, cut into sentences when a topic asks (rarely)."""

    def __init__(self, summary: str, content: str) -> None:
        self._texts: dict[Field, str] = {"summary": summary, "content": content}
        self._breaks: dict[Field, list[int]] = {}

    def passing_mention(self, cues: list[tuple[Field, int]]) -> int | None:
        """The sentence (from 0) of one body field that holds every cue (field, offset),
        when no cue is in the title and that sentence is past the first PASSING_SENTENCE;
        None otherwise."""
        fields = {field_name for field_name, _ in cues}
        if len(fields) != 1:
            return None
        (field_name,) = fields
        if field_name == "title":
            return None
        breaks = self._breaks.get(field_name)
        if breaks is None:
            breaks = self._breaks[field_name] = sentence_breaks(self._texts[field_name])
        sentences = {bisect.bisect_left(breaks, start) for _, start in cues}
        if len(sentences) != 1:
            return None
        (sentence,) = sentences
        return sentence if sentence >= PASSING_SENTENCE else None


_SHORTEST_REPEAT = 40  # characters of words a summary or a title must have to be found repeated
_TITLE_REPEAT_REACH = 200  # characters before the title's repetition in a body's opening
_WORD = re.compile(r"\S+")


def _title_repeated(title_words: str, body_words: str) -> int:
    """Where the title's words end in the body's opening when the body repeats them (feeds
    that put the headline in the description: "<a>Headline</a> Outlet"), else 0."""
    wanted = title_words.split()
    if len(" ".join(wanted)) < _SHORTEST_REPEAT:
        return 0
    opening = body_words[: len(title_words) + _TITLE_REPEAT_REACH]
    if wanted[0] not in opening:
        return 0
    found = list(_WORD.finditer(opening))
    words = [m.group() for m in found]
    count = len(wanted)
    for at in range(len(words) - count + 1):
        if words[at : at + count] == wanted:
            return found[at + count - 1].end()
    return 0


def _repeats(summary: str, content: str, folded_content: str) -> bool:
    """Whether `summary` is a passage of `content` (`folded_content`: its `words_of`),
    compared word by word: feeds give the opening of the body as its summary, cut short with
    an ellipsis, often mid-word ("... weighed on inves..."), or with other quotation marks
    (a straight apostrophe for a curly one)."""
    if summary in content:
        return True
    words = words_of(summary).split()
    if summary.rstrip().endswith(("...", "…")):
        words = words[:-1]  # the word the ellipsis may have cut
    passage = " ".join(words)
    return len(passage) >= _SHORTEST_REPEAT and passage in " ".join(folded_content.split())


def _learned_cue(opinion: Opinion, title_length: int, weight: float, note: str) -> Cue:
    """The second opinion as a cue: its probability and the words that weighed most, placed
    on the title (the model reads the title and the lead as one)."""
    words = dict.fromkeys(f.split(":", 1)[1] for f in opinion.strongest())
    text = f"{LEARNED_PREFIX}p={opinion.probability:.3f} {', '.join(words)}".rstrip()
    return Cue("learned", text, "title", 0, title_length, weight, note)


def _exclusion_over(
    hits: list[Hit], frame_hit: FrameHit, speaks_against: Callable[[Hit], bool]
) -> Hit | None:
    """An exclusion or a negative term of the frame's topic overlapping the firing, if any.

    A descriptor ("despite US sanctions") that overlaps a frame's words says the frame's
    measure is background, so it cancels the firing as an exclusion does."""
    for hit in hits:
        entry = hit.entry
        if (
            (entry.kind is Kind.EXCLUSION or speaks_against(hit))
            and entry.topic == frame_hit.topic
            and hit.start < frame_hit.end
            and frame_hit.start < hit.end
        ):
            return hit
    return None


def _opening(text: str, limit: int) -> str:
    """`text` up to the last sentence end (or space) before `limit` characters."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(". ", 0, limit), text.rfind("\n", 0, limit))
    return text[: cut + 1] if cut > limit // 2 else text[: text.rfind(" ", 0, limit) + 1]


# Definite articles, which go before an organisation's name and not a person's.
_ARTICLES = frozenset(
    ["the", "die", "der", "den", "dem", "des", "zur", "zum", "la", "le", "les", "du"]
)


def _is_headline_case(text: str, language: str | None) -> bool:
    """Whether most words are capitalised, as in an English headline, where a capital says
    nothing of a name. German capitalises every noun in a sentence, a headline too."""
    if language == "de":
        return False
    words = [w for w in text.split()[:12] if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _names_a_person(
    text: str, hit: Hit, guard: Mapping[str, frozenset[str]], language: str | None
) -> bool:
    """True when the hit is spelled like a guarded given name, a surname follows it and no
    definite article goes before it ("wie die Nato Russland abschrecken will"). In German,
    whose nouns are all capitalised, a surname is also a word its dictionary does not know
    ("Nato Watschnadse", not "Nato Verteidigungsminister")."""
    allowed = guard.get(text[hit.start : hit.end])
    if allowed is None:
        return False
    before = text[max(0, hit.start - 5) : hit.start].rsplit(maxsplit=1)
    if before and text[hit.start - 1 : hit.start] == " " and before[-1].casefold() in _ARTICLES:
        return False
    following = text[hit.end : hit.end + 40].split(maxsplit=1)
    if not following or text[hit.end : hit.end + 1] != " ":
        return False
    word = following[0].strip(".,;:!?'\"()")
    if not (word[:1].isupper() and word[1:].islower() and word.casefold() not in allowed):
        return False
    return language != "de" or not LEMMATIZER.known(word_form(word).strip(), language)


def _fills_with_a_name(frame_hit: FrameHit, persons: list[Hit], kept: list[Hit], text: str) -> bool:
    """A slot of the frame is filled by a word of its topic that is a person's name here: the
    term was dropped as one ("Nato Beridze wins EU grant to expand"), so is the frame. A
    firing's parts are words, not places: where the same word also stands in its span as no
    name ("Nato Beridze said Nato could expand"), the frame stays."""

    def inside(hit: Hit) -> bool:
        return hit.entry.topic == frame_hit.topic and frame_hit.start <= hit.start < frame_hit.end

    named = {text[h.start : h.end] for h in persons if inside(h)}
    if named:
        people = {id(h) for h in persons}
        named -= {text[h.start : h.end] for h in kept if inside(h) and id(h) not in people}
    return any(word in named for _, word in frame_hit.parts)


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
