"""Verbs and terms as inflected languages write them.

German puts a separable verb's particle at the end of its clause in the present tense ("BASF
stellt das Geschäft in Belarus ein"), where the dictionaries list the infinitive
("einstellen"). Polish, Russian and Ukrainian verbs come in aspect pairs, each its own lemma
("wrócić" and "wracać"). Our own sentences, written from the topic definitions.
"""

# ruff: noqa: RUF001  # Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

import pytest

from streams.classify import Classifier, parse_topics
from streams.classify.definitions import TopicSet
from streams.classify.frames import FrameMatcher
from streams.classify.lexicon import LEMMATIZER, adjective_nation_stems, country_words


def _labels(classifier: Classifier, title: str, text: str, lang: str) -> set[str]:
    return {match.name for match in classifier.classify(title, text, "", lang)}


@pytest.mark.parametrize(
    ("lang", "title", "text", "topic"),
    [
        ("de", "BASF stellt das Geschäft in Belarus ein",
         "Der Chemiekonzern reagiert damit auf den Krieg in der Ukraine.", "foreign_business"),
        ("de", "Der Autobauer zieht sich aus dem russischen Markt zurück",
         "Die Werke werden an einen lokalen Investor übergeben.", "foreign_business"),
        ("pl", "Amerykańskie firmy wracają na Ukrainę",
         "Koncerny z USA wznawiają działalność w Kijowie.", "foreign_business"),
        ("pl", "Niemiecki koncern wycofuje się z Rosji",
         "Spółka sprzedaje zakłady lokalnemu inwestorowi.", "foreign_business"),
        ("ru", "Правкомиссия одобрила сделку по выходу Raiffeisen из России",
         "Покупатель получит все отделения.", "foreign_business"),
        ("uk", "Американські компанії повертаються в Україну",
         "Концерни відновлюють роботу в Києві.", "foreign_business"),
        ("pl", "UE zamraża aktywa rosyjskich oligarchów",
         "Rada dopisała kolejnych biznesmenów do listy.", "sanctions"),
        ("pl", "Kolejny pakiet obostrzeń wobec Moskwy",
         "Bruksela uzgodniła nowe środki.", "sanctions"),
        ("ru", "Евросоюз утвердил новый пакет рестрикций",
         "Ограничения касаются импорта металлов.", "sanctions"),
        ("uk", "США заблокували активи постачальників дронів",
         "Під обмеження потрапили компанії з трьох країн.", "sanctions"),
        # A state punishing a foreign firm or country, the word "sanctions" left out.
        ("ru", "Вашингтон наказал китайские компании за поставки в Россию",
         "Минфин США внес их в список SDN.", "sanctions"),
        ("uk", "Японія покарала російських постачальників",
         "Токіо запровадив заборону на експорт до Росії.", "sanctions"),
        ("pl", "Amerykanie ukarali chińskie rafinerie",
         "Waszyngton zamroził aktywa firm kupujących irańską ropę.", "sanctions"),
        ("fr", "Nouvelles mesures contre Téhéran",
         "Londres annonce le gel d'avoirs de plusieurs responsables iraniens.", "sanctions"),
        # Sanctions packages and the EU's legal term, as each language writes them.
        ("de", "Neues Strafpaket gegen Moskau beschlossen",
         "Die Mitgliedstaaten einigten sich in Brüssel.", "sanctions"),
        ("pl", "Rada UE przedłużyła środki ograniczające wobec Białorusi",
         "Decyzja obowiązuje przez kolejny rok.", "sanctions"),
    ],
)  # fmt: skip
def test_the_forms_a_headline_uses_are_recognised(
    classifier: Classifier, lang: str, title: str, text: str, topic: str
) -> None:
    assert topic in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # "zurückweisen" (reject) and "zurückgehen" (decline) are no move on a market.
        ("Kanzler weist Kritik aus Moskau zurück", "Die Vorwürfe aus Russland seien haltlos."),
        ("Umsatz der Autobauer in China geht deutlich zurück",
         "Die Nachfrage nach deutschen Wagen schwächelt."),
    ],
)  # fmt: skip
def test_a_particle_makes_no_move_out_of_another_verb(
    classifier: Classifier, title: str, text: str
) -> None:
    assert "foreign_business" not in _labels(classifier, title, text, "de")


def _halts() -> FrameMatcher:
    raw = {"topics": {"halts": {"description": "d", "terms": {"en": {"zzz": 1.0}}, "frames": {
        "f": {"weight": 1.0, "window": 8, "slots": {
            "move": {"de": ["einstellen", "zurückziehen"]},
            "market": {"builtin": ["countries"]},
        }},
    }}}}  # fmt: skip
    return FrameMatcher([t.frames for t in parse_topics(raw)])


def test_the_verb_is_read_with_the_particle_that_ends_its_clause() -> None:
    hits = _halts().search("Die Firma stellt ihr Geschäft in Polen ein, sagte ein Sprecher.", "de")
    assert [hit.parts for hit in hits] == [(("move", "stellt"), ("market", "Polen"))]


def test_a_particle_inside_its_clause_is_a_preposition() -> None:
    # "aus" is followed by more of its clause: no "ausstellen" (exhibit), nothing joined.
    assert _halts().search("Die Firma stellt Maschinen aus Polen aus Holz her.", "de") == []
    assert _halts().search("Die Firma stellt in Polen aus.", "de") == []


