"""Every event class and every hard negative of TOPICS.md, in each of the six languages.

The sentences are ours, written from the topic definitions (not from any corpus article): a
headline per class and language, as a feed would give it. A positive must be labelled with its
topic; a hard negative must not be (other topics may apply).
"""

# ruff: noqa: RUF001  # Cyrillic test texts are meant, not look-alike Latin letters

from __future__ import annotations

import pytest

from streams.classify import Classifier

LANGS = ("en", "ru", "uk", "de", "fr", "pl")

# topic -> event class -> the same event, one headline per language
POSITIVE: dict[str, dict[str, tuple[str, str, str, str, str, str]]] = {
    "nato": {
        "summit": (
            "NATO leaders open two-day summit in Vilnius",
            "Лидеры НАТО открыли двухдневный саммит в Вильнюсе",
            "Лідери НАТО відкрили дводенний саміт у Вільнюсі",
            "Nato-Gipfel in Vilnius beginnt mit Beratungen über die Ostflanke",
            "Les dirigeants de l'OTAN ouvrent leur sommet à Vilnius",
            "Przywódcy NATO rozpoczęli szczyt w Wilnie",
        ),
        "enlargement": (
            "Sweden formally joins NATO after Hungary ratifies accession",
            "Швеция официально вступила в НАТО",
            "Швеція офіційно вступила до НАТО",
            "Schweden tritt der Nato offiziell bei",
            "La Suède rejoint officiellement l'OTAN",
            "Szwecja oficjalnie przystąpiła do NATO",
        ),
        "nato_russia": (
            "NATO suspends dialogue with Moscow in the NATO-Russia Council",
            "Москва заявила о прекращении диалога с НАТО",
            "Росія припинила діалог із НАТО",
            "Nato-Russland-Rat tagt nach Jahren erstmals wieder",
            "L'OTAN et la Russie rompent le dialogue",
            "Rosja zrywa dialog z NATO",
        ),
        "spending": (
            "NATO allies agree to raise defence spending target to 3.5% of GDP",
            "Страны НАТО договорились увеличить военные расходы",
            "Союзники по НАТО домовилися збільшити витрати на оборону",
            "Nato-Staaten einigen sich auf höhere Verteidigungsausgaben",
            "Les alliés de l'OTAN s'accordent sur des dépenses de défense plus élevées",
            "Sojusznicy z NATO uzgodnili wyższe wydatki na obronę",
        ),
        "secretary_general": (
            "New NATO secretary general takes office in Brussels",
            "Новый генсек НАТО вступил в должность",
            "Новий генсек НАТО заступив на посаду",
            "Neuer Nato-Generalsekretär tritt sein Amt an",
            "Le nouveau secrétaire général de l'OTAN prend ses fonctions",
            "Nowy sekretarz generalny NATO obejmuje urząd",
        ),
        "exercises_deployments": (
            "NATO begins air policing mission over the Baltic states",
            "НАТО начало учения у границ Белоруссии",
            "НАТО розпочало навчання поблизу кордону з Білоруссю",
            "Nato startet Manöver in der Ostsee",
            "L'OTAN déploie des troupes supplémentaires en Roumanie",
            "NATO rozpoczęło ćwiczenia na wschodniej flance",
        ),
        "cohesion_article5": (
            "Allies reaffirm Article 5 guarantee as NATO member threatens to leave the alliance",
            "В НАТО заявили о верности статье 5 договора",
            "НАТО підтвердило гарантії статті 5",
            "Nato bekräftigt Beistandspflicht nach Artikel 5",
            "L'OTAN réaffirme la garantie de l'article 5",
            "NATO potwierdza gwarancje artykułu 5",
        ),
    },
    "sanctions": {
        "package": (
            "EU adopts new sanctions package against Russia",
            "ЕС утвердил новый пакет санкций против России",
            "ЄС ухвалив новий пакет санкцій проти Росії",
            "EU beschließt neues Sanktionspaket gegen Russland",
            "L'UE adopte un nouveau paquet de sanctions contre la Russie",
            "UE przyjęła nowy pakiet sankcji wobec Rosji",
        ),
        "designations": (
            "OFAC designates shipping firms for evading Iran oil sanctions",
            "Минфин США ввел санкции против иранских судоходных компаний",
            "Мінфін США запровадив санкції проти іранських судноплавних компаній",
            "US-Finanzministerium setzt iranische Reedereien auf Sanktionsliste",
            "Le Trésor américain sanctionne des armateurs iraniens",
            "Departament Skarbu USA nałożył sankcje na irańskie firmy żeglugowe",
        ),
        "export_controls": (
            "China restricts exports of gallium and germanium in chip row with US",
            "Китай ограничил экспорт галлия и германия в ответ на ограничения США",
            "Китай обмежив експорт галію та германію у відповідь на обмеження США",
            "China beschränkt Exporte von Gallium und Germanium im Streit mit den USA",
            "La Chine restreint ses exportations de gallium et de germanium face aux États-Unis",
            "Chiny ograniczają eksport galu i germanu w sporze z USA",
        ),
        "asset_freeze": (
            "Britain freezes assets of Russian oligarchs",
            "Великобритания заморозила активы российских олигархов",
            "Велика Британія заморозила активи російських олігархів",
            "Großbritannien friert Vermögen russischer Oligarchen ein",
            "Le Royaume-Uni gèle les avoirs d'oligarques russes",
            "Wielka Brytania zamroziła aktywa rosyjskich oligarchów",
        ),
        "price_cap": (
            "G7 lowers price cap on Russian oil",
            "G7 снизила потолок цен на российскую нефть",
            "G7 знизила цінову стелю на російську нафту",
            "G7 senkt Preisdeckel für russisches Öl",
            "Le G7 abaisse le plafonnement du prix du pétrole russe",
            "G7 obniża pułap cenowy na rosyjską ropę",
        ),
        "oil_diamond_ban": (
            "EU bans imports of Russian diamonds",
            "Евросоюз запретил импорт российских алмазов",
            "Євросоюз заборонив імпорт російських алмазів",
            "EU verbietet Einfuhr russischer Diamanten",
            "L'UE interdit l'importation de diamants russes",
            "UE zakazała importu rosyjskich diamentów",
        ),
        "regional_bloc": (
            "ECOWAS imposes sanctions on Niger junta",
            "ЭКОВАС ввел санкции против военных Нигера",
            "ЕКОВАС запровадило санкції проти військових Нігеру",
            "Ecowas verhängt Sanktionen gegen Junta in Niger",
            "La Cédéao impose des sanctions à la junte du Niger",
            "ECOWAS nakłada sankcje na juntę w Nigrze",
        ),
    },
    "foreign_business": {
        "entering": (
            "Swedish furniture company enters Indian market with first store",
            "Китайский автоконцерн выходит на российский рынок",
            "Польська компанія заходить на український ринок",
            "Chinesischer Autobauer drängt auf den deutschen Markt",
            "Un constructeur chinois s'implante en France",
            "Chiński koncern wchodzi na polski rynek",
        ),
        "leaving": (
            "Carmaker to exit Russia and sell its plant for one rouble",
            "Финская компания уходит из России",
            "Німецька компанія йде з Росії",
            "Der Konzern zieht sich aus Russland zurück",
            "Le groupe français quitte la Russie",
            "Francuska firma wycofuje się z Rosji",
        ),
        "returning": (
            "Western brand returns to the Russian market through a reseller",
            "Западный бренд вернулся на российский рынок",
            "Західний бренд повернувся на російський ринок",
            "Westliche Marke kehrt auf den russischen Markt zurück",
            "Une marque occidentale revient sur le marché russe",
            "Zachodnia marka wraca na rynek rosyjski",
        ),
        "restricted": (
            "Chinese company barred from selling in the US market",
            "Иностранным компаниям запретили работать в России без разрешения",
            "Іноземним компаніям заборонили працювати на ринку без ліцензії",
            "Ausländischen Unternehmen wird der Marktzugang verwehrt",
            "Les entreprises étrangères privées d'accès au marché chinois",
            "Zagraniczne firmy bez dostępu do rynku chińskiego",
        ),
        "expropriated": (
            "Kremlin seizes control of the Russian unit of a French dairy company",
            "Российские активы западной компании переданы во временное управление",
            "Росія передала активи західної компанії у тимчасове управління",
            "Russland stellt Tochter eines westlichen Konzerns unter Zwangsverwaltung",
            "La Russie nationalise la filiale russe d'un groupe occidental",
            "Rosja przejęła tymczasowy zarząd nad spółką zachodniego koncernu",
        ),
        "foreign_stores_closed": (
            "Danish jeweller closes all its stores in Russia",
            "Датская компания закрыла все магазины в России",
            "Данська компанія закрила всі магазини в Росії",
            "Schwedischer Möbelkonzern schließt alle Filialen in Russland",
            "Le groupe américain ferme ses magasins en Russie",
            "Duńska firma zamyka wszystkie sklepy w Rosji",
        ),
        "screening": (
            "CFIUS review blocks foreign takeover of a port operator",
            "Правительство ужесточило контроль за иностранными инвестициями",
            "Уряд посилив контроль за іноземними інвестиціями",
            "Bundesregierung verschärft Investitionsprüfung für ausländische Investoren",
            "Le gouvernement renforce le contrôle des investissements étrangers",
            "Rząd zaostrza kontrolę inwestycji zagranicznych",
        ),
        "market_access": (
            "Washington and Beijing clash over market access for foreign firms",
            "Западные компании жалуются на доступ к рынку Китая",
            "Західні компанії скаржаться на доступ до ринку Китаю",
            "Westliche Firmen klagen über Marktzugang in China",
            "Les entreprises occidentales dénoncent l'accès au marché chinois",
            "Zachodnie firmy skarżą się na dostęp do rynku chińskiego",
        ),
        # Work halted in a market, said with the verb's noun.
        "halt_said_as_a_noun": (
            "Swedish carmaker announces the suspension of production in Russia",
            "Шведский автоконцерн объявил о приостановке производства в России",
            "Шведський автовиробник оголосив про призупинення виробництва в Росії",
            "Schwedischer Autobauer kündigt die Einstellung der Produktion in Russland an",
            "Le constructeur suédois annonce l'arrêt de sa production en Russie",
            "Szwedzki koncern samochodowy ogłasza wstrzymanie produkcji w Rosji",
        ),
        # A market whose name is two words, declined ("Новій Зеландії", "Nowej Zelandii").
        "first_shop_in_a_country_named_in_two_words": (
            "Costco opens its first warehouse store in New Zealand",
            "Costco открыла первый магазин в Новой Зеландии",
            "Costco відкрила перший магазин у Новій Зеландії",
            "Costco eröffnet ersten Laden in Neuseeland",
            "Costco ouvre son premier magasin en Nouvelle-Zélande",
            "Costco otworzyła pierwszy sklep w Nowej Zelandii",
        ),
    },
}

