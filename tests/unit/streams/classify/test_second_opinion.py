"""The learned second opinion: its features, its arithmetic, how the scorer counts it, the
topic file's `learned:` and the packaged model and training set."""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import orjson
import pytest

from bench.train_second_opinion import TOPICS, TRAINING, load_items
from streams.classify import Classifier, TopicFileError, load_topics, parse_topics
from streams.classify.classifier import DOUBT_MIN_FEATURES
from streams.classify.definitions import LearnedCue
from streams.classify.lexicon import words_of
from streams.classify.second_opinion import (
    MODEL_FILE,
    ModelFileError,
    Opinion,
    SecondOpinion,
    features,
    packaged_model,
)

SMALL_MODEL = {
    "format": 1,
    "topics": ["nato", "sanctions"],
    "intercepts": [-2.0, -1.0],
    "weights": {
        "w:alliance": [2.5, 0.0],
        "t:minister": [1.0, -0.5],
        "b:foreign minister": [0.75, 0.0],
        "w:freeze": [0.0, 2.0],
    },
}


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_features_are_lemmas_title_lemmas_and_neighbouring_pairs_without_numbers() -> None:
    found = features("Foreign ministers meet", "The alliance met 2 times.", "en")
    assert {"w:foreign", "w:minister", "t:minister", "b:foreign minister"} <= found
    assert {"w:alliance", "b:the alliance", "b:meet time"} <= found
    assert not {f for f in found if "2" in f}
    assert "t:alliance" not in found  # a title feature only for the title's words


@pytest.mark.parametrize(
    ("lang", "title", "pair", "place"),
    [
        ("en", "Retailer opens first store in Colombia", "b:in <country>", "w:colombia"),
        ("en", "Bakery opens first shop outside Manchester", "b:outside <city>", "w:manchester"),
        ("ru", "IKEA вернется в Россию", "b:вернуться <country>", "w:россия"),
        ("pl", "Francuski koncern wchodzi na rynek", "b:<nation> koncern", "w:francuski"),
    ],
)  # fmt: skip
def test_places_pair_as_their_class_and_stay_words_of_their_own(
    lang: str, title: str, pair: str, place: str
) -> None:
    """A country (in any case form), a nation's adjective and a large city pair with their
    neighbours as `<country>`, `<nation>`, `<city>`, so that one item's "in Colombia" teaches
    every country; alone each is still itself ("Russia" says more than "a country")."""
    found = features(title, "", lang)
    assert pair in found and place in found
    assert not any(f.startswith("b:") and place[2:] in f.split(":")[1].split() for f in found)


def test_an_opinion_is_the_logistic_of_the_weights_of_the_features_found() -> None:
    model = SecondOpinion(SMALL_MODEL)
    title, content = "Foreign ministers meet", "The alliance agreed on a freeze."
    found = features(title, content, "en")
    opinions = model.opinions(title, content, "en")
    for i, topic in enumerate(SMALL_MODEL["topics"]):
        z = SMALL_MODEL["intercepts"][i] + sum(
            row[i] for name, row in SMALL_MODEL["weights"].items() if name in found
        )
        assert opinions[topic].probability == pytest.approx(_sigmoid(z))
    assert opinions["nato"].strongest() == ("w:alliance", "t:minister", "b:foreign minister")
    assert opinions["sanctions"].strongest() == ("w:freeze",)
    # The classifier hands over the texts it folded already: the same opinion.
    again = model.opinions(title, content, "en", (words_of(title), words_of(content)))
    assert {t: o.probability for t, o in again.items()} == {
        t: o.probability for t, o in opinions.items()
    }