def test_the_particle_of_another_clause_is_not_joined() -> None:
    # "ein" ends the second clause; "stellt" is in the first.
    text = "Die Firma stellt Leute in Polen an, der Markt bricht ein."
    assert _halts().search(text, "de") == []


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("de", "Türkei blockiert weiter Beitritt Schwedens",
         "Ankara will der Aufnahme in das westliche Verteidigungsbündnis erst später zustimmen."),
        ("uk", "Генсек: двері до Північноатлантичного союзу відкриті",
         "Членство України названо питанням часу."),
        ("ru", "Финляндия вступила в Североатлантический союз",
         "Хельсинки стал тридцать первым участником."),
        ("fr", "L'Alliance transatlantique renforce sa présence en Roumanie",
         "Un nouveau groupement tactique sera déployé près de la mer Noire."),
    ],
)  # fmt: skip
def test_the_alliance_named_without_its_acronym_is_nato(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    assert "nato" in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("lang", "title", "text", "topic_expected"),
    [
        # A member named in apposition is a descriptor ...
        ("pl", "Finlandia, członek NATO, otwiera nowy terminal LNG",
         "Inwestycja ma zapewnić krajowi niezależność energetyczną.", False),
        ("uk", "Польща, член НАТО, закупила корейські гаубиці",
         "Угоду підписали в Сеулі.", False),
        # ... a country becoming one is enlargement.
        ("pl", "Szwecja została członkiem NATO",
         "Sztokholm złożył dokumenty akcesyjne w Waszyngtonie.", True),
    ],
)  # fmt: skip
def test_a_member_in_apposition_is_no_nato_news_and_a_new_member_is(
    classifier: Classifier, lang: str, title: str, text: str, topic_expected: bool
) -> None:
    assert ("nato" in _labels(classifier, title, text, lang)) is topic_expected


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("en", "Samsung launches new Galaxy phone in India",
         "The device goes on sale through the company's Indian unit from Friday."),
        ("de", "Apple bringt neues Handy in Indien auf den Markt",
         "Das Gerät wird über die indische Tochter verkauft."),
    ],
)  # fmt: skip
def test_a_device_put_on_a_market_is_no_firm_entering_it(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    assert "foreign_business" not in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "McDonald's pulls out of Kazakhstan"), ("fr", "McDonald's se retire du Kazakhstan")],
)
def test_a_brand_that_keys_a_longer_name_is_still_a_name(
    classifier: Classifier, lang: str, title: str
) -> None:
    # "McDonald" keys "Heard Island and McDonald Islands" among the country names.
    text = "The fast food chain closes its restaurants after supply problems."
    assert "foreign_business" in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("en", "Chinese carmaker builds new plant in China's south",
         "The factory in Guangdong will make 300,000 cars a year for buyers at home."),
        ("ru", "Российская компания открыла новый завод в России",
         "Предприятие будет выпускать трубы для нефтяников."),
        ("uk", "Український виробник збудував завод в Україні",
         "Підприємство виготовлятиме обладнання для енергетиків."),
        ("de", "Deutscher Autobauer eröffnet neues Werk in Deutschland",
         "In der Fabrik sollen 2.000 Menschen arbeiten."),
        ("fr", "Un groupe français construit une usine en France",
         "Le site emploiera 500 personnes."),
        ("pl", "Polska firma otwiera fabrykę w Polsce", "Zakład zatrudni 300 osób."),
        ("en", "China fines Chinese tech firm for data breaches",
         "The regulator said the company failed to protect its users."),
    ],
)  # fmt: skip
def test_a_firm_setting_up_or_punished_at_home_is_domestic(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    # The origin and the market (or the state) name one nation: no foreign business.
    assert "foreign_business" not in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("lang", "title", "text", "foreign"),
    [
        # Adjectives that do not begin as their country's name does, linked through CLDR.
        ("en", "French carmaker opens new plant in France",
         "The group will build electric models at the site from next year.", False),
        ("en", "French retailer opens first store in Poland", "The chain plans ten more shops.",
         True),
        ("en", "Danish brewer builds new brewery in Denmark", "The site will open in 2027.", False),
        ("en", "Danish brewer builds brewery in Vietnam", "The site will open in 2027.", True),
        ("en", "Finnish retailer opens store in Helsinki", "The shop is the chain's largest.",
         False),
        ("en", "Irish firm opens headquarters in Dublin", "The software company hired 200 people.",
         False),
        ("ru", "Немецкий концерн построит завод в Германии", "Компания вложит 300 млн евро.",
         False),
        ("ru", "Немецкий концерн построит завод в России", "Компания вложит 300 млн евро.", True),
        ("uk", "Французька компанія відкрила завод у Франції", "Компанія вклала 200 млн євро.",
         False),
        ("en", "Dutch retailer enters the French market", "The chain will open 20 stores.", True),
        # A brewery is a firm in every language, as "brewer", "Brauerei" and "brasseur" are.
        ("pl", "Duński browar buduje nowy browar w Danii", "Zakład ma ruszyć w 2027 roku.", False),
        ("pl", "Duński browar buduje nowy browar w Wietnamie", "Zakład ma ruszyć w 2027 roku.",
         True),
        ("ru", "Датская пивоварня построит завод во Вьетнаме",
         "Предприятие заработает в 2027 году.", True),
        ("uk", "Данська пивоварня збудує завод у Данії", "Підприємство запрацює у 2027 році.",
         False),
        # Other frames of the sentence, whose market is that home, go with it.
        ("en", "Polish retailer opens 100th store in Warsaw",
         "The chain said it plans more openings this year.", False),
        ("en", "Polish retailer opens first store in Poland's north",
         "The chain plans ten more shops in the region.", False),
        # ... but where a foreign market follows the home one, the frame fires again on it.
        ("en", "Polish retailer, which opened its first store in Poland in 1995, enters Germany",
         "The chain's expansion began in Berlin.", True),
    ],
)  # fmt: skip
def test_a_firm_at_home_is_domestic_whatever_its_nations_adjective_and_foreign_abroad(
    classifier: Classifier, lang: str, title: str, text: str, foreign: bool
) -> None:
    assert ("foreign_business" in _labels(classifier, title, text, lang)) is foreign


@pytest.mark.parametrize(
    ("lang", "adjective", "country"),
    [("en", "french", "france"), ("en", "danish", "denmark"), ("ru", "немецкий", "германия"),
     ("uk", "французький", "франція"), ("pl", "niemiecki", "niemcy"), ("de", "polnisch", "polen"),
     ("en", "russian", "russia")],
)  # fmt: skip
def test_a_nations_adjective_shares_a_stem_with_its_country(
    lang: str, adjective: str, country: str
) -> None:
    assert country[:4] in adjective_nation_stems(adjective, lang)


@pytest.mark.parametrize(("lang", "word"), [("en", "english"), ("en", "portuguese"),
                                            ("en", "retailer"), ("xx", "french")])  # fmt: skip
