"""Default topics on texts we wrote: positives in six languages and the hard negatives."""

# ruff: noqa: RUF001  # Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

import pytest

from streams.classify import Classifier


def topics_of(
    classifier: Classifier, title: str, body: str = "", lang: str | None = "en"
) -> set[str]:
    return {m.name for m in classifier.classify(title, "", body, lang)}


@pytest.mark.parametrize(
    ("title", "body", "lang", "topic"),
    [
        ("NATO allies agree to raise defence spending target", "", "en", "nato"),
        ("Finland formally joins Nato as 31st member", "", "en", "nato"),
        ("Лидеры НАТО встретятся в Вильнюсе", "Саммит альянса обсудит Украину.", "ru", "nato"),
        ("Генсек НАТО відвідав Київ", "", "uk", "nato"),
        ("Szczyt NATO w Wilnie: sojusz wzmacnia wschodnią flankę", "", "pl", "nato"),
        ("L'OTAN renforce sa présence en Estonie", "", "fr", "nato"),
        ("NATO-Manöver in der Ostsee beginnt", "", "de", "nato"),
        ("EU agrees twelfth sanctions package against Russia", "", "en", "sanctions"),
        ("US Treasury sanctions shipping firms over Iran oil", "", "en", "sanctions"),
        (
            "China curbs exports of gallium and germanium",
            "Beijing announced export controls.",
            "en",
            "sanctions",
        ),
        ("ЕС ввел новые санкции против России", "", "ru", "sanctions"),
        ("Нові санкції проти Росії набули чинності", "", "uk", "sanctions"),
        ("Unia Europejska przyjęła nowe sankcje wobec Rosji", "", "pl", "sanctions"),
        ("Die EU beschließt neue Sanktionen gegen Russland", "", "de", "sanctions"),
        ("L'UE adopte de nouvelles sanctions contre la Russie", "", "fr", "sanctions"),
        (
            "Carmaker completes exit from Russia, selling plant for one rouble",
            "",
            "en",
            "foreign_business",
        ),
        (
            "Government tightens screening of foreign investment in chipmakers",
            "",
            "en",
            "foreign_business",
        ),
        ("Западные компании продолжают уходить с российского рынка", "", "ru", "foreign_business"),
        ("Zachodnie firmy wycofują się z Rosji", "", "pl", "foreign_business"),
        ("Französischer Konzern kündigt Rückzug aus Russland an", "", "de", "foreign_business"),
        ("Le groupe annonce son retrait de Russie", "", "fr", "foreign_business"),
        ("Іноземні компанії продовжують роботу в Україні", "", "uk", "foreign_business"),
    ],
)
def test_articles_about_a_topic_are_labelled_with_it(
    classifier: Classifier, title: str, body: str, lang: str, topic: str
) -> None:
    assert topic in topics_of(classifier, title, body, lang)


@pytest.mark.parametrize(
    ("title", "body", "topic"),
    [
        # nato
        ("Nato Vachnadze wins the chess final", "", "nato"),
        ("Qatar designated a major non-NATO ally", "", "nato"),
        ("Is an economic NATO the answer to trade coercion?", "", "nato"),
        ("Talk of an Asian NATO worries Beijing", "", "nato"),
        ("Army orders NATO-standard artillery shells from local plant", "", "nato"),
        ("Storm hits coast", "The ferry disaster in NATO member Estonia left 12 dead.", "nato"),
        ("Floods sweep the valley", "Rescue teams from NATO member Finland arrived late.", "nato"),
        # sanctions
        ("Club handed points deduction and transfer sanctions by league", "", "sanctions"),
        ("Jobseekers face benefit sanctions under new rules", "", "sanctions"),
        ("Judge sanctions lawyers for citing invented cases", "", "sanctions"),
        ("Energy price cap to fall in January, Ofgem says", "", "sanctions"),
        ("Government extends tariffs on imported steel", "", "sanctions"),
        ("Country bans diesel exports to ease domestic shortage", "", "sanctions"),
        (
            "Village fair returns",
            "Despite Western sanctions, the fair drew record crowds.",
            "sanctions",
        ),
        # foreign_business
        ("Band pulls out of world tour after singer falls ill", "", "foreign_business"),
        ("Airline pulls out of regional flights to save costs", "", "foreign_business"),
        (
            "Two domestic banks agree to merge",
            "The merger creates the country's largest lender.",
            "foreign_business",
        ),
        ("Retailer to close 40 stores across the country", "", "foreign_business"),
        ("Local subsidiary launches a new phone model", "", "foreign_business"),
        ("Team withdraws from the tournament", "", "foreign_business"),
    ],
)
def test_hard_negatives_from_the_topic_definitions_are_not_labelled(
    classifier: Classifier, title: str, body: str, topic: str
) -> None:
    assert topic not in topics_of(classifier, title, body)


