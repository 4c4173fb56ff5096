"""Topic definitions: what a topic file says, validated into frozen objects.

A topic file is YAML:

    topics:
      nato:                                  # the topic name (lower case, [a-z0-9_])
        description: The alliance itself ...
        threshold: 0.5                       # score in [0, 1] from which the topic applies
        alert_threshold: 0.8                 # score from which it alerts (default: threshold)
        severity: warning                    # info | warning | critical (default: warning)
        terms:                               # weighted terms per language; "any" = every one
          any: {"nato": 1.0}
          ru: {"альянс*": 0.5}
        context: {...}                       # optional: same layout; one must match
        exclusions: {en: ["non-nato", ...]}  # hard negatives: suppress overlapping term hits
        name_guard: {"Nato": [summit, ...]}  # a term that is also a given name (see below)
        burst: {window: 15m, baseline: 24h, min_count: 5, p_value: 0.001}  # streams.bursts

        update_at_outlets: [3, 10]           # an alerted story alerts again ("update") on
                                             # reaching each of these counts of outlets
        escalate_to: critical                # optional: the severity of those updates

        frames: {...}                        # optional: compositional rules (see frames.py)
        gdelt: {themes: [...], cameo: [...]} # optional: the matching GDELT GKG themes, CAMEO codes
        learned: {floor: 0.8, weight: 1.0}   # optional: the packaged model's opinion as a cue
                                             # (second_opinion.py; shipped topics only);
                                             # `alone: false` lets it only add to a rule's cue

A term is a phrase matched on whole words after case folding (hyphens read as spaces); a
`*` ending a word matches any word ending ("санкци*" matches "санкций", "санкциями";
"иностранн* компани*" matches "иностранных компаний"). Negative
weights push a topic down ("tariff*" for sanctions). A term starting with `=` matches only with
the exact letter case written ("=EU" is the bloc, not "eu" in a URL; "=US" is not "us").
`load_topics` raises `TopicFileError` whose message names the topic, the field and why.

`name_guard` maps an exact spelling of a term to the capitalised words that may follow it in
its topic's sense: any other capitalised word after it ("Nato Vachnadze") marks a person's
name, and the hit does not count, except in headline-case text.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from newsmon.contract.records import Severity
from newsmon.contract.story import MAX_STORY_OUTLETS
from newsmon.errors import NewsmonError
from newsmon.gc_pause import collector_paused
from streams.bursts.settings import BurstSettings
from streams.classify.frames import Frame, FrameModel, build_frame
from streams.classify.second_opinion import packaged_model
from streams.text.normalize import fold_for_matching, normalize_text, word_form

ANY_LANGUAGE = "any"
DEFAULT_UPDATE_AT_OUTLETS = (3, 10)
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_LANGUAGE = re.compile(r"^(?:any|[a-z]{2})$")


class TopicFileError(NewsmonError, ValueError):
    """A topic file is unreadable or invalid; the message names the topic and field."""


@dataclass(frozen=True, slots=True)
class Term:
    """One configured pattern: `text` as written, `key` its folded search form."""

    text: str
    key: str
    prefix: bool
    weight: float
    language: str
    # For phrases with a `*` before the last word: the whole phrase, checked where `key`
    # (the phrase up to its first `*`) was found.
    phrase: re.Pattern[str] | None = None
    # For `=` terms: the exact-case form the cleaned text must show at the hit.
    exact: str | None = None


@dataclass(frozen=True, slots=True)
class TopicDefinition:
    name: str
    description: str
    threshold: float
    alert_threshold: float
    severity: Severity
    terms: tuple[Term, ...]
    context: tuple[Term, ...]
    exclusions: tuple[Term, ...]
    # exact spelling -> folded words allowed to follow it (see `name_guard`)
    name_guard: Mapping[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    burst: BurstSettings = dataclasses.field(default_factory=BurstSettings)

    # outlet counts at which an alerted story raises an `update` alert, ascending
    update_at_outlets: tuple[int, ...] = DEFAULT_UPDATE_AT_OUTLETS
    escalate_to: Severity | None = None  # severity of update alerts; None: `severity`

    frames: tuple[Frame, ...] = ()
    # GDELT GKG theme names and "CAMEO:<code>" strings, carried by ClassifiedArticle.themes
    themes: tuple[str, ...] = ()
    learned: LearnedCue | None = None  # the packaged model's cue (see second_opinion.py)


@dataclass(frozen=True, slots=True)
class LearnedCue:
    """How the learned second opinion counts for a topic: a cue of `weight * (p - floor) /
    (1 - floor)` when the model's probability p is above `floor`; below `doubt`, it withholds
    a label that the rules' score only just reaches (`classifier.DOUBT_MARGIN`)."""

    floor: float
    weight: float
    doubt: float = 0.0
    alone: bool = True  # whether it may label with no cue of the rules for the topic

    def weight_at(self, probability: float) -> float:
        if probability <= self.floor:
            return 0.0
        return self.weight * (probability - self.floor) / (1.0 - self.floor)