def test_no_country_for_a_language_of_many_nations_or_another_word(lang: str, word: str) -> None:
    # English is most likely found in the United States, Portuguese in Brazil: not theirs.
    assert adjective_nation_stems(word, lang) == frozenset()


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("en", "German carmaker moves production of its small car to Mexico",
         "The company said the move would save costs."),
        ("de", "Zulieferer verlagert Produktion nach Polen",
         "Am Standort in Sachsen fallen 400 Stellen weg."),
        ("fr", "Un équipementier délocalise sa production au Maroc",
         "L'usine des Vosges fermera l'an prochain."),
        ("en", "Apple shifts more iPhone assembly to India",
         "Suppliers are expanding capacity away from China."),
        ("ru", "Китайский автоконцерн построит завод в Казахстане",
         "Предприятие начнет работу через два года."),
        ("uk", "Німецька компанія відкриє завод в Україні",
         "Інвестиції становитимуть 50 мільйонів євро."),
        ("pl", "Niemiecki koncern buduje fabrykę w Polsce",
         "Inwestycja ma kosztować miliard złotych."),
    ],
)  # fmt: skip
def test_production_moved_or_a_foreign_firm_building_in_a_market_is_foreign_business(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    assert "foreign_business" in _labels(classifier, title, text, lang)


def test_arms_production_moved_is_no_business(classifier: Classifier) -> None:
    title = "Russia moves arms production to plants in Belarus"
    text = "The drones will be assembled in factories near Minsk."
    assert "foreign_business" not in _labels(classifier, title, text, "en")


def test_apart_must_name_two_slots_of_its_frame() -> None:
    frame = {"weight": 1.0, "slots": {"origin": {"en": ["german"]}, "market": {"en": ["mexico"]}},
             "apart": ["origin", "place"]}  # fmt: skip
    raw = {"topics": {"t": {"description": "d", "terms": {"en": {"zzz": 1.0}},
                            "frames": {"f": frame}}}}  # fmt: skip
    with pytest.raises(ValueError, match="apart"):
        parse_topics(raw)


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("en", "Russian missiles hit American company's plant in Ukraine",
         "The strike on the factory wounded fifteen workers."),
        ("uk", "Російські дрони атакували завод американської компанії в Україні",
         "Постраждали працівники підприємства."),
        ("en", "Fire breaks out at Japanese firm's factory in Thailand",
         "No one was hurt, the company said."),
    ],
)  # fmt: skip
def test_an_incident_at_a_foreign_firms_plant_is_no_move_on_a_market(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    assert "foreign_business" not in _labels(classifier, title, text, lang)


def test_the_explanation_shows_a_frame_kept_out_as_domestic(classifier: Classifier) -> None:
    title = "Chinese carmaker builds new plant in China"
    trace = classifier.explain(title, "", "", "en", "foreign_business")
    assert not trace.labelled
    domestic = [cue for cue in trace.cues if cue.note == "one nation: domestic"]
    assert domestic, trace.cues
    assert domestic[0].weight == 0.0
    assert "origin=Chinese" in domestic[0].text and "market=China" in domestic[0].text
    # The same frame abroad counts.
    abroad = classifier.explain(title.replace("in China", "in Mexico"), "", "", "en",
                                "foreign_business")  # fmt: skip
    assert abroad.labelled
    assert not [cue for cue in abroad.cues if cue.note == "one nation: domestic"]


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("de", "Vermögen russischer Oligarchen eingefroren", "Die Behörden handelten schnell."),
        ("ru", "Швейцария заморозила активы российских банков",
         "Под ограничения попали пять кредитных организаций."),
        ("fr", "Les avoirs de trois banques iraniennes gelés",
         "La mesure vise le financement du programme de missiles."),
        ("uk", "Заморожено активи російських олігархів", "Рішення ухвалила РНБО."),
    ],
)  # fmt: skip
def test_assets_frozen_with_words_between_are_sanctions(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    assert "sanctions" in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("en", "Court freezes assets of collapsed crypto exchange founder",
         "Prosecutors allege fraud."),
        ("en", "Council announces rent freeze for social housing",
         "Tenants will pay the same as last year."),
        ("en", "Administration freezes $2bn in funds for university",
         "The college said it would challenge the decision."),
        ("de", "Gericht friert Vermögen des Insolvenzverwalters ein",
         "Die Staatsanwaltschaft ermittelt wegen Betrugs."),
    ],
)  # fmt: skip
def test_a_court_or_a_budget_freezing_money_is_no_sanction(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    assert "sanctions" not in _labels(classifier, title, text, lang)


def test_a_german_compound_supplier_is_a_firm_a_state_acts_on(classifier: Classifier) -> None:
    title = "Peking verhängt Strafe gegen deutschen Autozulieferer"
    text = "Die Wettbewerbsbehörde wirft dem Unternehmen Preisabsprachen vor."
    assert "foreign_business" in _labels(classifier, title, text, "de")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("fr", "Bruxelles adopte un nouveau train de mesures contre Moscou"),
        ("de", "Neue Maßnahmen gegen Teheran beschlossen"),
        ("pl", "Kolejne ograniczenia wobec Mińska"),
        ("uk", "Нові обмеження проти Москви"),
    ],
)
def test_measures_against_a_state_named_by_its_capital_are_sanctions(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "sanctions" in _labels(classifier, title, "", lang)


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("en", "Renault-Nissan alliance agrees new chief executive",
         "The carmakers said the appointment would strengthen the partnership."),
        ("en", "US and Japan deepen alliance at Washington summit",
         "The leaders agreed to upgrade military command links."),
        ("de", "Oppositionsbündnis einigt sich auf gemeinsamen Kandidaten",
         "Die Parteien wollen bei der Wahl zusammen antreten."),
    ],
)  # fmt: skip
def test_another_alliance_acting_is_not_nato(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    assert "nato" not in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("lang", "title", "text", "expected"),
    [
        # A second cue says the firm is leaving: its business wound down, its nationality.
        ("ru", "H&M окончательно закрывает магазины в России",
         "Шведский ритейлер начал сворачивать бизнес еще весной.", True),
        ("pl", "Niemiecka sieć zamyka sklepy w Rosji",
         "Koncern wycofuje się z rynku rosyjskiego po dwóch dekadach.", True),
        # Alone, closing stores in a country is also a domestic chain shrinking.
        ("en", "Tesco to close 12 stores across the UK",
         "The supermarket said the sites were no longer viable.", False),
        ("de", "Supermarktkette schließt zehn Filialen in Deutschland",
         "Betroffen sind vor allem kleine Standorte.", False),
    ],
)  # fmt: skip
def test_outlets_closed_in_a_country_need_a_second_cue(
    classifier: Classifier, lang: str, title: str, text: str, expected: bool
) -> None:
    assert ("foreign_business" in _labels(classifier, title, text, lang)) is expected


@pytest.mark.parametrize(
    ("lang", "title", "text", "expected"),
    [
        ("ru", "Узбекистан разрешил иностранцам владеть контрольным пакетом в банках",
         "Закон вступит в силу с января.", True),
        ("de", "Indien erlaubt Ausländern Mehrheitsbeteiligungen an Versicherern",
         "Die Grenze steigt auf 74 Prozent.", True),
        ("pl", "Cudzoziemcy nie kupią udziałów w spółkach strategicznych",
         "Sejm przyjął ustawę.", True),
        ("ru", "Вьетнам привлекает американских производителей электроники",
         "Компании расширяют заводы в стране.", True),
        # A foreign minister's flat, foreigners' homes, foreign students: nobody's market.
        ("ru", "Министр иностранных дел владеет квартирой в Дубае",
         "Об этом сообщили журналисты.", False),
        ("de", "Ausländer besitzen immer mehr Wohnungen in Berlin",
         "Der Senat prüft eine Abgabe.", False),
        ("fr", "La part des étudiants étrangers progresse",
         "Les universités françaises attirent davantage.", False),
    ],
)  # fmt: skip
def test_what_foreigners_may_own_and_a_state_courting_foreign_firms(
    classifier: Classifier, lang: str, title: str, text: str, expected: bool
) -> None:
    assert ("foreign_business" in _labels(classifier, title, text, lang)) is expected


@pytest.mark.parametrize(
    ("lang", "title", "text", "expected"),
    [
        ("en", "Chinese appliance maker to buy German robot firm",
         "The deal values the company at 4.5 billion euros.", True),
        ("pl", "Chińska firma przejmie polskiego producenta autobusów",
         "Transakcję musi jeszcze zatwierdzić urząd.", True),
        ("fr", "Un groupe italien rachète le fabricant français de biscuits",
         "Le montant n'a pas été dévoilé.", True),
        # Domestic M&A, and a club bought by a foreigner: no market entered.
        ("en", "German carmaker to buy German battery startup",
         "The deal values the company at 400 million euros.", False),
        ("uk", "Українська компанія купила українського виробника молока",
         "Сума угоди не розголошується.", False),
        ("en", "American investor buys British football club",
         "The team plays in the second tier.", False),
    ],
)  # fmt: skip
def test_a_firm_of_one_nation_buying_a_firm_of_another(
    classifier: Classifier, lang: str, title: str, text: str, expected: bool
) -> None:
    assert ("foreign_business" in _labels(classifier, title, text, lang)) is expected


def test_bercy_blocking_a_foreign_buyout_is_a_state_acting_on_a_foreign_firm(
    classifier: Classifier,
) -> None:
    title = "Le rachat de l'entreprise par un fonds américain bloqué par Bercy"
    text = "Le ministère invoque la souveraineté industrielle."
    assert "foreign_business" in _labels(classifier, title, text, "fr")


@pytest.mark.parametrize(
    ("lang", "title", "text", "topic", "expected"),
    [
        # "avoirs" (assets) has the lemma "avoir": every "a" and "ont" filled the slot.
        ("fr", "La France a interdit les néonicotinoïdes",
         "Le gouvernement a pris cette décision pour protéger les abeilles.", "sanctions", False),
        ("fr", "Pékin ferme la porte aux assureurs étrangers",
         "Les autorités ont gelé les nouvelles licences.", "sanctions", False),
        # "бывший" (former) and "były" have the lemma "to be": every "будет" and "jest"
        # vetoed the alliance acting.
        ("ru", "Альянс будет усиливать восточный фланг", "", "nato", True),
        ("pl", "Sojusz jest gotowy wzmocnić wschodnią flankę", "", "nato", True),
    ],
)  # fmt: skip
def test_a_word_whose_lemma_is_an_auxiliary_is_matched_as_written(
    classifier: Classifier, lang: str, title: str, text: str, topic: str, expected: bool
) -> None:
    assert (topic in _labels(classifier, title, text, lang)) is expected


# The verbs every sentence has: an entry whose lemma is one of them matches nearly anything.
_AUXILIARIES = {
    "en": {"be", "have", "do", "will", "can", "say", "get", "go"},
    "fr": {"avoir", "être", "faire", "aller", "pouvoir", "dire"},
    "de": {"sein", "haben", "werden", "können", "sagen", "machen"},
    "ru": {"быть", "иметь", "мочь", "сказать", "стать"},
    "uk": {"бути", "мати", "могти", "сказати", "стати"},
    "pl": {"być", "mieć", "móc", "powiedzieć", "zostać"},
}