def test_a_title_hit_outweighs_a_single_incidental_body_mention(classifier: Classifier) -> None:
    long_body = "Officials spoke about the weather and harvests. " * 12 + "NATO was not discussed."
    assert "nato" not in topics_of(classifier, "Farmers count the cost of drought", long_body)
    assert "nato" in topics_of(classifier, "NATO weighs new air policing mission", long_body)


# A story on something else whose one sentence deep in the body names the topic strongly
# enough to label it alone: (language, title, the sentences before, that sentence, topic).
_PASSING = [
    ("en", "Baltic states brace for a hard winter as gas prices rise",
     ["Lithuania, Latvia and Estonia have filled their gas storage to 90 percent.",
      "Prices for households are expected to rise by a fifth.",
      "Governments plan subsidies for pensioners."],
     "Officials also pointed to NATO's air policing mission, which guards the region's skies.",
     "nato"),
    ("pl", "Rekordowa liczba turystów w Gdańsku",
     ["Gdańsk odwiedziło w tym roku ponad 3 mln turystów.",
      "Najwięcej gości przyjechało z Niemiec i Skandynawii.",
      "Miasto chwali się nowymi hotelami."],
     "Port gościł też okręty sojuszników z NATO podczas ćwiczeń BALTOPS.", "nato"),
    ("de", "Rekordernte bei Äpfeln im Alten Land",
     ["Die Obstbauern an der Elbe haben so viele Äpfel geerntet wie nie.",
      "Das Wetter im Frühjahr war ideal.",
      "Die Preise für Verbraucher sollen dennoch stabil bleiben."],
     "Auf dem Erntefest spielte eine Kapelle der Bundeswehr, die im Rahmen der Nato-Mission "
     "in Litauen stationiert ist.", "nato"),
    ("ru", "В Калининграде открылся новый аквапарк",
     ["Комплекс рассчитан на две тысячи посетителей в день.",
      "Строительство заняло три года.",
      "Билеты для детей будут стоить 900 рублей."],
     "По словам застройщика, часть оборудования пришлось заменить на китайское из-за "
     "западных санкций против России.", "sanctions"),
    ("fr", "La Bretagne bat un record de fréquentation touristique",
     ["Plus de dix millions de visiteurs sont venus cet été.",
      "Les plages et les festivals ont fait le plein.",
      "Les hôteliers se disent satisfaits."],
     "Le port de Brest a aussi accueilli des frégates de l'Otan lors d'un exercice de "
     "l'Alliance en mer.", "nato"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "title", "before", "sentence", "topic"), _PASSING)
def test_a_topic_named_in_one_sentence_deep_in_the_body_is_a_passing_mention(
    classifier: Classifier, lang: str, title: str, before: list[str], sentence: str, topic: str
) -> None:
    def labels(*sentences: str) -> set[str]:
        return {m.name for m in classifier.classify(title, "", " ".join(sentences), lang)}

    assert topic not in labels(*before, sentence)
    explanation = classifier.explain(title, "", " ".join([*before, sentence]), lang, topic)
    assert explanation.passing == len(before)
    assert "a passing mention" in explanation.render()
    # in the lead, or in two sentences, the topic is developed: given
    assert topic in labels(before[0], sentence, *before[1:])
    assert topic in labels(*before, sentence, sentence)