NEGATIVE: dict[str, dict[str, tuple[str, str, str, str, str, str]]] = {
    "nato": {
        "non_nato_ally": (
            "Qatar named a major non-NATO ally of the United States",
            "Катар получил статус основного союзника США вне НАТО",
            "Катар отримав статус основного союзника США поза НАТО",
            "Katar wird wichtiger Verbündeter der USA außerhalb der Nato",
            "Le Qatar devient un allié majeur non-OTAN des États-Unis",
            "Katar głównym sojusznikiem USA spoza NATO",
        ),
        "metaphor": (
            "Critics warn of an Asian NATO as trade pact grows",
            "Эксперты спорят об азиатском НАТО",
            "Експерти сперечаються про азійське НАТО",
            "Experten warnen vor einer asiatischen Nato",
            "Des experts mettent en garde contre une OTAN asiatique",
            "Eksperci ostrzegają przed azjatyckim NATO",
        ),
        "reporting_name": (
            "Russian jet, NATO reporting name Flanker, shown at air show",
            "На авиасалоне показали истребитель, по классификации НАТО Flanker",
            "На авіасалоні показали винищувач, за класифікацією НАТО Flanker",
            "Kampfjet mit dem Nato-Codenamen Flanker auf Luftfahrtschau gezeigt",
            "Un avion de chasse, nom de code OTAN Flanker, présenté au salon",
            "Myśliwiec o kodzie NATO Flanker pokazany na pokazach",
        ),
        "nato_standard": (
            "Factory starts making NATO-standard 155mm shells for export",
            "Завод начал выпуск снарядов стандарта НАТО",
            "Завод почав випуск снарядів стандарту НАТО",
            "Werk produziert Granaten nach Nato-Standard",
            "L'usine produit des obus au standard OTAN",
            "Fabryka produkuje pociski w standardzie NATO",
        ),
        "former_official": (
            "Former NATO commander opens a bakery in his home town",
            "Бывший генерал НАТО открыл пекарню в родном городе",
            "Колишній генерал НАТО відкрив пекарню в рідному місті",
            "Ehemaliger Nato-General eröffnet Bäckerei in seiner Heimatstadt",
            "Un ancien général de l'OTAN ouvre une boulangerie dans sa ville natale",
            "Były generał NATO otwiera piekarnię w rodzinnym mieście",
        ),
        "sidelines": (
            "Leaders sign a fishing deal on the sidelines of the NATO summit",
            "На полях саммита НАТО подписали соглашение о рыболовстве",
            "На полях саміту НАТО підписали угоду про рибальство",
            "Am Rande des Nato-Gipfels wird ein Fischereiabkommen unterzeichnet",
            "En marge du sommet de l'OTAN, un accord de pêche est signé",
            "Na marginesie szczytu NATO podpisano umowę rybacką",
        ),
        "name": (
            "Chess player Nato Vachnadze wins the city championship",
            "Шахматистка Нато Вачнадзе выиграла чемпионат города",
            "Шахістка Нато Вачнадзе виграла чемпіонат міста",
            "Schachspielerin Nato Vachnadze gewinnt die Stadtmeisterschaft",
            "La joueuse d'échecs Nato Vachnadze remporte le championnat de la ville",
            "Szachistka Nato Vachnadze wygrywa mistrzostwa miasta",
        ),
        # A past office told in a clause, as "former" says it.
        "past_office_in_a_clause": (
            "Stoltenberg, who led NATO for a decade, becomes Norway's finance minister",
            "Ставридис, занимавший пост верховного главнокомандующего объединенными силами "
            "НАТО в Европе, выпустил роман",
            "Ставрідіс, який обіймав посаду верховного головнокомандувача об'єднаних сил НАТО "
            "в Європі, випустив роман",
            "Der ehemalige Nato-Oberbefehlshaber Stavridis veröffentlicht einen Roman",
            "Stoltenberg, qui a dirigé l'OTAN pendant dix ans, devient ministre des Finances "
            "de la Norvège",
            "Stoltenberg, który kierował NATO przez dekadę, został ministrem finansów Norwegii",
        ),
    },
    "sanctions": {
        "sport_discipline": (
            "UEFA sanctions club over fan violence",
            "УЕФА наказал клуб санкциями за поведение фанатов",
            "УЄФА застосував санкції до клубу через поведінку фанатів",
            "Uefa verhängt Sanktionen gegen Verein wegen Fangewalt",
            "L'UEFA inflige une sanction sportive au club",
            "UEFA nakłada sankcje dyscyplinarne na klub za zachowanie kibiców",
        ),
        "benefit_sanction": (
            "Jobseekers face benefit sanctions for missed appointments",
            "Безработных лишат пособия за пропуск встреч",
            "Безробітних позбавлять допомоги за пропущені зустрічі",
            "Jobcenter kürzen Arbeitslosen das Bürgergeld bei versäumten Terminen",
            "Les chômeurs privés d'allocations pour rendez-vous manqués",
            "Bezrobotni stracą zasiłek za opuszczone wizyty",
        ),
        "court_sanction": (
            "Judge sanctions lawyers for citing fake cases",
            "Суд оштрафовал адвокатов за ссылки на несуществующие дела",
            "Суд оштрафував адвокатів за посилання на вигадані справи",
            "Richter verhängt Strafen gegen Anwälte wegen erfundener Fälle",
            "Un juge sanctionne des avocats pour des jurisprudences inventées",
            "Sędzia ukarał prawników za powoływanie się na fikcyjne sprawy",
        ),
        "domestic_price_cap": (
            "Energy price cap on household bills to fall in April, Ofgem says",
            "Правительство ограничило цены на лекарства",
            "Уряд обмежив ціни на ліки",
            "Regierung deckelt Strompreise für Haushalte",
            "Le gouvernement plafonne les prix de l'électricité pour les ménages",
            "Rząd zamraża ceny prądu dla gospodarstw domowych",
        ),
        "tariffs": (
            "US raises tariffs on Chinese steel",
            "США повысили пошлины на китайскую сталь",
            "США підвищили мита на китайську сталь",
            "USA erhöhen Zölle auf chinesischen Stahl",
            "Les États-Unis relèvent les droits de douane sur l'acier chinois",
            "USA podnoszą cła na chińską stal",
        ),
        "own_export_ban": (
            "India bans rice exports to keep prices down at home",
            "Россия запретила экспорт бензина",
            "Уряд заборонив експорт пального",
            "Indien verbietet den Export von Reis",
            "L'Inde interdit les exportations de riz",
            "Indie zakazują eksportu ryżu",
        ),
        # The same, said as extending a fuel export stop.
        "own_fuel_export_stop_extended": (
            "Russia extends its petrol export ban to keep pumps supplied",
            "Москва продлила запрет на экспорт бензина",
            "Росія продовжила заборону на експорт бензину",
            "Moskau verlängert Exportstopp für Benzin",
            "Moscou prolonge l'interdiction d'exporter de l'essence",
            "Moskwa przedłuża zakaz eksportu benzyny",
        ),
        "import_quota": (
            "Government sets import quotas to protect local farmers",
            "Правительство ввело квоты на импорт сахара",
            "Уряд запровадив квоти на імпорт цукру",
            "Regierung führt Importquoten für Zucker ein",
            "Le gouvernement instaure des quotas d'importation de sucre",
            "Rząd wprowadza kontyngenty importowe na cukier",
        ),
    },
    "foreign_business": {
        "domestic_merger": (
            "Two regional banks agree to merge",
            "Два региональных банка объявили о слиянии",
            "Два регіональні банки оголосили про злиття",
            "Zwei Regionalbanken fusionieren",
            "Deux banques régionales annoncent leur fusion",
            "Dwa banki regionalne łączą się",
        ),
        # a firm's shops closed at home, whatever the reason
        "home_stores_closed": (
            "Ukrainian chain closes stores in Ukraine after blackouts",
            "Российская сеть закрыла магазины в России",
            "Українська мережа закрила магазини в Україні",
            "Deutscher Händler schließt Filialen in Deutschland",
            "Une enseigne française ferme des magasins en France",
            "Polska sieć zamyka sklepy w Polsce",
        ),
        "store_closure": (
            "Retailer to close 40 stores as shoppers move online",
            "Ритейлер закроет 40 магазинов из-за падения продаж",
            "Ритейлер закриє 40 магазинів через падіння продажів",
            "Händler schließt 40 Filialen wegen sinkender Umsätze",
            "L'enseigne ferme 40 magasins face à la baisse des ventes",
            "Sieć zamknie 40 sklepów z powodu spadku sprzedaży",
        ),
        "product_launch": (
            "Local subsidiary launches a new phone model",
            "Местная дочка производителя представила новый смартфон",
            "Місцева дочка виробника представила новий смартфон",
            "Deutsche Tochter stellt neues Smartphone vor",
            "La filiale locale présente un nouveau smartphone",
            "Lokalna spółka zależna prezentuje nowy smartfon",
        ),
        "global_restructuring": (
            "Company cuts 5,000 jobs worldwide in restructuring",
            "Компания сократит 5 тысяч рабочих мест по всему миру",
            "Компанія скоротить 5 тисяч робочих місць у всьому світі",
            "Konzern streicht weltweit 5000 Stellen",
            "Le groupe supprime 5 000 emplois dans le monde",
            "Koncern zwolni 5 tysięcy pracowników na całym świecie",
        ),
        "joint_venture": (
            "Two carmakers form battery joint venture for research",
            "Два автопроизводителя создали совместное предприятие по батареям",
            "Два автовиробники створили спільне підприємство з батарей",
            "Zwei Autobauer gründen Gemeinschaftsunternehmen für Batterieforschung",
            "Deux constructeurs créent une coentreprise de recherche sur les batteries",
            "Dwaj producenci aut tworzą wspólne przedsięwzięcie badawcze",
        ),
        "pulling_out_not_market": (
            "Band pulls out of Russia tour after visa row",
            "Группа отменила гастроли в России",
            "Гурт скасував тур Росією",
            "Band sagt Tournee in Russland ab",
            "Le groupe annule sa tournée en Russie",
            "Zespół odwołuje trasę koncertową w Rosji",
        ),
        # A football club bought from abroad changes an owner, not a market.
        "football_club_bought_from_abroad": (
            "American investment fund completes takeover of Italian football club",
            "Американский инвестфонд завершил покупку итальянского футбольного клуба",
            "Американський інвестфонд завершив купівлю італійського футбольного клубу",
            "US-Investmentfonds übernimmt italienischen Fußballverein",
            "Un fonds américain finalise le rachat d'un club de football italien",
            "Amerykański fundusz inwestycyjny przejął włoski klub piłkarski",
        ),
        # A state's ban on goods from abroad is a trade measure, not a firm barred.
        "import_ban_on_countries": (
            "Russia extends its food import ban on Western countries",
            "Россия продлила запрет на ввоз продуктов из западных стран",
            "Росія продовжила заборону на ввезення продуктів із західних країн",
            "Russland verlängert das Einfuhrverbot für Lebensmittel aus westlichen Ländern",
            "La Russie prolonge l'embargo sur les importations alimentaires des pays occidentaux",
            "Rosja przedłuża zakaz importu żywności z krajów zachodnich",
        ),
        # An owner's assets frozen halt the sale of his club: sanctions, no firm leaving.
        "owners_assets_frozen_halting_a_sale": (
            "UK freezes Abramovich's assets, halting sale of Chelsea",
            "Лондон заморозил активы Абрамовича, остановив продажу «Челси»",
            "Лондон заморозив активи Абрамовича, зупинивши продаж «Челсі»",
            "London friert Abramowitschs Vermögen ein und stoppt den Verkauf von Chelsea",
            "Londres gèle les avoirs d'Abramovitch et bloque la vente de Chelsea",
            "Londyn zamroził aktywa Abramowicza i wstrzymał sprzedaż Chelsea",
        ),
    },
}