def test_no_frame_word_is_read_as_an_auxiliary_verb(default_topics: TopicSet) -> None:
    clashes = []
    for topic in default_topics:
        for frame in topic.frames:
            for word in (w for slot in (*frame.slots, frame.veto) for w in slot):
                lang = word.language
                if lang not in _AUXILIARIES or word.prefix or word.suffix or len(word.words) > 1:
                    continue
                lemma = LEMMATIZER.lemma(word.words[0], lang)
                if lemma in _AUXILIARIES[lang]:
                    clashes.append(f"{topic.name}.{frame.name}: {lang} {word.text!r} -> {lemma}")
    assert not clashes, clashes  # write them as prefixes ("avoirs*"): matched as written


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("en", "Russian banks cut off from SWIFT", ""),
        ("ru", "Еще десять банков отключат от SWIFT", "Решение принял Евросоюз."),
        ("de", "Weitere Banken werden von Swift ausgeschlossen", "Das beschloss die EU."),
        ("pl", "Kolejne banki odłączone od SWIFT", "Tak zdecydowała Unia Europejska."),
    ],
)
def test_banks_cut_off_from_swift_are_sanctions(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    # Where the title names no imposer, the body does: sanctions need one (their context).
    assert "sanctions" in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("de", "Beistandspflicht nach Artikel 5 in der Debatte",
         "Der US-Präsident stellte die Verpflichtung gegenüber den Verbündeten infrage."),
        ("de", "Bündnispartner sagen Kiew weitere Luftabwehr zu",
         "Das Treffen der Verteidigungsminister im Hauptquartier endete mit neuen Zusagen."),
        ("fr", "L'article 5 en question", "Les alliés doutent de l'engagement américain."),
        ("pl", "Artykuł 5 pod znakiem zapytania", "Sojusznicy pytają o gwarancje."),
    ],
)  # fmt: skip
def test_article_5_and_allies_pledging_are_nato_without_its_name(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    assert "nato" in _labels(classifier, title, text, lang)


FB = "foreign_business"


@pytest.mark.parametrize(
    ("lang", "title", "text", "topic"),
    [
        # Firms or their chambers on access to a market.
        ("en", "American chamber says members are denied equal access in Vietnam",
         "Licensing rules favour local rivals, the survey found.", FB),
        ("de", "Europäische Firmen beklagen Diskriminierung in Indien", "", FB),
        # Foreign firms staying where others left.
        ("en", "Dozens of Italian companies remain in Russia", "Few have sold their plants.", FB),
        ("ru", "Французская Danone остаётся в России", "Компания не продала заводы.", FB),
        ("pl", "Niemieckie firmy pozostają w Rosji", "Mimo wojny prowadzą tam interesy.", FB),
        ("fr", "Ces banques italiennes encore présentes en Russie", "", FB),
        # A plant handed over, a unit put under state management.
        ("uk", "Фінська компанія передала російський завод місцевому менеджменту", "", FB),
        ("pl", "Rosja przekazała w zarząd spółki dwóch zachodnich koncernów", "", FB),
        ("fr", "Moscou saisit la filiale russe d'un industriel allemand", "", FB),
        # Getting around the restrictions of others is an evasion of sanctions.
        ("de", "Russland umgeht das Embargo über Zentralasien", "", "sanctions"),
        ("pl", "Iran obchodzi ograniczenia przez firmy w Turcji", "", "sanctions"),
    ],
)  # fmt: skip
def test_access_staying_handing_over_and_evasion_are_recognised(
    classifier: Classifier, lang: str, title: str, text: str, topic: str
) -> None:
    assert topic in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("lang", "title", "text", "topic"),
    [
        ("en", "G7 agrees a lower price ceiling for Russian crude", "", "sanctions"),
        ("en", "West African bloc drops financial penalties on Mali", "", "sanctions"),
        ("ru", "Вашингтон ввёл запретительные меры против иранских банков", "", "sanctions"),
        ("fr", "Le Trésor américain frappe deux banques russes",
         "Les avoirs de ces établissements aux États-Unis sont désormais gelés.", "sanctions"),
        ("de", "Eingefrorene Zentralbankgelder aus Russland sollen Kiew helfen", "",
         "sanctions"),
    ],
)  # fmt: skip
def test_ceilings_penalties_and_passive_freezes_are_sanctions(
    classifier: Classifier, lang: str, title: str, text: str, topic: str
) -> None:
    assert topic in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("lang", "title", "text", "topic"),
    [
        # A price capped for the country's own households (TOPICS: domestic price caps).
        ("fr", "Le gouvernement plafonne le prix de l'électricité pour les ménages", "",
         "sanctions"),
        ("en", "Government sets a price ceiling on heating oil for households", "",
         "sanctions"),
        # Getting around taxes or censorship.
        ("en", "Russian users bypass internet restrictions with VPNs", "", "sanctions"),
        ("de", "Russische Firmen umgehen Steuerbeschränkungen", "", "sanctions"),
        # A firm of the market itself staying there is domestic.
        ("en", "Russian companies remain in Russia despite the war", "", FB),
        # States handing over frozen assets is sanctions, not a firm selling up.
        ("en", "Senators want to hand over Russian assets to Ukraine", "", FB),
    ],
)  # fmt: skip
def test_household_caps_tax_evasion_and_domestic_firms_staying_are_not_the_topic(
    classifier: Classifier, lang: str, title: str, text: str, topic: str
) -> None:
    assert topic not in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("title", "nato"),
    [
        ("La Finlande, membre de l'OTAN, réforme ses retraites", False),
        ("Un ancien haut gradé de l'OTAN publie ses mémoires", False),
        ("La Suède devient membre de l'OTAN", True),
        ("La Macédoine du Nord deviendra membre de l'OTAN", True),
    ],
)
def test_a_french_member_in_apposition_is_no_nato_news_and_a_new_member_is(
    classifier: Classifier, title: str, nato: bool
) -> None:
    assert ("nato" in _labels(classifier, title, "", "fr")) is nato


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("uk", "РНБО заблокувала активи російських постачальників", ""),
        ("ru", "Лондон заблокировал активы иранских судоходных компаний", ""),
        ("en", "Washington bars dealings with Iranian shipowners", ""),
    ],
)  # fmt: skip
def test_assets_blocked_and_dealings_barred_are_sanctions(
    classifier: Classifier, lang: str, title: str, text: str
) -> None:
    assert "sanctions" in _labels(classifier, title, text, lang)