@pytest.mark.parametrize(
    ("lang", "title", "content"),
    [
        (
            "en",
            "Retailer opens 3 stores in Colombia",
            "The U.S. chain said on Monday it would expand.",
        ),
        (
            "de",
            "Französischer Konzern zieht sich aus Russland zurück",
            "Die Werke in Kaluga werden verkauft.",
        ),
        (
            "ru",
            "IKEA вернется в Россию в 2027 году",
            "Шведская компания открывает магазины в Москве.",
        ),
        ("uk", "Альянс посилює присутність на сході", "Міністри оборони країн НАТО погодили план."),  # noqa: RUF001
        ("fr", "L'UE adopte de nouvelles sanctions", "Les avoirs de 12 banques russes sont gelés."),
        (
            "pl",
            "Francuski koncern wchodzi na polski rynek",
            "Spółka otworzy fabrykę pod Wrocławiem.",
        ),
        (None, "Title in a language we do not ship", ""),
    ],
)
def test_the_packaged_model_reads_at_run_time_the_features_it_was_trained_on(
    lang: str | None, title: str, content: str
) -> None:
    """The run-time path reads words as rows of the model (remembered per word) and pairs as
    one number; its sum is that of the trainer's `features`."""
    model_file = orjson.loads(resources.files("streams.classify").joinpath(MODEL_FILE).read_bytes())
    weights, topics = model_file["weights"], model_file["topics"]
    found = features(title, content, lang)
    for _ in range(2):  # first read, then remembered
        opinions = packaged_model().opinions(title, content, lang)
        for i, topic in enumerate(topics):
            z = model_file["intercepts"][i] + sum(weights[f][i] for f in found if f in weights)
            assert opinions[topic].probability == pytest.approx(_sigmoid(z), rel=1e-12)


def test_features_alike_in_weight_are_named_in_the_order_of_their_names() -> None:
    tied = {**SMALL_MODEL, "weights": {"w:meet": [1.0, 0.0], "w:alliance": [1.0, 0.0]}}
    opinion = SecondOpinion(tied).opinions("Allies meet", "The alliance met.", "en")["nato"]
    assert opinion.strongest() == ("w:alliance", "w:meet")


def test_an_article_with_no_known_feature_gets_the_intercept_alone() -> None:
    opinions = SecondOpinion(SMALL_MODEL).opinions("Rain at the weekend", "", "en")
    assert opinions["nato"].probability == pytest.approx(_sigmoid(-2.0))
    assert opinions["nato"].strongest() == ()


@pytest.mark.parametrize(
    "broken",
    [
        {**SMALL_MODEL, "format": 2},
        {**SMALL_MODEL, "intercepts": [0.0]},
        {**SMALL_MODEL, "weights": {"w:alliance": [1.0]}},
        {**SMALL_MODEL, "weights": {"x:alliance": [1.0, 0.0]}},
    ],
)
def test_a_model_file_of_another_shape_is_refused(broken: dict[str, object]) -> None:
    with pytest.raises(ModelFileError):
        SecondOpinion(broken)


ONE_WORD = SecondOpinion(
    {"format": 1, "topics": ["t"], "intercepts": [0], "weights": {"w:allies": [1]}}
)


class _Fixed:
    """Gives every article the same probabilities, as if it had read `read` features."""

    def __init__(self, read: int = 1, **probabilities: float) -> None:
        self.probabilities = probabilities
        self.found = (1,) * read

    def opinions(
        self,
        title: str,
        content: str,
        language: str | None,
        folded: tuple[str, str] | None = None,
    ) -> dict[str, Opinion]:
        return {t: Opinion(p, 0, self.found, ONE_WORD) for t, p in self.probabilities.items()}


NO_CUE_OF_ANY_TOPIC = ("Ministers agree on a new spending goal", "", "", "en")


def _with_opinion(topic: str, floor: float, weight: float, **probabilities: float) -> Classifier:
    """The shipped rules, and a fixed opinion that `topic` alone counts as a learned cue."""
    return Classifier(
        load_topics().without_learned(),
        preload=False,
        opinion=_Fixed(**probabilities),
        learned={topic: LearnedCue(floor=floor, weight=weight)},
    )


def test_above_its_floor_the_opinion_is_a_cue_that_shows_in_the_evidence() -> None:
    rules = Classifier(load_topics().without_learned(), preload=False)
    assert not any(m.name == "nato" for m in rules.classify(*NO_CUE_OF_ANY_TOPIC))
    learned = _with_opinion("nato", 0.5, 2.0, nato=0.9, sanctions=0.1)
    (match,) = [m for m in learned.classify(*NO_CUE_OF_ANY_TOPIC) if m.name == "nato"]
    evidence = [e for e in match.evidence if e.term.startswith("learned:")]
    assert len(evidence) == 1
    assert evidence[0].weight == pytest.approx(2.0 * (0.9 - 0.5) / 0.5)
    assert evidence[0].term == "learned:p=0.900 allies"
    explained = learned.explain(*NO_CUE_OF_ANY_TOPIC, "nato")
    assert explained.labelled
    assert [c.kind for c in explained.cues if c.note == "counted"] == ["learned"]