# Events recognised by their parts (frames): a foreign firm setting up, a presence sold or
# bought, a host state acting on a foreign firm or deal, measures aimed at a state; and the
# look-alikes those frames must leave alone.
NEW_POSITIVE: dict[str, dict[str, tuple[str, str, str, str, str, str]]] = {
    "nato": {
        # Where the next summit meets: the summit, not a date ("after the summit in ...").
        "next_summit_hosted": (
            "Turkey to host next NATO summit in Ankara",
            "Следующий саммит НАТО пройдёт в Анкаре",
            "Наступний саміт НАТО відбудеться в Анкарі",
            "Nächster Nato-Gipfel findet in Ankara statt",
            "Le prochain sommet de l'Otan aura lieu à Ankara",
            "Kolejny szczyt NATO odbędzie się w Ankarze",
        ),
        # The alliance sending up its fighters, unnamed.
        "alliance_scrambles_fighters": (
            "Alliance scrambles jets after Russian drones cross into Polish airspace",
            "Альянс поднял истребители после вторжения дронов в Польшу",
            "Альянс підняв винищувачі після вторгнення дронів у Польщу",
            "Bündnis schickt Kampfjets nach Drohnenangriff auf Polen",
            "L'Alliance envoie des avions de chasse après l'incursion de drones en Pologne",
            "Sojusz poderwał myśliwce po wtargnięciu dronów do Polski",
        ),
        # The alliance's European members: a continent's adjective owns no allies.
        "european_allies": (
            "European allies agree to raise defence spending to 5 percent",
            "Европейские союзники обязались довести расходы на оборону до 5% ВВП",
            "Європейські союзники зобов'язалися довести витрати на оборону до 5% ВВП",
            "Europäische Verbündete sagen höhere Verteidigungsausgaben zu",
            "Les Alliés européens s'engagent à porter leurs dépenses à 5 %",
            "Europejscy sojusznicy zobowiązują się do wydatków 5 proc. PKB",
        ),
        # The allies of the alliance, in the plural, agreeing: the alliance.
        "natos_allies_agree": (
            "NATO allies agree to buy more air defence",
            "Союзники по НАТО договорились о закупках ПВО",
            "Союзники по НАТО домовилися про закупівлю ППО",
            "Nato-Verbündete einigen sich auf mehr Luftverteidigung",
            "Les alliés de l'Otan s'engagent à acheter plus de défense aérienne",
            "Sojusznicy z NATO zgodzili się kupić więcej obrony powietrznej",
        ),
        # The allies asked by a member: a country before them is no owner of them.
        "allies_asked_by_a_member": (
            "Poland asks allies for consultations after drone incursion",
            "Польша запросила у союзников консультации после вторжения дронов",
            "Польща запросила в союзників консультації після вторгнення дронів",
            "Polen beantragt Konsultationen der Verbündeten nach Drohnenangriff",
            "La Pologne demande des consultations aux Alliés après l'incursion de drones",
            "Polska wnioskuje do sojuszników o konsultacje po wtargnięciu dronów",
        ),
        # Troops from member countries at the alliance's drill, where they come from said.
        "troops_from_members_at_drills": (
            "Troops from NATO countries arrive in Lithuania for drills",
            "Военные из стран НАТО прибыли в Литву на учения",
            "Військові з країн НАТО прибули на навчання до Литви",
            "Soldaten aus Nato-Staaten zu Manöver in Litauen eingetroffen",
            "Des soldats des pays de l'Otan arrivent en Lituanie pour des manœuvres",
            "Żołnierze z krajów NATO przybyli na ćwiczenia na Litwie",
        ),
        "secretary_general_by_name": (
            "Rutte warns Russia could attack an ally within five years",
            "Рютте предупредил о угрозе нападения России на союзника",
            "Рютте закликав союзників посилити протиповітряну оборону",
            "Rutte fordert mehr Tempo bei der Aufrüstung",
            "Rutte appelle les Européens à dépenser plus pour leur défense",
            "Rutte: Rosja może zaatakować sojusznika w ciągu pięciu lat",
        ),
        "spending_target_unnamed": (
            "Spain refuses to commit to the new defence spending target",
            "Испания отказалась от цели в 5% ВВП на оборону",
            "Іспанія відмовилася від цілі 5% ВВП на оборону",
            "Spanien lehnt Fünf-Prozent-Ziel für Verteidigungsausgaben ab",
            "L'Espagne refuse l'objectif de 5 % du PIB pour la défense",
            "Hiszpania odrzuca cel 5 procent PKB na obronność",
        ),
        "article_4_consultations": (
            "Poland invokes Article 4 after drone incursion",
            "Польша запросила консультации по статье 4",
            "Польща ініціювала консультації за статтею 4",
            "Polen beantragt Konsultationen nach Artikel 4",
            "La Pologne invoque l'article 4 après l'incursion de drones",
            "Polska uruchamia artykuł 4 po wtargnięciu dronów",
        ),
        "mutual_defence_clause": (
            "Trump casts doubt on the mutual defence clause",
            "Трамп поставил под сомнение пункт о взаимной обороне",
            "Трамп поставив під сумнів пункт про взаємну оборону",
            "Trump stellt die Beistandspflicht infrage",
            "Trump met en doute la clause de défense mutuelle",
            "Trump podważa klauzulę wzajemnej obrony",
        ),
    },
    "foreign_business": {
        # A foreign firm growing its presence in a market: foreign investment flowing in.
        "foreign_firm_expands_in_market": (
            "Japanese carmaker Toyota expands its plant in Poland",
            "Немецкий концерн расширит завод в Казахстане",
            "Польський концерн розширить завод в Україні",
            "Japanischer Autobauer erweitert sein Werk in Polen",
            "Le groupe suédois agrandit son usine en Pologne",
            "Amerykański koncern rozbuduje fabrykę w Polsce",
        ),
        # A state curbing its own firms' investment abroad (TOPICS.md: outbound investment
        # curbs), named by the flow rather than by a firm.
        "outbound_investment_curbed": (
            "Washington tightens the screws on American investment in China",
            "США ужесточили контроль за исходящими инвестициями",
            "Вашингтон обмежив американські інвестиції в Китай",
            "Washington begrenzt US-Investitionen in China",
            "Washington resserre la vis sur les investissements américains en Chine",
            "Waszyngton ogranicza amerykańskie inwestycje w Chinach",
        ),
        # A foreign firm starting to make its goods in a market.
        "production_started_in_market": (
            "Korean battery maker begins production in Poland",
            "Корейский производитель начал выпуск батарей в Польше",
            "Корейський виробник розпочав виробництво батарей у Польщі",
            "Koreanischer Batteriehersteller startet Produktion in Polen",
            "Le coréen LG commence la production de batteries en Pologne",
            "Koreański producent rozpoczął produkcję baterii w Polsce",
        ),
        # A large listed firm, whose home is known, setting up in the article's own country
        # (the frames of a name alone veto that country as the brand's likely home).
        "listed_firm_in_newsrooms_country": (
            "Japanese carmaker Toyota to build new plant in France",
            "Toyota построит новый автозавод в России",
            "Toyota збудує новий автозавод в Україні",
            "Microsoft investiert drei Milliarden Euro in Deutschland",
            "Toyota construit une nouvelle usine automobile en France",
            "Intel zainwestuje 4 mld dolarów w Polsce",
        ),
        # A firm's work in a market frozen, put on hold or on ice: a suspension.
        "business_frozen_in_market": (
            "Carlsberg puts its business in Myanmar on hold",
            "Шведская компания заморозила бизнес в Казахстане",
            "Італійська компанія заморозила діяльність в Україні",
            "Nestlé legt Geschäft in Myanmar auf Eis",
            "Le groupe suisse gèle ses activités en Birmanie",
            "Niemiecki koncern zamroził działalność w Rosji",
        ),
        # A foreign firm's site put under a state's special or external management.
        "placed_under_special_administration": (
            "Bulgarian government puts Lukoil refinery under special administration",
            "Правительство ввело внешнее управление на заводе финской компании",
            "Уряд запровадив зовнішнє управління на заводі російської компанії",
            "Regierung stellt Raffinerie von Rosneft unter Sonderverwaltung",
            "Le gouvernement bulgare place la raffinerie de Lukoil sous administration spéciale",
            "Rząd wprowadził zarząd przymusowy w spółce Gazpromu",
        ),
        # A state taking a foreign operator's licence away.
        "licence_revoked": (
            "Kazakhstan revokes licence of Russian mobile operator",
            "Казахстан отозвал лицензию у российского оператора связи",
            "Казахстан відкликав ліцензію російського оператора зв'язку",
            "Kasachstan entzieht russischem Mobilfunker die Lizenz",
            "Le Kazakhstan retire sa licence à un opérateur russe",
            "Kazachstan odebrał licencję rosyjskiemu operatorowi",
        ),
        # A named firm whose foreign origin is said beside its name, in the article's own
        # country (which the frames of a name alone veto as the brand's likely home).
        "foreign_origin_beside_a_name": (
            "Swedish Northvolt scraps its plant in Canada",
            "Немецкий Bayer инвестирует 60 млн евро в завод в России",
            "Німецький Bayer інвестує 60 мільйонів євро в завод в Україні",
            "Der amerikanische Intel baut doch kein Werk in Deutschland",
            "Le suédois Northvolt renonce à son usine en France",
            "Niemiecki Bayer zbuduje zakład w Polsce",
        ),
        # A named firm investing a sum in another country: investment flows.
        "named_firm_invests": (
            "US retailer Amazon to invest $1.3 billion in France",
            "Hyundai вложит 500 млн долларов в Узбекистан",
            "Amazon інвестує 1,2 млрд євро у Францію",
            "Amazon investiert 1,2 Milliarden Euro in Frankreich",
            "Amazon va investir 2 milliards d'euros en Allemagne",
            "Amazon zainwestuje 1,2 mld euro we Francji",
        ),
        # A brand opening a unit, a branch or a subsidiary in a country enters it.
        "brand_opens_a_unit": (
            "Netflix opens a unit in India",
            "Samsung открыл подразделение в Казахстане",
            "Bolt відкрив підрозділ в Україні",
            "Temu eröffnet Niederlassung in Deutschland",
            "Shein ouvre une filiale en France",
            "Raiffeisen otworzy oddział w Czechach",
        ),
        # A foothold sought on a national market.
        "foothold_on_market": (
            "Chinese retailer seeks a foothold in the European market",
            "Китайский ритейлер хочет закрепиться на европейском рынке",
            "Китайський ритейлер хоче закріпитися на європейському ринку",
            "Chinesischer Händler will auf dem europäischen Markt Fuß fassen",
            "Le distributeur chinois veut prendre pied sur le marché européen",
            "Chiński detalista chce zdobyć przyczółek na rynku europejskim",
        ),
        # A court of the market seizing a foreign firm's assets: expropriation.
        "court_seizes_foreign_assets": (
            "Russian court seizes assets of a German bank",
            "Российский суд арестовал активы немецкого банка",
            "Російський суд заарештував активи німецького банку",
            "Gericht in St. Petersburg beschlagnahmt Vermögen von Deutscher Bank",
            "Un tribunal russe saisit les actifs d'une banque française",
            "Rosyjski sąd zajął majątek polskiej spółki",
        ),
        # A plant inaugurated, a ceremony's verb for opening it.
        "foreign_plant_inaugurated": (
            "Chinese carmaker inaugurates plant in Hungary",
            "Китайский автопроизводитель торжественно открыл завод в Венгрии",
            "Китайський автовиробник урочисто відкрив завод в Угорщині",
            "Chinesischer Autobauer weiht Werk in Ungarn ein",
            "Le constructeur chinois inaugure son usine en Hongrie",
            "Chiński producent aut zainaugurował fabrykę na Węgrzech",
        ),
        "foreign_firm_sets_up": (
            "Swedish furniture retailer opens its first store in Poland",
            "Китайский автопроизводитель построит завод в Казахстане",
            "Турецька компанія відкриє завод в Україні",
            "Chinesischer Batteriehersteller baut ein Werk in Ungarn",
            "Un constructeur chinois va construire une usine en Hongrie",
            "Koreański koncern zbuduje fabrykę na Węgrzech",
        ),
        "presence_sold": (
            "Danish brewer sells its Russian business to local managers",
            "Финская компания продала российский бизнес местному менеджменту",
            "Данська пивоварня продала російський бізнес місцевому менеджменту",
            "Dänische Brauerei verkauft ihr Russlandgeschäft an das örtliche Management",
            "Le brasseur danois cède sa filiale russe à la direction locale",
            "Duński browar sprzedał rosyjski biznes lokalnemu kierownictwu",
        ),
        "state_acts_on_foreign_firm": (
            "Beijing opens security review of American memory chip maker",
            "Власти Китая начали проверку американского производителя чипов",
            "Влада Китаю розпочала перевірку американського виробника чипів",
            "China leitet Prüfung gegen amerikanischen Chiphersteller ein",
            "Pékin ouvre une enquête sur un fabricant américain de puces",
            "Pekin wszczyna postępowanie wobec amerykańskiego producenta chipów",
        ),
        "presence_bought": (
            "US investor group to buy two ports in Panama from Hong Kong owner",
            "Турецкий холдинг купит порт в Черногории",
            "Турецький холдинг купить порт у Чорногорії",
            "Chinesischer Reederei-Konzern kauft Anteil am Hamburger Hafen",
            "Un armateur français rachète un terminal au Nigeria",
            "Czeski inwestor kupi zakład w Polsce",
        ),
        "foreign_firm_fined": (
            "China fines US research firm in crackdown on data gathering",
            "Китай оштрафовал американскую компанию за сбор данных",
            "Китай оштрафував американську компанію за збір даних",
            "China verhängt Geldstrafe gegen amerikanisches Beratungsunternehmen",
            "La Chine inflige une amende à une société américaine de conseil",
            "Chiny nałożyły grzywnę na amerykańską firmę badawczą",
        ),
        "foreign_takeover_blocked": (
            "Italy blocks Chinese takeover of robotics maker",
            "Правительство Италии заблокировало покупку завода китайским инвестором",
            "Уряд Італії заблокував купівлю заводу китайським інвестором",
            "Bundesregierung untersagt Übernahme eines Chipherstellers durch chinesischen Investor",
            "Le gouvernement bloque le rachat d'une pépite industrielle par un groupe chinois",
            "Rząd zablokował przejęcie producenta robotów przez chińskiego inwestora",
        ),
        # A brand named without a legal form or a noun that says "company": the national
        # market said outright, or its first outlet in a country or its capital.
        "brand_moves_on_national_market": (
            "Allegro enters the Czech market",
            "Allegro выходит на чешский рынок",
            "McDonald's повертається на український ринок",
            "Allegro drängt auf den tschechischen Markt",
            "Allegro entre sur le marché tchèque",
            "Allegro wchodzi na rynek czeski",
        ),
        "filling_stations_bought": (
            "Orlen buys petrol stations in Slovakia",
            "Orlen купит сеть АЗС в Словакии",
            "Orlen купить мережу АЗС у Словаччині",
            "Orlen kauft Tankstellen in der Slowakei",
            "Orlen rachète des stations-service en Slovaquie",
            "Orlen kupuje stacje paliw na Słowacji",
        ),
        "state_takes_foreign_unit": (
            "Kremlin seizes Danone's Russian unit",
            "Путин передал во временное управление активы Danone",
            "Путін передав у тимчасове управління активи Danone",
            "Kreml stellt Danone-Tochter unter Zwangsverwaltung",
            "Le Kremlin saisit la filiale russe de Danone",
            "Kreml przejmuje rosyjską spółkę Danone",
        ),
        "foreign_plant_halted": (
            "Japanese carmaker halts its plant in Russia",
            "Японский автопроизводитель остановил завод в России",
            "Японський автовиробник зупинив завод у Росії",
            "Japanischer Autobauer stoppt sein Werk in Russland",
            "Un constructeur japonais arrête son usine en Russie",
            "Japoński producent aut zamyka fabrykę w Rosji",
        ),
        "still_in_market": (
            "Unilever still making money in Russia, report says",
            "Unilever по-прежнему зарабатывает в России",
            "Unilever і далі заробляє в Росії",
            "Unilever verdient weiter Geld in Russland",
            "Unilever continue de faire des affaires en Russie",
            "Unilever nadal zarabia w Rosji",
        ),
        "site_chosen": (
            "Chinese EV maker picks Hungary for its first European plant",
            "Китайский производитель электромобилей выбрал Венгрию для завода",
            "Китайський виробник електромобілів обрав Угорщину для заводу",
            "Chinesischer Autobauer wählt Ungarn für sein erstes Werk",
            "Un constructeur chinois choisit la Hongrie pour son usine",
            "Chiński producent aut wybrał Węgry na fabrykę",
        ),
        "foreign_plant_reopened": (
            "Swiss food giant reopens its factory in Ukraine",
            "Швейцарская компания возобновила работу фабрики в Украине",
            "Швейцарська компанія відновила роботу фабрики в Україні",
            "Schweizer Lebensmittelkonzern eröffnet Werk in der Ukraine wieder",
            "Un groupe suisse rouvre son usine en Ukraine",
            "Szwajcarska firma wznowiła pracę fabryki na Ukrainie",
        ),
        "control_lost": (
            "Danish brewer loses control of its Russian business",
            "Датская пивоваренная компания лишилась контроля над российским бизнесом",
            "Данська пивоварня втратила контроль над російським бізнесом",
            "Dänischer Brauer verliert die Kontrolle über russische Tochter",
            "Un brasseur danois perd le contrôle de sa filiale russe",
            "Duński browar traci kontrolę nad rosyjską spółką",
        ),
        "first_outlet_in_market": (
            "Starbucks opens first cafe in Kyiv",
            "IKEA откроет первый магазин в Казахстане",
            "IKEA відкриє перший магазин у Києві",
            "Ikea eröffnet erstes Möbelhaus in Kiew",
            "Lidl ouvre son premier magasin en Serbie",
            "Lidl otwiera pierwszy sklep w Serbii",
        ),
        # A brand named alone, with the verbs of a launch: goes live, debuts, steigt ein.
        "brand_launches_in_market": (
            "Temu goes live in Kazakhstan",
            "Lamoda дебютировала в Армении",
            "Lidl запустила мережу в Україні",
            "Shein steigt in den polnischen Modehandel ein",
            "Uniqlo débarque en Belgique",
            "Shein zadebiutował w Czechach",
        ),
        # A firm halting its deliveries of a kind of product to a country leaves the market;
        # launching one there is a product launch (a hard negative below).
        "product_deliveries_halted": (
            "Samsung halts smartphone shipments to Russia",
            "Samsung приостановила поставки смартфонов в Россию",
            "Xiaomi призупинила постачання телефонів до Білорусі",
            "Nokia stoppt Lieferungen von Handys nach Russland",
            "Apple suspend ses livraisons de téléphones en Russie",
            "Lenovo wstrzymał dostawy laptopów do Rosji",
        ),
        # A foreign firm building in a region of a country.
        "foreign_firm_in_a_region": (
            "Chinese carmaker opens factory in western Ukraine",
            "Китайский автопроизводитель открыл завод в Западной Украине",
            "Китайський автовиробник відкрив завод на Західній Україні",
            "Chinesisches Unternehmen eröffnet Werk im Westen der Ukraine",
            "Un constructeur chinois ouvre une usine dans l'ouest de l'Ukraine",
            "Chiński producent aut otworzył fabrykę w zachodniej Ukrainie",
        ),
        # ... or in a region named as such: a state, an oblast, a voivodeship.
        "foreign_firm_in_a_named_region": (
            "Chinese company to build new plant in Bavaria",
            "Китайская компания откроет завод в Татарстане",
            "Турецька компанія збудує вітрову електростанцію на Миколаївщині",
            "Chinesischer Konzern baut neues Werk in Bayern",
            "Un groupe chinois ouvre une usine en Bretagne",
            "Koreański koncern zbuduje fabrykę w Saksonii",
        ),
        # A named firm buying a firm of another nation enters its market.
        "named_firm_buys_local_firm": (
            "Toyota buys Polish parts maker",
            "Toyota купила российского производителя запчастей",
            "Bayer придбав українського виробника насіння",
            "Mitsubishi übernimmt deutschen Maschinenbauer",
            "Siemens rachète une entreprise française de logiciels",
            "Danone kupuje polskiego producenta napojów roślinnych",
        ),
        # A commodity house ceasing to trade with a country's market.
        "trader_stops_buying": (
            "Swiss commodity trader halts purchases of Russian oil",
            "Швейцарский трейдер прекратит закупки российской нефти",
            "Найбільший трейдер припинить закупівлі російської нафти",
            "Schweizer Ölhändler stellt Käufe von russischem Öl ein",
            "Un négociant suisse cesse ses achats de pétrole russe",
            "Szwajcarski trader wstrzymuje zakupy rosyjskiej ropy",
        ),
        "brand_reopens_or_starts_selling": (
            "Zara reopens stores in Ukraine",
            "Xiaomi запустила продажи автомобилей в Казахстане",
            "Bolt дебютував у Молдові",
            "Zara expandiert nach Kasachstan",
            "Zara rouvre ses magasins en Ukraine",
            "Marka Jaecoo wystartowała na polskim rynku",
        ),
        # The cabinet by its name: the ministers in it veto nothing (a minister's own assets
        # seized would).
        "nationalised_by_the_cabinet": (
            "Council of Ministers orders nationalisation of Russian-owned bank",
            "Кабинет министров принял решение о национализации банка российских владельцев",
            "Кабінет міністрів ухвалив рішення про націоналізацію банку російських власників",
            "Der Ministerrat beschließt die Verstaatlichung der Tochter eines russischen Konzerns",
            "Le conseil des ministres décide la nationalisation de la filiale du groupe russe",
            "Rada Ministrów zdecydowała o nacjonalizacji rosyjskiego banku",
        ),
        # A state keeping foreign firms out of its public tenders: market access.
        "foreign_firms_barred_from_tenders": (
            "China bars German medical device makers from public tenders",
            "Китай отстранил немецких производителей медтехники от госзакупок",
            "Китай відсторонив німецьких виробників медтехніки від держзакупівель",
            "China schließt deutsche Hersteller von öffentlichen Ausschreibungen aus",
            "Pékin écarte les fabricants allemands de dispositifs médicaux des marchés publics",
            "Chiny odsunęły niemieckich producentów sprzętu medycznego od przetargów publicznych",
        ),
        # Italy's screening powers, named in English in every language's press.
        "screened_under_golden_power": (
            "Italy uses golden power to curb Chinese stake in tyre maker",
            "Италия применила golden power против китайского акционера производителя шин",
            "Італія застосувала golden power щодо китайського акціонера виробника шин",
            "Rom zieht Golden Power gegen chinesischen Großaktionär eines Reifenherstellers",
            "Rome active le golden power contre l'actionnaire chinois d'un fabricant de pneus",
            "Włochy użyły golden power wobec chińskiego udziałowca producenta opon",
        ),
        # China's "unreliable entity" list bars the firms it names from trade and investment
        "put_on_unreliable_entity_list": (
            "Beijing adds US drone maker to its unreliable entity list",
            "Пекин внес американского производителя дронов в список ненадежных организаций",
            "Пекін вніс американського виробника дронів до списку ненадійних організацій",
            "Peking setzt US-Drohnenhersteller auf Liste unzuverlässiger Unternehmen",
            "Pékin inscrit un fabricant américain de drones sur sa liste des entités non fiables",
            "Pekin wpisał amerykańskiego producenta dronów na listę niewiarygodnych podmiotów",
        ),
    },
    "sanctions": {
        # The same list, as a state's blacklist
        "unreliable_entity_list": (
            "China names two American defence firms unreliable entities",
            "Китай включил два американских оборонных концерна в список ненадёжных организаций",
            "Китай включив два американські оборонні концерни до списку ненадійних організацій",
            "China erklärt zwei US-Rüstungskonzerne zu unzuverlässigen Einheiten",
            "La Chine classe deux groupes de défense américains parmi les entités non fiables",
            "Chiny uznały dwa amerykańskie koncerny zbrojeniowe za niewiarygodne podmioty",
        ),
        "arms_embargo_extended": (
            "Security Council renews arms embargo on Libya",
            "Совбез ООН продлил оружейное эмбарго против Ливии",
            "Радбез ООН продовжив збройове ембарго щодо Лівії",
            "Sicherheitsrat verlängert Waffenembargo gegen Libyen",
            "Le Conseil de sécurité prolonge l'embargo sur les armes visant la Libye",
            "Rada Bezpieczeństwa ONZ przedłużyła embargo na broń dla Libii",
        ),
        # Export controls used as pressure, the tariffs they answer named: no tariff story
        "export_curbs_answering_tariffs": (
            "China tightens rare earth export controls in retaliation for US tariffs",
            "Китай ужесточил экспортный контроль на галлий в ответ на пошлины США",
            "Китай посилив експортний контроль на галій у відповідь на мита США",
            "China verschärft Exportkontrollen für seltene Erden als Antwort auf US-Zölle",
            "Pékin durcit le contrôle des exportations de gallium, riposte aux droits de douane",
            "Chiny zaostrzają kontrolę eksportu galu w odpowiedzi na cła USA",
        ),
        "property_blocked": (
            "UK freezes property of Russian oligarchs",
            "Британия заморозила имущество российских олигархов",
            "Британія заморозила майно російських олігархів",
            "USA setzen Rosneft und Lukoil auf die schwarze Liste",
            "Londres gèle les avoirs d'oligarques russes",
            "UE zakazuje importu rosyjskiego LNG",
        ),
        "suppliers_targeted": (
            "Treasury targets network supplying Russian military with chips",
            "Вашингтон взял под прицел посредников, снабжающих российскую армию",
            "Вашингтон узяв під приціл посередників, які постачають російську армію",
            "Washington nimmt Zwischenhändler für Russlands Armee ins Visier",
            "Washington cible des intermédiaires qui fournissent l'armée russe",
            "Waszyngton bierze na celownik pośredników zaopatrujących rosyjską armię",
        ),
        "measures_against": (
            "Canada announces new restrictions against Iranian officials",
            "Япония ввела новые ограничения против России",
            "Японія запровадила нові обмеження проти Росії",
            "Japan verhängt neue Strafmaßnahmen gegen Belarus",
            "Le Japon adopte de nouvelles mesures restrictives contre la Russie",
            "Japonia wprowadza nowe ograniczenia wobec Rosji",
        ),
        # Measures not named "sanctions": a ban or a freeze in an inflected or compound form,
        # the loanword "restrictions", a blacklist, or the body that imposes them named alone.
        "ban_freeze_blacklist": (
            "Canada blacklists Russian defence firms",
            "Британия ввела рестрикции против российских чиновников",
            "РНБО запровадила санкції щодо п'ятдесяти компаній",
            "EU beschließt Exportverbot für Maschinen nach Russland",
            "Washington gèle les avoirs de banques iraniennes",
            "Kanada nałożyła restrykcje na irańskich urzędników",
        ),
        # The imposer named by its capital or institution alone, with no target state.
        "imposer_by_capital_or_institution": (
            "European Commission proposes 19th sanctions package",
            "Лондон объявил о новых санкциях",
            "Єврокомісія запропонувала 19-й пакет санкцій",
            "Brüssel einigt sich auf neues Sanktionspaket",
            "Londres annonce de nouvelles sanctions",
            "Bruksela uzgodniła nowy pakiet sankcji",
        ),
        # A package of sanctions is a bloc's, and names no imposer: it is stalled by members.
        "package_blocked_by_members": (
            "New sanctions package stalls over Hungary's veto",
            "Венгрия и Словакия заблокировали новый пакет санкций",
            "Угорщина та Словаччина заблокували новий пакет санкцій",
            "Neues Sanktionspaket scheitert an Ungarn und der Slowakei",
            "La Hongrie et la Slovaquie bloquent le nouveau paquet de sanctions",
            "Węgry i Słowacja blokują nowy pakiet sankcji",
        ),
        # The Union as the ban's adjective: a European ban on a sanctioned state's goods.
        "european_ban": (
            "Russian LNG targeted by a European ban",
            "Российский СПГ попал под европейский запрет",
            "Російський СПГ потрапив під європейську заборону",
            "Russisches Flüssiggas fällt unter europäisches Verbot",
            "Les exportations de GNL russe visées par une interdiction européenne",
            "Rosyjski LNG objęty europejskim zakazem",
        ),
    },
}
NEW_NEGATIVE: dict[str, dict[str, tuple[str, str, str, str, str, str]]] = {
    # War news names NATO as a descriptor: of weapons and calibres, of a member country, of a
    # former official commenting; none is the alliance acting.
    "nato": {
        # A person named Nato, with a verb the alliance's frame knows ("expand"): the name is
        # no alliance in a frame either.
        "name_with_an_alliance_verb": (
            "Baker Nato Beridze wins a grant to expand her bakery",
            "Пекарь Нато Беридзе получила грант на расширение пекарни",
            "Пекарка Нато Берідзе отримала грант на розширення пекарні",
            "Bäckerin Nato Beridse erhält Zuschuss, um ihre Bäckerei zu erweitern",
            "La boulangère Nato Beridze obtient une subvention pour agrandir sa boulangerie",
            "Piekarka Nato Beridze dostaje dotację na rozbudowę piekarni",
        ),
        # A former commander of the alliance's forces commenting on the war.
        "former_commander_of_its_forces": (
            "Former commander of NATO forces in Europe assesses Ukraine's chances",
            "Экс-командующий силами НАТО в Европе оценил шансы ВСУ",
            "Колишній командувач сил НАТО в Європі оцінив шанси ЗСУ",
            "Ehemaliger Nato-Oberbefehlshaber schätzt Chancen der Ukraine ein",
            "Un ancien commandant de l'Otan évalue les chances de l'Ukraine",
            "Były dowódca sił NATO w Europie ocenia szanse Ukrainy",
        ),
        # A former deputy head of the alliance on other business.
        "former_deputy_secretary_general": (
            "Former NATO deputy secretary general launches AI think tank",
            "Бывший заместитель генсека НАТО открыл аналитический центр",
            "Колишній заступник генсека НАТО заснував аналітичний центр",
            "Ehemaliger Nato-Vizegeneralsekretär gründet Denkfabrik",
            "Un ancien secrétaire général adjoint de l'Otan fonde un centre de réflexion",
            "Były zastępca sekretarza generalnego NATO założył think tank",
        ),
        # A weapon by the name NATO gives it, or by NATO's standard.
        "weapon_named_or_standard": (
            "Missiles known to NATO as Satan II go on combat duty",
            "Ракеты, которые в НАТО называют Satan II, заступят на дежурство",
            "Ракети, які в НАТО називають Satan II, стануть на чергування",
            "Rheinmetall steigert Umsatz dank Nato-Standardmunition",
            "L'usine de munitions au standard Otan tourne à plein régime",
            "Zakład produkuje amunicję w standardzie NATO",
        ),
        # A nation's allies are not the alliance, whatever they do.
        "a_nations_allies": (
            "Kyiv's allies meet in Ramstein to discuss air defence",
            "Союзники Киева обязались выделить 2 млрд долларов на дроны",
            "Західні союзники України провели зустріч у Рамштайні",
            "Westliche Verbündete Kiews beraten bei Treffen in Ramstein",
            "Les alliés de l'Ukraine s'engagent à livrer plus de défense aérienne",
            "Sojusznicy Ukrainy zobowiązali się do wsparcia obrony powietrznej",
        ),
        # ... nor when they send fighters to it.
        "a_nations_allies_send_fighters": (
            "Kyiv's allies send more jets to Ukraine",
            "Союзники Киева передадут Украине новые истребители",
            "Союзники Києва передадуть нові винищувачі",
            "Verbündete der Ukraine liefern weitere Kampfjets",
            "Les alliés de Kiev livreront de nouveaux avions de chasse",
            "Sojusznicy Kijowa przekażą nowe myśliwce",
        ),
        # The sidelines as a headline says them: no article, "in the lobbies", "on the occasion".
        "sidelines_in_headline_form": (
            "Erdogan and Trump discuss fighter jets on sidelines of NATO summit",
            "Эрдоган и Трамп обсудили истребители в кулуарах саммита НАТО",
            "Ердоган і Трамп обговорили винищувачі в кулуарах саміту НАТО",
            "Erdogan und Trump beraten am Rande des Gipfels der Nato über Kampfjets",
            "Erdogan et Trump évoquent des avions de combat en marge d'un sommet de l'Otan",
            "Erdogan i Trump rozmawiali o myśliwcach przy okazji szczytu NATO",
        ),
        # Other targets share of GDP: deficits, emissions.
        "other_gdp_target": (
            "Government sets deficit target of 3% of GDP for next year",
            "Правительство установило цель по дефициту бюджета в 3% ВВП",
            "Уряд встановив ціль щодо дефіциту бюджету у 3% ВВП",
            "Regierung setzt Defizitziel von drei Prozent der Wirtschaftsleistung",
            "Le gouvernement fixe un objectif de déficit à 3 % du PIB",
            "Rząd wyznacza cel deficytu na poziomie 3 procent PKB",
        ),
        "rutte_as_prime_minister": (
            "Rutte resigns as Dutch prime minister",
            "Марк Рютте ушел в отставку с поста премьера Нидерландов",
            "Прем'єр-міністр Нідерландів Марк Рютте пішов у відставку",
            "Ministerpräsident Rutte tritt zurück",
            "Le Premier ministre néerlandais Mark Rutte démissionne",
            "Premier Holandii Mark Rutte podał się do dymisji",
        ),
        "article_5_of_a_law": (
            "Article 5 of the new labour law sparks protests",
            "Статья 5 закона о труде вызвала протесты",
            "Стаття 5 закону про працю викликала протести",
            "Artikel 5 des Gesetzes sorgt für Streit im Landtag",
            "L'article 5 de la loi sur le travail suscite des grèves",
            "Artykuł 5 ustawy o pracy budzi protesty",
        ),
        "another_mutual_defence": (
            "France invokes the EU mutual defence clause",
            "Россия и КНДР подписали договор о взаимной обороне",
            "Росія та КНДР підписали договір про взаємну оборону",
            "Frankreich ruft die EU-Beistandsklausel an",
            "La Corée du Nord et la Russie signent un traité de défense mutuelle",
            "Rosja i Korea Północna podpisały traktat o wzajemnej obronie",
        ),
        "weapon_descriptor": (
            "Russian strike hits Kharkiv as NATO-supplied tanks arrive",
            "Армия получила снаряды калибра НАТО",
            "ЗСУ отримали снаряди калібру НАТО",
            "Ukraine erhält Munition im Nato-Kaliber aus Tschechien",
            "L'Ukraine reçoit des obus de calibre OTAN",
            "Ukraina otrzymała amunicję kalibru NATO",
        ),
        "member_country": (
            "Missile falls in NATO member Poland, killing two",
            "Ракета упала в Польше, стране-члене НАТО",
            "Ракета впала в Польщі, країні-члені НАТО",
            "Polen, ein Nato-Mitgliedstaat, schließt die Grenze",
            "Un État membre de l'OTAN ferme sa frontière aux camions",
            "Polska, państwo członkowskie NATO, zamyka granicę",
        ),
        "weapons_said_to_be_natos": (
            "Russia says it destroyed NATO tanks near Bakhmut",
            "Минобороны заявило об уничтожении танков НАТО под Авдеевкой",
            "Росія заявила про знищення танків НАТО",
            "Russland meldet Zerstörung von Nato-Panzern",
            "La Russie affirme avoir détruit des chars de l'OTAN",
            "Rosja twierdzi, że zniszczyła czołgi NATO",
        ),
        "after_the_summit_in": (
            "After the NATO summit in Vilnius, Zelensky returns to Kyiv",
            "После саммита НАТО в Вильнюсе Зеленский вернулся в Киев",
            "Після саміту НАТО у Вільнюсі Зеленський повернувся до Києва",
            "Nach dem Nato-Gipfel in Vilnius reist Selenskyj nach Kiew",
            "Après le sommet de l'OTAN à Vilnius, Zelensky rentre à Kyiv",
            "Po szczycie NATO w Wilnie Zełenski wrócił do Kijowa",
        ),
        "former_spokesperson": (
            "Former NATO spokesperson comments on the front line",
            "Бывший советник НАТО рассказал о ходе войны",
            "Колишній речник НАТО прокоментував ситуацію на фронті",
            "Ehemaliger Nato-Sprecher äußert sich zum Kriegsverlauf",
            "Un ancien porte-parole de l'OTAN commente la guerre",
            "Były rzecznik NATO komentuje sytuację na froncie",
        ),
        # A member named in apposition in other cases, or said to belong to the alliance.
        # One ally in apposition, sold jets: a country, not the alliance.
        "one_ally_in_apposition": (
            "Britain agrees jet sale to NATO ally Turkey",
            "Великобритания продаст истребители союзнику по НАТО Турции",
            "Британія продасть винищувачі союзнику по НАТО Туреччині",
            "Nato-Verbündeter Türkei kauft Kampfjets aus Großbritannien",
            "Londres vendra des avions de combat à la Turquie, alliée de l'Otan",
            "Wielka Brytania sprzeda myśliwce sojusznikowi z NATO, Turcji",
        ),
        "member_in_apposition": (
            "Election annulled in Romania, a NATO member",
            "В Эстонии, члене НАТО, прошли выборы",
            "У Польщі, яка входить до НАТО, змінився уряд",
            "In Litauen, einem Nato-Mitglied, wird ein neues Parlament gewählt",
            "En Roumanie, membre de l'OTAN, l'élection présidentielle est annulée",
            "W należącej do NATO Albanii wybrano parlament",
        ),
        # Where equipment or fighters come from: the member countries, not the alliance.
        "from_member_countries": (
            "Russia shows tanks captured from NATO countries",
            "Российские военные показали трофейную технику из стран НАТО",
            "Росія виставила трофейну техніку країн НАТО",
            "Russland stellt erbeutete Panzer aus Nato-Staaten aus",
            "La Russie exhibe des blindés pris aux pays de l'Otan",
            "Rosjanie pokazali sprzęt z krajów NATO zdobyty na froncie",
        ),
    },
    "foreign_business": {
        # A firm growing at home is domestic business.
        "domestic_firm_expands_at_home": (
            "Polish retailer expands its chain in Poland",
            "Российский концерн расширит завод в России",
            "Український концерн розширить завод в Україні",
            "Deutscher Konzern erweitert Werk in Deutschland",
            "Le groupe français agrandit son usine en France",
            "Polska firma rozbudowuje zakład w Polsce",
        ),
        # The United Nations' measures returning: the UN is no firm returning to a market.
        "un_measures_return": (
            "UN sanctions on Iran return after a decade",
            "Санкции ООН против Ирана возвращаются через десять лет",
            "Санкції ООН проти Ірану повертаються через десять років",
            "UNO-Sanktionen gegen Iran kehren nach zehn Jahren zurück",
            "Les sanctions de l'ONU contre l'Iran reviennent après dix ans",
            "Sankcje ONZ wobec Iranu wracają po dekadzie",
        ),
        # A firm building at home: a listed one by its known home, an unlisted one by the
        # article's own country.
        "firm_builds_at_home": (
            "Siemens to build new factory in Germany",
            "Siemens построит новый завод в Германии",
            "Нова пошта збудує новий термінал в Україні",
            "Siemens investiert zwei Milliarden Euro in Deutschland",
            "Renault construit une nouvelle usine en France",
            "KGHM zbuduje nową hutę w Polsce",
        ),
        # A government freezing prices at home: no firm's business frozen.
        "prices_frozen_at_home": (
            "Government freezes energy prices in Britain",
            "Правительство заморозило цены на бензин в России",
            "Уряд заморозив ціни на газ в Україні",
            "Regierung friert Gaspreise in Deutschland ein",
            "Le gouvernement gèle les prix de l'énergie en France",
            "Rząd zamroził ceny energii w Polsce",
        ),
        # A firm taken off a sanctions list moves on no market: sanctions news.
        "firm_taken_off_sanctions_list": (
            "US Treasury removes Belarusian potash maker Belaruskali from sanctions list",
            "Минфин США исключил Беларуськалий из санкционного списка",
            "Мінфін США виключив Білоруськалій із санкційного списку",
            "US-Finanzministerium streicht Belaruskali von der Sanktionsliste",
            "Le Trésor américain retire Belaruskali de sa liste de sanctions",
            "USA usunęły Biełaruskalij z listy sankcyjnej",
        ),
        # A state probing a firm of its own nation: domestic regulation.
        "state_probes_own_firm": (
            "US regulators probe American chipmaker over export paperwork",
            "США начали расследование против американского производителя чипов",
            "США розпочали розслідування проти американського виробника чипів",
            "USA ermitteln gegen amerikanischen Chiphersteller",
            "Les États-Unis enquêtent sur un fabricant américain de puces",
            "USA wszczynają dochodzenie wobec amerykańskiego producenta chipów",
        ),
        # A foreign chain closing some of its stores in a market stays there.
        "some_stores_closed_abroad": (
            "Swedish retailer to close several stores in Spain",
            "Шведский ритейлер закроет несколько магазинов в Испании",
            "Шведський рітейлер закриє кілька магазинів в Іспанії",
            "Schwedischer Händler schließt mehrere Filialen in Spanien",
            "L'enseigne danoise ferme une dizaine de boutiques en France",
            "Szwedzka sieć zamknie kilka sklepów w Hiszpanii",
        ),
        # A state's own operator losing its licence is domestic regulation.
        "domestic_licence_revoked": (
            "Kazakhstan revokes licence of Kazakh mobile operator",
            "Казахстан отозвал лицензию у казахстанского оператора связи",
            "Польща відкликала ліцензію польського оператора",
            "Kasachstan entzieht kasachischem Mobilfunker die Lizenz",
            "La Pologne retire sa licence à un opérateur polonais",
            "Polska odebrała licencję polskiemu operatorowi",
        ),
        # Goods made for a country's buyers: an order, not a firm moving there.
        "production_for_a_country": (
            "Polish bus maker begins production of buses for Germany",
            "Польский завод начал выпуск автобусов для Германии",
            "Польський завод розпочав випуск автобусів для Німеччини",
            "Polnischer Hersteller beginnt Produktion von Bussen für Deutschland",
            "Un constructeur polonais commence la production de bus pour l'Allemagne",
            "Polska fabryka rozpoczęła produkcję autobusów dla Niemiec",
        ),
        # A statesman named with his office or travels is no brand: "Merz opens a forum".
        "a_statesman_named": (
            "German Chancellor Merz opens reconstruction forum in Poland",
            "Немецкий канцлер Мерц открыл форум по восстановлению в Польше",
            "Німецький канцлер Мерц відкрив форум з відбудови в Польщі",
            "Macron kehrt nach Asienreise nach Frankreich zurück",
            "Le chancelier allemand Merz ouvre un forum sur la reconstruction en Pologne",
            "Niemiecki kanclerz Merz otworzył forum odbudowy w Polsce",
        ),
        # A state, a bloc or a development bank investing abroad is aid or policy, no firm.
        "state_or_bank_invests_abroad": (
            "Japan to invest $2 billion in India's high-speed rail",
            "Китай инвестирует 10 млрд долларов в Казахстан",
            "ЄБРР інвестує 1,5 млрд євро в Україну",
            "EU investiert drei Milliarden Euro in der Ukraine",
            "Le Japon va investir 2 milliards en Inde",
            "Bank Światowy zainwestuje 2 mld dolarów w Ukrainie",
        ),
        "domestic_merger_blocked": (
            "Competition regulator blocks merger of two local supermarket chains",
            "Антимонопольная служба запретила слияние двух местных сетей супермаркетов",
            "Антимонопольний комітет заборонив злиття двох місцевих мереж супермаркетів",
            "Kartellamt untersagt Fusion zweier regionaler Supermarktketten",
            "L'autorité de la concurrence bloque la fusion de deux chaînes régionales",
            "UOKiK blokuje fuzję dwóch lokalnych sieci supermarketów",
        ),
        "domestic_fine": (
            "Regulator fines local bank for mis-selling loans",
            "Регулятор оштрафовал местный банк за навязывание кредитов",
            "Регулятор оштрафував місцевий банк за нав'язування кредитів",
            "Aufsicht verhängt Geldstrafe gegen regionale Sparkasse",
            "Le régulateur inflige une amende à une banque régionale",
            "Regulator ukarał lokalny bank za wprowadzanie klientów w błąd",
        ),
        # The state named by its nation beside it fines a firm of that nation: at home.
        "regulator_fines_its_own_nations_firm": (
            "Chinese regulator fines Chinese platform Alibaba",
            "Китайский регулятор оштрафовал китайскую компанию Alibaba",
            "Китайський регулятор оштрафував китайську компанію Alibaba",
            "Chinesische Behörde bestraft chinesischen Konzern Alibaba",
            "Le régulateur chinois inflige une amende au groupe chinois Alibaba",
            "Chiński regulator ukarał chiński koncern Alibaba",
        ),
        # War news names armies seizing or shelling plants of another country: no market.
        "army_seizes_plant": (
            "Russian forces seized a Ukrainian power plant and opened fire on the town",
            "Российские войска захватили украинский завод в Запорожье",
            "Російські окупанти відкрили штаб на захопленому українському заводі",
            "Russische Armee beschießt ukrainisches Werk in Saporischschja",
            "L'armée russe a bombardé une usine ukrainienne à Kharkiv",
            "Rosyjskie wojska ostrzelały ukraińską fabrykę w Charkowie",
        ),
        # A country's own first plant or hospital is no foreign firm's first outlet.
        "countrys_own_first": (
            "Poland's first nuclear power plant to be built on the Baltic coast",
            "В Казахстане построят первую атомную электростанцию",
            "В Україні відкрили першу дитячу лікарню нового типу",
            "Polens erstes Atomkraftwerk soll an der Ostsee entstehen",
            "La Pologne construira sa première centrale nucléaire sur la Baltique",
            "Pierwsza polska elektrownia jądrowa powstanie nad Bałtykiem",
        ),
        # A country or its people earning abroad, or choosing, is no firm in a market.
        "nation_earns_or_chooses": (
            "Voters pick Hungary's next president",
            "Украинцы продолжают зарабатывать в Польше",
            "Польща досі заробляє на транзиті в Україну",
            "Deutschland gibt weiter Geld für die Ukraine",
            "La France choisit un nouveau Premier ministre",
            "Polska nadal zarabia na eksporcie żywności do Niemiec",
        ),
        # A plant halted at home, or lost in the war, is no foreign firm leaving a market.
        "domestic_or_war_plant": (
            "Volkswagen to close a plant in Germany",
            "Украина потеряла контроль над атомной станцией",
            "Російський удар зупинив електростанцію в Україні",
            "Volkswagen schließt ein Werk in Deutschland",
            "Une frappe russe arrête une centrale en Ukraine",
            "Rosyjski atak zatrzymał elektrownię na Ukrainie",
        ),
        "frozen_assets_transferred": (
            "Senators push to transfer frozen Russian assets to Ukraine",
            "В ЕС обсуждают передачу замороженных российских активов Украине",
            "У ЄС обговорюють передачу заморожених російських активів Україні",
            "EU berät über Übertragung eingefrorener russischer Vermögen an die Ukraine",
            "L'UE débat du transfert des avoirs russes gelés à l'Ukraine",
            "UE debatuje o przekazaniu zamrożonych rosyjskich aktywów Ukrainie",
        ),
        # A firm building in a region of its own country: "western" there is the region's, not
        # the firm's origin.
        "home_firm_in_a_region_of_home": (
            "Ukrainian drone maker opens third factory in western Ukraine",
            "Украинский производитель дронов открыл завод в Западной Украине",
            "Український виробник дронів відкрив завод на Західній Україні",
            "Ukrainisches Unternehmen eröffnet drittes Werk im Westen der Ukraine",
            "Un fabricant ukrainien de drones ouvre une usine dans l'ouest de l'Ukraine",
            "Ukraiński producent dronów otworzył fabrykę w zachodniej Ukrainie",
        ),
        # ... and in a region of home named as such.
        "home_firm_in_a_named_region_of_home": (
            "US company to build new plant in Texas",
            "Российская компания открыла новый завод в Татарстане",
            "Українська компанія збудує новий завод на Львівщині",
            "Deutscher Konzern baut neues Werk in Bayern",
            "Une entreprise française ouvre une nouvelle usine en Bretagne",
            "Niemiecki koncern zbuduje fabrykę w Saksonii",
        ),
        # A firm buying one of its own nation's: a domestic acquisition, the buyer's home known
        # (a listed firm) or, in the article's language, most likely the article's own.
        "domestic_acquisition_by_name": (
            "Toyota buys Japanese parts maker",
            "Блорвекс купил российского производителя запчастей",
            "Blorvex придбав українського виробника насіння",
            "Siemens übernimmt deutschen Softwarehersteller",
            "Renault rachète un équipementier français",
            "Blorvex kupuje polskiego producenta napojów",
        ),
        # A state ceasing to buy a country's oil is trade policy, not a firm in a market.
        "state_stops_buying": (
            "India stops buying Russian oil",
            "Индия прекратит закупки российской нефти",
            "Індія припинить закупівлі російської нафти",
            "Indien stellt Käufe von russischem Öl ein",
            "L'Inde cesse ses achats de pétrole russe",
            "Indie wstrzymują zakupy rosyjskiej ropy",
        ),
        # A refinery buying crude is trade: no presence bought in its market.
        "refinery_sanctioned_for_buying_crude": (
            "Chinese refinery sanctioned for purchases of Iranian crude",
            "США ввели санкции против китайского НПЗ за покупку иранской нефти",
            "США запровадили санкції проти китайського НПЗ за купівлю іранської нафти",
            "USA sanktionieren chinesische Raffinerie wegen Kaufs von iranischem Öl",
            "Washington sanctionne une raffinerie chinoise pour achat de pétrole iranien",
            "USA nakładają sankcje na chińską rafinerię za zakup irańskiej ropy",
        ),
        # War news: an army's units, and sanctions resumed, are no firm's unit or return.
        "army_units": (
            "Russian units tried to break through near Kupiansk",
            "Российские подразделения продвинулись под Покровском",
            "Російські підрозділи намагалися прорватися до Куп'янська",
            "Russische Einheiten versuchen bei Kupjansk durchzubrechen",
            "Des unités russes tentent de percer près de Koupiansk",
            "Rosyjskie oddziały próbowały przełamać obronę pod Kupiańskiem",
        ),
        "sanctions_resumed": (
            "UN sanctions on Iran restored",
            "Против Ирана возобновлены санкции ООН",
            "Проти КНДР відновлено санкції ООН",
            "UN-Sanktionen gegen Iran wieder in Kraft",
            "Les sanctions de l'ONU contre l'Iran rétablies",
            "Przywrócono sankcje ONZ wobec Iranu",
        ),
        # A brand launching a kind of product in a country where it sells already.
        "brand_launches_product_in_market": (
            "Samsung launches new smartphone in India",
            "Xiaomi представила новый смартфон в Казахстане",
            "Lenovo запустила новий ноутбук в Україні",
            "Xiaomi bringt neues Smartphone nach Deutschland",
            "Apple lance sa nouvelle tablette en France",
            "Samsung wprowadza nowy smartfon w Polsce",
        ),
        # A politician launches a programme in a country: a name, a launch and a country, but
        # no firm entering a market.
        "politician_launches_programme": (
            "Biden launches new initiative in Mexico",
            "Мишустин запустил программу поддержки в Казахстане",
            "Зеленський запустив програму в Україні",
            "Scholz startet Initiative für Fachkräfte in Polen",
            "Macron lance un programme de coopération en Algérie",
            "Tusk uruchomił program w Polsce",
        ),
    },
    "sanctions": {
        # A state's own fuel export stop said as an embargo: the heaviest word names no sanction.
        "own_fuel_export_embargo": (
            "Russia extends the embargo on its own gasoline exports",
            "Москва продлила эмбарго на экспорт бензина",
            "Москва продовжила ембарго на експорт бензину",
            "Moskau verlängert Embargo für Benzinexporte",
            "Moscou prolonge l'embargo sur ses exportations d'essence",
            "Moskwa przedłuża embargo na eksport benzyny",
        ),
        # The sports court upholding a federation's sanctions on a country's teams.
        "sports_court_upholds_ban": (
            "Court of Arbitration for Sport upholds sanctions on Russian hockey federation",
            "Спортивный арбитражный суд оставил в силе санкции против Федерации хоккея России",
            "Спортивний арбітражний суд залишив у силі санкції проти Федерації хокею Росії",
            "Sportgerichtshof bestätigt Sanktionen gegen russischen Eishockeyverband",
            "Le Tribunal arbitral du sport confirme les sanctions contre la fédération russe",
            "Trybunał Arbitrażowy do spraw Sportu podtrzymał sankcje wobec rosyjskiej federacji",
        ),
        # Sanctions as the backdrop of other news: a descriptor, whatever adjective they have.
        "despite_sanctions": (
            "Russian economy grows despite Western sanctions",
            "Вопреки западным санкциям российская экономика растёт",
            "Попри західні санкції російська економіка зростає",
            "Trotz westlicher Sanktionen wächst Russlands Wirtschaft",
            "Malgré les sanctions occidentales, l'économie russe progresse",
            "Mimo zachodnich sankcji rosyjska gospodarka rośnie",
        ),
        "police_freeze_gang_property": (
            "Police freeze property of drug gang leaders",
            "Полиция заморозила имущество наркобанды",
            "Поліція заморозила майно наркобанди",
            "Polizei friert Vermögen einer Drogenbande ein",
            "La police gèle les biens d'un gang de la drogue",
            "Policja zamroziła majątek gangu narkotykowego",
        ),
        "protest_against": (
            "Thousands march against the war in Paris",
            "Тысячи человек вышли на митинг против войны",
            "Тисячі людей вийшли на мітинг проти війни",
            "Tausende demonstrieren in Berlin gegen den Krieg",
            "Des milliers de manifestants contre la guerre à Paris",
            "Tysiące ludzi protestują przeciwko wojnie",
        ),
        # A government tightening the unemployed's benefit sanctions, the word said.
        "benefit_sanctions_tightened": (
            "Government toughens benefit sanctions for jobseekers",
            "Правительство ужесточит санкции для безработных",
            "Уряд посилить санкції для безробітних",
            "Bürgergeld: Regierung will Sanktionen für Verweigerer verschärfen",
            "RSA : le gouvernement durcit les sanctions contre les allocataires",
            "Rząd zaostrza sankcje dla bezrobotnych",
        ),
        # A European ban on engines or plastics is the Union's own rule, not a sanction.
        "european_ban_at_home": (
            "European ban on combustion engines upheld by parliament",
            "Европейский запрет на продажу бензиновых автомобилей вступит в силу в 2035 году",
            "Європейська заборона на продаж бензинових авто набуде чинності у 2035 році",
            "Europäisches Verbot von Einwegplastik tritt in Kraft",
            "L'interdiction européenne des moteurs thermiques confirmée",
            "Europejski zakaz sprzedaży aut spalinowych od 2035 roku",
        ),
    },
}
for _table, _new in ((POSITIVE, NEW_POSITIVE), (NEGATIVE, NEW_NEGATIVE)):
    for _topic, _events in _new.items():
        assert not set(_events) & set(_table[_topic]), "an event class is defined twice"
        _table[_topic].update(_events)


