"""Frames: an event recognised by its parts in one sentence, on lemmas, with vetoes."""

# Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

import re

import pytest

from streams.classify import Classifier, TopicFileError, parse_topics
from streams.classify.firms import firm_homes, is_firm_name
from streams.classify.frames import FrameMatcher, sentence_breaks
from streams.classify.lexicon import (
    LEMMATIZER,
    SHIPPED_LANGUAGES,
    builtin_words,
    is_nationality,
    press_name_stems,
    union_names,
)


def _frame_topic(**frame: object) -> dict[str, object]:
    base: dict[str, object] = {
        "weight": 1.0,
        "window": 6,
        "slots": {
            "actor": {"en": ["company"], "ru": ["компания"], "builtin": ["proper_names"]},
            "move": {"en": ["leave"], "ru": ["уходить"]},
            "market": {"builtin": ["countries"]},
        },
        "veto": {"en": ["tour"]},
    }
    base.update(frame)
    return {
        "topics": {
            "moves": {"description": "d", "terms": {"en": {"zzz": 1.0}}, "frames": {"f": base}}
        }
    }


def _fired(raw: dict[str, object], text: str, lang: str) -> list[tuple[tuple[str, str], ...]]:
    topics = parse_topics(raw)
    matcher = FrameMatcher([t.frames for t in topics])
    return [hit.parts for hit in matcher.search(text, lang)]


def test_a_frame_fires_on_inflected_forms_through_their_lemmas() -> None:
    parts = _fired(_frame_topic(), "Компании уходят из России", "ru")
    assert parts == [(("actor", "Компании"), ("move", "уходят"), ("market", "России"))]


def test_a_frame_needs_every_slot_within_its_window_and_one_sentence() -> None:
    raw = _frame_topic()
    assert _fired(raw, "The company is leaving Poland", "en")
    assert not _fired(raw, "The company is growing. Others are leaving Poland", "en")
    far = "The company said on a rainy Tuesday that many would leave Poland"
    assert not _fired(raw, far, "en")


def test_a_veto_word_in_the_sentence_stops_the_frame() -> None:
    assert not _fired(_frame_topic(), "The company will leave Russia after its tour", "en")


def test_a_veto_may_join_several_tables_of_words() -> None:
    # As a topic file writes it: `veto: [*not_a_market, *product_kinds]`.
    raw = _frame_topic(veto=[{"en": ["tour"]}, {"en": ["phone"], "ru": ["телефон"]}])
    assert not _fired(raw, "The company will leave Russia after its tour", "en")
    assert not _fired(raw, "The company will leave Russia with its phone", "en")
    assert not _fired(raw, "Компания уходит из России с телефоном", "ru")  # noqa: RUF001
    assert _fired(raw, "The company will leave Russia", "en")


def _owned_frame() -> dict[str, object]:
    return _frame_topic(
        slots={
            "alliance": {"en": ["nato", "allies"], "ru": ["нато", "союзник"]},
            "act": {"en": ["meet"], "ru": ["встретиться"]},
        },
        veto={},
        owned={"en": ["allies"], "ru": ["союзник"]},
        owner={"builtin": ["countries", "cities"], "en": ["western"]},
    )


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ukraine's allies meet in Ramstein", "en"),
        ("The allies of the Ukraine meet", "en"),
        ("Western allies meet", "en"),
        ("Союзники Украины встретились в Рамштайне", "ru"),
    ],
)
def test_an_owned_word_beside_its_owner_keeps_the_frame_out(text: str, lang: str) -> None:
    topics = parse_topics(_owned_frame())
    [hit] = FrameMatcher([t.frames for t in topics]).search(text, lang, kept_out=True)
    assert not hit.counted
    assert hit.veto in ("Ukraine", "Western", "Украины")


