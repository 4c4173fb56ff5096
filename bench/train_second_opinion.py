"""Train the learned second opinion (streams/classify/second_opinion.py) on our own items.

Run: .venv/bin/python bench/train_second_opinion.py [--write] [--folds 5]

Needs scikit-learn (the `dev` extra; the worker reads the weights and never imports it).
The training set is `streams/classify/training/*.jsonl`: feed-like items (a headline and one
to seven sentences) in the six shipped languages, each judged by TOPICS.md, written for this
purpose by us, never taken from the corpus. Per topic, a logistic regression (scikit-learn,
L2) on the binary features of `second_opinion.features`; its regularisation is chosen by
stratified k-fold log-loss. Then, with each item's out-of-fold probability standing in for
the model, the cue's `floor` and `weight` are chosen per topic on the same items run through
the whole classifier (rules + cue): the best F1 among the settings that keep the rules' own
precision. Prints the figures; `--write` writes the weights to `second_opinion.json` (the
settings are for the topic file's `learned:` of each topic, printed, not written).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PACKAGE = ROOT / "streams" / "classify"
TRAINING = PACKAGE / "training"

from streams.classify.evaluation import TopicScore  # noqa: E402
from streams.classify.second_opinion import (  # noqa: E402
    FORMAT,
    MODEL_FILE,
    Opinion,
    features,
)

TOPICS = ("nato", "sanctions", "foreign_business")
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
FLOORS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
WEIGHTS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
MIN_ITEMS = 2
MAX_SHARE = 0.1  # a feature is learned only from the items of the training set that have it
PRUNE_BELOW = 1e-3  # a feature whose every weight is smaller is left out of the file
DIGITS = 4


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    lang: str
    title: str
    text: str
    topics: frozenset[str]


def load_items(folder: Path = TRAINING) -> list[Item]:
    items = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = orjson.loads(line)
            unknown = set(row["topics"]) - set(TOPICS)
            if unknown:
                raise ValueError(f"{path.name}:{number}: unknown topics {sorted(unknown)}")
            items.append(
                Item(row["id"], row["lang"], row["title"], row["text"], frozenset(row["topics"]))
            )
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise ValueError("training ids must be unique")
    return items


def _informative(items: Sequence[Item], found: Sequence[set[str]]) -> set[str]:
    """The features worth learning: in at least MIN_ITEMS items (a feature of one item, a name
    or a number's neighbour, says nothing beyond it), and in at most MAX_SHARE of the items of
    every language (function words: "the", "en", "son", "на" mark no topic, and a weight
    learned for them is noise that shows on unseen text). Place classes are capped alike:
    learned from every item, "<country>" alone read as foreign business ("Orlen builds a
    plant in Poland")."""
    counts = Counter(f for item in found for f in item)
    per_language: dict[str, Counter[str]] = {}
    sizes = Counter(i.lang for i in items)
    for item, features_of in zip(items, found, strict=True):
        per_language.setdefault(item.lang, Counter()).update(features_of)
    common = {
        f
        for lang, language_counts in per_language.items()
        for f, n in language_counts.items()
        if n > MAX_SHARE * sizes[lang]
    }
    return {f for f, n in counts.items() if n >= MIN_ITEMS and f not in common}


def train(items: Sequence[Item], folds: int) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """The model (as the JSON file holds it) and each topic's out-of-fold probabilities."""
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.model_selection import (  # type: ignore[import-untyped]
        StratifiedKFold,
        cross_val_predict,
    )

    found = [features(i.title, i.text, i.lang) for i in items]
    vectorizer = DictVectorizer()
    informative = _informative(items, found)
    x = vectorizer.fit_transform([{f: 1 for f in item if f in informative} for item in found])
    names = vectorizer.get_feature_names_out()
    weights = [[0.0] * len(TOPICS) for _ in names]
    intercepts, out_of_fold = [], {}
    for t, topic in enumerate(TOPICS):
        y = [topic in i.topics for i in items]
        split = StratifiedKFold(folds, shuffle=True, random_state=t)
        best: tuple[float, float, list[float]] | None = None
        for c in C_GRID:
            model = LogisticRegression(C=c, max_iter=2000)
            p = cross_val_predict(model, x, y, cv=split, method="predict_proba")[:, 1]
            loss = -sum(
                math.log(max(q if yes else 1 - q, 1e-12)) for q, yes in zip(p, y, strict=True)
            ) / len(y)
            print(f"  {topic:<17} C={c:<5} log-loss {loss:.4f}")
            if best is None or loss < best[0]:
                best = (loss, c, [float(q) for q in p])
        assert best is not None
        _, c, out_of_fold[topic] = best
        fitted = LogisticRegression(C=c, max_iter=2000).fit(x, y)
        intercepts.append(round(float(fitted.intercept_[0]), DIGITS))
        for row, value in zip(weights, fitted.coef_[0], strict=True):
            row[t] = round(float(value), DIGITS)
        print(f"{topic}: C={c}, out-of-fold log-loss {best[0]:.4f}")
    kept = {
        str(name): row
        for name, row in sorted(zip(names, weights, strict=True))
        if max(abs(v) for v in row) >= PRUNE_BELOW
    }
    model_file = {"format": FORMAT, "topics": list(TOPICS), "intercepts": intercepts}
    return {**model_file, "weights": kept}, out_of_fold


class _OutOfFold:
    """Stands in for the model: each training item's out-of-fold probabilities."""

    def __init__(self, items: Sequence[Item], out_of_fold: dict[str, list[float]]) -> None:
        self._by_title = {
            (i.title, i.text): {t: out_of_fold[t][n] for t in TOPICS} for n, i in enumerate(items)
        }

    def opinions(
        self,
        title: str,
        content: str,
        language: str | None,
        folded: tuple[str, str] | None = None,
    ) -> dict[str, Opinion]:
        found = self._by_title[(title, content)]
        return {t: Opinion(p, 0) for t, p in found.items()}


def tune(items: Sequence[Item], out_of_fold: dict[str, list[float]]) -> dict[str, Any]:
    """Per topic: the (floor, weight) of the best F1 whose precision is at least the rules'
    alone: the second opinion may add what the rules miss, not what they rightly leave out."""
    from streams.classify.classifier import Classifier
    from streams.classify.definitions import LearnedCue, load_topics

    topics = load_topics().without_learned()  # the file's own cues would use the shipped model
    stand_in = _OutOfFold(items, out_of_fold)
    chosen: dict[str, Any] = {}
    rules_only = _counts(Classifier(topics, preload=False), items)
    for topic in TOPICS:
        print(f"{topic}: rules alone {_figures(rules_only[topic])}")
        least = rules_only[topic].precision
        best: tuple[float, float, float, TopicScore] | None = None
        for floor in reversed(FLOORS):  # on a tie the higher floor and lower weight: cautious
            for weight in WEIGHTS:
                cue = {topic: LearnedCue(floor=floor, weight=weight)}
                counts = _counts(
                    Classifier(topics, preload=False, opinion=stand_in, learned=cue), items
                )
                score = counts[topic]
                if score.precision >= least and (best is None or score.f1 > best[0]):
                    best = (score.f1, floor, weight, score)
        if best is not None:
            chosen[topic] = {"floor": best[1], "weight": best[2]}
            print(f"{topic}: learned floor {best[1]}, weight {best[2]}: {_figures(best[3])}")
    return chosen


def _counts(classifier: Any, items: Sequence[Item]) -> dict[str, TopicScore]:
    scores = {topic: TopicScore(topic) for topic in TOPICS}
    for item in items:
        given = {m.name for m in classifier.classify(item.title, "", item.text, item.lang)}
        for topic, score in scores.items():
            score.tp += topic in given and topic in item.topics
            score.fp += topic in given and topic not in item.topics
            score.fn += topic not in given and topic in item.topics
    return scores


def _figures(s: TopicScore) -> str:
    return f"P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} (tp/fp/fn {s.tp}/{s.fp}/{s.fn})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--training", type=Path, default=TRAINING, help="a folder of *.jsonl")
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_FILE}")
    args = parser.parse_args(argv)
    items = load_items(args.training)
    print(f"{len(items)} training items")
    model, out_of_fold = train(items, args.folds)
    print(f"{len(model['weights'])} features kept")
    print(orjson.dumps(tune(items, out_of_fold)).decode())
    if args.write:
        (PACKAGE / MODEL_FILE).write_bytes(orjson.dumps(model) + b"\n")
        print(f"wrote {PACKAGE / MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