def _cases(
    table: dict[str, dict[str, tuple[str, str, str, str, str, str]]],
) -> list[object]:
    return [
        pytest.param(topic, lang, title, id=f"{topic}-{event}-{lang}")
        for topic, events in table.items()
        for event, headlines in events.items()
        for lang, title in zip(LANGS, headlines, strict=True)
    ]


def topics_of(classifier: Classifier, title: str, lang: str) -> set[str]:
    return {m.name for m in classifier.classify(title, "", "", lang)}


def topics_with_lead(classifier: Classifier, title: str, lead: str, lang: str) -> set[str]:
    return {m.name for m in classifier.classify(title, "", lead, lang)}


@pytest.mark.parametrize(("topic", "lang", "title"), _cases(POSITIVE))
def test_each_event_class_is_recognised_in_each_language(
    classifier: Classifier, topic: str, lang: str, title: str
) -> None:
    assert topic in topics_of(classifier, title, lang)


@pytest.mark.parametrize(("topic", "lang", "title"), _cases(NEGATIVE))
def test_each_hard_negative_is_withheld_in_each_language(
    classifier: Classifier, topic: str, lang: str, title: str
) -> None:
    assert topic not in topics_of(classifier, title, lang)


def test_every_event_class_and_hard_negative_has_six_languages() -> None:
    for table in (POSITIVE, NEGATIVE):
        assert set(table) == {"nato", "sanctions", "foreign_business"}
        for events in table.values():
            assert all(len(headlines) == len(LANGS) for headlines in events.values())