@pytest.mark.parametrize(
    "text",
    [
        "Allies meet to back Ukraine",  # a verb between: not whose
        "Summit in Vilnius: allies meet",  # a clause's punctuation between: where, not whose
        "NATO allies meet Ukraine's leader",  # another word of the slot, owned by no one
        "Ukraine, say allies, will meet them",  # no link words only between
    ],
)
def test_an_owner_needs_to_stand_beside_or_linked(text: str) -> None:
    assert _fired(_owned_frame(), text, "en")


def test_owned_words_need_their_owners() -> None:
    with pytest.raises(TopicFileError, match="owned"):
        parse_topics(_frame_topic(owned={"en": ["allies"]}))


def _lead_frame() -> dict[str, object]:
    return _frame_topic(
        lead_veto={"en": ["striker", "star"], "ru": ["нападающий"]},
        lead_unless={"en": ["brand"]},
    )


def _title_hits(text: str, lead: str, lang: str = "en") -> list[tuple[bool, str, bool]]:
    topics = parse_topics(_lead_frame())
    matcher = FrameMatcher([t.frames for t in topics])
    hits = matcher.search(text, lang, kept_out=True, lead=lead)
    return [(hit.counted, hit.veto, hit.veto_in_lead) for hit in hits]


def test_a_lead_opening_with_a_persons_kind_keeps_a_title_firing_out() -> None:
    lead = "The striker of the national side signed on Monday."
    assert _title_hits("Blorvex to leave Hungary", lead) == [(False, "striker", True)]
    lead = "Нападающий сборной подписал контракт в понедельник."
    assert _title_hits("Blorvex уходит из Венгрии", lead, "ru") == [(False, "Нападающий", True)]


@pytest.mark.parametrize(
    "lead",
    [
        "",  # no lead
        "Fans were told on Monday that the striker had signed.",  # past the lead's opening
        "The star brand of Hungarian coffee closes its cafés.",  # the lead names a firm too
        "Sales fell. The striker left.",  # another sentence
    ],
)
def test_a_lead_veto_needs_the_opening_of_a_lead_that_names_no_firm(lead: str) -> None:
    assert _title_hits("Blorvex to leave Hungary", lead) == [(True, "", False)]


def test_lead_unless_needs_a_lead_veto() -> None:
    with pytest.raises(TopicFileError, match="lead_unless"):
        parse_topics(_frame_topic(lead_unless={"en": ["brand"]}))


def _home_veto_hits(text: str, **more: object) -> list[tuple[bool, str, bool]]:
    raw = _frame_topic(
        apart=["actor", "market"], home_veto={"en": ["hungary", "hungarian"]}, **more
    )
    matcher = FrameMatcher([t.frames for t in parse_topics(raw)])
    return [
        (hit.counted, hit.veto, hit.domestic) for hit in matcher.search(text, "en", kept_out=True)
    ]


def test_a_home_veto_stops_a_brand_of_unknown_home_but_not_a_listed_foreign_firm() -> None:
    assert _home_veto_hits("Blorvex to leave Hungary") == [(False, "Hungary", False)]
    assert _home_veto_hits("Toyota to leave Hungary") == [(True, "", False)]
    # Elsewhere than the home country it is no veto; and a listed firm at home is domestic.
    assert _home_veto_hits("Blorvex to leave Austria") == [(True, "", False)]
    assert _home_veto_hits("Toyota to leave Japan") == [(False, "", True)]


def test_a_home_veto_needs_apart() -> None:
    with pytest.raises(TopicFileError, match="home_veto"):
        parse_topics(_frame_topic(home_veto={"en": ["hungary"]}))


def test_home_drops_drops_a_firing_at_home_instead_of_keeping_it_out() -> None:
    # Kept out, a firing is a hard negative the second opinion gives way to; dropped, it
    # says nothing, as a firm named by its trade alone at home may be a foreign one.
    assert _home_veto_hits("Blorvex to leave Hungary", home_drops=True) == []
    assert _home_veto_hits("Blorvex to leave Austria", home_drops=True) == [(True, "", False)]


