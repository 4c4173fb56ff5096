"""Topic vocabulary beyond the topic's own name, on texts we wrote: each rule has a case here.

Positives use the wording the definitions in TOPICS.md name (asset seizures, shadow fleets,
designations, exits from a national market, temporary management); negatives are the
descriptors and look-alikes those definitions exclude, in every language we carry.
"""

# ruff: noqa: RUF001  # Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

import pytest

from streams.classify import Classifier


def topics_of(classifier: Classifier, title: str, body: str = "", lang: str = "en") -> set[str]:
    return {m.name for m in classifier.classify(title, "", body, lang)}


@pytest.mark.parametrize(
    ("title", "body", "lang", "topic"),
    [
        # sanctions without the word "sanction"
        ("Kremlin vows response if the West moves on seizing assets", "", "en", "sanctions"),
        ("Tankers of Russia's shadow fleet stopped off Denmark", "", "en", "sanctions"),
        ("G7 debates lending against immobilised Russian assets", "", "en", "sanctions"),
        ("Treasury adds three Iranian traders to the SDN list", "", "en", "sanctions"),
        ("EU extends restrictive measures on Belarus for a year", "", "en", "sanctions"),
        ("Dänemark kontrolliert Tanker der russischen Schattenflotte", "", "de", "sanctions"),
        ("La flotte fantôme russe inquiète la Baltique", "", "fr", "sanctions"),
        ("Flota cieni Rosji na Bałtyku", "", "pl", "sanctions"),
        ("Танкеры теневого флота России задержаны", "", "ru", "sanctions"),
        ("Berlin fordert ein Ölembargo gegen Russland", "", "de", "sanctions"),
        ("EU bans Russian diamond imports", "", "en", "sanctions"),
        ("Beijing curbs exports of rare earth magnets", "", "en", "sanctions"),
        # Sanctions' toll on a labour market counts the unemployed: no benefit sanction.
        *[
            (title, body, lang, "sanctions")
            for lang, title, body in [
                (
                    "en",
                    "Sanctions push up unemployment in Russia",
                    "The number of unemployed rose by 200,000.",
                ),
                (
                    "ru",
                    "Санкции ударили по рынку труда России",
                    "Число безработных выросло на 200 тысяч.",
                ),
                (
                    "uk",
                    "Санкції б'ють по ринку праці Росії",
                    "Кількість безробітних зросла на 200 тисяч.",
                ),
                (
                    "de",
                    "Sanktionen treiben Arbeitslosigkeit in Russland nach oben",
                    "Die Zahl der Arbeitslosen stieg um 200.000.",
                ),
                (
                    "fr",
                    "Les sanctions font grimper le chômage en Russie",
                    "Le nombre de chômeurs a augmenté de 200 000.",
                ),
                (
                    "pl",
                    "Sankcje uderzają w rynek pracy w Rosji",
                    "Liczba bezrobotnych wzrosła o 200 tysięcy.",
                ),
            ]
        ],
        # Ukraine's security council named in full imposes Ukraine's sanctions.
        (
            "Рада нацбезпеки ввела обмеження проти власників кораблів",
            "Санкції стосуються 56 суден.",
            "uk",
            "sanctions",
        ),
        (
            "Совет национальной безопасности и обороны ввел ограничения против судов",
            "Санкции касаются владельцев кораблей.",
            "ru",
            "sanctions",
        ),
        ("Foreign companies still operating in Russia face pressure", "", "en", "foreign_business"),
        # foreign_business: exits, seizures and screening in the words TOPICS.md uses
        (
            "Brewer agrees to sell its Russian business with a buyback option",
            "",
            "en",
            "foreign_business",
        ),
        (
            "Kremlin puts yoghurt maker's local unit under temporary management",
            "",
            "en",
            "foreign_business",
        ),
        (
            "Regulator widens screening of foreign bids for port operators",
            "",
            "en",
            "foreign_business",
        ),
        ("Автопроизводитель объявил об уходе из России", "", "ru", "foreign_business"),
        # Ukraine's agency for seized assets handing a Russian firm's to a manager.
        ("АРМА передала в управління активи російської компанії", "", "uk", "foreign_business"),
        # "St." before a name ends no sentence: the court and the seizure are one clause.
        (
            "Gericht in St. Petersburg beschlagnahmt Vermögen von Deutscher Bank",
            "",
            "de",
            "foreign_business",
        ),
        ("Компания решила покинуть российский рынок до конца года", "", "ru", "foreign_business"),
        ("Le constructeur va quitter la Russie", "", "fr", "foreign_business"),
        ("Sieć handlowa chce opuścić Rosję", "", "pl", "foreign_business"),
        ("Der Autobauer zieht sich aus Russland zurück", "", "de", "foreign_business"),
        (
            "Regierung verschärft die Investitionskontrolle bei Chipfirmen",
            "",
            "de",
            "foreign_business",
        ),
    ],
)
def test_topic_vocabulary_beyond_the_topic_name_is_recognised(
    classifier: Classifier, title: str, body: str, lang: str, topic: str
) -> None:
    assert topic in topics_of(classifier, title, body, lang)