def test_a_country_stopping_its_own_fuel_exports_is_no_sanction_with_its_lead_either(
    classifier: Classifier,
) -> None:
    # The headline alone is held back by the second opinion's doubt; with a lead the model
    # is less sure, and the phrase itself must speak against the topic.
    title = "Moskau verlängert Exportstopp für Benzin"
    lead = (
        "Die Regierung will Engpässe an heimischen Tankstellen verhindern; "
        "das Verbot gilt bis Ende Februar."
    )
    assert "sanctions" not in topics_with_lead(classifier, title, lead, "de")


def test_a_firms_own_nationality_names_no_market_for_its_production(
    classifier: Classifier,
) -> None:
    # "The Russian unit of a Chinese carmaker began assembly": no Chinese market; the same
    # frame still reads a place as the market.
    def production_frames(text: str) -> list[str]:
        trace = classifier.explain(text, "", "", "ru", "foreign_business")
        return [c.text for c in trace.cues if "foreign_firm_starts_production" in c.text]

    assert not production_frames(
        "Российское подразделение китайского автопроизводителя начало сборку модели"
    )
    assert production_frames("Китайский автопроизводитель начал сборку машин в Казахстане")


@pytest.mark.parametrize(
    ("lang", "title", "foreign"),
    [
        ("pl", "Microsoft zbuduje centrum danych pod Warszawą", True),
        ("de", "Tesla baut neue Fabrik in Leipzig", True),
        ("fr", "Toyota construit une usine près de Lyon", True),
        ("ru", "Toyota построит завод под Петербургом", True),
        # a brand of unknown home in a city of the article's own country: its home, likely
        ("pl", "Blorvex zbuduje fabrykę pod Wrocławiem", False),
        ("de", "Blorvex baut neue Fabrik bei Leipzig", False),
        ("fr", "Blorvex construit une usine près de Lyon", False),
        ("ru", "Блорвекс построит завод под Казанью", False),
    ],
)
def test_a_named_firm_building_in_a_city_is_foreign_when_its_home_is_known_elsewhere(
    classifier: Classifier, lang: str, title: str, foreign: bool
) -> None:
    assert ("foreign_business" in topics_of(classifier, title, lang)) is foreign