def test_home_drops_needs_a_home_veto() -> None:
    with pytest.raises(TopicFileError, match="home_drops"):
        parse_topics(_frame_topic(apart=["actor", "market"], home_drops=True))


def test_one_word_fills_one_slot_only() -> None:
    raw = _frame_topic(
        slots={"a": {"builtin": ["countries"]}, "b": {"builtin": ["countries"]}},
        veto={},
    )
    assert not _fired(raw, "Latvia today", "en")
    assert _fired(raw, "Latvia and Estonia", "en")


def test_an_unknown_capitalised_word_fills_a_proper_name_slot() -> None:
    parts = _fired(_frame_topic(), "Blorvex to leave Hungary", "en")
    assert parts == [(("actor", "Blorvex"), ("move", "leave"), ("market", "Hungary"))]
    assert not _fired(_frame_topic(), "Tourists to leave Hungary", "en")


def test_a_listed_firm_the_dictionary_knows_fills_a_proper_name_slot() -> None:
    assert LEMMATIZER.known("apple", "en") and LEMMATIZER.known("toyota", "de")
    parts = _fired(_frame_topic(), "Apple to leave Hungary", "en")
    assert parts == [(("actor", "Apple"), ("move", "leave"), ("market", "Hungary"))]
    # A listed name that is an everyday word stays a word; so does a firm in lower case.
    assert not _fired(_frame_topic(), "Next to leave Hungary", "en")
    assert not _fired(_frame_topic(), "apple to leave Hungary", "en")


def test_a_nation_beside_the_state_is_its_own_unless_the_state_names_its_nation() -> None:
    raw = _frame_topic(
        slots={
            "state": {"builtin": ["countries"], "en": ["regulator"]},
            "act": {"en": ["fine"]},
            "origin": {"builtin": ["nationalities"]},
        },
        apart=["state", "origin"],
        veto={},
    )
    assert not _fired(raw, "Chinese regulator fines Chinese firms", "en")  # at home
    assert _fired(raw, "Chinese regulator fines German firms", "en")
    # A state named by its country has its own nation: the one beside it is the firms'.
    assert _fired(raw, "Russia: German firms fined, German banks too", "en")


def test_a_word_in_capitals_fills_a_proper_name_slot_unless_the_whole_line_is() -> None:
    german = _frame_topic(slots={"actor": {"builtin": ["proper_names"]},
                                 "move": {"de": ["verlassen"]},
                                 "market": {"builtin": ["countries"]}})  # fmt: skip
    assert LEMMATIZER.known("tsmc", "de") and LEMMATIZER.known("tours", "de")
    parts = _fired(german, "TSMC verlässt Ungarn", "de")
    assert parts == [(("actor", "TSMC"), ("move", "verlässt"), ("market", "Ungarn"))]
    assert not _fired(german, "Tsmc verlässt Ungarn", "de")  # a word the dictionary knows
    # A headline in capitals: "TOURS" is a word there, not an acronym.
    assert not _fired(german, "TOURS VERLASSEN UNGARN", "de")


@pytest.mark.parametrize(
    ("name", "listed"),
    [("apple", True), ("toyota", True), ("volkswagen", True), ("carrefour", True),
     ("shell", True), ("next", False), ("target", False), ("news", False), ("general", False)],
)  # fmt: skip
def test_firm_names_are_the_one_word_names_of_listed_companies(name: str, listed: bool) -> None:
    assert is_firm_name(name) is listed


def test_a_listed_firm_comes_with_its_home_country() -> None:
    assert firm_homes("toyota") == {"JP"}
    assert firm_homes("boeing") == {"US"}
    assert firm_homes("carrefour") == {"FR"}
    assert firm_homes("blorvex") == frozenset()