@pytest.mark.parametrize(
    ("lang", "title", "foreign"),
    [
        ("en", "Korea's steelmaker wins approval for Mexican plant operator takeover", True),
        ("en", "Qatari fund takes stake in Portuguese utility", True),
        ("de", "Japanischer Konzern plant Übernahme von deutschem Zulieferer", True),
        ("ru", "Китайская компания завершила приобретение российского завода", True),
        ("en", "Chinese carmakers push into Brazil", True),
        # One nation on both sides, trade, market shares and territory are no company deal.
        ("en", "China's Geely takes stake in Chinese rival", False),
        ("en", "US leads purchases of Russian ice cream", False),
        ("en", "Russia's share of EU gas imports fell to 13%", False),
        ("en", "US takeover of Greenland back on the agenda", False),
    ],
)
def test_a_deal_between_two_nations_is_foreign_business(
    classifier: Classifier, lang: str, title: str, foreign: bool
) -> None:
    assert ("foreign_business" in _labels(classifier, title, "", lang)) is foreign


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # "kaufen sich ... ein": the particle joined makes "einkaufen", buying in.
        ("de", "Japaner kaufen sich bei deutschem Werkzeugbauer ein"),
        ("de", "Russland verstaatlicht Tochter eines dänischen Brauereikonzerns"),
        ("de", "Vietnam lockt deutsche Mittelständler mit Steuervorteilen"),
        ("ru", "Турецкие инвесторы скупают российские отели и заводы"),
    ],
)
def test_buying_in_buying_up_and_nationalising_are_recognised(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" in _labels(classifier, title, "", lang)


@pytest.mark.parametrize(
    ("lang", "title", "foreign"),
    [
        # A brand's name with a move that people make too: a headline alone is enough.
        ("en", "Uniqlo launches in Vietnam", True),
        ("pl", "Decathlon wchodzi do Mołdawii", True),
        ("fr", "Le danois Vestas revient en Russie", True),
        # Arrivals and farewells as English headlines put them; a discounter is a firm.
        ("en", "Japanese retailer Uniqlo lands in Poland with Warsaw flagship", True),
        ("en", "Swedish fashion chain H&M bows out of Russia", True),
        ("en", "German discounter Aldi sets foot in Italy", True),
        ("en", "Chinese bank chief lands in Moscow for talks", False),
        ("en", "German company founder bows out after 40 years", False),
        # A brand's initials joined by "&" are its name; a farewell, a launch, a shop shut.
        ("ru", "H&M попрощалась с Россией", True),
        ("uk", "H&M попрощалася з Росією", True),
        ("de", "H&M verabschiedet sich aus Russland", True),
        ("fr", "Le suédois Ikea met la clé sous la porte en Russie", True),
        ("fr", "Klarna se lance au Brésil", True),
        ("uk", "Klarna запустилася в Бразилії", True),
        ("ru", "Месси попрощался с Барселоной", False),
        ("fr", "Le restaurant met la clé sous la porte à Lyon", False),
        # Unless the sentence is about a match.
        ("en", "Norwegian striker Haaland opens scoring as hosts beat Italy", False),
    ],
)
def test_a_brand_moving_on_a_market_in_a_headline_is_foreign_business(
    classifier: Classifier, lang: str, title: str, foreign: bool
) -> None:
    assert ("foreign_business" in _labels(classifier, title, "", lang)) is foreign


@pytest.mark.parametrize(
    ("lang", "title", "nato"),
    [
        # The allies or the alliance acting, in a headline, without NATO's name.
        ("de", "Verbündete beschließen höhere Verteidigungsausgaben", True),
        ("de", "Militärbündnis verlegt Truppen nach Rumänien", True),
        ("fr", "Les Alliés s'engagent à renforcer le flanc est", True),
        # An insurer, a party alliance, a coalition.
        ("de", "Allianz einigt sich mit Gewerkschaft auf Tarifvertrag", False),
        ("de", "Koalition einigt sich auf Haushalt", False),
    ],
)
def test_the_alliance_acting_in_a_headline_is_nato_without_its_name(
    classifier: Classifier, lang: str, title: str, nato: bool
) -> None:
    assert ("nato" in _labels(classifier, title, "", lang)) is nato


def test_a_german_oil_price_ceiling_is_a_sanction(classifier: Classifier) -> None:
    title = "G7 senkt Ölpreisobergrenze für russisches Rohöl"
    assert "sanctions" in _labels(classifier, title, "", "de")


# Forms of frame verbs, as news writes them: each must read as its infinitive.
_PAST_FORMS = {
    "uk": {"купити": ["купив", "купила", "купили"], "скупити": ["скупив", "скупила"],
           "зайти": ["зайшов", "зайшла", "зайшли"], "вийти": ["вийшов", "вийшла", "вийшли"],
           "продати": ["продав", "продала", "продали"], "піти": ["пішов", "пішла", "пішли"],
           "експропріювати": ["експропріювала", "експропріювали"],
           "заблокувати": ["заблокував", "заблокувала", "заблокували"]},
    "ru": {"купить": ["купил", "купила", "купили"], "уйти": ["ушел", "ушла", "ушли"],
           "экспроприировать": ["экспроприировал", "экспроприировала", "экспроприировали"],
           "приостановить": ["приостановил", "приостановила", "приостановили"]},
    "pl": {"przejąć": ["przejął", "przejęła", "przejęli"], "wyjść": ["wyszedł", "wyszła"],
           "wstrzymać": ["wstrzymał", "wstrzymała", "wstrzymali"],
           "zamrozić": ["zamroził", "zamroziła", "zamrozili"]},
    "fr": {"quitter": ["quitte", "quittent"], "rester": ["reste", "restent"],
           "ouvrir": ["ouvre", "ouvrent"], "saisir": ["saisit", "saisi"],
           "acquérir": ["acquiert", "acquis"], "contourner": ["contourne", "contourné"]},
}  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "verb", "form"),
    [(lang, verb, form) for lang, verbs in _PAST_FORMS.items()
     for verb, forms in verbs.items() for form in forms],
)  # fmt: skip
def test_past_forms_of_frame_verbs_read_as_the_verb(lang: str, verb: str, form: str) -> None:
    assert LEMMATIZER.lemma(form, lang) == verb


def test_a_firm_that_bought_in_ukrainian_is_foreign_business(classifier: Classifier) -> None:
    title = "Польська компанія купила український завод"
    assert "foreign_business" in _labels(classifier, title, "", "uk")


@pytest.mark.parametrize(
    ("lang", "title", "sanctions"),
    [
        # Any country is a state that may impose sanctions, not only the usual ones.
        ("en", "New Zealand widens its sanctions list", True),
        ("ru", "Норвегия присоединилась к санкциям", True),
        ("uk", "Японія запровадила нові санкції", True),
        # A sports or disciplinary body of a country is not the state.
        ("en", "Spain's football federation sanctions club over fans", False),
    ],
)
def test_any_state_with_its_sanctions_is_context_enough(
    classifier: Classifier, lang: str, title: str, sanctions: bool
) -> None:
    assert ("sanctions" in _labels(classifier, title, "", lang)) is sanctions


@pytest.mark.parametrize(
    ("lang", "title", "topic"),
    [
        ("en", "EU readies tenth package against Minsk", "sanctions"),
        ("de", "Neues Paket gegen Teheran beschlossen", "sanctions"),
        ("en", "Washington cuts two Iranian banks off from the dollar system", "sanctions"),
        ("en", "Clothing chain to hand its Russian stores to a local franchisee", FB),
        ("en", "Software maker cuts ties with Russia", FB),
    ],
)
def test_packages_against_a_state_dollar_cut_offs_and_handing_stores_over(
    classifier: Classifier, lang: str, title: str, topic: str
) -> None:
    assert topic in _labels(classifier, title, "", lang)


@pytest.mark.parametrize(
    ("lang", "title", "foreign"),
    [
        # A foreign firm giving an investment up, firms turning away from a market, a state
        # closing the door on foreign firms, a buyer of one nation buying a firm of another.
        ("pl", "Niemiecka firma rezygnuje z budowy zakładu w Polsce", True),
        ("en", "Japanese carmaker scraps plans to build a plant in Mexico", True),
        ("fr", "Les entreprises américaines se détournent de la Chine", True),
        ("fr", "Le Maroc ferme la porte aux entreprises espagnoles", True),
        ("fr", "Les Japonais rachètent un fabricant français de robots", True),
        # The same giving up at home is domestic.
        ("pl", "Polska firma rezygnuje z budowy zakładu w Polsce", False),
    ],
)
def test_giving_up_turning_away_and_closed_doors_are_foreign_business(
    classifier: Classifier, lang: str, title: str, foreign: bool
) -> None:
    assert ("foreign_business" in _labels(classifier, title, "", lang)) is foreign