def _check_pattern(pattern: str) -> str:
    core = pattern.removeprefix("=")
    core = core[:-1] if core.endswith("*") else core
    if not core.strip():
        raise ValueError(f"term {pattern!r} is empty")
    if pattern.startswith("=") and "*" in pattern:
        raise ValueError(f"term {pattern!r}: an exact-case term cannot use '*'")
    if any("*" in word[:-1] or word == "*" for word in pattern.split()):
        raise ValueError(f"term {pattern!r}: '*' is only allowed at the end of a word")
    if not any(c.isalnum() for c in core):
        raise ValueError(f"term {pattern!r} has no letters or digits")
    return pattern


TermTable = dict[str, dict[str, float]]


class LearnedModel(BaseModel):
    """`learned:` of a topic: the packaged model's opinion counts as one more cue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    floor: float = Field(ge=0.0, lt=1.0, description="probability above which the cue counts")
    weight: float = Field(gt=0.0, description="the cue's weight at probability 1")
    doubt: float = Field(
        default=0.0,
        ge=0.0,
        lt=1.0,
        description="probability below which the model withholds a label the rules' score "
        "only just reaches (0: never)",
    )
    alone: bool = Field(
        default=True,
        description="whether the cue may label an article in which the rules found no cue of "
        "the topic (false: it only adds to the rules' own)",
    )

    @model_validator(mode="after")
    def _doubt_below_floor(self) -> LearnedModel:
        if self.doubt > self.floor:
            raise ValueError(f"doubt {self.doubt} is above the floor {self.floor}")
        return self


class _TopicModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = Field(min_length=1)
    threshold: float = Field(default=0.5, gt=0.0, le=1.0)
    alert_threshold: float | None = Field(default=None, gt=0.0, le=1.0)
    severity: Severity = "warning"
    terms: TermTable = Field(min_length=1)
    context: TermTable = Field(default_factory=dict)
    exclusions: dict[str, list[str]] = Field(default_factory=dict)
    name_guard: dict[str, list[str]] = Field(default_factory=dict)
    burst: BurstSettings = Field(default_factory=BurstSettings)

    update_at_outlets: list[int] = Field(
        default_factory=lambda: list(DEFAULT_UPDATE_AT_OUTLETS),
        description="Outlet counts at which an alerted story raises one update alert each",
    )
    escalate_to: Severity | None = Field(
        default=None, description="Severity of the update alerts (default: the topic's)"
    )

    @field_validator("update_at_outlets")
    @classmethod
    def _valid_outlet_counts(cls, value: list[int]) -> list[int]:
        for count in value:
            # One outlet is the new alert itself; counts are kept up to MAX_STORY_OUTLETS.
            if not 2 <= count <= MAX_STORY_OUTLETS:
                raise ValueError(f"{count} must be between 2 and {MAX_STORY_OUTLETS}")
        return sorted(set(value))

    frames: dict[str, FrameModel] = Field(default_factory=dict)
    gdelt: GdeltModel = Field(default_factory=lambda: GdeltModel())
    learned: LearnedModel | None = None

    @field_validator("terms", "context", mode="before")
    @classmethod
    def _lists_mean_weight_one(cls, value: Any) -> Any:
        # A language may list plain terms instead of a mapping: each then weighs 1.
        if isinstance(value, Mapping):
            return {
                lang: dict.fromkeys(terms, 1.0) if isinstance(terms, list) else terms
                for lang, terms in value.items()
            }
        return value

    @field_validator("terms", "context")
    @classmethod
    def _valid_terms(cls, value: TermTable) -> TermTable:
        for language, table in value.items():
            _check_language(language)
            for pattern, weight in table.items():
                _check_pattern(pattern)
                if not math.isfinite(weight) or weight == 0:
                    raise ValueError(f"term {pattern!r}: weight must be a non-zero number")
        return value

    @field_validator("exclusions")
    @classmethod
    def _valid_exclusions(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for language, patterns in value.items():
            _check_language(language)
            for pattern in patterns:
                _check_pattern(pattern)
        return value


def _check_language(language: str) -> None:
    if not _LANGUAGE.match(language):
        raise ValueError(f"language {language!r} must be 'any' or a two-letter ISO 639-1 code")


class GdeltModel(BaseModel):
    """How a topic maps onto GDELT, so that newsmon's output can be joined with GDELT data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    themes: list[str] = Field(
        default_factory=list, description="GDELT GKG theme names, e.g. SANCTIONS"
    )
    cameo: list[str] = Field(
        default_factory=list, description="CAMEO event codes (digits), e.g. 163"
    )

    @field_validator("themes")
    @classmethod
    def _theme_names(cls, value: list[str]) -> list[str]:
        for theme in value:
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", theme):
                raise ValueError(f"GKG theme {theme!r} must be upper case letters, digits, '_'")
        return value

    @field_validator("cameo")
    @classmethod
    def _cameo_codes(cls, value: list[str]) -> list[str]:
        for code in value:
            if not re.fullmatch(r"\d{2,4}", code):
                raise ValueError(f"CAMEO code {code!r} must be 2 to 4 digits")
        return value