def test_a_carmaker_is_a_name_though_another_alliance_is_not_nato(
    classifier: Classifier,
) -> None:
    # NATO's veto names carmakers' alliances by both names: one name alone stays a name.
    labels = {m.name for m in classifier.classify("Renault quits India", "", "", "en")}
    assert "foreign_business" in labels
    alliance = classifier.classify("Renault-Nissan alliance agrees new chief", "", "", "en")
    assert "nato" not in {m.name for m in alliance}


def test_a_dotted_abbreviation_does_not_end_the_sentence() -> None:
    raw = _frame_topic(slots={"who": {"en": ["=U.S."]}, "what": {"en": ["ban"]}}, veto={})
    assert _fired(raw, "The U.S. ban starts today", "en")
    assert not _fired(raw, "Ask the u.s. ban office", "en")  # exact spelling demanded


def test_country_names_come_from_iso_and_cldr_in_every_shipped_language() -> None:
    for language, name in [
        ("en", "russia"),
        ("ru", "россия"),
        ("uk", "росія"),
        ("de", "russland"),
        ("fr", "russie"),
        ("pl", "rosja"),
    ]:
        assert name in builtin_words("countries", language)
    assert "royaume-uni" in builtin_words("countries", "fr")
    assert "jersey" not in builtin_words("countries", "en")  # the US state more often


@pytest.mark.parametrize(
    ("form", "lang"),
    [
        # the lemmatiser reads these as other words: francium, indium, "raw", "given"
        ("франции", "ru"),
        ("германии", "ru"),
        ("індії", "uk"),
        ("сирії", "uk"),
        ("данії", "uk"),
        ("мексиці", "uk"),
        ("ирана", "ru"),
        ("китаю", "uk"),
        ("syrii", "pl"),
        ("kanadzie", "pl"),
        # names ending in a soft sign, feminine and masculine ("білорус" is a Belarusian)
        ("білорусі", "uk"),
        ("беларуси", "ru"),
        ("израиля", "ru"),
        ("ізраїлі", "uk"),
        # Polish plural names, "niemiec" a German to the lemmatiser, "węgier" a Hungarian
        ("niemiec", "pl"),
        ("niemczech", "pl"),
        ("węgier", "pl"),
        ("włoszech", "pl"),
        ("chin", "pl"),
        ("filipinach", "pl"),
        ("indii", "pl"),
    ],
)
def test_a_country_slot_takes_the_case_forms_of_slavic_country_names(form: str, lang: str) -> None:
    assert form in builtin_words("countries", lang)


def test_case_forms_that_are_more_often_other_words_are_left_out() -> None:
    assert "самое" not in builtin_words("countries", "ru")  # "the most", not Samoa's
    assert "чаду" not in builtin_words("countries", "ru")  # fumes, not Chad's
    assert "polski" not in builtin_words("countries", "pl")  # the adjective


def test_a_country_named_in_another_case_fills_the_market_slot() -> None:
    slots = {
        "origin": {"uk": ["німецький"]},
        "move": {"uk": ["відкрити"]},
        "market": {"builtin": ["countries"]},
    }
    raw = _frame_topic(slots=slots, apart=["origin", "market"], window=8)
    parts = _fired(raw, "Німецький концерн відкриє завод в Індії", "uk")
    assert parts == [(("origin", "Німецький"), ("move", "відкриє"), ("market", "Індії"))]


def test_a_country_name_is_found_as_written_not_by_its_lemma() -> None:
    # Polish reads "Mali" as "mały" (small), Russian reads Togo as "тот" (that): by the lemma,
    # every form of those words filled a country slot ("w mniejszych miejscowościach").
    slots = {
        "actor": {"pl": ["firma"], "ru": ["компания"]},
        "move": {"pl": ["wycofywać"], "ru": ["уходить"]},
        "market": {"builtin": ["countries"]},
    }
    raw = _frame_topic(slots=slots)
    assert _fired(raw, "Firma wycofuje się z Mali", "pl")
    assert not _fired(raw, "Firma wycofuje się z mniejszych miast", "pl")
    # Where the name is a word of the language, only its capital makes it the country.
    assert not _fired(raw, "Firma i mali przedsiębiorcy wycofują się", "pl")
    assert _fired(raw, "Компания уходит из Того", "ru")  # noqa: RUF001
    assert not _fired(raw, "Компания уходит, того требует рынок", "ru")