@pytest.mark.parametrize(
    ("title", "body", "lang", "topic"),
    [
        # A singular NATO descriptor names a country, even in a headline.
        ("NATO state declares three days of mourning", "", "en", "nato"),
        ("NATO member hosts a chess olympiad", "", "en", "nato"),
        ("Un pays de l'OTAN accueille le festival", "", "fr", "nato"),
        ("Kraj NATO ogłasza żałobę narodową", "", "pl", "nato"),
        # a reporting name, however it is said
        ("Russian Su-34 bombers, known to NATO as Fullback, strike Kharkiv", "", "en", "nato"),
        # "Захід" with a capital is the West, no measure against Russia
        ("Захарова звинуватила Захід у війні проти Росії", "", "uk", "sanctions"),
        # a designation as an ally is no sanction
        ("US designates Kenya a major non-NATO ally", "", "en", "sanctions"),
        # a former military chief, whatever he now heads
        ("Un ancien chef militaire de l'Otan prend la tête d'un institut", "", "fr", "nato"),
        # An event beside a summit is not about the alliance.
        (
            "On the sidelines of the NATO summit, two leaders discuss a fighter-jet sale",
            "",
            "en",
            "nato",
        ),
        # Sports and court discipline, even with a state named beside it.
        ("UEFA sanctions Russian club over fan chants", "", "en", "sanctions"),
        ("Russian skater faces doping sanctions", "", "en", "sanctions"),
        ("Judge sanctions Trump lawyers over invented citations", "", "en", "sanctions"),
        # A country keeping its own staples at home is not a sanction.
        ("Russia curbs exports of gasoline to cool pump prices", "", "en", "sanctions"),
        ("India restricts exports of rice", "Rice exports fall.", "en", "sanctions"),
        # "despite sanctions" descriptors in every language we carry
        (
            "Kunstmesse wächst",
            "Trotz der Sanktionen kamen mehr Besucher aus Moskau.",
            "de",
            "sanctions",
        ),
        (
            "Le salon grandit",
            "Malgré les sanctions, les visiteurs russes sont venus.",
            "fr",
            "sanctions",
        ),
        ("Targi rosną", "Mimo sankcji z Rosji przyjechało więcej gości.", "pl", "sanctions"),
        ("Ярмарка выросла", "Несмотря на санкции, в Москву приехали гости.", "ru", "sanctions"),
        ("Мороженое подорожало", "Санкции санкциями, но спрос в России растёт.", "ru", "sanctions"),
        # Residence-for-investment schemes are neither sanctions nor market entry.
        ("Golden visa scheme for foreign investors is scrapped", "", "en", "foreign_business"),
        # A finance ministry's licence to deal with a sanctioned firm is no market licence.
        (
            "Минфин США продлил лицензию на операции с «Лукойлом»",
            "Разрешение позволяет завершить сделки до конца месяца.",
            "ru",
            "foreign_business",
        ),
        # A state nationalising its own firms or resources is not a foreign-market story.
        ("Government nationalises the national rail operator", "", "en", "foreign_business"),
        ("Le gouvernement nationalise les autoroutes", "", "fr", "foreign_business"),
        # Stoltenberg, named in a headline, as Norway's finance minister in the lead: his title
        # outweighs his name.
        (
            "Stoltenberg presents a record budget",
            "Norway's finance minister Jens Stoltenberg proposed more spending from the oil fund.",
            "en",
            "nato",
        ),
        (
            "Stoltenberg présente un budget record",
            "Le ministre norvégien des Finances, Jens Stoltenberg, puise dans le fonds pétrolier.",
            "fr",
            "nato",
        ),
        (
            "Stoltenberg: Norwegia sięgnie do funduszu",
            "Minister finansów Norwegii Jens Stoltenberg przedstawił projekt budżetu.",
            "pl",
            "nato",
        ),
        # A model withdrawn from a market is a product decision, not a market exit.
        (
            "Марка уберёт с российского рынка старый седан",
            "Продажи модели на российском рынке прекратятся.",
            "ru",
            "foreign_business",
        ),
    ],
)
def test_descriptors_and_look_alikes_do_not_make_a_topic(
    classifier: Classifier, title: str, body: str, lang: str, topic: str
) -> None:
    assert topic not in topics_of(classifier, title, body, lang)


def test_plural_nato_members_in_a_headline_still_mean_the_alliance(
    classifier: Classifier,
) -> None:
    assert "nato" in topics_of(classifier, "NATO member states agree on a new spending goal")
    assert "nato" in topics_of(classifier, "NATO members agree on a new spending goal")
