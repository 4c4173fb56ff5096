"""The foreign-market and sanctions vocabulary of TOPICS.md in every shipped language.

Texts we wrote. Positives are the wording the specification names (foreign firms entering,
leaving, restricted in or expropriated by a national market; foreign-investment screening and
flows; market-access disputes; asset freezes, export controls and price caps). Negatives are
its hard negatives and the look-alikes the new words invite: people leaving a country,
restrictions on foreign journalists, domestic sales figures, tours, a country's own fuel.
"""

# ruff: noqa: RUF001  # Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

import pytest

from streams.classify import Classifier


def topics_of(classifier: Classifier, title: str, body: str = "", lang: str = "en") -> set[str]:
    return {m.name for m in classifier.classify(title, "", body, lang)}


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # leaving a market, in the words firms and reporters use
        ("Carmaker sells its Russian arm to a local dealer", "en"),
        ("Retailer completes its divestment from Russia", "en"),
        ("Search engine withdraws from China over censorship rules", "en"),
        ("Telecom group exits Myanmar after the coup", "en"),
        ("Брокер покидает российский рынок", "ru"),
        ("Автоконцерн продал российский бизнес местному дилеру", "ru"),
        ("Шведская компания приостановила работу в России", "ru"),
        ("Виробник меблів пішов з російського ринку", "uk"),
        ("Західні бренди залишають Росію", "uk"),
        ("Der Konzern verlässt Russland endgültig", "de"),
        ("Ausstieg aus Russland kostet den Versicherer Milliarden", "de"),
        ("Le groupe se retire de Russie", "fr"),
        ("Le constructeur cède sa filiale russe", "fr"),
        ("Sieć handlowa wycofuje się z rynku rosyjskiego", "pl"),
        ("Koncern kończy działalność w Rosji", "pl"),
        # restricted in a market, market access
        ("Beijing adds two American defence firms to its unreliable entity list", "en"),
        ("Investors complain of forced technology transfer in joint ventures", "en"),
        ("New restrictions on foreign carmakers take effect", "en"),
        ("Beijing promises to open up to foreign banks", "en"),
        ("Regulator begins cybersecurity review of American memory maker", "en"),
        ("Уряд обмежив доступ до ринку для іноземних банків", "uk"),
        # screening and flows of foreign investment
        ("Regulator to screen foreign bids for telecom operators", "en"),
        ("Chinese takeover of a robot maker is blocked", "en"),
        ("Chinese investment in Europe falls to a ten-year low", "en"),
        ("Ausländische Investitionen in Polen erreichen einen Rekord", "de"),
        ("Chinesische Übernahme eines Roboterherstellers untersagt", "de"),
        ("Les investissements étrangers en France reculent", "fr"),
        ("Inwestorzy zagraniczni omijają region", "pl"),
        ("Rząd zaostrza kontrolę inwestycji z Azji", "pl"),
        ("Иностранные инвестиции в регион сократились", "ru"),
    ],
)
def test_foreign_market_vocabulary_makes_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "body", "lang"),
    [
        # people, not firms, leave countries (a headline may say it; a lead alone does not)
        ("Young engineers look for work abroad", "Many left Russia in the spring.", "en"),
        ("Thousands of students leave China for Japan", "", "en"),
        ("Exodus from Russia: programmers settle in Georgia", "", "en"),
        ("Refugees leave Myanmar by boat", "", "en"),
        ("Эмиграция растёт", "Молодые специалисты покидают Россию.", "ru"),
        ("Künstler im Exil", "Viele Musiker verlassen Russland, sagt der Verband.", "de"),
        # domestic figures and restrictions on foreign people or things
        ("Car sales in Russia fell by a third in March", "", "en"),
        ("China eases restrictions on foreign journalists", "", "en"),
        ("Minister warns of agents serving foreign interests", "", "en"),
        ("Regulator lifts the ownership cap on local TV stations", "", "en"),
        ("Малый бизнес в России просит налоговых льгот", "", "ru"),
        ("Малий бізнес у Росії скорочується", "", "uk"),
        ("Ein in Russland tätiger Reporter wurde ausgewiesen", "", "de"),
        ("Russian division loses two battalions near the front", "", "en"),
        # "pulling out" of a tour is not leaving a market
        ("Singer pulls out of Russia tour", "", "en"),
        ("Band pulls out of China tour after visa row", "", "en"),
        # a state nationalising its own assets; a product withdrawn
        ("Le gouvernement veut nationaliser le réseau électrique", "", "fr"),
        ("Producent wycofał model z rynku po testach", "", "pl"),
    ],
)
def test_look_alikes_of_the_foreign_market_vocabulary_do_not_make_foreign_business(
    classifier: Classifier, title: str, body: str, lang: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, body, lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Заморозка активов России продлена Евросоюзом", "ru"),
        ("Суд одобрил конфискацию российских активов в пользу Украины", "ru"),
        ("ЄС обговорює цінову стелю на російську нафту", "uk"),
        ("Нові експортні контролі США проти Китаю", "uk"),
        ("Deutschland verschärft Ausfuhrkontrollen für Chips nach China", "de"),
        ("Zamrożenie aktywów Rosji przedłużone", "pl"),
        ("Pułap cenowy na ropę z Rosji obniżony", "pl"),
        ("L'UE ajoute trois banques russes à sa liste noire des sanctions", "fr"),
    ],
)
def test_sanctions_vocabulary_in_every_shipped_language(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "sanctions" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "body", "lang"),
    [
        # a country keeping its own fuel at home
        (
            "Россия продлила запрет на экспорт бензина",
            "Экспортные ограничения действуют до мая.",
            "ru",
        ),
        # a blacklist alone is no sanction
        ("Czarna lista dłużników rośnie", "", "pl"),
        ("La liste noire des restaurants", "", "fr"),
    ],
)
def test_look_alikes_of_the_sanctions_vocabulary_do_not_make_sanctions(
    classifier: Classifier, title: str, body: str, lang: str
) -> None:
    assert "sanctions" not in topics_of(classifier, title, body, lang)


def test_sanctions_are_recognised_when_a_state_named_only_in_the_language_imposes_them(
    classifier: Classifier,
) -> None:
    # The context terms name the states and blocs that impose sanctions in each language.
    assert "sanctions" in topics_of(classifier, "Нові санкції проти Ірану", lang="uk")
    assert "sanctions" in topics_of(classifier, "Neue Sanktionen gegen Belarus", lang="de")
    assert "sanctions" in topics_of(classifier, "Nowe sankcje wobec Białorusi", lang="pl")