def test_legal_forms_leave_out_ordinary_words() -> None:
    forms = builtin_words("legal_forms", "any")
    assert "gmbh" in forms
    assert "sarl" in forms
    assert "sa" not in forms  # French "sa" (his, her): two letters are too ambiguous
    raw = _frame_topic(slots={"firm": {"builtin": ["legal_forms"]}, "b": {"any": ["x"]}}, veto={})
    matcher = FrameMatcher([t.frames for t in parse_topics(raw)])
    assert matcher.search("Acme GmbH x", "de")
    assert not matcher.search("Deux ans x", "fr")  # "ans" is a legal form and French "years"


def test_lemmas_are_cached_per_language() -> None:
    assert LEMMATIZER.lemma("санкций", "ru") == "санкция"
    assert LEMMATIZER.lemma("санкций", None) == "санкций"  # no language: the word itself
    assert "санкций" in LEMMATIZER.cache_for("ru")


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("slots", {"only": {"en": ["x"]}}, "slots"),
        ("window", 0, "window"),
        ("veto", {"english": ["x"]}, "language"),
        ("veto", [{"en": ["x"]}, ["y"]], "veto"),
        ("veto", [{"en": "x"}], "veto"),
        ("slots", {"a": {"builtin": ["planets"]}, "b": {"en": ["x"]}}, "planets"),
        ("close", ["market", "nowhere"], "close"),
        ("not_next_to", ["market", "market"], "not_next_to"),
    ],
)
def test_a_bad_frame_names_the_topic_and_field(field: str, value: object, needle: str) -> None:
    with pytest.raises(TopicFileError, match=needle) as error:
        parse_topics(_frame_topic(**{field: value}))
    assert "moves" in str(error.value)


def test_a_frame_firing_is_evidence_and_counts_like_a_term() -> None:
    classifier = Classifier(parse_topics(_frame_topic()))
    [match] = classifier.classify("The company will leave Hungary", "", "", "en")
    [evidence] = match.evidence
    assert evidence.term == "frame:f actor=company + move=leave + market=Hungary"
    assert (evidence.field, evidence.start, evidence.end, evidence.weight) == ("title", 4, 30, 2.0)


def test_an_exclusion_over_a_firing_cancels_it() -> None:
    raw = _frame_topic()
    topic = raw["topics"]["moves"]  # type: ignore[index]
    topic["exclusions"] = {"en": ["leave hungary"]}
    assert (
        Classifier(parse_topics(raw)).classify("The company will leave Hungary", "", "", "en") == ()
    )


def test_a_star_before_a_word_matches_the_head_of_a_compound() -> None:
    slots = {
        "actor": {"de": ["*hersteller"]},
        "move": {"de": ["verlassen"]},
        "market": {"builtin": ["countries"]},
    }
    raw = _frame_topic(slots=slots, veto={})
    assert _fired(raw, "Chiphersteller verlässt Russland", "de")
    assert _fired(raw, "Die Chipherstellers verlassen Russland", "de")
    # The ending alone is the plain noun, which the entry does not name.
    assert not _fired(raw, "Hersteller verlässt Russland", "de")