def test_a_foreign_firms_russian_unit_named_once_in_the_lead_is_not_enough(
    classifier: Classifier,
) -> None:
    title, lead = "Chery показал новый седан", "Российское подразделение марки покажет его в мае."
    assert "foreign_business" not in topics_with_lead(classifier, title, lead, "ru")
    title = "Chery продала российское подразделение"
    assert "foreign_business" in topics_with_lead(classifier, title, lead, "ru")


def test_a_person_punished_for_a_deed_is_no_sanction(classifier: Classifier) -> None:
    title = "Un député sanctionné pour avoir brandi un drapeau russe dans l'hémicycle"
    assert "sanctions" not in topics_of(classifier, title, "fr")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # "Sanction" as approval.
        ("en", "India's cabinet sanctions six new metro lines worth 40,000 crore"),
        ("ru", "Басманный суд Москвы санкционировал арест бывшего замглавы минфина"),
        # Spared by sanctions: a descriptor of the buyer, in an item about a sale.
        ("en", "The buyer, so far spared by Western sanctions, takes over the bank's Russian arm"),
        ("fr", "Le repreneur, jusqu'ici épargné par les sanctions européennes, rachète la filiale"),
    ],
)
def test_sanction_as_approval_or_as_a_buyers_descriptor_is_no_sanctions_news(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "sanctions" not in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ru", "Москва исключила возобновление работы Совета Россия — НАТО"),
        ("uk", "Москва виключила відновлення роботи Ради Росія — НАТО"),
        ("fr", "Moscou exclut la reprise des activités du Conseil OTAN-Russie"),
    ],
)
def test_work_resumed_by_a_council_named_with_nato_is_no_business_in_a_market(
    classifier: Classifier, lang: str, title: str
) -> None:
    # "resumption of work" + "Russia" fills the frame of business halted or resumed in a
    # market; NATO in the sentence says it is the alliance's council, as in en and de.
    assert "foreign_business" not in topics_of(classifier, title, lang)


def test_russian_shares_under_a_compulsory_administrator_are_sanctions(
    classifier: Classifier,
) -> None:
    title = "Rosyjskie udziały w gazociągu pod zarządem przymusowym"
    assert "sanctions" in topics_of(classifier, title, "pl")


def test_razor_wire_named_after_nato_is_no_nato_news(classifier: Classifier) -> None:
    # German calls razor wire "Nato-Draht"; no other shipped language names it after NATO.
    title = "Baufirma sichert Gelände mit Nato-Draht gegen Metalldiebe"
    assert "nato" not in topics_of(classifier, title, "de")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ru", "Intel отложил строительство завода в Польше на два года"),
        ("uk", "Intel відклав будівництво заводу в Польщі на два роки"),
        ("de", "Intel verschiebt den Bau seiner Chipfabrik in Magdeburg"),
        ("fr", "Intel reporte de deux ans son usine en Pologne"),
        ("pl", "Intel odkłada budowę fabryki pod Wrocławiem"),
    ],
)
def test_a_named_firm_putting_off_its_plant_in_a_market_is_foreign_business(
    classifier: Classifier, lang: str, title: str
) -> None:
    # As building or giving the plant up is; English names no firm's home (the frame's note).
    assert "foreign_business" in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title", "lead"),
    [
        (
            "en",
            "Nationalist wins presidential runoff",
            "The nationalist candidate took 54% of the vote, the electoral office said.",
        ),
        (
            "fr",
            "Le candidat nationaliste remporte la présidentielle",
            "Le nationaliste a obtenu 54 % des voix, selon la commission électorale.",
        ),
    ],
)
def test_a_nationalist_is_no_nationalisation(
    classifier: Classifier, lang: str, title: str, lead: str
) -> None:
    assert "foreign_business" not in topics_with_lead(classifier, title, lead, lang)


def test_sanctions_on_english_benefit_claimants_are_no_state_measure(
    classifier: Classifier,
) -> None:
    title = "Universal Credit sanctions rise as jobcentres tighten the rules"
    lead = (
        "LONDON - More claimants had payments cut last year, official figures show. "
        "Most sanctions were imposed for a missed appointment with a work coach."
    )
    assert "sanctions" not in topics_with_lead(classifier, title, lead, "en")


def test_the_former_secretary_general_at_his_new_post_is_no_nato_news(
    classifier: Classifier,
) -> None:
    title = "Norway's Stoltenberg presents a budget with a bigger oil fund draw"
    lead = (
        "OSLO - The finance minister, back in Norwegian politics after a decade as NATO "
        "secretary general, said the plan would not fuel inflation."
    )
    assert "nato" not in topics_with_lead(classifier, title, lead, "en")


def test_a_person_named_nato_in_a_german_headline_is_a_name(classifier: Classifier) -> None:
    # German capitalises every noun, so its headlines look like English title case, where
    # a capital says nothing; the article before the alliance's name still tells it apart.
    assert "nato" not in topics_of(classifier, "Tiflis ehrt Filmstar Nato Tschawtschawadse", "de")
    assert "nato" in topics_of(classifier, "Wie die Nato Russland abschrecken will", "de")
    assert "nato" in topics_of(
        classifier, "Nato Verteidigungsminister treffen sich in Brüssel", "de"
    )


def test_a_german_party_alliance_is_no_cue_for_the_alliance(classifier: Classifier) -> None:
    def counted(title: str) -> list[str]:
        trace = classifier.explain(title, "", "", "de", "nato")
        return [c.text for c in trace.cues if c.weight > 0]

    assert not counted("Das bürgerliche Bündnis gewinnt die Wahl in Prag")
    assert not counted("Das linke Bündnis legt in Umfragen zu")
    assert counted("Das Bündnis stärkt seine Ostflanke")


@pytest.mark.parametrize(
    ("lang", "title", "lead"),
    [
        (
            "ru",
            "OFAC оштрафовал венчурный фонд на $100 млн",
            "Управление по контролю за иностранными активами Минфина США наложило штраф на "
            "инвестиционную компанию из Калифорнии.",
        ),
        (
            "uk",
            "OFAC оштрафувало венчурний фонд на $100 млн",
            "Управління з контролю за іноземними активами Мінфіну США наклало штраф на "
            "інвестиційну компанію з Каліфорнії.",
        ),
        (
            "pl",
            "OFAC ukarało fundusz venture na 100 mln dol.",
            "Biuro Kontroli Aktywów Zagranicznych resortu finansów USA nałożyło karę na firmę "
            "inwestycyjną z Kalifornii.",
        ),
    ],
)
def test_the_us_sanctions_office_by_its_full_name_names_no_foreign_firm(
    classifier: Classifier, lang: str, title: str, lead: str
) -> None:
    # Its "foreign" is the assets', not the fined firm's.
    found = topics_with_lead(classifier, title, lead, lang)
    assert "sanctions" in found
    assert "foreign_business" not in found


def test_an_official_removed_from_office_is_no_firm_barred(classifier: Classifier) -> None:
    # "отстранить" bars foreign firms from tenders; a court removing an official is no market.
    assert "foreign_business" not in topics_of(
        classifier, "Суд отстранил чиновника от должности", "ru"
    )
    assert "foreign_business" not in topics_of(
        classifier, "Суд відсторонив посадовця від посади", "uk"
    )


def test_a_former_ministers_assets_taken_by_the_state_stay_out(classifier: Classifier) -> None:
    # "minister" still vetoes where it is no part of the cabinet's name
    assert "foreign_business" not in topics_of(
        classifier, "Уряд націоналізував банк колишнього міністра", "uk"
    )


def test_banks_turning_away_payments_keep_their_market(classifier: Classifier) -> None:
    title = "Chinese banks turn away Russian payments as secondary sanctions bite"
    assert "foreign_business" not in topics_of(classifier, title, "en")
    assert "foreign_business" in topics_of(classifier, "Western firms turn away from Russia", "en")


def test_a_state_taking_control_of_foreign_assets_is_no_sanctions_office(
    classifier: Classifier,
) -> None:
    # The office is named in full; "control of foreign assets" alone is a takeover.
    title = "Poutine ordonne la prise de contrôle des actifs étrangers de Danone et Carlsberg"
    assert "foreign_business" in topics_of(classifier, title, "fr")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Chinese regulator fines US chipmaker Micron"),
        ("ru", "Китайский регулятор оштрафовал американскую компанию Micron"),
        ("de", "Chinesische Behörde bestraft US-Konzern Micron"),
        ("fr", "Le régulateur chinois inflige une amende au groupe américain Micron"),
        ("pl", "Chiński regulator ukarał amerykański koncern Micron"),
    ],
)
def test_a_state_named_by_its_nation_fining_another_nations_firm_is_foreign_business(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang)


def test_the_us_treasury_fining_a_firm_reads_no_origin_from_its_own_name(
    classifier: Classifier,
) -> None:
    title = "US Treasury fines a venture firm for managing a sanctioned tycoon's money"
    lead = "The penalty on the company, a California investor, is among the largest."
    assert "foreign_business" not in topics_with_lead(classifier, title, lead, "en")


@pytest.mark.parametrize(
    ("lang", "title", "lead"),
    [
        (
            "en",
            "Germany pledges two more Patriot systems for Ukraine",
            "The defence minister announced the package on a visit to Kyiv. The first launchers "
            "will arrive by the end of the year, with allies paying for the rest.",
        ),
        (
            "ru",
            "Германия передаст Украине еще две системы Patriot",
            "Об этом объявил министр обороны ФРГ во время визита в Киев. Первые установки "
            "прибудут до конца года, остальное оплатят союзники.",
        ),
        (
            "uk",
            "Німеччина передасть Україні ще дві системи Patriot",
            "Про це повідомив міністр оборони ФРН під час візиту до Києва. Перші установки "
            "прибудуть до кінця року, решту профінансують союзники.",
        ),
        (
            "de",
            "Deutschland liefert der Ukraine zwei weitere Patriot-Systeme",
            "Das kündigte der Verteidigungsminister bei einem Besuch in Kiew an. Die ersten "
            "Startgeräte sollen bis Jahresende eintreffen, den Rest zahlen Verbündete.",
        ),
        (
            "fr",
            "L'Allemagne livrera deux systèmes Patriot de plus à l'Ukraine",
            "Le ministre de la Défense l'a annoncé lors d'une visite à Kiev. Les premiers "
            "lanceurs arriveront d'ici la fin de l'année, le reste sera financé par des alliés.",
        ),
        (
            "pl",
            "Niemcy przekażą Ukrainie kolejne dwa systemy Patriot",
            "Minister obrony ogłosił to podczas wizyty w Kijowie. Pierwsze wyrzutnie dotrą do "
            "końca roku, resztę sfinansują sojusznicy.",
        ),
    ],
)
def test_bilateral_arms_aid_is_no_nato_news_with_its_lead_either(
    classifier: Classifier, lang: str, title: str, lead: str
) -> None:
    # The learned second opinion reads it as the alliance's; the rules find no cue of it.
    assert "nato" not in topics_with_lead(classifier, title, lead, lang)


