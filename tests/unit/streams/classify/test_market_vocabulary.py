"""The foreign-market and sanctions vocabulary of TOPICS.md in every shipped language.

Texts we wrote. Positives are the wording the specification names (foreign firms entering,
leaving, returning to, restricted in or expropriated by a national market, barred from it,
stripped of licences or made to sell; foreign-investment screening and flows; market-access
disputes; asset freezes, export controls and price caps). Negatives are its hard negatives and
the look-alikes the new words invite: people leaving or returning to a country, restrictions
on foreign journalists, domestic sales figures, licences and forced sales at home, products
reaching the shops, tours, a country's own fuel.
"""

# ruff: noqa: RUF001  # Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

import pytest

from streams.classify import Classifier
from streams.classify.lexicon import is_country_compound


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
        # a court freezing assets in a case of its own
        ("Court freezes assets of former mayor in fraud case", "", "en"),
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


def test_a_court_freezing_assets_under_a_sanctions_regime_is_still_sanctions(
    classifier: Classifier,
) -> None:
    # The exclusion covers the court's own freeze, not the sanction words beside it.
    assert "sanctions" in topics_of(classifier, "Court freezes assets of sanctioned oligarch")
    assert "sanctions" in topics_of(classifier, "EU freezes assets of Russian central bank")


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # suspending sales or selling a stake, short of the word "exit"
        ("Carmaker suspends sales in Russia", "en"),
        ("Insurer sells its stake in Russian joint venture", "en"),
        ("Приостановил продажи в России производитель техники", "ru"),
        ("Ушедшие компании смогут выкупить свои активы", "ru"),
        ("Концерн призупинив роботу в Росії", "uk"),
        # returning to a market
        ("Шведский ритейлер вернется на российский рынок", "ru"),
        ("Мережа кав'ярень повернулася на російський ринок", "uk"),
        ("Coffee chain plans to return to the Russian market", "en"),
        # entering a market
        ("Китайский автобренд пришёл на российский рынок", "ru"),
        ("Польський банк заходить на український ринок", "uk"),
        ("Chinesischer Autobauer drängt auf den deutschen Markt", "de"),
        ("Chiński producent aut wchodzi na polski rynek", "pl"),
        # leaving markets other than Russia, in the present tense too
        ("Consumer goods maker exits Nigeria", "en"),
        ("Lender exits Hong Kong retail banking", "en"),
        ("Möbelhändler zieht sich aus China zurück", "de"),
        ("Le distributeur se retire de Chine", "fr"),
        ("Sieć odzieżowa wycofuje się z Polski", "pl"),
        ("Koncern wycofuje się z Chin", "pl"),
        # barred from a market, licences revoked, a market opened
        ("Foreign banks barred from operating in the capital", "en"),
        ("Regulator revokes licences of two foreign firms", "en"),
        ("Регулятор отозвал лицензию иностранного банка", "ru"),
        ("Beijing pledges to open its markets wider", "en"),
        # forced sales and state trusteeship
        ("Lawmakers pass divest-or-ban bill for video app", "en"),
        ("Regulator orders forced divestment of chip plant", "en"),
        ("Raffinerie bleibt unter Treuhandverwaltung", "de"),
        ("Wywłaszczenie i zarząd przymusowy dla spółki", "pl"),  # two weak cues together
        # investment screening under its national names
        ("Ottawa blocks takeover under the Investment Canada Act", "en"),
        ("Rome uses golden power to block sale of robot maker", "en"),
        ("Brussels opens first probe under the Foreign Subsidies Regulation", "en"),
    ],
)
def test_each_class_of_market_event_makes_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # people, not firms, return to a country
        ("Хоккеист возвращается в Россию", "ru"),
        ("Спортсмен повернувся до Росії", "uk"),
        ("Rückkehr nach Russland: Familie findet keine Wohnung", "de"),
        ("Retour en Russie pour le joueur", "fr"),
        ("Hokeista powrócił do Rosji", "pl"),
        # a product reaching the shops or leaving them is no market entry or exit
        ("Новая модель смартфона выходит на российский рынок", "ru"),
        ("Popularny jogurt znika z polskiego rynku", "pl"),
        # domestic licences, forced sales and trusteeships
        ("City revokes licence of late-night bar", "en"),
        ("ЦБ отозвал лицензию у регионального банка", "ru"),
        ("Регулятор відкликав ліцензію страховика", "uk"),
        ("Lizenz entzogen: Taxiunternehmen muss schließen", "de"),
        ("Court orders forced sale of the family farm", "en"),
        ("Vente forcée de la maison familiale", "fr"),
        ("Mise sous tutelle de l'hôpital de la ville", "fr"),
        ("Expats face a new exit tax", "en"),
        ("Sąd ustanowił zarząd przymusowy nad kamienicą", "pl"),
        ("Tennis star plans comeback in Russia", "en"),
        # barred from, probed over or withdrawing from something that is not a market
        ("Airline banned from operating in EU airspace", "en"),
        ("Police open cybersecurity probe into school hack", "en"),
        ("Market opening delayed by the holiday", "en"),
        ("Peacekeepers withdraw from India border post", "en"),
        ("Sprinter pulls out of India meet with injury", "en"),
        # seizing control, returning to Russia, leaving a product market: not only firms
        ("Army seizes control of the capital's airport", "en"),
        ("Former champion returns to Russia to coach", "en"),
        ("Спортсмены вернутся в Россию после сборов", "ru"),
        ("Producent wycofał się z rynku smartfonów", "pl"),
        # "Russia tour" is excluded as a market cue, yet "tour" still speaks against the topic
        ("Band cancels Russia tour and pulls out of Russia", "en"),
    ],
)
def test_look_alikes_of_each_class_of_market_event_do_not_make_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # a market by the name newsrooms give it: an abbreviation or a by-name
        ("Coffee chain pulls out of the UK", "en"),
        ("Retailer pulls out of Turkey", "en"),
        ("Bank sells its business in Britain", "en"),
        ("Нидерландская компания окончательно ушла из РФ", "ru"),
        ("Японский автопроизводитель остановил завод в Поднебесной", "ru"),
        ("Датський виробник припинив продажі в РФ", "uk"),
        ("Der Möbelkonzern eröffnet seine erste Filiale in den VAE", "de"),
        ("Chinesischer Autobauer startet den Verkauf hierzulande", "de"),
        ("Le constructeur chinois arrive dans l'Hexagone", "fr"),
        ("Le groupe américain ferme son usine outre-Rhin", "fr"),
        ("Le groupe français ouvre une usine aux Etats-Unis", "fr"),
        ("Koreański koncern otwiera fabrykę w RFN", "pl"),
        ("Niemiecki koncern wycofuje się z Państwa Środka", "pl"),
        # a Polish plural name in the genitive, which the lemmatiser reads as a person
        ("Koncern wycofuje się z Niemiec", "pl"),
        ("Firma wycofuje się z Węgier", "pl"),
    ],
)
def test_a_market_named_as_the_press_names_it_makes_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # the firm's own country, by its press name: domestic business
        ("Российская компания открыла сто магазинов в РФ", "ru"),
        ("Ein deutscher Konzern eröffnet ein Werk in der Bundesrepublik", "de"),
        ("Un groupe français ouvre une usine dans l'Hexagone", "fr"),
        ("British retailer opens new stores across the UK", "en"),
        # "turkey" in lower case is the bird
        ("Retailer pulls out of turkey farming", "en"),
    ],
)
def test_a_press_name_makes_no_foreign_market_at_home_or_written_as_a_word(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # a large listed firm whose name the dictionary knows as a word
        ("Tesla opens showroom in India", "en"),
        ("Amazon launches in Brazil", "en"),
        ("Toyota eröffnet Werk in Indien", "de"),
        ("Carrefour quitte l'Italie", "fr"),
        ("Toyota opens a new plant in India", "en"),
    ],
)
def test_a_listed_firm_named_by_a_dictionary_word_moves_in_a_market(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Apple harvest collapses in Poland after frost", "en"),
        ("Fox News host leaves for Russia", "en"),
        ("Target of Russian strikes: Ukraine's energy grid", "en"),
        ("Orange : la Russie prolonge la détention du journaliste", "fr"),
        # a listed firm at home, by the country of its listing
        ("Toyota opens a new plant in Japan", "en"),
        ("Boeing opens factory in the US", "en"),
        ("Siemens eröffnet neues Werk in Deutschland", "de"),
        ("Carrefour ouvre cinquante magasins en France", "fr"),
    ],
)
def test_a_listed_name_as_an_everyday_word_or_at_home_moves_nothing(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Rosja przejmuje aktywa duńskiego browaru", "pl"),
        ("La Russie saisit les actifs d'un brasseur danois", "fr"),
    ],
)
def test_a_state_taking_a_foreign_brewer_s_assets_is_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang", "given"),
    [
        # exports restricted to another state: sanctions
        ("Japan bans exports of luxury cars to Russia", "en", True),
        ("Япония запретила экспорт автомобилей в Россию", "ru", True),
        ("Японія заборонила експорт автомобілів до Росії", "uk", True),
        ("Japan verbietet Export von Autos nach Russland", "de", True),
        ("Le Japon interdit les exportations de voitures vers la Russie", "fr", True),
        ("Japonia zakazuje eksportu samochodów do Rosji", "pl", True),
        # a state's ban on its own exports, no destination named: trade policy at home
        ("Government bans timber exports to protect forests", "en", False),
        ("Правительство запретило экспорт древесины", "ru", False),
        ("Уряд заборонив експорт деревини", "uk", False),
        ("Regierung verbietet den Export von Holz", "de", False),
        ("Le gouvernement interdit l'exportation de bois", "fr", False),
        ("Rząd przedłuża zakaz eksportu drewna", "pl", False),
    ],
)
def test_exports_restricted_are_sanctions_only_towards_another_state(
    classifier: Classifier, title: str, lang: str, given: bool
) -> None:
    assert ("sanctions" in topics_of(classifier, title, lang=lang)) is given


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("US fund to invest $200 million in Ukraine", "en"),
        ("Американский фонд инвестирует 200 млн долларов в Украину", "ru"),
        ("Американський фонд інвестує 200 млн доларів в Україну", "uk"),
        ("US-Fonds investiert 200 Millionen Dollar in der Ukraine", "de"),
        ("Un fonds américain investit 200 millions de dollars en Ukraine", "fr"),
        ("Amerykański fundusz zainwestuje 200 mln dolarów w Ukrainie", "pl"),
    ],
)
def test_a_foreign_fund_investing_in_a_market_is_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("US charity fund to open hospital in Ukraine", "en"),
        ("Американский благотворительный фонд откроет больницу в Украине", "ru"),
        ("Американський благодійний фонд відкриє лікарню в Україні", "uk"),
        ("Amerikanische Hilfsorganisation eröffnet Krankenhaus in der Ukraine", "de"),
        ("Un fonds caritatif américain ouvre un hôpital en Ukraine", "fr"),
        ("Amerykański fundusz charytatywny otworzy szpital w Ukrainie", "pl"),
    ],
)
def test_a_foreign_charity_opening_a_hospital_is_aid_not_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("States hand over tanks to Ukraine", "en"),
        ("Государства Запада передали Украине ракеты", "ru"),
        ("Держави-партнери передали Україні літаки F-16", "uk"),
        ("Staaten übergeben der Ukraine Panzer", "de"),
        ("Des États cèdent des chars à l'Ukraine", "fr"),
        ("Państwa NATO przekazały Ukrainie nowe czołgi", "pl"),
    ],
)
def test_states_handing_arms_to_a_country_is_no_presence_given_to_a_state(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # a nation's adjective that does not begin as its country's name does
        ("Литовский ритейлер купил сеть супермаркетов в Украине", "ru"),
        ("Литовський ритейлер купив мережу супермаркетів в Україні", "uk"),
        ("Litewska sieć kupiła supermarkety na Ukrainie", "pl"),
        # and a market it is bought in, beside the nation of a firm bought
        ("Lithuanian retailer buys supermarket chain in Ukraine", "en"),
        ("Litauischer Händler kauft Supermarktkette in der Ukraine", "de"),
        ("Un distributeur lituanien rachète une chaîne de supermarchés en Ukraine", "fr"),
    ],
)
def test_a_foreign_firm_buying_in_a_market_is_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Литовская компания открыла завод в Литве", "ru"),
        ("Литовська компанія відкрила завод у Литві", "uk"),
        ("Litewska firma otwiera fabrykę na Litwie", "pl"),
        ("Армянская компания открыла завод в Армении", "ru"),
        ("Грузинська компанія відкрила офіс у Грузії", "uk"),
        # goods and homes bought abroad are trade
        ("German investors buy apartments in Spain", "en"),
        ("Китайские компании покупают больше нефти в России", "ru"),
        ("Chinesische Firmen kaufen russisches Öl", "de"),
    ],
)
def test_a_firm_at_home_by_its_nation_s_adjective_or_buying_goods_abroad_moves_nothing(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Chinese carmaker sets out to conquer Europe", "en"),
        ("Китайский автопроизводитель намерен покорить Европу", "ru"),
        ("Китайський автовиробник хоче підкорити Європу", "uk"),
        ("Chinesischer Autobauer will Europa erobern", "de"),
        ("Le constructeur chinois veut conquérir l'Europe", "fr"),
        ("Chiński producent aut chce podbić Europę", "pl"),
    ],
)
def test_a_foreign_firm_conquering_a_market_is_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # a market of goods entered by a firm of the country: no market abroad
        ("Polish startup enters the drone market", "en"),
        ("Українська компанія вийшла на ринок дронів", "uk"),
        ("Deutsche Firma steigt in den Markt für Elektroautos ein", "de"),
        ("Une entreprise française se lance sur le marché des drones", "fr"),
        # the market of the firm's own nation
        ("French company enters the French market", "en"),
        ("Российская компания вышла на российский рынок", "ru"),
        ("Польская сеть вышла на польский рынок", "ru"),
        ("Deutsche Firma tritt in den deutschen Markt ein", "de"),
        ("Une entreprise française quitte le marché français", "fr"),
        # people leaving the country, not a firm
        ("Company founder leaves the country after fraud charges", "en"),
        ("Prezes firmy opuścił kraj", "pl"),
    ],
)
def test_a_firm_of_the_country_entering_a_market_of_goods_or_its_own_moves_nothing(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Russian company exits Ukrainian market", "en"),
        ("Une entreprise russe quitte le marché français", "fr"),
        # the country the article is about, by that word
        ("Finnish maker winds down its operations in the country", "en"),
        ("Финский производитель сворачивает деятельность в стране", "ru"),
        ("Фінський виробник згортає діяльність у країні", "uk"),
        ("Der finnische Hersteller stellt das Geschäft im Land ein", "de"),
        ("Le fabricant finlandais cesse ses activités dans le pays", "fr"),
        ("Fiński producent wstrzymuje działalność w kraju", "pl"),
    ],
)
def test_a_foreign_firm_moving_on_another_market_or_in_the_country_is_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    "title",
    [
        "Siemens steigt aus dem Türkeigeschäft aus",
        "Douglas zieht sich aus dem Russlandmarkt zurück",
        "Lufthansa zieht sich aus dem Chinageschäft zurück",
    ],
)
def test_a_german_compound_of_a_country_and_a_presence_is_a_market(
    classifier: Classifier, title: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang="de")