def test_a_german_particle_at_the_clause_end_joins_its_verb_not_a_compound_noun() -> None:
    slots = {
        "actor": {"de": ["*konzern"]},
        "move": {"de": ["zurückkehren", "einstellen"]},
        "market": {"builtin": ["countries"]},
    }
    raw = _frame_topic(slots=slots, veto={})
    # "zurück" + "Möbelkonzern" ends like the actor's entry, yet only "kehrt" makes a verb.
    assert _fired(raw, "Der Möbelkonzern kehrt nicht nach Russland zurück", "de") == [
        (("actor", "Möbelkonzern"), ("move", "kehrt"), ("market", "Russland"))
    ]
    assert _fired(raw, "Der Autokonzern stellt in Russland die Produktion ein", "de")
    # A particle inside the clause ends no verb.
    assert not _fired(raw, "Der Möbelkonzern kehrt zurück nach Russland, sagt er", "de")


def test_a_star_entry_must_be_one_word_starred_at_one_end() -> None:
    for word in ("*her", "*chip*", "chip*maker", "*chip maker"):
        slots = {"actor": {"de": [word]}, "move": {"de": ["verlassen"]}}
        with pytest.raises(TopicFileError):
            parse_topics(_frame_topic(slots=slots, veto={}))


def test_preload_builds_every_written_language_before_the_first_article() -> None:
    slots = {"actor": {"de": ["firma"], "pl": ["firma"]}, "move": {"de": ["gehen"]}}
    topics = parse_topics(_frame_topic(slots=slots, veto={}))
    matcher = FrameMatcher([t.frames for t in topics])
    assert matcher.compiled_languages() == frozenset()
    matcher.preload()
    assert matcher.compiled_languages() == {"de", "pl", None}


def test_tables_built_one_language_at_a_time_find_what_preloaded_ones_do() -> None:
    # Built on each language's first article, the last one built releases what built them
    # all; the tables already built keep working, in every language.
    topics = parse_topics(_frame_topic())
    lazy, preloaded = (FrameMatcher([t.frames for t in topics]) for _ in range(2))
    preloaded.preload()
    texts = {"en": "The company is leaving Poland", "ru": "Компании уходят из России"}
    for lang in (*SHIPPED_LANGUAGES, None):
        text = texts.get(lang or "", "Apple is leaving Poland")
        assert [h.parts for h in lazy.search(text, lang)] == [
            h.parts for h in preloaded.search(text, lang)
        ]
    assert lazy.compiled_languages() == {*SHIPPED_LANGUAGES, None}
    for lang, text in texts.items():
        assert [h.parts for h in lazy.search(text, lang)] == [
            h.parts for h in preloaded.search(text, lang)
        ]
        assert lazy.search(text, lang)


def test_sentences_end_where_the_rule_says() -> None:
    # The rule, as one (slow) regular expression: the scan must find the same offsets.
    rule = re.compile(r"(?<=[^\W\d_]{2})[.!?]+(?=\s|$)|;|\n")
    texts = [
        "U.S. sanctions hit. Firms leave!  Others stay?",
        "Rates rose 2.5 per cent... Then fell.\nNew line; and more",
        "Он ушёл. Она осталась!? Конец.",
        "A.B. c. de. Ende.",
        "",
        "Ab.",
        "x.. yz... end",
    ]
    for text in texts:
        assert sentence_breaks(text) == [m.start() for m in rule.finditer(text)], text


def test_a_title_abbreviated_before_a_name_ends_no_sentence() -> None:
    assert sentence_breaks("Court in St. Petersburg seizes assets. Bank appeals") == [37]
    assert sentence_breaks("Lt. Gen. Kellogg met Mr. Yermak. Talks went on") == [31]
    assert sentence_breaks("Spotkanie z gen. Kukułą w Warszawie.") == [35]
    # a title word that ends a sentence, or before a small letter, still ends it
    assert sentence_breaks("He saw the Dr. then left") == [13]
    assert sentence_breaks("Meet the Gen.. Kellogg") == [12]


