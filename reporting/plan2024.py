"""Table 1 and Table 2 of the 2024 implementation plan (seed/ake-toteutussuunnitelma-2024.txt), as data.

Read by the data migration that seeds the definitions, and by the demo loader. Finnish labels are
the report's labels of DOMAIN.md; ``plan`` is the indicator as Table 1 words it.
"""

GOALS = [
    (
        1,
        "Toimialueen yleisten kirjastojen toiminnan vahvistumisen ja kehittymisen tukeminen",
        "Stöd för att stärka och utveckla verksamheten vid de allmänna biblioteken i verksamhetsområdet",
        "Supporting the strengthening and development of the public libraries of the region",
    ),
    (
        2,
        "Henkilöstön osaamisen tukeminen",
        "Stöd för personalens kompetens",
        "Supporting the competence of library staff",
    ),
    (
        3,
        "Yleisten kirjastojen keskinäisen yhteistoiminnan edistäminen",
        "Främjande av samarbetet mellan de allmänna biblioteken",
        "Promoting cooperation between the public libraries",
    ),
]

# (goal, order, fi, sv, en, indicator ids)
ACTIONS = [
    (
        1,
        1,
        "Yhdessä toteutettavien kehittämisideoiden hankkeistamisen koordinointi",
        "Samordning av att omvandla gemensamma utvecklingsidéer till projekt",
        "Coordinating joint development ideas into projects",
        ["A1", "A2"],
    ),
    (
        1,
        2,
        "Tiedotteiden sekä jaettavien ja lainattavien materiaalien tuottaminen",
        "Produktion av meddelanden samt material att dela och låna ut",
        "Producing notices and shared and lendable materials",
        ["A3", "A4", "A5"],
    ),
    (
        1,
        3,
        "Alueen kirjastopalveluiden näkyvyyden parantaminen",
        "Bättre synlighet för regionens bibliotekstjänster",
        "Improving the visibility of the region's library services",
        ["A6", "A7"],
    ),
    (
        2,
        1,
        "Monipuolisen ammatillisen täydennyskoulutuksen järjestäminen",
        "Mångsidig professionell fortbildning",
        "Organising diverse professional continuing education",
        ["B1", "B2", "B3", "B4"],
    ),
    (
        2,
        2,
        "Opinto- ja verkostoitumismatkojen järjestäminen alueen kirjastohenkilöstölle",
        "Studie- och nätverksresor för bibliotekspersonalen i regionen",
        "Organising study and networking trips for the region's library staff",
        ["B5", "B6"],
    ),
    (
        2,
        3,
        "Työkiertojaksojen koordinoiminen",
        "Samordning av arbetsrotationsperioder",
        "Coordinating job rotation periods",
        ["B7", "B8"],
    ),
    (
        2,
        4,
        "Pedagogisten verkkosisältöjen tarjoaminen omaehtoiseen oppimiseen",
        "Pedagogiskt webbinnehåll för självständigt lärande",
        "Offering pedagogical online content for self-directed learning",
        ["B9", "B10"],
    ),
    (
        3,
        1,
        "Alueellisten työryhmien ja verkostojen toiminnan tukeminen sekä kirjastojen välisen vertaistuen ja "
        "keskinäisen yhteydenpidon vahvistaminen",
        "Stöd för de regionala arbetsgruppernas och nätverkens verksamhet samt starkare kamratstöd och "
        "kontakt mellan biblioteken",
        "Supporting the regional working groups and networks, and strengthening peer support and contact "
        "between the libraries",
        ["C1", "C2", "C3"],
    ),
    (
        3,
        2,
        "Kehittämisalueen kirjastojen arkeen tutustuminen ja vierailut alueen kirjastoissa",
        "Att lära känna bibliotekens vardag och besök i regionens bibliotek",
        "Getting to know the libraries' everyday work and visiting the region's libraries",
        ["C4"],
    ),
    (
        3,
        3,
        "Kaksikielisten kirjastojen yhteistyöhön osallistuminen",
        "Deltagande i de tvåspråkiga bibliotekens samarbete",
        "Taking part in the cooperation of bilingual libraries",
        ["C5", "C6"],
    ),
    (
        3,
        4,
        "Kaukolainojen tarjoaminen maksutta muille yleisille kirjastoille",
        "Avgiftsfria fjärrlån till andra allmänna bibliotek",
        "Providing interlibrary loans free of charge to other public libraries",
        ["C7"],
    ),
]