def test_compounds_of_no_country_or_of_a_word_name_no_market() -> None:
    assert is_country_compound("argentiniengeschäft", "de")
    assert is_country_compound("russland-tochter", "de")
    assert not is_country_compound("onlinegeschäft", "de")
    assert not is_country_compound("russlandgeschäft", "pl")  # German writes them, only


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Indonesia bans sales of iPhone 16", "en"),
        ("Индонезия запретила продажи iPhone 16", "ru"),
        ("Китай заборонив чипи Micron в критичній інфраструктурі", "uk"),
        ("Indonesien verbietet Verkauf des iPhone 16", "de"),
        ("L'Indonésie interdit la vente de l'iPhone 16", "fr"),
        ("Chiny zakazują chipów Micron w infrastrukturze krytycznej", "pl"),
        ("Germany bans Huawei equipment from 5G network", "en"),
    ],
)
def test_a_state_banning_a_named_firm_s_goods_is_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # a person's books banned, and a listed firm at home
        ("Russia bans sales of Navalny's books", "en"),
        ("Россия запретила продажу книг Навального", "ru"),
        ("La Russie interdit la vente des livres de Navalny", "fr"),
        ("Washington bans Boeing jets after crash", "en"),
    ],
)
def test_a_state_banning_a_person_s_books_or_its_own_firm_s_goods_is_not(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("US to close its market to Chinese connected cars", "en"),
        ("Китай открыл рынок для иностранных банков", "ru"),
        ("США закриють ринок для китайських автомобілів", "uk"),
        ("USA schließen den Markt für chinesische Autos", "de"),
        ("Les États-Unis ferment leur marché aux voitures chinoises", "fr"),
        ("USA zamykają rynek dla chińskich samochodów", "pl"),
    ],
)
def test_a_state_opening_or_closing_its_market_to_foreign_firms_is_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Moscow stock market closes higher on Chinese demand", "en"),
        ("Российский рынок открылся ростом на фоне китайского спроса", "ru"),
        ("Rynek otworzył się wzrostem, chińskie akcje drożeją", "pl"),
    ],
)
def test_a_stock_market_opening_or_closing_is_trading_news(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Xpeng brings its electric cars to Germany", "en"),
        ("Xpeng выведет электромобили на российский рынок", "ru"),
        ("Xpeng виведе електромобілі на український ринок", "uk"),
        ("Xpeng bringt seine Elektroautos nach Deutschland", "de"),
        ("Xpeng amène ses voitures en France", "fr"),
        ("Xpeng wprowadza swoje samochody do Polski", "pl"),
    ],
)
def test_a_brand_bringing_its_goods_to_a_market_is_foreign_business(
    classifier: Classifier, title: str, lang: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang=lang)


@pytest.mark.parametrize(
    "title",
    [
        "Scholz bringt Hilfsgüter in die Ukraine",  # aid, not goods for sale
        "Volkswagen bringt neue Modelle nach Deutschland",  # a listed firm at home
    ],
)
def test_aid_brought_or_a_firm_s_goods_at_home_are_not(classifier: Classifier, title: str) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang="de")