class _FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    topics: dict[str, _TopicModel] = Field(min_length=1)


def _terms(table: TermTable) -> tuple[Term, ...]:
    out = []
    for language, entries in table.items():
        for pattern, weight in entries.items():
            exact = None
            if pattern.startswith("="):
                exact = normalize_text(pattern[1:])
            words = fold_for_matching(normalize_text(pattern.removeprefix("="))).split()
            starred = [i for i, word in enumerate(words) if word.endswith("*")]
            if not starred or starred == [len(words) - 1]:
                prefix = bool(starred)
                key = " ".join(words)[:-1] if prefix else " ".join(words)
                out.append(Term(pattern, key, prefix, float(weight), language, exact=exact))
                continue
            first = starred[0]
            key = " ".join([*words[:first], words[first][:-1]])
            regex = r"\s+".join(_phrase_parts(words))
            ends_open = words[-1].endswith("*")
            phrase = re.compile(regex if ends_open else regex + r"(?!\w)")
            out.append(Term(pattern, key, True, float(weight), language, phrase))
    return tuple(out)


def _phrase_parts(words: list[str]) -> list[str]:
    """Regex parts of a starred phrase's words, split where the searched text is: its
    punctuation is blanked (`word_form`), so "l'otan" is searched as "l otan"."""
    parts = []
    for word in words:
        core = word.removesuffix("*")
        pieces = [re.escape(piece) for piece in word_form(core, folded=True).split()]
        if word.endswith("*") and pieces:
            pieces[-1] += r"\w*"
        parts.extend(pieces)
    return parts


class TopicSet:
    """The topics in force, in file order. Immutable once built."""

    def __init__(self, topics: tuple[TopicDefinition, ...]) -> None:
        self._topics = {t.name: t for t in topics}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._topics)

    def get(self, name: str) -> TopicDefinition:
        """The named topic; KeyError when there is none."""
        return self._topics[name]

    def __iter__(self) -> Iterator[TopicDefinition]:
        return iter(self._topics.values())

    def __len__(self) -> int:
        return len(self._topics)

    def without_learned(self) -> TopicSet:
        """The same topics with no `learned` cue: the rules alone, for comparison."""
        return TopicSet(tuple(dataclasses.replace(t, learned=None) for t in self))


def _describe(error: ValidationError, source: str) -> str:
    lines = [f"invalid topic file {source}:"]
    for item in error.errors():
        loc = [str(part) for part in item["loc"]]
        if len(loc) >= 2 and loc[0] == "topics":
            where = f"topic {loc[1]!r}: field {'.'.join(loc[2:]) or '(topic)'!r}"
        else:
            where = f"field {'.'.join(loc) or '(top level)'!r}"
        lines.append(f"  {where}: {item['msg']}")
    return "\n".join(lines)