# id: (unit, fi, sv, en, plan wording)
INDICATORS = {
    "A1": (
        "count",
        "Kehittämishankehakemusten lukumäärä",
        "Antal ansökningar om utvecklingsprojekt",
        "Number of development project funding applications",
        "Kehittämishankehakemusten lukumäärä",
    ),
    "A2": (
        "count",
        "Käynnissä olevien alueellisten kehittämishankkeiden lukumäärä",
        "Antal pågående regionala utvecklingsprojekt",
        "Number of regional development projects under way",
        "Käynnissä olevien alueellisten kehittämishankkeiden lukumäärä",
    ),
    "A3": (
        "count",
        "Extranetissä julkaistujen tiedotteiden lukumäärä",
        "Antal meddelanden publicerade på extranätet",
        "Number of notices published on the extranet",
        "Lounais-Suomen kirjastojen extranetissä julkaistujen tiedotteiden lukumäärä",
    ),
    "A4": (
        "count",
        "Tiedotteet tilanneiden sähköpostiosoitteiden lukumäärä",
        "Antal e-postadresser som prenumererar på meddelandena",
        "Number of email addresses subscribed to the notices",
        "Tiedotteet tilanneiden sähköpostiosoitteiden lukumäärä",
    ),
    "A5": (
        "count",
        "Extranetin käyttökerrat",
        "Besök på extranätet",
        "Visits to the extranet",
        "Lounais-Suomen kirjastojen extranetin käyttökerrat",
    ),
    "A6": (
        "yes_no",
        "Yhteisen messuosaston suunnittelu ja organisointi Turun Kirjamessuille",
        "Planering och organisering av en gemensam monter på Bokmässan i Åbo",
        "Planning and organising a joint stand at the Turku Book Fair",
        "Alueen kirjastojen yhteisen messuosaston suunnittelu ja organisointi Turun Kirjamessuille",
    ),
    "A7": (
        "percent",
        "Yhteisiin viestintäkampanjoihin osallistuneiden kirjastojen osuus",
        "Andel bibliotek som deltagit i gemensamma kommunikationskampanjer",
        "Share of libraries taking part in joint communication campaigns",
        "Alueen yhteisten viestintä- ja markkinointikampanjoiden toteuttamiseen osallistuneiden kirjastojen "
        "osuus kaikista alueen kirjastoista",
    ),
    "B1": (
        "count",
        "Täydennyskoulutusten lukumäärä",
        "Antal fortbildningar",
        "Number of continuing education trainings",
        "Täydennyskoulutusten lukumäärä",
    ),
    "B2": (
        "percent",
        "Koulutuksiin osallistuneiden kirjastojen osuus",
        "Andel bibliotek som deltagit i fortbildningar",
        "Share of libraries taking part in trainings",
        "Koulutuksiin osallistuneiden kirjastojen prosentuaalinen osuus toimialueen kaikista kirjastoista",
    ),
    "B3": (
        "count",
        "Lähikoulutuksiin osallistuneiden kirjastolaisten määrä",
        "Antal biblioteksanställda som deltagit i närutbildningar",
        "Library staff attending in-person trainings",
        "Lähikoulutuksiin osallistuneiden kirjastolaisten määrä",
    ),
    "B4": (
        "mean",
        "Koulutuspalautteiden kokonaisarvioiden keskiarvo",
        "Medelvärdet av helhetsbetygen i utbildningsresponsen",
        "Mean overall rating of training feedback",
        "Koulutuspalautteiden kokonaisarvioiden keskiarvo",
    ),
    "B5": (
        "count",
        "Opinto- ja verkostoitumismatkojen lukumäärä",
        "Antal studie- och nätverksresor",
        "Number of study and networking trips",
        "Opinto- ja verkostoitumismatkojen lukumäärä",
    ),
    "B6": (
        "count",
        "Matkoille osallistuneiden henkilöiden määrä",
        "Antal personer som deltagit i resorna",
        "Participants in the trips",
        "Matkoille osallistuneiden henkilöiden määrä",
    ),
    "B7": (
        "count",
        "Työkiertojaksojen lukumäärä",
        "Antal arbetsrotationsperioder",
        "Number of job rotation periods",
        "Työkiertojaksojen lukumäärä",
    ),
    "B8": (
        "percent",
        "Työkiertoon osallistuneiden kirjastojen osuus",
        "Andel bibliotek som deltagit i arbetsrotation",
        "Share of libraries taking part in job rotation",
        "Työkiertojaksojen toteuttamiseen osallistuneiden kirjastojen prosentuaalinen osuus toimialueen "
        "kaikista kirjastoista",
    ),
    "B9": (
        "count",
        "Uusien Liboppi-oppimismoduulien lukumäärä",
        "Antal nya lärmoduler på Liboppi",
        "Number of new Liboppi learning modules",
        "Toimialueen kirjastoille tarjottujen uusien oppimismoduulien lukumäärä Liboppi-oppimisalustalla",
    ),
    "B10": (
        "percent",
        "Verkkokursseja suorittaneiden kirjastojen osuus",
        "Andel bibliotek som slutfört webbkurser",
        "Share of libraries with completed online courses",
        "Verkkokursseja suorittaneiden kirjastojen prosentuaalinen osuus kaikista toimialueen kirjastoista",
    ),
    "C1": (
        "per_group",
        "Työryhmien järjestämien tapahtumien ja tapaamisten lukumäärä",
        "Antal evenemang och möten som arbetsgrupperna ordnat",
        "Events and meetings organised by the working groups",
        "Työryhmien järjestämien tapahtumien ja tapaamisten lukumäärä",
    ),
    "C2": (
        "count",
        "Etäkahvihetket",
        "Distanskaffestunder",
        "Remote coffee hours",
        "Alueen kirjastohenkilöstölle järjestetyt etäkahvihetket",
    ),
    "C3": (
        "percent",
        "Kumppanikirjastotoimintaan osallistuneiden kirjastojen osuus",
        "Andel bibliotek som deltagit i partnerbiblioteksverksamheten",
        "Share of libraries taking part in partner library activities",
        "Kumppanikirjastotoimintaan osallistuneiden kirjastojen osuus kaikista toimialueen kirjastoista",
    ),
    "C4": (
        "percent",
        "AKE-henkilöstön vierailemien kirjastojen osuus",
        "Andel bibliotek som AKE-personalen besökt",
        "Share of libraries visited by AKE staff",
        "AKE-henkilöstön vierailemien kirjastojen prosentuaalinen osuus kaikista toimialueen kirjastoista",
    ),
    "C5": (
        "count",
        "ÅKE-ryhmän tapaamisten lukumäärä",
        "Antal möten i ÅKE-gruppen",
        "Meetings of the ÅKE group",
        "Ruotsinkielisen kehittämistehtävien yhteistyöryhmän järjestämien tapaamisten lukumäärä",
    ),
    "C6": (
        "count",
        "Ruotsinkielisten tapahtuma- ja koulutussisältöjen lukumäärä",
        "Antal svenskspråkiga evenemang och utbildningsinnehåll",
        "Swedish-language event and training contents",
        "Yhteistyössä suunniteltujen ja toteutettujen ruotsinkielisten tapahtuma- ja koulutussisältöjen "
        "lukumäärä",
    ),
    "C7": (
        "count",
        "Lähetettyjen kaukolainojen nidemäärä",
        "Antal skickade fjärrlånevolymer",
        "Volumes sent as interlibrary loans",
        "Lähetettyjen kaukolainojen nidemäärä",
    ),
}