def test_matches_are_ordered_best_first_with_scores_in_the_unit_interval(
    classifier: Classifier,
) -> None:
    matches = classifier.classify(
        "EU sanctions Russian oil; NATO allies back the embargo",
        "",
        "The sanctions package and the embargo on Russian oil take effect as NATO meets.",
        "en",
    )
    assert [m.name for m in matches][:1] == ["sanctions"]
    assert all(0.0 < m.score < 1.0 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_evidence_offsets_point_at_the_matched_text_in_each_field(classifier: Classifier) -> None:
    title = "Brussels adopts new sanctions on Moscow"
    summary = "A short summary that the content does not repeat: санкции против России."
    content = "The European Union said the sanctioned banks lose access to SWIFT. Sanctions bite."
    matches = classifier.classify(title, summary, content, None)
    fields = {"title": title, "summary": summary, "content": content}
    evidence = [e for m in matches for e in m.evidence]
    assert {e.field for e in evidence} == {"title", "summary", "content"}
    for e in evidence:
        matched = fields[e.field][e.start : e.end].casefold()
        if e.term.startswith("frame:"):
            # A frame's span runs from its first slot word to its last, each inside it.
            words = [part.split("=", 1)[1].casefold() for part in e.term.split(" + ")]
            assert all(word in matched for word in words), (e, matched)
            assert any(matched.startswith(word) for word in words), (e, matched)
        else:
            assert matched.startswith(e.term.rstrip("*").casefold()), (e, matched)


def test_a_summary_repeated_inside_the_content_is_not_counted_twice(
    classifier: Classifier,
) -> None:
    lead = "The alliance met. NATO ministers spoke."
    once = classifier.classify("Ministers meet", "", lead, "en")
    twice = classifier.classify("Ministers meet", lead, lead, "en")
    assert [m.score for m in once] == [m.score for m in twice]


@pytest.mark.parametrize(
    "summary",
    [
        # the body's opening cut short, mid-word or after a word, as feeds give it
        "The Russian economy grew 1% in the third quarter. Analysts said Western sanctions and "
        "high rates weighed on the country's inves...",
        "The Russian economy grew 1% in the third quarter. Analysts said Western sanctions and "
        "high rates weighed on the country's investment…",
        "The Russian economy grew 1% in the third quarter. Analysts said Western sanctions and "
        "high rates weighed on the country's investment. ...",
        # or with other quotation marks than the content's
        "The Russian economy grew 1% in the third quarter. Analysts said Western sanctions and "
        "high rates weighed on the country’s investment.",
    ],
)
def test_a_summary_cut_short_from_the_content_is_not_counted_twice(
    classifier: Classifier, summary: str
) -> None:
    # Read twice, the one mention of sanctions in the body would label the article.
    title = "Russia's economy slows as central bank holds rates"
    content = (
        "The Russian economy grew 1% in the third quarter. Analysts said Western sanctions and "
        "high rates weighed on the country's investment. The central bank kept its key rate "
        "at 16.5%."
    )
    assert classifier.classify(title, summary, content, "en") == classifier.classify(
        title, "", content, "en"
    )


@pytest.mark.parametrize(
    ("body", "outlet"),
    [
        ("Kremlin seizes the Russian unit of a Danish brewer  Reuters", "Reuters"),
        ("Moscow. Kremlin seizes the Russian unit of a Danish brewer, officials said.",
         "Moscow. Officials said."),
    ],
)  # fmt: skip
def test_a_title_repeated_in_the_bodys_opening_is_not_read_again(
    classifier: Classifier, body: str, outlet: str
) -> None:
    title = "Kremlin seizes the Russian unit of a Danish brewer"
    repeated = classifier.classify(title, "", body, "en")
    assert repeated  # foreign business, from the title
    assert [(m.name, m.score) for m in repeated] == [
        (m.name, m.score) for m in classifier.classify(title, "", outlet, "en")
    ]


def test_a_summary_of_its_own_ending_in_an_ellipsis_is_read(classifier: Classifier) -> None:
    summary = "The EU imposed new sanctions on the shadow fleet of Russia..."
    matches = classifier.classify("EU agrees new measures", summary, "Ministers met.", "en")
    assert any(e.field == "summary" for m in matches for e in m.evidence)