def test_frames_read_sentences_deep_in_the_body(classifier: Classifier) -> None:
    filler = "The weather was mild and the markets were calm that week. " * 15  # ~900 chars
    body = filler + "Later that day the Finnish company said it would leave Russia for good."
    explained = classifier.explain("Quarterly report", "", body, "en", "foreign_business")
    frames = [c for c in explained.cues if c.kind == "frame"]
    assert frames and frames[0].start > 600  # beyond the opening the frames once stopped at
    assert frames[0].weight == pytest.approx(0.5)  # a later hit counts half


def test_a_limit_stops_a_frame_after_that_many_firings() -> None:
    topics = parse_topics(_frame_topic())
    matcher = FrameMatcher([t.frames for t in topics])
    text = (
        "The company will leave Poland. The company will leave Spain. The company will leave Italy."
    )
    assert len(matcher.search(text, "en")) == 3
    assert len(matcher.search(text, "en", limit=2)) == 2


@pytest.mark.parametrize(
    ("word", "lang", "nation"),
    [
        ("colombian", "en", True),
        ("kenyans", "en", True),
        ("omani", "en", True),  # of a four-letter name
        ("kolumbianisch", "de", True),
        ("canadienne", "fr", True),
        ("kanadyjski", "pl", True),
        ("колумбийский", "ru", True),
        ("канадський", "uk", True),
        # beginning as a country does, but not ending as a nation's adjective
        ("franchise", "en", False),
        ("romantic", "en", False),
        # the country's name itself, and Lower Saxony, which begins as the Netherlands do
        ("colombia", "en", False),
        ("niedersächsisch", "de", False),
        ("islamisch", "de", False),
    ],
)
def test_a_nation_s_adjective_is_read_from_its_country_s_name(
    word: str, lang: str, nation: bool
) -> None:
    assert is_nationality(word, lang) is nation


def test_a_slot_with_the_nationalities_takes_any_nation_s_adjective() -> None:
    slots = {
        "actor": {"en": ["company"]},
        "move": {"en": ["enter"]},
        "market": {"builtin": ["nationalities"]},
    }
    parts = _fired(_frame_topic(slots=slots), "The company enters the Colombian market", "en")
    assert parts == [(("actor", "company"), ("move", "enters"), ("market", "Colombian"))]
    assert not _fired(_frame_topic(slots=slots), "The company enters the romantic market", "en")


def test_a_city_fills_a_slot_only_written_with_a_capital_and_keeps_its_country() -> None:
    slots = {
        "origin": {"builtin": ["nationalities"], "pl": ["polski", "koreański"]},
        "move": {"pl": ["zbudować"]},
        "market": {"builtin": ["cities"]},
    }
    raw = _frame_topic(slots=slots, apart=["origin", "market"], window=8)
    parts = _fired(raw, "Koreański koncern zbuduje fabrykę pod Wrocławiem", "pl")
    assert parts == [(("origin", "Koreański"), ("move", "zbuduje"), ("market", "Wrocławiem"))]
    # A Polish firm near a Polish city is at home; a city written small is no city.
    assert not _fired(raw, "Polski koncern zbuduje fabrykę pod Wrocławiem", "pl")
    assert not _fired(raw, "Koreański koncern zbuduje fabrykę pod wrocławiem", "pl")


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "uk"), ("en", "britain"), ("ru", "рф"), ("ru", "сша"), ("uk", "рф"),
     ("de", "usa"), ("de", "hierzulande"), ("fr", "hexagone"), ("fr", "outre rhin"),
     ("pl", "rfn"), ("pl", "państwa środka"), ("en", "korea"), ("en", "turkey"),
     ("de", "niederlanden"), ("de", "weißrussland"), ("fr", "vietnam"), ("pl", "brytanii"),
     # French capitals often go without their accent
     ("fr", "etats-unis"), ("fr", "egypte")],
)  # fmt: skip
def test_countries_include_the_press_s_names_for_them(language: str, name: str) -> None:
    assert name in builtin_words("countries", language)