ORDER = [code for action in ACTIONS for code in action[5]]

# id: (kind, low, high, tolerance %) — the targets of 2024 (Table 1, "Mittarin tavoitetaso 2024").
TARGETS_2024 = {
    "A1": ("range", "1", "2", None),
    "A2": ("range", "2", None, None),
    "A3": ("range", "100", "200", None),
    "A4": ("range", "500", "600", None),
    "A5": ("at_least_previous", None, None, None),
    "A6": ("done", None, None, None),
    "A7": ("at_least", "50", None, None),
    "B1": ("range", "15", "20", None),
    "B2": ("at_least", "90", None, None),
    "B3": ("at_least", "200", None, None),
    "B4": ("at_least", "4.0", None, None),
    "B5": ("range", "3", "5", None),
    "B6": ("at_least", "60", None, None),
    "B7": ("range", "5", None, None),
    "B8": ("at_least", "10", None, None),
    "B9": ("range", "1", "3", None),
    "B10": ("at_least", "60", None, None),
    "C1": ("all_groups_at_least", "2", None, None),
    "C2": ("range", "10", "20", None),
    "C3": ("at_least", "30", None, None),
    "C4": ("at_least", "50", None, None),
    "C5": ("range", "2", "4", None),
    "C6": ("range", "2", "3", None),
    "C7": ("about_previous", None, None, "10"),
}