def test_at_or_below_its_floor_the_opinion_counts_nothing_and_the_explanation_says_so() -> None:
    learned = _with_opinion("nato", 0.9, 2.0, nato=0.9)
    assert not any(m.name == "nato" for m in learned.classify(*NO_CUE_OF_ANY_TOPIC))
    explained = learned.explain(*NO_CUE_OF_ANY_TOPIC, "nato")
    assert not explained.labelled
    assert [(c.kind, c.weight, c.note) for c in explained.cues] == [
        ("learned", 0.0, "below the floor 0.9")
    ]


def test_an_opinion_that_may_not_label_alone_needs_a_cue_of_the_rules() -> None:
    not_alone = Classifier(
        load_topics().without_learned(),
        preload=False,
        opinion=_Fixed(nato=0.95),
        learned={"nato": LearnedCue(floor=0.5, weight=3.0, alone=False)},
    )
    assert not any(m.name == "nato" for m in not_alone.classify(*NO_CUE_OF_ANY_TOPIC))
    explained = not_alone.explain(*NO_CUE_OF_ANY_TOPIC, "nato")
    assert [(c.kind, c.weight) for c in explained.cues] == [("learned", 0.0)]
    assert "no cue of the rules" in explained.cues[0].note
    # With one cue of the rules too weak alone, the opinion adds to it.
    title = ("Generalsekretär reist nach Kiew", "", "", "de")
    rules = Classifier(load_topics().without_learned(), preload=False)
    assert "nato" not in {m.name for m in rules.classify(*title)}
    assert "nato" in {m.name for m in not_alone.classify(*title)}


def _doubting(
    topic: str, doubt: float, read: int = DOUBT_MIN_FEATURES, **probabilities: float
) -> Classifier:
    """A classifier whose model doubts `topic` below `doubt`, having read `read` features (by
    default just enough for its doubt to count)."""
    return Classifier(
        load_topics().without_learned(),
        preload=False,
        opinion=_Fixed(read, **probabilities),
        learned={topic: LearnedCue(floor=0.5, weight=3.0, doubt=doubt)},
    )


# One body mention of sanctions with a state behind it: the rules' score only just reaches the
# threshold (a descriptor as often as not).
IN_PASSING = (
    "Russian economy slows as rates bite",
    "",
    "Russia's economy, under Western sanctions since 2022, grew 0.6% in the quarter.",
    "en",
)


def test_below_its_doubt_the_opinion_withholds_a_label_the_rules_only_just_reach() -> None:
    assert "sanctions" in {
        m.name for m in _doubting("sanctions", 0.0, sanctions=0.001).classify(*IN_PASSING)
    }
    doubting = _doubting("sanctions", 0.01, sanctions=0.001)
    assert "sanctions" not in {m.name for m in doubting.classify(*IN_PASSING)}
    explained = doubting.explain(*IN_PASSING, "sanctions")
    assert explained.overruled and not explained.labelled
    assert "overruled" in explained.render()
    (cue_seen,) = [c for c in explained.cues if c.kind == "learned"]
    assert cue_seen.note == "below the floor 0.5, and doubts the topic"
    # Above its doubt, the same opinion changes nothing.
    unsure = _doubting("sanctions", 0.01, sanctions=0.02)
    assert "sanctions" in {m.name for m in unsure.classify(*IN_PASSING)}


def test_a_model_that_read_a_headline_s_few_features_overrules_nothing() -> None:
    """Our tests' bare headlines of true events get p below 0.01 from too few words."""
    few = _doubting("sanctions", 0.01, read=DOUBT_MIN_FEATURES - 1, sanctions=0.001)
    assert "sanctions" in {m.name for m in few.classify(*IN_PASSING)}
    assert not few.explain(*IN_PASSING, "sanctions").overruled