@pytest.mark.parametrize(
    ("lang", "title", "text", "topic", "given"),
    [
        # Any nation's adjective is an origin or a market, not only the nations listed.
        ("en", "Kenyan telecom group enters Ethiopian market", "It bought a licence.", FB, True),
        ("fr", "Un groupe marocain ouvre une usine au Sénégal", "Près de Dakar.", FB, True),
        ("fr", "Le groupe marocain ouvre une nouvelle usine au Maroc", "À Tanger.", FB, False),
        ("uk", "Ізраїльська компанія відкрила завод в Україні", "", FB, True),
        ("ru", "Казахстанская компания открыла новый завод в Казахстане", "", FB, False),
        # A brand choosing a country for a plant, outside its own country.
        ("fr", "BYD choisit la Hongrie pour sa première usine européenne", "", FB, True),
        ("pl", "Orlen zbuduje nową fabrykę w Polsce", "Koncern zainwestuje w Płocku.", FB, False),
        ("en", "Samsung to build new chip plant in South Korea", "", FB, False),
        # A host state taking, limiting or licensing a foreign firm's business.
        ("en", "Kyrgyzstan takes Canadian miner's gold mine into state hands", "", FB, True),
        ("en", "Mexico takes rail network into state hands", "", FB, False),
        ("en", "Bolivia nationalises Spanish-owned power distributor", "", FB, True),
        ("de", "Mali verstaatlicht Goldmine von Barrick", "", FB, True),
        ("fr", "Le Mali retire son permis à un minier canadien", "", FB, True),
        ("ru", "РКН ограничил работу американского мессенджера", "", FB, True),
        ("ru", "Роскомнадзор заблокировал сайт с пиратскими фильмами", "", FB, False),
        ("en", "US curbs chip exports to Chinese firms", "", "sanctions", True),
        ("de", "Renault überlässt Avtovaz dem russischen Staat", "", FB, True),
        # Sweden's and Finland's accession, the alliance unnamed; other memberships.
        ("fr", "Le Parlement turc ratifie enfin l'adhésion de la Suède", "", "nato", True),
        ("de", "Ankara gibt Widerstand gegen Schwedens Beitritt auf", "", "nato", True),
        ("en", "Finland's membership of the eurozone turns 25", "", "nato", False),
        ("fr", "Les alliés s'engagent à consacrer 5 % de leur PIB à la défense", "", "nato", True),
        # The former secretary general as Norway's finance minister; NATO-standard shells.
        ("de", "Stoltenberg legt als Finanzminister ersten Haushalt vor", "", "nato", False),
        ("fr", "KNDS double sa production d'obus aux normes Otan", "", "nato", False),
        # German compounds with sanctions as their head; benefit sanctions.
        ("de", "Washington droht chinesischen Banken mit Sekundärsanktionen", "", "sanctions",
         True),
        ("de", "Jobcenter sollen Bürgergeld-Sanktionen verschärfen", "", "sanctions", False),
        ("fr", "Les diamants russes interdits sur le marché européen", "", "sanctions", True),
    ],
)  # fmt: skip
def test_any_nation_brands_building_host_states_nordic_accession_and_german_sanctions(
    classifier: Classifier, lang: str, title: str, text: str, topic: str, given: bool
) -> None:
    assert (topic in _labels(classifier, title, text, lang)) is given


@pytest.mark.parametrize(
    ("lang", "title", "text", "topic", "given"),
    [
        # The alliance unnamed: air policing over the Baltic states, Kosovo's peacekeepers,
        # the eastern flank's battlegroups, Article 4 abbreviated, a member joining.
        ("en", "Italian jets scrambled twice in a day over the Baltic", "", "nato", True),
        ("en", "Russian jets intercept US drone over the Baltic Sea", "", "nato", False),
        # a Russian aircraft the jets intercept is the mission's work, Russian jets are not
        ("en", "Alliance jets scrambled to intercept Russian aircraft over the Baltic", "",
         "nato", True),
        ("de", "Eurofighter fangen russisches Flugzeug über der Ostsee ab", "", "nato", True),
        ("pl", "Polskie myśliwce przechwyciły rosyjski samolot nad Bałtykiem", "", "nato",
         True),
        ("de", "Russische Kampfjets patrouillieren über der Ostsee", "", "nato", False),
        ("en", "Estonian pilots strike over pay at the national airline", "", "nato", False),
        ("fr", "Police du ciel balte : des Rafale français prennent le relais en Lituanie", "",
         "nato", True),
        ("en", "Kosovo peacekeepers get extra troops after a deadly clash", "", "nato", True),
        ("en", "Kosovo prime minister meets Serbian president in Brussels", "", "nato", False),
        ("pl", "Wielonarodowa grupa bojowa w Orzyszu ćwiczy z polskimi żołnierzami", "", "nato",
         True),
        ("pl", "Polska uruchomiła konsultacje z art. 4 po wtargnięciu dronów", "", "nato", True),
        ("de", "Finnland tritt dem Bündnis bei", "", "nato", True),
        ("de", "Nukleare Planungsgruppe berät über Abschreckung", "", "nato", True),
        ("de", "Finanzminister Stoltenberg legt Norwegens Haushalt vor", "", "nato", False),
        # Measures lifted on a nation; smuggling to a sanctioned country.
        ("en", "Washington lifts curbs on Syria's central bank", "", "sanctions", True),
        ("en", "Government lifts restrictions on alcohol sales", "", "sanctions", False),
        ("en", "Australia lifts restrictions on Chinese students", "", "sanctions", False),
        ("en", "Estonian businessman charged with smuggling Western chips to Russia", "",
         "sanctions", True),
        ("en", "Customs officers seize smuggled cigarettes from Belarus", "", "sanctions", False),
        # Firms complaining of barriers; a candidacy withdrawn is no firm leaving; blacklists,
        # diamonds and accounts are not a market.
        ("de", "Europäische Firmen klagen über Hürden in China", "", FB, True),
        ("de", "Rumäniens Präsident Iohannis hat seine Kandidatur zurückgezogen", "", FB, False),
        ("en", "Britain targets oligarchs' relatives with asset freezes and travel bans",
         "Those named can no longer enter the UK or access British bank accounts.", FB, False),
        ("fr", "Diamants russes : l'embargo étendu aux pierres taillées ailleurs",
         "Ces diamants ne pourront plus entrer sur le marché européen.", FB, False),
        ("ru", "Минфин США исключил белорусскую авиакомпанию из черного списка", "", FB, False),
    ],
)  # fmt: skip
def test_the_alliance_and_sanctions_unnamed_and_what_is_no_firm_s_move(
    classifier: Classifier, lang: str, title: str, text: str, topic: str, given: bool
) -> None:
    assert (topic in _labels(classifier, title, text, lang)) is given


@pytest.mark.parametrize(
    ("lang", "title", "text", "given"),
    [
        # A brand licensed to do business in a country; leaving and winding down in Polish;
        # headline idioms of exits and debuts; chains complaining of discrimination.
        ("en", "Netflix wins licence to operate in Indonesia after lengthy talks", "", True),
        ("en", "Pfizer wins licence for new drug in Japan", "", False),
        ("fr", "Orelsan obtient une licence pour son festival en Belgique", "", False),
        ("pl", "Uber Eats zwija działalność w Polsce", "", True),
        ("pl", "Carrefour może odejść z Polski", "Francuzi przeglądają opcje.", True),
        ("pl", "Lewandowski może odejść z polskiej reprezentacji", "", False),
        ("en", "Aldi weighs debut in Poland as discounters fight for shoppers", "", True),
        ("en", "Hamilton makes his debut in Ferrari red in Italian race", "", False),
        ("en", "Ferrari pulls the plug on Italian Grand Prix sponsorship", "", False),
        ("pl", "Zagraniczne sieci skarżą się na dyskryminację w Polsce", "", True),
    ],
)  # fmt: skip
def test_licences_windings_down_and_debuts_of_brands_in_a_market(
    classifier: Classifier, lang: str, title: str, text: str, given: bool
) -> None:
    assert (FB in _labels(classifier, title, text, lang)) is given