def test_a_press_name_has_its_country_s_stems_and_the_union_s_names_are_known() -> None:
    assert "росс" in press_name_stems("рф", "ru")  # noqa: RUF001
    assert "deut" in press_name_stems("hierzulande", "de")
    assert press_name_stems("россия", "ru") == frozenset()  # a name of its own: no press name
    assert "eu" in union_names("en")
    assert "ес" in union_names("ru")  # noqa: RUF001
    assert "uk" not in union_names("en")


def _actor_beside_market_topic() -> dict[str, object]:
    slots = {
        "actor": {"en": ["company"], "pl": ["firma"]},
        "move": {"en": ["enter"], "pl": ["wchodzić"]},
        "market": {"builtin": ["countries", "nationalities"]},
    }
    return _frame_topic(slots=slots, not_next_to=["market", "actor"], window=8)


def test_a_market_beside_the_actor_is_its_origin_and_at_home_is_domestic() -> None:
    raw = _actor_beside_market_topic()
    # "Polska" says where the firm is from; a market of goods is no nation's
    assert not _fired(raw, "Polska firma wchodzi na rynek dronów", "pl")
    assert _fired(raw, "Polska firma wchodzi na rynek niemiecki", "pl")
    # the origin beside the actor names the market's nation: no firing is counted
    assert not _fired(raw, "Polska firma wchodzi na rynek polski", "pl")
    assert _fired(raw, "The company enters the Polish market", "en")
    assert not _fired(raw, "A Polish company enters the Polish market", "en")


def test_close_slots_stand_at_most_two_words_apart() -> None:
    slots = {
        "move": {"pl": ["wchodzić"]},
        "market_word": {"pl": ["rynek"]},
        "market": {"builtin": ["countries", "nationalities"]},
    }
    raw = _frame_topic(slots=slots, close=["market_word", "market"], window=6)
    assert _fired(raw, "Sieć wchodzi na rynek polski", "pl")
    assert _fired(raw, "Sieć wchodzi na polski rynek motoryzacyjny", "pl")
    assert not _fired(raw, "Polska firma wchodzi na rynek dronów", "pl")


def test_an_origin_beside_the_actor_is_read_in_its_own_sentence() -> None:
    raw = _actor_beside_market_topic()
    # "Poland" ends the sentence before: it is not the firm's origin
    assert _fired(raw, "Sales fell in Poland. Company enters the Polish market", "en")


def test_a_seller_s_own_nationality_beside_it_is_no_market_it_opens_in(
    classifier: Classifier,
) -> None:
    # "Le groupe américain ouvrira ...": the group is American; it opens nothing in America.
    body = "Le groupe américain ouvrira de nouveaux entrepôts."
    explained = classifier.explain("Amazon investit", "", body, "fr", "foreign_business")
    assert not [c for c in explained.cues if "firm_sells_or_opens" in c.text]
    # a market elsewhere in the sentence is still read
    body = "Le groupe américain ouvrira de nouveaux entrepôts en France."
    explained = classifier.explain("Amazon investit", "", body, "fr", "foreign_business")
    assert [c for c in explained.cues if "firm_sells_or_opens" in c.text and "=France" in c.text]


def test_a_german_compound_the_dictionary_does_not_know_is_no_brand(
    classifier: Classifier,
) -> None:
    # "Drohnenmarkt" is a market of goods, capitalised as every German noun is
    explained = classifier.explain(
        "Deutsches Start-up steigt in den Drohnenmarkt ein", "", "", "de", "foreign_business"
    )
    assert not [c for c in explained.cues if c.kind == "frame"]
    assert not explained.labelled
    # a brand's own ending is shorter than a compound's head, and a listed firm stays a name
    for brand in ("Polestar", "Zalando", "Rheinmetall"):
        explained = classifier.explain(
            f"{brand} verlässt Russland", "", "", "de", "foreign_business"
        )
        assert [c for c in explained.cues if f"actor={brand}" in c.text], brand