# Articles with a body where one frame of the rules only just reaches the threshold and the
# shipped model, having read the whole lead, all but rules the topic out.
DOUBTED = [
    (
        "foreign_business",  # a firm's own dividend in its own market, no market move
        "en",
        "Eyewear maker names new chief executive after profit warning",
        "The Italian eyewear group suspended its dividend on Monday and named a former "
        "sportswear executive as its new chief executive, replacing the founder's son after two "
        "profit warnings this year. Its shares fell 9% in Milan. The new chief starts in March "
        "and will present a plan in the summer, the company said.",
    ),
    (
        "nato",  # allies of any kind, not the alliance
        "fr",
        "Londres et trois alliés sanctionnent deux ministres étrangers",
        "Le Royaume-Uni, le Canada et l'Australie ont annoncé des sanctions contre deux ministres "
        "accusés d'avoir encouragé des violences. Leurs avoirs sont gelés et ils sont interdits "
        "d'entrée dans ces pays, ont écrit les ministres des Affaires étrangères dans un "
        "communiqué commun publié mardi soir.",
    ),
    (
        "nato",  # a columnist's past post at one of its headquarters; the column is elsewhere
        "en",
        "Thirty years at sea: why our shipyards cannot build frigates on time",
        "The author, a retired admiral, was once deputy commander at one of NATO's maritime "
        "headquarters. Our navy has fewer frigates than at any time since the nineteenth "
        "century, and money is only part of the reason. Every new design is changed dozens of "
        "times while the steel is being cut. Yards lose skilled welders to wind farms between "
        "orders, and each programme starts again from scratch. Other navies I sailed with "
        "order ships in long batches of the same design. The cures are dull: freeze the design "
        "before building, order in batches, and keep the yards busy with repairs between "
        "classes.",
    ),
]


@pytest.mark.parametrize(("topic", "lang", "title", "body"), DOUBTED)
def test_the_shipped_doubt_withholds_a_topic_one_frame_only_just_reaches(
    topic: str, lang: str, title: str, body: str
) -> None:
    rules = Classifier(load_topics().without_learned(), preload=False)
    assert topic in {m.name for m in rules.classify(title, "", body, lang)}
    shipped = Classifier(load_topics(), preload=False)
    assert topic not in {m.name for m in shipped.classify(title, "", body, lang)}
    assert shipped.explain(title, body, "", lang, topic).overruled


def test_a_doubting_opinion_does_not_overrule_a_headline() -> None:
    headline = ("EU adopts new sanctions against Russia", "", "", "en")
    doubting = _doubting("sanctions", 0.01, sanctions=0.0)
    assert "sanctions" in {m.name for m in doubting.classify(*headline)}
    assert not doubting.explain(*headline, "sanctions").overruled


def test_the_opinion_is_no_context_and_does_not_count_against_a_hard_negative() -> None:
    learned = _with_opinion("sanctions", 0.5, 3.0, sanctions=0.99)
    # "sanctions" with no state or bloc: the context is missing, whatever the model says.
    explained = learned.explain("Sanctions bite", "", "", "en", "sanctions")
    assert not explained.labelled and not explained.context_found
    # A sports body's sanctions are a negative term of the topic: the model's cue does not count.
    explained = learned.explain("UEFA sanctions Russian club over fans", "", "", "en", "sanctions")
    assert not explained.labelled
    (cue_seen,) = [c for c in explained.cues if c.kind == "learned"]
    assert cue_seen.weight == 0.0
    assert cue_seen.note == "the rules saw a hard negative: negative 'uefa'"