@pytest.mark.parametrize(
    ("lang", "title", "foreign_lead", "home_lead"),
    [
        (
            "de",
            "Blorvex baut neue Fabrik bei Leipzig",
            "Der chinesische Hersteller investiert 20 Millionen Euro.",
            "Der sächsische Mittelständler investiert 20 Millionen Euro.",
        ),
        (
            "pl",
            "Blorvex zbuduje fabrykę pod Wrocławiem",
            "Koreański koncern zainwestuje 2 mld zł.",
            "Polski producent zainwestuje 2 mld zł.",
        ),
        (
            "fr",
            "Blorvex construit une usine près de Lyon",
            "Le fabricant taïwanais de batteries investit 2 milliards.",
            "Le fabricant français de batteries investit 2 milliards.",
        ),
        (
            "ru",
            "Blorvex построит завод под Казанью",
            "Турецкий производитель вложит 4 млрд рублей.",
            "Российский производитель вложит 4 млрд рублей.",
        ),
        (
            "uk",
            "Blorvex збудує завод під Львовом",
            "Турецький виробник вкладе 40 млн євро.",
            "Український виробник вкладе 40 млн євро.",
        ),
    ],
)
def test_a_brand_of_unknown_home_is_foreign_when_its_lead_names_another_nation(
    classifier: Classifier, lang: str, title: str, foreign_lead: str, home_lead: str
) -> None:
    # A lead names the headline's brand by its kind and nation ("Der taiwanische
    # Halbleiterriese"): a nation other than the article's own lifts the home veto.
    assert "foreign_business" in topics_with_lead(classifier, title, foreign_lead, lang)
    assert "foreign_business" not in topics_with_lead(classifier, title, home_lead, lang)


def test_a_brand_in_capitals_is_a_name_though_the_dictionary_knows_the_word(
    classifier: Classifier,
) -> None:
    title, lead = (
        "TSMC baut Chipfabrik in Dresden",
        "Der taiwanische Konzern investiert zehn Milliarden Euro.",
    )
    assert "foreign_business" in topics_with_lead(classifier, title, lead, "de")


def test_a_former_supreme_commander_of_nato_commenting_is_no_nato_news(
    classifier: Classifier,
) -> None:
    former = "Бывший верховный главнокомандующий объединенными силами НАТО о блокаде Тайваня"
    assert "nato" not in topics_of(classifier, former, "ru")
    # The alliance's commander in office still is
    serving = "Верховный главнокомандующий объединенными силами НАТО посетил Вильнюс"
    assert "nato" in topics_of(classifier, serving, "ru")


@pytest.mark.parametrize(
    ("lang", "title", "lead"),
    [
        ("en", "Rare metals: Beijing turns the screw",
         "China tightened its export controls on gallium in retaliation for new tariffs from "
         "Washington."),
        ("ru", "Редкие металлы: Пекин закручивает гайки",
         "Китай ужесточил экспортный контроль на галлий в ответ на новые пошлины Вашингтона."),
        ("uk", "Рідкісні метали: Пекін закручує гайки",
         "Китай посилив експортний контроль на галій у відповідь на нові мита Вашингтона."),
        ("fr", "Aimants : Pékin durcit ses contrôles à l'exportation",
         "La Chine soumet à licence les livraisons d'aimants, en représailles aux nouveaux "
         "droits de douane américains."),
        ("pl", "Metale rzadkie: Pekin przykręca śrubę",
         "Chiny zaostrzyły kontrolę eksportu galu w odpowiedzi na nowe cła Waszyngtonu."),
    ],
)  # fmt: skip
def test_tariffs_a_measure_retaliates_against_do_not_make_it_a_tariff_story(
    classifier: Classifier, lang: str, title: str, lead: str
) -> None:
    assert "sanctions" in topics_with_lead(classifier, title, lead, lang)


@pytest.mark.parametrize(
    ("lang", "title", "body"),
    [
        ("en", "UN peacekeepers extend their mission in southern Lebanon",
         "The soldiers patrol the line between Lebanon and Israel. The Security Council "
         "decided the force will end its work next year. Many of them served in NATO battle "
         "groups in Latvia before."),
        ("ru", "Миротворцы ООН продлили миссию на юге Ливана",
         "Солдаты патрулируют линию между Ливаном и Израилем. Совет Безопасности решил, что "
         "миссия завершит работу в следующем году. Многие из них раньше служили в боевых "
         "группах НАТО в Латвии."),
        ("uk", "Миротворці ООН продовжили місію на півдні Лівану",
         "Солдати патрулюють лінію між Ліваном та Ізраїлем. Рада Безпеки вирішила, що місія "
         "завершить роботу наступного року. Багато з них раніше служили в бойових групах "
         "НАТО в Латвії."),
        ("de", "Blauhelme verlängern ihre Mission im Südlibanon",
         "Die Soldaten patrouillieren an der Linie zwischen Libanon und Israel. Der "
         "Sicherheitsrat hat entschieden, dass die Truppe ihre Arbeit im nächsten Jahr beendet. "
         "Viele von ihnen dienten zuvor in Nato-Kampfgruppen in Lettland."),
        ("fr", "Les casques bleus prolongent leur mission au Sud-Liban",
         "Les soldats patrouillent le long de la ligne entre le Liban et Israël. Le Conseil de "
         "sécurité a décidé que la force achèvera ses travaux l'an prochain. Beaucoup d'entre "
         "eux ont servi auparavant dans les groupements tactiques de l'OTAN en Lettonie."),
        ("pl", "Polscy żołnierze zostają w misji ONZ w Libanie",
         "Żołnierze patrolują linię między Libanem a Izraelem. Rada Bezpieczeństwa "
         "zdecydowała, że siły zakończą działalność w przyszłym roku. Wielu z nich służyło "
         "wcześniej w grupach bojowych NATO na Łotwie."),
    ],
)  # fmt: skip
def test_a_un_mission_is_no_nato_news_though_its_soldiers_served_in_nato(
    classifier: Classifier, lang: str, title: str, body: str
) -> None:
    # The second opinion reads soldiers on a mission as the alliance's; the UN mission is a
    # hard negative it gives way to, and the late mention alone is a passing one.
    assert "nato" not in {m.name for m in classifier.classify(title, body, "", lang)}


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Stavridis, who once served as NATO's Supreme Allied Commander Europe, joins a "
               "shipping start-up's board"),
        ("fr", "La Finlande, qui a rejoint l'OTAN il y a deux ans, reste le pays le plus "
               "heureux du monde"),
    ],
)  # fmt: skip
def test_a_past_office_or_an_old_accession_told_in_a_clause_is_a_descriptor(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "nato" not in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title", "sanctions"),
    [
        # A licence that lets trade with a sanctioned party go on is the sanctions machinery's.
        ("en", "Washington issues a general licence for deals with Venezuela's state oil firm "
               "PDVSA", True),
        ("de", "US-Finanzministerium erteilt Generallizenz für Geschäfte mit Venezuelas PDVSA",
         True),
        ("fr", "Washington accorde une licence générale pour les transactions avec le "
               "vénézuélien PDVSA", True),
        ("pl", "USA wydały licencję generalną na transakcje z wenezuelskim PDVSA", True),
        # The telecoms regulator's licence, and a Russian bank's full licence, are not.
        ("en", "Ofcom grants a general licence to mobile operators in the UK", False),
        ("ru", "ЦБ отозвал генеральную лицензию у московского банка", False),
    ],
)  # fmt: skip
def test_a_general_licence_is_sanctions_news_where_it_eases_sanctions(
    classifier: Classifier, lang: str, title: str, sanctions: bool
) -> None:
    assert ("sanctions" in topics_of(classifier, title, lang)) is sanctions


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A brand's production begun abroad is setting up there.
        # Not in English, whose news is of every country and which has no one home country
        # to veto a brand of unknown home ("Samsung to build new chip plant in South Korea").
        ("ru", "BYD начал производство в Бразилии"),
        ("uk", "BYD розпочав виробництво в Бразилії"),
        ("de", "BYD beginnt die Produktion in Brasilien"),
        ("fr", "BYD démarre la production au Brésil"),
        ("pl", "BYD rozpoczął produkcję w Brazylii"),
    ],
)
def test_a_brand_starting_production_abroad_sets_up_there(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("title", "foreign"),
    [
        # "Группа" is the business press's group of companies ...
        ("Французская группа Renault продала свою долю в российском автозаводе", True),
        ("Пивоваренная группа из Дании передала российский бизнес новым владельцам", True),
        # ... and a band is named by its kind, or by what bands do.
        ("Британская рок-группа отменила концерты в России", False),
    ],
)
def test_a_group_of_companies_moves_on_a_market_and_a_band_does_not(
    classifier: Classifier, title: str, foreign: bool
) -> None:
    assert ("foreign_business" in topics_of(classifier, title, "ru")) is foreign


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # Goods in a firm's description ("a maker of sporting goods") move on no market
        # themselves: the firm does.
        ("uk", "Французький виробник спортивних товарів знову відкриє магазини в Україні"),
        ("ru", "Шведский производитель товаров для дома возвращается в Россию"),
    ],
)
def test_a_maker_of_goods_moves_on_a_market(classifier: Classifier, lang: str, title: str) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A named firm founding a subsidiary in a country sets up there, in English news too.
        ("en", "KNDS sets up a subsidiary in Ukraine to make artillery parts"),
        ("ru", "KNDS создала дочернюю компанию на Украине"),
        ("uk", "KNDS створила дочірню компанію в Польщі"),
        ("de", "KNDS gründet eine Tochtergesellschaft in der Ukraine"),
        # the article's own country beside another country names the firm's home
        ("fr", "KNDS France crée une filiale en Ukraine"),
        ("fr", "KNDS France construit une usine en Ukraine"),
        ("pl", "KNDS zakłada spółkę zależną w Ukrainie"),
    ],
)
def test_a_named_firm_founding_a_subsidiary_abroad_sets_up_there(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # The article's own country as the market stays a brand at home.
        ("pl", "Orlen zakłada spółkę zależną w Polsce"),
        ("fr", "Michelin crée une filiale en France"),
        ("de", "Rheinmetall gründet eine Tochtergesellschaft in Deutschland"),
        ("fr", "Michelin construit une usine en France"),
        ("pl", "Orlen France buduje fabrykę w Polsce"),
    ],
)
def test_a_subsidiary_or_a_plant_in_the_articles_own_country_stays_domestic(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title", "foreign_business"),
    [
        # Drones or missiles made at a plant are its product; an attack on a plant is war news.
        ("ru", "Турецкая Baykar строит завод беспилотников под Киевом", True),
        ("uk", "Турецька Baykar будує завод безпілотників у Польщі", True),
        ("de", "Baykar baut eine Fabrik für Drohnen in der Ukraine", True),
        ("fr", "Baykar construit une usine de drones près de Kiev", True),
        ("pl", "Turecki Baykar buduje fabrykę dronów pod Kijowem", True),
        ("pl", "Rosyjskie drony uderzyły w fabrykę Nestlé pod Lwowem, zakład wstrzymał produkcję",
         False),
        ("ru", "Атака беспилотников: Nestlé закрыла завод на Украине, открытый в прошлом году",
         False),
    ],
)  # fmt: skip
def test_a_plant_making_drones_is_built_there_and_a_plant_struck_is_not(
    classifier: Classifier, lang: str, title: str, foreign_business: bool
) -> None:
    assert ("foreign_business" in topics_of(classifier, title, lang)) is foreign_business