_TASKS_A = (
    "Täydennyskoulutusten ja muiden kehittämistoimenpiteiden järjestäminen, sisällöntuotanto ja raportointi "
    "sekä niistä tiedottaminen. Kirjastojenvälisen viestinnän ja verkkosisältöjen suunnittelu ja "
    "toteuttaminen. "
)
_TASKS_NETWORK = (
    "Yleisten kirjastojen keskinäisen yhteistoiminnan edistäminen. Kehittämistehtävää hoitavien kirjastojen "
    "verkoston toimintaan osallistuminen."
)
_TASKS_LOANS = (
    "Kaukolainojen ja muun materiaalin välittäminen kirjastoille sekä kaukolainakustannusten seuranta. "
    "Koulutusten ja kokousten tilajärjestelyihin osallistuminen."
)
_TASKS_A_SV = (
    "Ordnande av fortbildningar och andra utvecklingsåtgärder, innehållsproduktion och rapportering samt "
    "information om dem. Planering och genomförande av kommunikationen mellan biblioteken och "
    "webbinnehållet. "
)
_TASKS_NETWORK_SV = (
    "Främjande av samarbetet mellan de allmänna biblioteken. Deltagande i nätverket av bibliotek med "
    "utvecklingsuppdrag."
)
_TASKS_LOANS_SV = (
    "Förmedling av fjärrlån och annat material till biblioteken samt uppföljning av fjärrlånekostnaderna. "
    "Deltagande i lokalarrangemangen för utbildningar och möten."
)

# Table 2: (position number, title fi, title sv, FTE %, main tasks fi, main tasks sv)
STAFF_2024 = [
    (
        "904102",
        "määräaikainen informaatikko",
        "visstidsanställd informatiker",
        "90",
        _TASKS_A
        + "Liboppi-oppimisalustan sekä muiden verkkopalvelujen kehittämiseen ja ylläpitoon osallistuminen. "
        + _TASKS_NETWORK,
        _TASKS_A_SV
        + "Deltagande i utvecklingen och underhållet av lärplattformen Liboppi och andra webbtjänster. "
        + _TASKS_NETWORK_SV,
    ),
    (
        "402633",
        "informaatikko",
        "informatiker",
        "80",
        "Alueellisen kehittämistoiminnan koordinointi. Kirjastopalveluiden uudistamisen konseptointi sekä "
        "alueellisten kehittämishankkeiden suunnittelu ja hallinnointi. Kehittämistoiminnan vaikutusten "
        "seuranta "
        "ja arviointi. Osaamisen kehittämisen suunnittelu ja koordinointi alueellisella tasolla. "
        "Liboppi-oppimisalustan kehittämisen koordinointi. Täydennyskoulutusten ja muiden "
        "kehittämistoimenpiteiden järjestäminen, sisällöntuotanto ja raportointi sekä niistä tiedottaminen. "
        "Yleisten kirjastojen keskinäisen yhteistoiminnan edistäminen. Kehittämistehtävää hoitavien "
        "kirjastojen "
        "yhteistoimintaverkoston toimintaan osallistuminen.",
        "Samordning av den regionala utvecklingsverksamheten. Konceptualisering av förnyade "
        "bibliotekstjänster "
        "samt planering och administration av regionala utvecklingsprojekt. Uppföljning och utvärdering av "
        "utvecklingsverksamhetens effekter. Planering och samordning av kompetensutvecklingen på regional "
        "nivå. "
        "Samordning av utvecklingen av Liboppi. Ordnande av fortbildningar och andra utvecklingsåtgärder, "
        "innehållsproduktion och rapportering samt information om dem. Främjande av samarbetet mellan de "
        "allmänna biblioteken. Deltagande i samarbetsnätverket av bibliotek med utvecklingsuppdrag.",
    ),
    (
        "980063",
        "projektityöntekijä",
        "projektarbetare",
        "75",
        "Täydennyskoulutusten ja muiden kehittämistoimenpiteiden järjestäminen. Kirjastojenvälisen "
        "viestinnän ja "
        "verkkosisältöjen toteuttaminen. Liboppi-oppimisalustan sekä muiden verkkopalvelujen ylläpitoon "
        "osallistuminen.",
        "Ordnande av fortbildningar och andra utvecklingsåtgärder. Genomförande av kommunikationen mellan "
        "biblioteken och webbinnehållet. Deltagande i underhållet av Liboppi och andra webbtjänster.",
    ),
    (
        "402450",
        "informaatikko",
        "informatiker",
        "70",
        _TASKS_A
        + "Liboppi-oppimisalustan sekä muiden verkkopalvelujen kehittämiseen ja ylläpitoon osallistuminen. "
        + _TASKS_NETWORK,
        _TASKS_A_SV
        + "Deltagande i utvecklingen och underhållet av lärplattformen Liboppi och andra webbtjänster. "
        + _TASKS_NETWORK_SV,
    ),
    (
        "402588",
        "informaatikko",
        "informatiker",
        "30",
        _TASKS_A
        + "Liboppi-oppimisalustan sekä muiden verkkopalveluiden ja sovellusten tukeen, ylläpitoon ja "
        "kehittämiseen liittyvät asiantuntijatehtävät. " + _TASKS_NETWORK,
        _TASKS_A_SV
        + "Expertuppgifter inom stöd, underhåll och utveckling av Liboppi och andra webbtjänster och "
        "applikationer. " + _TASKS_NETWORK_SV,
    ),
    (
        "402624",
        "vastaava informaatikko",
        "ansvarig informatiker",
        "20",
        "Lähijohtajan henkilöstöhallinnolliset ja työnjohdolliset tehtävät.",
        "Närmaste chefens personaladministrativa och arbetsledande uppgifter.",
    ),
    (
        "402413",
        "palvelupäällikkö",
        "servicechef",
        "10",
        "Alueellisen kehittämistehtävän suunnittelusta, koordinoinnista ja raportoinnista vastaaminen. "
        "Talous- ja "
        "henkilöstöhallinnolliset tehtävät. Kehittämistoimenpiteiden järjestäminen. Kehittämistehtävää "
        "hoitavien "
        "kirjastojen yhteistoimintaverkoston toimintaan osallistuminen.",
        "Ansvar för planering, samordning och rapportering av det regionala utvecklingsuppdraget. Ekonomi- "
        "och "
        "personaladministrativa uppgifter. Ordnande av utvecklingsåtgärder. Deltagande i samarbetsnätverket "
        "av "
        "bibliotek med utvecklingsuppdrag.",
    ),
    (
        "402404",
        "kirjastopalvelujohtaja",
        "bibliotekstjänstdirektör",
        "10",
        "Toiminnan johtaminen sekä kehittämistehtävän suunnitteluun ja koordinointiin osallistuminen. "
        "Kehittämistehtävää hoitavien kirjastojen yhteistoimintaverkoston toimintaan osallistuminen.",
        "Ledning av verksamheten samt deltagande i planeringen och samordningen av utvecklingsuppdraget. "
        "Deltagande i samarbetsnätverket av bibliotek med utvecklingsuppdrag.",
    ),
    (
        "402592",
        "erikoiskirjastovirkailija",
        "specialbiblioteksfunktionär",
        "5",
        "Antokaukopalveluun liittyvät tehtävät.",
        "Uppgifter inom utlånande fjärrlån.",
    ),
    ("402481", "vahtimestari", "vaktmästare", "5", _TASKS_LOANS, _TASKS_LOANS_SV),
    ("402477", "vahtimestari", "vaktmästare", "5", _TASKS_LOANS, _TASKS_LOANS_SV),
]