def test_a_frame_kept_out_by_its_veto_word_is_a_hard_negative_the_opinion_gives_way_to() -> None:
    """A device a local subsidiary sells is a product launch, not a firm entering the market:
    the market frames fill every slot but meet their veto word, and the explanation shows
    that firing and the model's cue both kept out."""
    learned = _with_opinion("foreign_business", 0.5, 3.0, foreign_business=0.99)
    title = "Apple bringt neues Handy in Indien auf den Markt"
    text = "Das Gerät wird über die indische Tochter verkauft."
    explained = learned.explain(title, "", text, "de", "foreign_business")
    assert not explained.labelled
    vetoed = [c for c in explained.cues if c.kind == "frame"]
    assert vetoed and all(c.note == "veto word 'Gerät'" and c.weight == 0.0 for c in vetoed)
    (cue_seen,) = [c for c in explained.cues if c.kind == "learned"]
    assert cue_seen.weight == 0.0
    assert cue_seen.note.startswith("the rules saw a hard negative: a frame kept out by the veto")
    # Without the veto word, the same frames count.
    plain = learned.explain(title, "", "Es wird über die indische Tochter verkauft.", "de",
                            "foreign_business")  # fmt: skip
    assert [c.note for c in plain.cues if c.kind == "frame"]
    assert all(c.weight > 0 for c in plain.cues if c.kind in ("frame", "learned"))


def test_a_title_firing_kept_out_by_its_lead_says_so_and_the_opinion_gives_way() -> None:
    """The model reads "<country> zurück" as a firm's return (p 0.9 for the real model); the
    lead names the headline's subject as a footballer."""
    learned = _with_opinion("foreign_business", 0.5, 3.0, foreign_business=0.99)
    title = "Kimmich kehrt nach Deutschland zurück"
    text = "Der Mittelfeldspieler wechselt zu einem Bundesligisten."
    explained = learned.explain(title, "", text, "de", "foreign_business")
    assert not explained.labelled
    notes = {c.note for c in explained.cues if c.kind == "frame"}
    assert notes == {"veto word 'Mittelfeldspieler' opening the lead"}
    (cue_seen,) = [c for c in explained.cues if c.kind == "learned"]
    assert cue_seen.note.startswith("the rules saw a hard negative: a frame kept out by the veto")


def _topic(learned: object) -> dict[str, object]:
    return {
        "topics": {
            "grain": {"description": "Grain deals.", "terms": {"en": ["grain"]}, **learned}  # type: ignore[dict-item]
        }
    }


def test_learned_names_its_field_when_the_model_does_not_know_the_topic() -> None:
    with pytest.raises(TopicFileError, match=r"topic 'grain': field 'learned'"):
        parse_topics(_topic({"learned": {"floor": 0.8, "weight": 1.0}}))


@pytest.mark.parametrize(
    ("learned", "field"),
    [
        ({"floor": 1.0, "weight": 1.0}, "learned.floor"),
        ({"floor": 0.5, "weight": 0}, "learned.weight"),
        ({"floor": 0.5, "weight": 1.0, "doubt": -0.1}, "learned.doubt"),
        ({"floor": 0.5, "weight": 1.0, "doubt": 0.6}, "learned"),
        ({"floor": 0.5, "weight": 1.0, "alone": "sometimes"}, "learned.alone"),
    ],
)
def test_learned_settings_out_of_range_name_the_field(learned: object, field: str) -> None:
    with pytest.raises(TopicFileError, match=rf"topic 'grain': field '{field}'"):
        parse_topics(_topic({"learned": learned}))


def test_the_packaged_model_knows_every_shipped_topic_that_declares_learned() -> None:
    model = packaged_model()
    assert set(model.topics) == set(TOPICS)
    declaring = [t.name for t in load_topics() if t.learned is not None]
    assert declaring and set(declaring) <= set(model.topics)


def test_the_training_set_is_ours_judged_by_the_shipped_topics_in_six_languages() -> None:
    items = load_items(TRAINING)
    assert {i.lang for i in items} == {"en", "ru", "uk", "de", "fr", "pl"}
    for topic in TOPICS:
        assert sum(topic in i.topics for i in items) >= 100, topic
    assert sum(not i.topics for i in items) >= 300


def test_no_training_item_is_a_corpus_article(corpus_dir: Path) -> None:
    """The development and blind sets measure the model as unseen news: none of their titles
    may be in the training set."""
    corpus_titles = {
        orjson.loads(line)["title"].casefold().strip()
        for name in ("dev.jsonl", "blind.jsonl")
        for line in (corpus_dir / name).read_text("utf-8").splitlines()
        if line.strip()
    }
    assert not corpus_titles & {i.title.casefold().strip() for i in load_items(TRAINING)}