@pytest.mark.parametrize(
    ("lang", "title", "lead"),
    [
        ("en", "IOC holds firm: Russians in Paris only as neutral athletes",
         "The IOC keeps its sanctions against Russia and Belarus: athletes from both countries "
         "may compete only without flag or anthem."),
        ("ru", "МОК не уступил: россияне в Париже только как нейтральные атлеты",
         "МОК сохраняет санкции против России и Белоруссии: спортсмены обеих стран выступят без "
         "флага и гимна."),
        ("uk", "МОК не поступився: росіяни в Парижі лише як нейтральні атлети",
         "МОК зберігає санкції проти Росії та Білорусі: спортсмени обох країн виступлять без "
         "прапора і гімну."),
        ("de", "IOC hält an Auflagen fest: Russen in Paris nur als neutrale Athleten",
         "Das IOC bleibt bei seinen Sanktionen gegen Russland und Belarus: Sportler aus beiden "
         "Ländern dürfen nur ohne Flagge und Hymne antreten."),
        ("fr", "Le CIO ne cède pas : les Russes à Paris seulement comme athlètes neutres",
         "Le CIO maintient ses sanctions contre la Russie et la Biélorussie : leurs sportifs ne "
         "concourront que sans drapeau ni hymne."),
        ("pl", "MKOl nie ustępuje: Rosjanie w Paryżu tylko jako neutralni sportowcy",
         "MKOl utrzymuje sankcje wobec Rosji i Białorusi: sportowcy z obu krajów wystąpią bez "
         "flagi i hymnu."),
    ],
)  # fmt: skip
def test_the_olympic_committees_terms_for_athletes_are_no_state_sanctions(
    classifier: Classifier, lang: str, title: str, lead: str
) -> None:
    assert "sanctions" not in topics_with_lead(classifier, title, lead, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A cargo bought from another nation is trade, not a takeover.
        ("en", "Ukraine's Naftogaz buys a cargo of American LNG via Poland"),
        ("ru", "Украинский Нафтогаз купил партию американского СПГ"),
        ("uk", "Український Нафтогаз купив партію американського ЗПГ"),
        ("de", "Der ukrainische Staatskonzern Naftogaz hat eine Ladung amerikanisches LNG "
               "erworben"),
        ("fr", "L'ukrainien Naftogaz a acquis une cargaison de GNL américain"),
        ("pl", "Ukraiński Naftogaz kupił ładunek amerykańskiego LNG"),
    ],
)  # fmt: skip
def test_a_cargo_bought_abroad_is_no_takeover(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title", "lead"),
    [
        # In Cyrillic the base's name alone stands for the US-led contact group.
        ("ru", "«Рамштайн» впервые прошел под председательством Британии и Германии",
         "Заседание контактной группы прошло в штаб-квартире НАТО в Брюсселе; Германия "
         "объявила о новых системах ПВО для Украины."),
        ("uk", "«Рамштайн» уперше пройшов під головуванням Британії та Німеччини",
         "Засідання Контактної групи відбулося у штаб-квартирі НАТО в Брюсселі; Німеччина "
         "оголосила про нові системи ППО для України."),
    ],
)  # fmt: skip
def test_the_ramstein_group_by_its_name_alone_is_not_the_alliance(
    classifier: Classifier, lang: str, title: str, lead: str
) -> None:
    assert "nato" not in topics_with_lead(classifier, title, lead, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A market taken over from the firms that left, and a state's trustee over a foreign
        # firm's unit.
        ("ru", "Китайские автопроизводители захватили половину российского рынка"),
        ("uk", "Китайські автовиробники захопили половину російського ринку"),
        ("pl", "Rząd Niemiec przedłużył powiernictwo nad spółką Rosneft Deutschland"),
        ("en", "Germany extends trusteeship over Rosneft's German refinery unit"),
    ],
)
def test_a_market_seized_or_a_foreign_unit_under_a_trustee_is_foreign_business(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title", "lead", "topic"),
    [
        # A central bank acting on its own banks is supervision: no sanctions, no firm's market.
        ("ru", "ЦБ отозвал лицензию у московского банка",
         "Банк России отозвал лицензию у небольшого московского банка за нарушения правил о "
         "противодействии отмыванию денег. Вкладчики получат страховку через АСВ.",
         "foreign_business"),
        ("ru", "ЦБ запретил московскому банку принимать вклады граждан",
         "Банк России на полгода запретил небольшому московскому банку привлекать вклады "
         "физических лиц и открывать им счета. Регулятор также оштрафовал банк за сомнительные "
         "транзитные операции; ограничительные меры не касаются уже открытых вкладов.",
         "sanctions"),
        ("uk", "НБУ відкликав ліцензію у київського банку",
         "Національний банк відкликав ліцензію у невеликого київського банку за порушення "
         "правил фінансового моніторингу. Вкладники отримають відшкодування від Фонду "
         "гарантування.",
         "foreign_business"),
        ("ru", "ЦБ запретил банкам продавать наличную валюту из-за санкций США", "",
         "foreign_business"),
    ],
)  # fmt: skip
def test_a_central_bank_acting_on_its_own_banks_is_supervision(
    classifier: Classifier, lang: str, title: str, lead: str, topic: str
) -> None:
    assert topic not in topics_with_lead(classifier, title, lead, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A past post in the alliance's staff, told in a clause, describes the speaker.
        ("en", "A retired general who served at NATO's headquarters on the lessons of the floods"),
        ("ru", "Генерал в отставке, служивший в структурах НАТО, рассказал об уроках наводнения"),
        ("uk", "Генерал у відставці, який служив у структурах НАТО, розповів про уроки повені"),
        ("fr", "Un général à la retraite, qui a servi au sein de l'OTAN, tire les leçons des "
               "inondations"),
        ("pl", "Emerytowany generał, który służył w strukturach dowodzenia NATO, o lekcjach z "
               "powodzi"),
    ],
)  # fmt: skip
def test_a_past_post_in_the_alliances_staff_is_a_descriptor(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "nato" not in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title", "topic", "labelled"),
    [
        # Official wording: a past commander by his short title, a central bank applying its
        # own penalties (the very word), a trustee over a foreign firm's units, the screening
        # law's word for a buyer from outside the EU.
        ("ru", "Бывший главком объединенных сил НАТО в Европе прокомментировал выборы в "
               "конгресс", "nato", False),
        ("pl", "Były dowódca Sojuszniczych Sił NATO w Europie wykłada na akademii wojskowej",
         "nato", False),
        ("pl", "Emerytowany generał, w przeszłości Naczelny Dowódca Sojuszniczych Sił NATO w "
               "Europie, wykłada etykę dowodzenia", "nato", False),
        ("ru", "Банк России применил санкции к региональному банку", "sanctions", False),
        ("ru", "ЕС применил санкции к Банку России", "sanctions", True),
        ("uk", "Уряд Німеччини продовжив довірче управління над дочірніми компаніями "
               "«Роснафти»", "foreign_business", True),
        ("ru", "Правительство Германии продлило доверительное управление дочерними компаниями "
               "«Роснефти»", "foreign_business", True),
        ("de", "Kabinett weitet Meldepflichten für unionsfremde Investoren aus",
         "foreign_business", True),
    ],
)  # fmt: skip
def test_official_wording_of_the_topics_and_their_negatives(
    classifier: Classifier, lang: str, title: str, topic: str, labelled: bool
) -> None:
    assert (topic in topics_of(classifier, title, lang)) is labelled


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A presence is sold under an agreement: the agreement is no treaty being left.
        ("fr", "Renault signe un accord pour céder ses actifs en Russie"),
        ("fr", "Renault annonce la signature d'accords pour la cession de ses actifs "
               "industriels en Russie"),
        ("pl", "Renault podpisał umowę sprzedaży swoich aktywów w Rosji"),
        ("uk", "Renault уклала угоду про продаж своїх активів у Росії"),
    ],
)  # fmt: skip
def test_a_presence_sold_under_an_agreement_is_sold(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    "title",
    [
        # Half of a two-word country's name is no brand: "Faso" leaving is a state's news.
        "Le sommet a pris acte de la décision du Burkina Faso et du Mali de se retirer de "
        "l'organisation régionale",
        "Le Burkina Faso quitte le Mali",
    ],
)
def test_half_of_a_two_word_countrys_name_is_no_brand(classifier: Classifier, title: str) -> None:
    assert "foreign_business" not in topics_of(classifier, title, "fr")


@pytest.mark.parametrize(
    "title",
    [
        # A firm's comeback, as German says it in English, is its return to a market.
        "Toyota wagt Comeback in Russland",
        "Nach drei Jahren feiert Renault sein Comeback in Russland",
    ],
)
def test_a_firms_comeback_in_german_is_a_return(classifier: Classifier, title: str) -> None:
    assert "foreign_business" in topics_of(classifier, title, "de")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A supplier is a firm, and the US by its short name is a site for its plant.
        ("de", "Deutscher Zulieferer baut ein Werk in den USA"),
        ("en", "German carmaker to build a plant in the US"),
        ("en", "Swedish supplier picks the U.S. for its new battery plant"),
        ("fr", "Un équipementier allemand construit une usine en Hongrie"),
        ("pl", "Niemiecki dostawca buduje fabrykę na Węgrzech"),
        ("ru", "Китайский поставщик построит завод в Казахстане"),
        ("uk", "Турецький постачальник відкриє завод у Польщі"),
    ],
)  # fmt: skip
def test_a_foreign_supplier_building_a_plant_is_foreign_business(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # "US" before the firm word is its origin, not the site: a US carmaker cutting jobs
        # in Germany builds nothing abroad.
        ("de", "Der US-Autobauer Ford baut an seinem deutschen Standort weitere Stellen ab"),
        # Banks curbing payments to a country: the country is where the money goes, no
        # state acting on foreign banks.
        ("de", "Österreichische Banken schränken Russland-Zahlungen weiter ein"),
        ("en", "Kazakh banks restrict payments to Russia as compliance checks tighten"),
        # A state halting its shipments of a metal is trade policy, not a firm's business.
        ("en", "Beijing halts antimony shipments to the U.S. as the chip row escalates"),
        ("pl", "Pekin wstrzymuje dostawy galu do USA, informuje ministerstwo handlu"),
        # A cook opening a restaurant is a person, not a brand.
        ("fr", "À Nantes, le cuisinier arménien Aram Petrossian ouvre une deuxième adresse"),
        ("en", "Georgian chef Tamar Lomidze opens a second restaurant in Lyon"),
    ],
)  # fmt: skip
def test_origins_payments_state_shipments_and_cooks_are_not_foreign_business(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A past post with "ex-" or a short title, or held "until" a date, is a descriptor.
        ("fr", "L'ex-commandant de l'OTAN publie ses mémoires de marin"),
        ("ru", "Бывший замгенсека НАТО возглавил список кандидатов на выборах мэра"),
        ("ru", "Политик, до весны занимавший пост заместителя генерального секретаря НАТО, "
               "открыл фонд помощи фермерам"),
        ("uk", "Колишній замгенсека НАТО очолив наглядову раду університету"),
        # A country placed on the eastern flank, building its own border works.
        ("de", "Litauen, das an der Ostflanke der Nato liegt, baut neue Straßen zur Grenze"),
        ("en", "Estonia, which lies on NATO's eastern flank, opens a new ferry line"),
        ("pl", "Leżąca na wschodniej flance NATO Litwa buduje nowe drogi"),
    ],
)  # fmt: skip
def test_former_posts_and_a_place_on_the_flank_are_descriptors(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "nato" not in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title", "labelled"),
    [
        # The central bank fining one of its banks is supervision; a state's sanctions stay.
        ("ru", "ЦБ оштрафовал банк за нарушения валютного законодательства. Санкции "
               "применены по итогам проверки", False),
        ("ru", "Банк России наложил штраф на региональный банк: санкции применены за "
               "недостоверную отчетность", False),
        ("uk", "НБУ оштрафував банк на 5 млн гривень: санкції застосовано за порушення", False),
        ("ru", "США ввели санкции против Банка России", True),
    ],
)  # fmt: skip
def test_a_central_bank_fining_its_banks_is_no_sanctions(
    classifier: Classifier, lang: str, title: str, labelled: bool
) -> None:
    assert ("sanctions" in topics_of(classifier, title, lang)) is labelled


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A firm the regional and trade press names by its trade (and its region) setting up
        # in another country.
        ("de", "Schwäbischer Zulieferer baut ein zweites Werk in Mexiko"),
        ("de", "Sauerländer Mittelständler gründet eine Tochter in Vietnam"),
        ("pl", "Podkarpacki producent okien zbuduje fabrykę w Rumunii"),
        ("ru", "Уральский производитель построит завод в Казахстане"),
        ("uk", "Закарпатський виробник відкриє завод у Словаччині"),
        # a foothold, or a purchase, said of such a firm
        ("de", "Westfälische Spedition fasst Fuß in Bulgarien"),
        ("de", "Der Mittelständler hat in Rumänien Fuß gefasst"),
        ("de", "Badischer Pumpenhersteller greift in Tschechien zu"),
        ("fr", "Un logisticien alsacien prend pied en Pologne"),
        # a firm by its owners: "family-run" is no family on the move
        ("en", "Family-owned packaging maker opens its first plant in Mexico"),
    ],
)  # fmt: skip
def test_an_unnamed_firm_setting_up_abroad_is_foreign_business(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # At home it may be the article's own firm or a foreign one: no label from the frame.
        ("de", "Schwäbischer Zulieferer baut ein zweites Werk in Deutschland"),
        ("pl", "Producent okien z Podkarpacia zbuduje fabrykę w Polsce"),
        ("ru", "Уральский производитель построит завод в России"),
        # the central bank of another country is no firm; a family on the move is people
        ("ru", "Союз решил разморозить активы центрального банка Мали и открыть границы"),
        ("en", "The Navalny family leaves Germany"),
        # the Kuban is a Russian region, not Cuba: its insurer is no foreign firm
        ("ru", "Банк России ограничил лицензию кубанской страховой компании"),
    ],
)  # fmt: skip
def test_an_unnamed_firm_at_home_a_central_bank_and_a_family_are_not_foreign_business(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # A development bank is no firm setting up abroad.
        ("de", "Die Weltbank investiert zwei Milliarden Dollar in Kenia"),
        ("pl", "Europejski Bank Inwestycyjny zainwestuje miliard euro w Rumunii"),
        ("ru", "ЕБРР инвестирует 300 млн евро в Казахстан"),
    ],
)  # fmt: skip
def test_a_development_bank_investing_abroad_is_no_firm(
    classifier: Classifier, lang: str, title: str
) -> None:
    assert "foreign_business" not in topics_of(classifier, title, lang)


@pytest.mark.parametrize(
    ("lang", "title", "labelled"),
    [
        # Confiscation into the state's revenue, in the law's words, of a foreign owner's
        # firm; a person's flat is no firm.
        ("uk", "ВАКС стягнув у дохід держави автозавод російського власника", True),
        ("uk", "ВАКС стягнув у дохід держави акції хімічного комбінату", True),
        ("ru", "Власти обратили в доход государства акции завода финского концерна", True),
        ("uk", "ВАКС стягнув у дохід держави квартиру колишнього нардепа", False),
    ],
)  # fmt: skip
def test_a_firm_confiscated_into_the_states_revenue_is_taken(
    classifier: Classifier, lang: str, title: str, labelled: bool
) -> None:
    assert ("foreign_business" in topics_of(classifier, title, lang)) is labelled


@pytest.mark.parametrize(
    ("lang", "title", "labelled"),
    [
        # The alliance as a metaphor for another ("an energy NATO"), and past posts, are no
        # NATO news; its procurement agency buying and the Polish adjective of its name are.
        ("fr", "Les industriels du solaire réclament une « OTAN de l'énergie »", False),
        ("en", "Utilities call for an energy NATO to buy gas together", False),
        ("ru", "Производители удобрений предложили создать «своё НАТО»", False),
        ("pl", "Branża stalowa chce „energetycznego NATO” w Unii", False),
        ("en", "Board hires a director who spent eight years as NATO's assistant secretary "
               "general", False),
        ("pl", "Spółka powołała do zarządu byłego przedstawiciela przy NATO", False),
        ("uk", "NSPA замовила для союзників 500 ракет", True),
        ("pl", "Natowski cel 5 proc. PKB napędza zamówienia zbrojeniówki", True),
    ],
)  # fmt: skip
def test_nato_as_a_metaphor_past_posts_its_agency_and_its_adjective(
    classifier: Classifier, lang: str, title: str, labelled: bool
) -> None:
    assert ("nato" in topics_of(classifier, title, lang)) is labelled


@pytest.mark.parametrize(
    ("lang", "title", "lead"),
    [
        # A unit's nation is where it is: selling it is leaving that market.
        ("en", "Operator to sell its Argentine unit for $1.2bn", ""),
        ("en", "Brewer sells Kazakh subsidiary to local rival", ""),
        # A business wound down in a market, in the Polish of a company's filing.
        ("pl", "Grupa wygasza spółkę zależną", "Zarząd zdecydował o wygaszeniu działalności "
                                              "handlowej rosyjskiej spółki zależnej."),
    ],
)  # fmt: skip
def test_a_unit_sold_or_wound_down_abroad_is_foreign_business(
    classifier: Classifier, lang: str, title: str, lead: str
) -> None:
    assert "foreign_business" in topics_with_lead(classifier, title, lead, lang)


@pytest.mark.parametrize(
    ("lang", "title", "labelled"),
    [
        # A firm's boilerplate on its own compliance is no sanctions news; a fine for failing
        # to comply is.
        ("en", "Freight forwarder says it is committed to complying with all applicable trade "
               "sanctions", False),
        ("en", "Annual report: sanctions and export control compliance", False),
        ("pl", "Spółka w raporcie rocznym o przestrzeganiu przepisów sankcyjnych", False),
        ("de", "Konzern berichtet über die Einhaltung der Sanktionsvorschriften", False),
        ("ru", "Компания отчиталась о соблюдении санкционного законодательства", False),
        ("en", "Exporter fined for failing to comply with sanctions on Iran", True),
        ("ru", "Банк оштрафован за несоблюдение санкционного законодательства США", True),
    ],
)  # fmt: skip
def test_compliance_boilerplate_is_no_sanctions_news_but_a_fine_is(
    classifier: Classifier, lang: str, title: str, labelled: bool
) -> None:
    assert ("sanctions" in topics_of(classifier, title, lang)) is labelled


@pytest.mark.parametrize(
    ("lang", "title", "topic", "labelled"),
    [
        # Feeds as they come: a Latin "i" typed in Ukrainian words.
        ("uk", "Кабмiн схвалив законопроект про скринiнг iноземних iнвестицiй",
         "foreign_business", True),
        # A court's authorisation is its "санкция", no sanctions.
        ("ru", "Суд дал санкцию на арест бывшего замминистра", "sanctions", False),
        ("uk", "Суд дав санкцію на арешт колишнього посадовця", "sanctions", False),
        # Investment curbed abroad is an outbound investment rule, not an export curb.
        ("en", "Treasury rule restricting outbound investment in Chinese chip firms takes "
               "effect", "sanctions", False),
        # A former deputy head by the Polish short title; dozens of stores closed.
        ("pl", "Były wiceszef NATO zakłada partię", "nato", False),
        ("ru", "Ритейлер закроет десятки магазинов в Германии", "foreign_business", False),
    ],
)  # fmt: skip
def test_feeds_as_they_come_and_their_near_misses(
    classifier: Classifier, lang: str, title: str, topic: str, labelled: bool
) -> None:
    assert (topic in topics_of(classifier, title, lang)) is labelled