def seed_definitions(goal_model, action_model, indicator_model, target_model) -> None:
    """Creates what is missing of Table 1 and the 2024 targets; changes nothing AKE edited."""
    goals = {}
    for number, fi, sv, en in GOALS:
        goals[number], _ = goal_model.objects.get_or_create(
            number=number, defaults={"label_fi": fi, "label_sv": sv, "label_en": en}
        )
    order = 0
    for goal_number, action_order, fi, sv, en, codes in ACTIONS:
        action, _ = action_model.objects.get_or_create(
            goal=goals[goal_number],
            order=action_order,
            defaults={"label_fi": fi, "label_sv": sv, "label_en": en},
        )
        for code in codes:
            order += 1
            unit, label_fi, label_sv, label_en, plan = INDICATORS[code]
            indicator, _ = indicator_model.objects.get_or_create(
                code=code,
                defaults={
                    "order": order,
                    "action": action,
                    "unit": unit,
                    "label_fi": label_fi,
                    "label_sv": label_sv,
                    "label_en": label_en,
                    "plan_wording": plan,
                },
            )
            kind, low, high, tolerance = TARGETS_2024[code]
            defaults = {"kind": kind, "low": low, "high": high}
            if tolerance:
                defaults["tolerance_percent"] = tolerance
            target_model.objects.get_or_create(indicator=indicator, year=2024, defaults=defaults)


def seed_staff(staff_model, year: int = 2024) -> int:
    if staff_model.objects.filter(year=year).exists():
        return 0
    staff_model.objects.bulk_create(
        staff_model(
            year=year,
            order=index,
            position_number=number,
            title_fi=title_fi,
            title_sv=title_sv,
            fte_percent=fte,
            main_tasks_fi=tasks_fi,
            main_tasks_sv=tasks_sv,
        )
        for index, (number, title_fi, title_sv, fte, tasks_fi, tasks_sv) in enumerate(STAFF_2024, start=1)
    )
    return len(STAFF_2024)