@pytest.mark.parametrize(
    ("lang", "title", "given"),
    [
        # A city as the market of a foreign firm setting up; the same at home is domestic.
        ("pl", "Koreański producent baterii zainwestuje miliard złotych pod Wrocławiem", True),
        ("pl", "Polski producent mebli buduje fabrykę pod Wrocławiem", False),
        ("uk", "Данський виробник збудує завод під Львовом", True),
        ("uk", "Український виробник збудує завод під Львовом", False),
        ("en", "Japanese carmaker to build plant near Pune", True),
        ("en", "Chinese carmaker opens new plant in Shanghai", False),
        ("de", "Chinesischer Batteriehersteller baut Werk bei Debrecen", True),
        ("de", "Deutscher Konzern baut neues Werk in Magdeburg", False),
    ],
)  # fmt: skip
def test_a_city_is_the_market_of_a_foreign_firm_and_home_for_a_firm_of_its_country(
    classifier: Classifier, lang: str, title: str, given: bool
) -> None:
    assert (FB in _labels(classifier, title, "", lang)) is given


@pytest.mark.parametrize(
    ("lang", "title", "text", "topic", "given"),
    [
        # Sanctions: sport's committees, a criminal article's penalty range, Polish consumer
        # credit and a descriptor are none; gallium curbs, a price cap and the SDN list are.
        ("ru", "КДК РФС применил санкции к «Зениту» из-за пиротехники в Москве", "", "sanctions",
         False),
        ("uk", "Суд у Києві заарештував посадовця: санкція статті передбачає десять років",
         "", "sanctions", False),
        ("pl", "Sankcja kredytu darmowego: banki przegrywają kolejne spory w UE", "", "sanctions",
         False),
        ("de", "Russlands Notenbank senkt den Leitzins",
         "Die Wirtschaft wuchs trotz westlicher Sanktionen.", "sanctions", False),
        ("fr", "Pékin restreint les ventes de gallium et de germanium aux États-Unis",
         "", "sanctions", True),
        ("pl", "UE obniża limit cen na rosyjską ropę", "", "sanctions", True),
        ("ru", "Минфин США внес нефтяную компанию из России в список SDN", "", "sanctions", True),
        # Foreign business: a state's own export ban and export controls are no firm's market;
        # revoked permits, a first plant outside a continent, CFIUS in German, a foothold in
        # French and a plant given up are; a chain growing at home is not.
        ("en", "Russia extends ban on diesel exports by producers", "", FB, False),
        ("en", "U.S. adds Chinese firms to entity list over drone parts", "", FB, False),
        ("ru", "Минфин США внес нефтяные компании в список SDN",
         "Американским лицам запрещено проводить операции с компаниями.", FB, False),
        ("en", "G7 lowers price cap on Russian crude",
         "The cap bars Western firms from insuring cargoes sold above it.", FB, False),
        ("de", "Russland verlängert Exportverbot für Benzin", "", "sanctions", False),
        ("fr", "Chômeurs : le nouveau barème de sanctions de France Travail", "", "sanctions",
         False),
        ("fr", "Avoirs russes immobilisés : la Belgique réclame des garanties",
         "Les actifs de la banque centrale russe sont bloqués chez Euroclear.", FB, False),
        ("fr", "La Suède devient le 32e membre de l'OTAN", "", "nato", True),
        ("de", "Brigade Litauen aufgestellt",
         "Sie soll im Rahmen der Bündnisverteidigung an der Ostflanke abschrecken.", "nato",
         True),
        ("de", "Zoll stoppt Lieferung von Drohnenteilen nach Russland", "", FB, False),
        ("en", "Chile revokes permits for Chinese-owned lithium plant", "", FB, True),
        ("en", "Vietnamese carmaker picks Spain for its first plant outside Asia", "", FB, True),
        # A known miss of the learned second opinion (p 0.81): a chain of no named nation
        # opening "its first store" reads like entering a market to a bag of words, and no
        # rule sees the domestic city. Strict: it fails the day it is classified right.
        pytest.param("en", "Coffee chain opens its first store outside Manchester", "", FB, False,
                     marks=pytest.mark.xfail(strict=True, reason="the model's known miss")),
        ("de", "Cfius prüft Übernahme eines Chipherstellers durch japanischen Konzern", "", FB,
         True),
        ("fr", "Batteries : Gotion pose un pied au Portugal", "", FB, True),
        ("pl", "Wolfspeed rezygnuje z fabryki w Niemczech", "", FB, True),
        # Poland as "nad Wisłą", a buyer sought, a supervisor examining a foreign fund, a
        # wholesaler operating on in Russia, Russian temporary management.
        ("pl", "Japońska sieć otworzy pierwszy sklep nad Wisłą", "", FB, True),
        ("pl", "Francuski detalista szuka kupca na polskie sklepy", "", FB, True),
        ("pl", "KNF bada amerykański fundusz chętny na polskiego ubezpieczyciela", "", FB, True),
        ("de", "Der Großhändler will seine Märkte in Russland weiter betreiben", "", FB, True),
        ("ru", "Заводы финской компании перешли во временное управление", "", FB, True),
        # A country in another case than the nominative ("во Франции", "в Індії").
        ("ru", "Немецкий концерн откроет завод во Франции", "", FB, True),
        ("uk", "Німецький концерн відкриє завод в Індії", "", FB, True),
        # NATO unnamed: its council, ministers, the Hague summit, Article 5 among allies;
        # an airline alliance and a firm named Allied are not it.
        ("en", "North Atlantic Council meets after drone incursion", "", "nato", True),
        ("de", "Verteidigungsminister der Allianz beraten über Munition", "", "nato", True),
        ("pl", "Po szczycie w Hadze sojusznicy liczą wydatki", "", "nato", True),
        ("fr", "Le doute sur l'article 5 inquiète les Alliés", "", "nato", True),
        # ... and its operations, commands and treaty, named without it; a carmakers' or a
        # citizens' "Bündnis" is not it.
        ("pl", "Polska prosi sojuszników o konsultacje w trybie art. 4", "", "nato", True),
        ("ru", "Корабли «Балтийского часового» усилят патрулирование", "", "nato", True),
        ("uk", "Гарантії Вашингтонського договору непорушні, заявив міністр", "", "nato", True),
        ("de", "Luftkommando in Ramstein koordiniert Abfangjäger über Polen", "", "nato", True),
        ("en", "AWACS planes deployed to Romania after drone debris found", "", "nato", True),
        ("de", "Autobauer schmieden Bündnis für Ladesäulen", "", "nato", False),
        # a member leaving it, Moscow's dialogue with it; other alliances leaving are not it
        ("en", "Trump threatens to quit the alliance over spending", "", "nato", True),
        ("ru", "Грушко: диалога между Москвой и альянсом нет", "", "nato", True),
        ("en", "Opposition alliance quits coalition talks in Nepal", "", "nato", False),
        ("en", "Airline alliance adds its first member from Africa", "", "nato", False),
        ("en", "Allied Packaging agrees merger with rival", "", "nato", False),
        # Russian and Ukrainian news writes a person's name in Cyrillic and a foreign brand
        # in Latin letters or a firm in quotes: only the brand and the firm move on a market.
        ("ru", "Мбаппе вернулся во Францию", "", FB, False),
        ("uk", "Ломаченко повернувся в Україну", "", FB, False),
        ("ru", "Uniqlo вернется в Россию", "", FB, True),
        ("ru", "«Макдоналдс» вернулся в Казахстан", "", FB, True),
        # Europe's coalition for Ukraine is not the alliance; the learned second opinion, which
        # reads "mission" and "meet" as NATO's (p 0.79), gives way to it.
        ("en", "Coalition of the willing meets in Paris to plan Ukraine security force",
         "Britain and France would lead the mission after a ceasefire.", "nato", False),
        ("de", "Koalition der Willigen berät in Paris über Schutztruppe für die Ukraine",
         "Großbritannien und Frankreich würden die Mission führen.", "nato", False),
        # Nor is the US-led contact group that pledges arms to Ukraine ("Ramstein"), which the
        # second opinion took for NATO (p 0.99); the alliance named beside it still counts.
        ("en", "Ukraine Defence Contact Group meets in Brussels",
         "Partners pledged more air defence.", "nato", False),
        ("ru", "Контактная группа по обороне Украины соберется в Брюсселе",
         "Партнеры обсудят поставки ПВО.", "nato", False),
        ("uk", "Контактна група з питань оборони України збереться в Брюсселі",
         "Партнери обговорять ППО.", "nato", False),
        ("en", "Ramstein group pledges more air defence for Ukraine", "Ministers met in Brussels.",
         "nato", False),
        ("fr", "Les ministres de la Défense de l'Otan réunis à Bruxelles avant le groupe de "
         "Ramstein", "Mark Rutte appelle à renforcer la défense aérienne.", "nato", True),
        ("ru", "Министры обороны стран НАТО соберутся в Брюсселе перед встречей в формате "
         "«Рамштайн»", "Рютте призвал союзников усилить ПВО Украины.", "nato", True),
        # A nation's allies by a possessive are not the alliance (the second opinion, p 0.94,
        # gives way); the alliance named beside them still counts.
        ("en", "Ukraine receives new air defence systems from partners",
         "Kyiv thanked its allies for the deliveries.", "nato", False),
        ("fr", "L'Ukraine reçoit de nouveaux systèmes de défense aérienne",
         "Kiev a remercié ses alliés pour les livraisons.", "nato", False),
        ("en", "Poland asks NATO for Article 4 consultations",
         "Warsaw urged its allies to meet after drones crossed its airspace.", "nato", True),
        ("de", "Nato-Gipfel in Den Haag: Bündnis beschließt Fünf-Prozent-Ziel",
         "Trump forderte seine Verbündeten auf, mehr zu zahlen.", "nato", True),
        # A member named in apposition, in another case than the nominative.
        ("ru", "Российский дрон упал в Румынии, стране НАТО",
         "Обломки нашли у границы с Украиной.", "nato", False),
        ("uk", "Російський дрон впав у Румунії, країні НАТО",
         "Уламки знайшли біля кордону з Україною.", "nato", False),
        ("pl", "Rosyjski dron spadł w Rumunii, państwie NATO",
         "Szczątki znaleziono przy granicy z Ukrainą.", "nato", False),
        ("ru", "Генсек НАТО посетил Польшу",
         "Рютте заявил, что альянс защитит каждую страну НАТО.", "nato", True),
        # A headline's bare name is a person's where the lead names its subject as one; a
        # brand's lead may open with an official, and names the firm.
        ("en", "Kimmich returns to Germany", "The midfielder joins a Bundesliga side.", FB,
         False),
        ("ru", "Kimmich вернулся в Германию", "Полузащитник перешел в клуб бундеслиги.", FB,
         False),
        ("uk", "Kimmich повернувся до Німеччини", "Півзахисник перейшов до клубу бундесліги.",
         FB, False),
        ("de", "Kimmich kehrt nach Deutschland zurück",
         "Der Mittelfeldspieler wechselt zu einem Bundesligisten.", FB, False),
        ("fr", "Mbappé revient en France",
         "L'attaquant du Real Madrid a été appelé en équipe nationale.", FB, False),
        ("pl", "Lewandowski wraca do Niemiec", "Napastnik podpisał kontrakt z klubem Bundesligi.",
         FB, False),
        ("en", "Zara returns to Ukraine",
         "Minister Svyrydenko welcomed the decision of the Spanish retailer.", FB, True),
        ("ru", "Zara вернулась в Украину",
         "Министр Свириденко приветствовала решение испанской сети.", FB, True),
        ("uk", "Zara повернулася в Україну",
         "Міністерка Свириденко привітала рішення іспанської мережі.", FB, True),
        ("de", "Zara kehrt in die Ukraine zurück",
         "Die Ministerin begrüßte die Entscheidung der spanischen Modekette.", FB, True),
        ("fr", "Zara revient en Ukraine",
         "La ministre a salué la décision de l'enseigne espagnole.", FB, True),
        ("pl", "Zara wraca na Ukrainę", "Minister pochwaliła decyzję hiszpańskiej sieci.", FB,
         True),
    ],
)  # fmt: skip
def test_rules_from_agency_style_items_and_topics_left_unnamed(
    classifier: Classifier, lang: str, title: str, text: str, topic: str, given: bool
) -> None:
    assert (topic in _labels(classifier, title, text, lang)) is given