def parse_topics(raw: Any, *, source: str = "topics") -> TopicSet:
    """Validate a topic mapping (as read from YAML); raises TopicFileError."""
    if not isinstance(raw, dict):
        raise TopicFileError(f"invalid topic file {source}: the top level must be a mapping")
    try:
        model = _FileModel.model_validate(raw)
    except ValidationError as exc:
        raise TopicFileError(_describe(exc, source)) from None
    topics = []
    for name, topic in model.topics.items():
        if not _NAME.match(name):
            raise TopicFileError(
                f"invalid topic file {source}:\n  topic {name!r}: field 'name': "
                "must be lower case letters, digits and '_' (it names a Kafka topic)"
            )
        alert = topic.threshold if topic.alert_threshold is None else topic.alert_threshold
        if alert < topic.threshold:
            raise TopicFileError(
                f"invalid topic file {source}:\n  topic {name!r}: field 'alert_threshold': "
                f"{alert} is below threshold {topic.threshold}"
            )
        exclusions = {lang: dict.fromkeys(p, 1.0) for lang, p in topic.exclusions.items()}
        topics.append(
            TopicDefinition(
                name=name,
                description=" ".join(topic.description.split()),
                threshold=topic.threshold,
                alert_threshold=alert,
                severity=topic.severity,
                terms=_terms(topic.terms),
                context=_terms(topic.context),
                exclusions=_terms(exclusions),
                name_guard={
                    spelling: frozenset(w.casefold() for w in words)
                    for spelling, words in topic.name_guard.items()
                },
                burst=topic.burst,
                update_at_outlets=tuple(topic.update_at_outlets),
                escalate_to=topic.escalate_to,
                frames=tuple(build_frame(n, f) for n, f in topic.frames.items()),
                themes=(*topic.gdelt.themes, *(f"CAMEO:{c}" for c in topic.gdelt.cameo)),
                learned=_learned(name, topic.learned, source),
            )
        )
    return TopicSet(tuple(topics))


def _learned(name: str, learned: LearnedModel | None, source: str) -> LearnedCue | None:
    if learned is None:
        return None
    model = packaged_model()
    if name not in model:
        raise TopicFileError(
            f"invalid topic file {source}:\n  topic {name!r}: field 'learned': the packaged "
            f"model knows only {', '.join(model.topics)}"
        )
    return LearnedCue(
        floor=learned.floor, weight=learned.weight, doubt=learned.doubt, alone=learned.alone
    )


def load_topics(path: Path | None = None) -> TopicSet:
    """Read a topic file; None reads the defaults shipped in the package (`topics.yaml`).

    A text read before gives the same `TopicSet` object, so that the classifiers built from
    it share their compiled tables (see `Classifier`)."""
    if path is None:
        text = resources.files("streams.classify").joinpath("topics.yaml").read_text("utf-8")
        source = "(packaged topics.yaml)"
    else:
        source = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise TopicFileError(f"cannot read topic file {path}: {exc.strerror}") from None
    topics = _LOADED.get(text)
    if topics is None:
        with collector_paused():  # the frames' lexicon: tens of thousands of lasting objects
            topics = _parse_yaml(text, source)
        if len(_LOADED) >= _LOADED_LIMIT:
            _LOADED.clear()
        _LOADED[text] = topics
    return topics


# libyaml's safe loader where PyYAML was built with it: a tenth of the pure-Python time.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _TopicLoader(_SAFE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a key written twice in one mapping: YAML keeps the last one
    silently, so a second `fr:` list of a topic would drop the first's words unnoticed."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the key {key_node.value!r} is written twice",
                    key_node.start_mark,
                )
            seen.add(key_node.value)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        return mapping


_LOADED: dict[str, TopicSet] = {}  # topic file text -> its topics
_LOADED_LIMIT = 16


def _parse_yaml(text: str, source: str) -> TopicSet:
    try:
        raw = yaml.load(text, Loader=_TopicLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise TopicFileError(f"topic file {source} is not valid YAML: {exc}") from None
    return parse_topics(raw, source=source)