def test_a_state_taking_a_foreign_firm_is_found_across_a_long_german_clause(
    classifier: Classifier,
) -> None:
    # Article, adjectives and a genitive put the state eleven words from its act.
    text = (
        "Präsident Putin hat die russische Tochter eines deutschen Energiekonzerns "
        "unter vorläufige staatliche Verwaltung gestellt."
    )
    assert FB in _labels(classifier, "Kreml greift zu", text, "de")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "30 shadow fleet vessels hit by sanctions"),
        ("ru", "Под санкции попали 30 судов теневого флота"),
        ("uk", "Під санкції потрапили 30 суден тіньового флоту"),
        ("de", "30 Schiffe der Schattenflotte unter Sanktionen gestellt"),
        ("fr", "30 navires de la flotte fantôme sous sanctions"),
        ("pl", "Pod sankcje trafiło 30 statków floty cieni"),
    ],
)
def test_sanctions_on_the_shadow_fleet_need_no_imposer_named(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "sanctions" in _labels(classifier, title, "", lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # the secretaries general by name, declined as Polish, Russian and Ukrainian do
        ("ru", "Кто сменит Столтенберга: в Брюсселе обсуждают кандидатуры"),
        ("uk", "Хто замінить Столтенберга: у Брюсселі обговорюють кандидатури"),
        ("pl", "Kto zastąpi Stoltenberga? W Brukseli trwają rozmowy"),
        ("pl", "Spotkanie z Markiem Ruttem w Warszawie"),
    ],
)
def test_the_secretary_general_is_named_in_every_case(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "nato" in _labels(classifier, title, "", lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Alliance condemns violation of Polish airspace"),
        ("de", "Verteidigungsbündnis verurteilt Luftraumverletzung"),
        ("ru", "Альянс осудил нарушение воздушного пространства Польши"),
        ("uk", "Альянс засудив порушення повітряного простору Польщі"),
        ("fr", "L'Alliance condamne la violation de l'espace aérien polonais"),
        ("pl", "Sojusz potępia naruszenie polskiej przestrzeni powietrznej"),
    ],
)
def test_the_alliance_acting_on_its_airspace_is_nato_without_its_name(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "nato" in _labels(classifier, title, "", lang)


def test_an_airline_alliance_in_an_airspace_is_not_nato(classifier: Classifier) -> None:
    title = "Airline alliance opens new routes through Polish airspace"
    assert "nato" not in _labels(classifier, title, "", "en")


@pytest.mark.parametrize(
    ("lang", "name", "form"),
    [
        ("uk", "нова зеландія", "нова зеландії"),  # the dictionary knows no "Зеландія"
        ("pl", "nowa zelandia", "nowej zelandia"),  # it reads "nowa" as a noun
    ],
)
def test_a_country_of_two_words_has_the_case_forms_the_lemmatiser_misses(
    lang: str, name: str, form: str
) -> None:
    words = country_words(lang)
    assert name in words
    assert form in words


def test_a_country_of_two_words_gets_no_form_the_lemmatiser_brings_back() -> None:
    # "Південній Кореї" is lemmatised to the name's words: no entry is added for it.
    assert not {w for w in country_words("uk") if w.endswith(" кореї")}
