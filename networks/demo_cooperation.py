"""Demo cooperation registers for a realistic AKE year (issue #5).

Groups with members and action plans, ~8 partnerships, visits to about half of the libraries,
5 rotation periods (one reciprocal pair), 3 projects, 2 campaigns, the book fair and Liboppi.
``ctx.scale`` multiplies the activity (visits, rotation, completions, partnerships) over the same
libraries.
"""

import datetime
from decimal import Decimal

from finance.models import Activity, Category, ClaimStatus, Cost, PayeeType

from .demo import ROLE_ACCOUNTS
from .models import (
    ActionPlanAction,
    ActionPlanCost,
    BookFair,
    Campaign,
    CampaignParticipation,
    Consortium,
    DevelopmentProject,
    FundingApplication,
    GroupActionPlan,
    GroupJoinRequest,
    GroupMembership,
    LiboppiCompletion,
    LiboppiModule,
    Library,
    LibraryVisit,
    Partnership,
    PartnerVisit,
    ProjectMilestone,
    ProjectObjective,
    ProjectSignUp,
    RotationPeriod,
    RotationPlacement,
    RotationWish,
    User,
    WorkingGroup,
)
from .roles import LIBRARY_STAFF
from .services import term_end

LIBRARY_STAFF_ACCOUNTS = [account for account in ROLE_ACCOUNTS if account[3] == LIBRARY_STAFF]

# Rounded municipal populations (2023), only to let the "similar libraries" suggestion show something
# in the demo; AKE keeps the real figures in the registry.
# fmt: off
DEMO_POPULATION = {
    "Aura": 4000, "Kaarina": 36000, "Kemiönsaari": 6500, "Koski Tl": 2200, "Kustavi": 1000,
    "Laitila": 8300, "Lieto": 20500, "Loimaa": 15500, "Marttila": 1900, "Masku": 9800,
    "Mynämäki": 7600, "Naantali": 19700, "Nousiainen": 4700, "Oripää": 1300, "Paimio": 11000,
    "Parainen": 15100, "Pyhäranta": 2000, "Pöytyä": 8000, "Raisio": 24500, "Rusko": 6300,
    "Salo": 51000, "Sauvo": 3000, "Somero": 8500, "Taivassalo": 1500, "Turku": 201000,
    "Uusikaupunki": 15000, "Vehmaa": 2200, "Eura": 11500, "Eurajoki": 9300, "Harjavalta": 6800,
    "Huittinen": 10000, "Jämijärvi": 1800, "Kankaanpää": 11300, "Karvia": 2200, "Kokemäki": 6800,
    "Merikarvia": 2900, "Pomarkku": 2000, "Pori": 83500, "Rauma": 38800, "Siikainen": 1300,
    "Säkylä": 6300, "Ulvila": 13000,
}
# fmt: on

VISIT_SUMMARY = "Keskusteltiin kirjaston tarpeista, koulutustoiveista ja alueellisista verkostoista."
# AKE writes up a visit to a bilingual library (Pargas, Kimitoön) in Swedish: free text is read as
# written, in the language of its writer (LibraryVisit.text_language), not translated.
VISIT_SUMMARY_SV = "Vi talade om bibliotekets behov, utbildningsönskemål och regionala nätverk."
VISIT_NOTES = {False: "Seuraava yhteydenotto syksyllä.", True: "Nästa kontakt på hösten."}
PARTNER_THEMES = [
    "Lukudiplomit ja lukuinto",
    "Omatoimikirjaston käyttö",
    "Tapahtumayhteistyö ja kirjailijavierailut",
    "Senioreiden digituki",
    "Somepäivitysten vuorottelu",
    "Kirjastoauton palvelut",
    "Kouluyhteistyö ja monilukutaito",
    "Kestävä kehitys arjessa",
]
# The texts of the demo records in Swedish and English (by the Finnish text).
TRANSLATIONS = {
    "Lukudiplomit ja lukuinto": ("Läsdiplom och läsglädje", "Reading diplomas and the joy of reading"),
    "Omatoimikirjaston käyttö": ("Meröppet bibliotek i bruk", "Using the self-service library"),
    "Tapahtumayhteistyö ja kirjailijavierailut": (
        "Evenemangssamarbete och författarbesök",
        "Cooperation on events and author visits",
    ),
    "Senioreiden digituki": ("Digitalt stöd för seniorer", "Digital support for seniors"),
    "Somepäivitysten vuorottelu": (
        "Turas om med inläggen i sociala medier",
        "Taking turns with social media posts",
    ),
    "Kirjastoauton palvelut": ("Bokbussens tjänster", "Mobile library services"),
    "Kouluyhteistyö ja monilukutaito": (
        "Skolsamarbete och multilitteracitet",
        "School cooperation and multiliteracy",
    ),
    "Kestävä kehitys arjessa": ("Hållbar utveckling i vardagen", "Sustainable development in everyday work"),
    "Vierailut puolin ja toisin, yhteinen kehittämistoimi syksyllä.": (
        "Besök åt båda hållen och en gemensam utvecklingsinsats på hösten.",
        "Visits both ways and a joint development step in the autumn.",
    ),
    "Tammikuu": ("Januari", "January"),
    "Maaliskuu": ("Mars", "March"),
    "Huhtikuu": ("April", "April"),
    "Toukokuu": ("Maj", "May"),
    "Kesäkuu": ("Juni", "June"),
    "Syyskuu": ("September", "September"),
    "Lokakuu": ("Oktober", "October"),
    "Kevät": ("Våren", "Spring"),
    "Syksy": ("Hösten", "Autumn"),
    "Kokous": ("Möte", "Meeting"),
    "AKE-tilaisuus Mediakasvatusviikkoa varten": (
        "AKE-tillfälle inför Mediefostransveckan",
        "AKE session for the Media Literacy Week",
    ),
    "AKE-tilaisuus Digitaitoviikkoa varten": (
        "AKE-tillfälle inför Digikunskapsveckan",
        "AKE session for the Digital Skills Week",
    ),
    "AKE-tilaisuus Senior Surfia varten": ("AKE-tillfälle inför Senior Surf", "AKE session for Senior Surf"),
    "AKE-tilaisuus Peliviikkoa varten": ("AKE-tillfälle inför Spelveckan", "AKE session for the Games Week"),
    "Digiryhmän toimintapäivä": (
        "Den digitala arbetsgruppens aktivitetsdag",
        "The digital group's action day",
    ),
    "Tarinatornado-koulutuspäivä": ("Utbildningsdagen Tarinatornado", "Tarinatornado training day"),
    "Kesälukukampanja": ("Sommarläskampanj", "Summer reading campaign"),
    "Yhteinen messuosasto Turun kirjamessuilla": (
        "Gemensam monter på Bokmässan i Åbo",
        "A joint stand at the Turku Book Fair",
    ),
    "Verkostoitumisen ja yhteistyön vahvistaminen; hyvien käytäntöjen jakaminen.": (
        "Att stärka nätverkande och samarbete; att dela goda arbetssätt.",
        "Stronger networking and cooperation; sharing good practices.",
    ),
    "AKE koordinoi; Teams-työtila; jäsenten matkakulut korvataan.": (
        "AKE samordnar; arbetsyta i Teams; medlemmarnas resekostnader ersätts.",
        "AKE coordinates; a Teams workspace; members' travel costs are reimbursed.",
    ),
    "Kirjasto – laaja ja maksuton palveluvalikoima": (
        "Biblioteket – ett brett och avgiftsfritt tjänsteutbud",
        "The library – a wide range of services free of charge",
    ),
    "Kaikki mitä kirjastosta saa, ilmaiseksi.": (
        "Allt som biblioteket erbjuder, utan kostnad.",
        "Everything the library offers, free of charge.",
    ),
    "Iltasatu – perheen yhteinen aika": (
        "Godnattsagan – familjens gemensamma stund",
        "Bedtime story – family time",
    ),
    "Iltasatukulttuurin elvyttäminen.": (
        "Att väcka godnattsagotraditionen till liv igen.",
        "Reviving the bedtime story tradition.",
    ),
    "Yhteinen osasto halli B.": ("Gemensam monter i hall B.", "A joint stand in hall B."),
}


def _in(field: str, text: str) -> dict:
    """`field` in Finnish, Swedish and English, from TRANSLATIONS."""
    swedish, english = TRANSLATIONS[text]
    return {f"{field}_fi": text, f"{field}_sv": swedish, f"{field}_en": english}


def load(ctx) -> None:
    year = ctx.year
    rng = ctx.rng
    organisations = list(Library.objects.organisations().order_by("name_fi"))
    by_municipality = {library.municipality_fi: library for library in organisations}
    for library in organisations:
        if library.population is None and library.municipality_fi in DEMO_POPULATION:
            library.population = DEMO_POPULATION[library.municipality_fi]
            library.staff_count = max(1, round(library.population / 1800))
    Library.objects.bulk_update(organisations, ["population", "staff_count"])

    staff_by_library: dict[int, list[User]] = {}
    for user in User.objects.filter(library__isnull=False, is_superuser=False).only("pk", "library_id"):
        staff_by_library.setdefault(user.library_id, []).append(user)
    ake = list(User.objects.filter(email__in=["admin@turku.fi", "editor@turku.fi"]))
    # The demo's library staff account (staff@kaarina.fi) stands in for its library where that library
    # has one person in a register (the storytellers' network, the Kaarina-Pori exchange), so that its
    # "My page" shows a group and a rotation in `make run`. It takes a drawn person's place, after the
    # draw: the generator's sequence and every count stay what they were.
    demo_staff = {
        user.library_id: user
        for user in User.objects.filter(email__in=[email for email, *_rest in LIBRARY_STAFF_ACCOUNTS])
        if user.library_id
    }

    def staff_of(library):
        people = staff_by_library.get(library.pk) or []
        return rng.choice(people) if people else None

    def demo_staff_or(library, drawn):
        return demo_staff.get(library.pk, drawn)

    _groups(ctx, organisations, by_municipality, staff_by_library, staff_of, demo_staff_or)
    _visits(ctx, organisations, ake)
    _rotation(ctx, organisations, by_municipality, staff_of, demo_staff_or)
    _partnerships(ctx, organisations)
    # The first of a library's staff (no draw: the generator's sequence stays that of the campaigns').
    _projects(year, by_municipality, lambda library: (staff_by_library.get(library.pk) or [None])[0])
    _campaigns_and_fair(ctx, organisations, staff_of)
    _liboppi(ctx, organisations, staff_of)
    ctx.log(f"  cooperation registers for {year} (scale {ctx.scale})")


def _groups(ctx, organisations, by_municipality, staff_by_library, staff_of, demo_staff_or):
    rng, year = ctx.rng, ctx.year
    start = datetime.date(year, 1, 1)
    memberships, used = [], set()

    def add(group, user, role=GroupMembership.Role.MEMBER, **fields):
        if user is None or (group.pk, user.pk) in used:
            return None
        used.add((group.pk, user.pk))
        membership = GroupMembership(group=group, user=user, library_id=user.library_id, role=role, **fields)
        memberships.append(membership)
        return membership

    groups = {group.slug: group for group in WorkingGroup.objects.all()}
    planning = groups.get("suunnitteluryhma")
    if planning:
        for municipality in ("Turku", "Pori"):
            add(planning, staff_of(by_municipality[municipality]), GroupMembership.Role.PERMANENT)
        consortia = {
            Consortium.VASKI: "Raisio",
            Consortium.SATA: "Rauma",
            Consortium.LOISTO: "Loimaa",
            Consortium.BLANKA: "Uusikaupunki",
            Consortium.NONE: "Somero",
        }
        for index, (consortium, municipality) in enumerate(consortia.items()):
            # Terms are staggered: some started last year, some this year.
            term_start = datetime.date(year - (index % 2), 1, 1)
            # A representative whose term has just ended, to show that expired terms drop out.
            if index == 0:
                add(
                    planning,
                    staff_of(by_municipality["Naantali"]),
                    GroupMembership.Role.CONSORTIUM_REPRESENTATIVE,
                    consortium=consortium,
                    starts_on=datetime.date(year - 2, 1, 1),
                    ends_on=datetime.date(year - 1, 12, 31),
                )
                term_start = start
            add(
                planning,
                staff_of(by_municipality[municipality]),
                GroupMembership.Role.CONSORTIUM_REPRESENTATIVE,
                consortium=consortium,
                starts_on=term_start,
                ends_on=term_end(term_start),
            )
    varsat = groups.get("varsat")
    if varsat:
        # "A member from every library" (plan §3.2).
        for library in organisations:
            add(varsat, demo_staff_or(library, staff_of(library)), starts_on=start)
    for slug, group in groups.items():
        if slug in ("suunnitteluryhma", "varsat"):
            continue
        for index, library in enumerate(
            rng.sample(organisations, k=min(len(organisations), rng.randint(6, 14)))
        ):
            add(
                group,
                staff_of(library),
                GroupMembership.Role.CHAIR if index == 0 else GroupMembership.Role.MEMBER,
            )
    GroupMembership.objects.bulk_create(memberships, batch_size=500)

    actions = {
        "digityoryhma": [
            ("Tammikuu", "AKE-tilaisuus Mediakasvatusviikkoa varten"),
            ("Huhtikuu", "AKE-tilaisuus Digitaitoviikkoa varten"),
            ("Syyskuu", "AKE-tilaisuus Senior Surfia varten"),
            ("Lokakuu", "AKE-tilaisuus Peliviikkoa varten"),
            ("Toukokuu", "Digiryhmän toimintapäivä"),
        ],
        "varsat": [("Maaliskuu", "Tarinatornado-koulutuspäivä"), ("Kesäkuu", "Kesälukukampanja")],
        "nakyvyystyoryhma": [("Lokakuu", "Yhteinen messuosasto Turun kirjamessuilla")],
    }
    for group in groups.values():
        plan = GroupActionPlan.objects.create(
            group=group,
            year=year,
            status=GroupActionPlan.Status.APPROVED,
            approved_at=datetime.date(year, 1, 31),
            basic_activity_fi=f"Ryhmä kokoontuu vähintään {group.meeting_goal} kertaa vuodessa.",
            basic_activity_sv=f"Gruppen träffas minst {group.meeting_goal} gånger per år.",
            basic_activity_en=f"The group meets at least {group.meeting_goal} times a year.",
            **_in(
                "development_goals",
                "Verkostoitumisen ja yhteistyön vahvistaminen; hyvien käytäntöjen jakaminen.",
            ),
            **_in("resources", "AKE koordinoi; Teams-työtila; jäsenten matkakulut korvataan."),
        )
        plan.confirmed_members.set(GroupMembership.objects.filter(group=group).current_on(start))
        ActionPlanAction.objects.bulk_create(
            [
                ActionPlanAction(
                    plan=plan,
                    sort_order=index,
                    **_in("timing", timing),
                    **_in("action", action),
                    responsible_fi="AKE",
                    responsible_sv="AKE",
                    responsible_en="AKE",
                )
                for index, (timing, action) in enumerate(
                    actions.get(group.slug, [("Kevät", "Kokous"), ("Syksy", "Kokous")])
                )
            ]
        )
        ActionPlanCost.objects.bulk_create(
            [
                ActionPlanCost(
                    plan=plan, sort_order=0, kind="travel", amount=Decimal(rng.randint(3, 12) * 100)
                ),
                ActionPlanCost(
                    plan=plan, sort_order=1, kind="catering", amount=Decimal(rng.randint(1, 5) * 80)
                ),
            ]
        )
    # A few people waiting for AKE's decision.
    for group in [g for g in groups.values() if not g.open_to_join][:3]:
        user = staff_of(rng.choice(organisations))
        if user and not GroupMembership.objects.filter(group=group, user=user).exists():
            GroupJoinRequest.objects.get_or_create(
                group=group,
                user=user,
                status=GroupJoinRequest.Status.PENDING,
                defaults={"library_id": user.library_id},
            )
    ctx.log(f"  {len(memberships)} group memberships, {len(groups)} action plans")


def _visits(ctx, organisations, ake):
    rng, year = ctx.rng, ctx.year
    visits, participating = [], []
    for visit_year, share in ((year - 1, 0.4), (year, 0.5)):
        chosen = rng.sample(organisations, k=round(len(organisations) * share))
        for repeat in range(ctx.scale):
            for library in chosen:
                day = datetime.date(visit_year, rng.randint(1, 11), rng.randint(1, 28))
                kind = (
                    LibraryVisit.Kind.DIRECTOR_AVI
                    if rng.random() < 0.25
                    else LibraryVisit.Kind.INFORMATICIANS
                )
                visit = LibraryVisit(
                    date=day,
                    place=library,
                    kind=kind,
                    summary=VISIT_SUMMARY_SV if library.bilingual else VISIT_SUMMARY,
                    text_language="sv" if library.bilingual else "fi",
                    internal_notes=VISIT_NOTES[library.bilingual] if repeat == 0 else "",
                )
                visits.append(visit)
                if rng.random() < 0.3:
                    participating.append((visit, rng.choice(organisations)))
    LibraryVisit.objects.bulk_create(visits, batch_size=1000)
    through = LibraryVisit.participating_libraries.through
    through.objects.bulk_create(
        [
            through(libraryvisit_id=visit.pk, library_id=other.pk)
            for visit, other in participating
            if other.pk != visit.place_id
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    if ake:
        ake_through = LibraryVisit.ake_participants.through
        ake_through.objects.bulk_create(
            [ake_through(libraryvisit_id=visit.pk, user_id=rng.choice(ake).pk) for visit in visits],
            batch_size=1000,
            ignore_conflicts=True,
        )
    ctx.log(f"  {len(visits)} library visits")


def _rotation(ctx, organisations, by_municipality, staff_of, demo_staff_or):
    rng, year = ctx.rng, ctx.year
    placements = [
        RotationPlacement.objects.create(
            host_library=by_municipality[municipality],
            title=title,
            title_sv=title_sv,
            title_en=title_en,
            contact=staff_of(by_municipality[municipality]),
            window_starts=datetime.date(year, 2, 1),
            window_ends=datetime.date(year, 11, 30),
            description=description,
            description_sv=description_sv,
            description_en=description_en,
            onboarding_plan="Päivä 1: talo, ihmiset ja turvallisuus. Päivät 2-4: työ ohjaajan rinnalla. "
            "Päivä 5: oma pieni kehittämistehtävä ja palautekeskustelu.",
            onboarding_plan_sv="Dag 1: huset, människorna och säkerheten. Dag 2-4: arbete vid handledarens "
            "sida. Dag 5: en egen liten utvecklingsuppgift och ett responssamtal.",
            onboarding_plan_en="Day 1: the building, the people and safety. Days 2-4: work alongside the "
            "supervisor. Day 5: a small development task of your own and a feedback talk.",
        )
        for municipality, (title, title_sv, title_en), (description, description_sv, description_en) in (
            (
                "Turku",
                (
                    "Lasten ja nuorten palvelut",
                    "Tjänster för barn och unga",
                    "Services for children and young people",
                ),
                (
                    "Pääkirjaston lasten- ja nuortenosasto, 1-2 viikkoa.",
                    "Huvudbibliotekets barn- och ungdomsavdelning, 1-2 veckor.",
                    "The main library's children's and youth department, 1-2 weeks.",
                ),
            ),
            (
                "Rauma",
                ("Tapahtumatuotanto", "Evenemangsproduktion", "Event production"),
                (
                    "Kirjaston tapahtumien suunnittelu ja toteutus.",
                    "Planering och genomförande av bibliotekets evenemang.",
                    "Planning and running the library's events.",
                ),
            ),
            (
                "Kemiönsaari",
                ("Kaksikielinen asiakaspalvelu", "Tvåspråklig kundtjänst", "Bilingual customer service"),
                (
                    "Kaksikielisen kirjaston arki.",
                    "Vardagen i ett tvåspråkigt bibliotek.",
                    "Everyday work in a bilingual library.",
                ),
            ),
        )
    ]
    pairs = [
        ("Kaarina", "Pori"),
        ("Pori", "Kaarina"),
        ("Laitila", "Turku"),
        ("Eura", "Rauma"),
        ("Somero", "Salo"),
    ]
    periods = []
    for repeat in range(ctx.scale):
        for index, (home, host) in enumerate(pairs):
            starts = datetime.date(year, 3 + index * 2 if index > 1 else 4, 1 + repeat % 20)
            person = staff_of(by_municipality[home])
            if repeat == 0 and index == 0:  # the first exchange is the demo staff account's
                person = demo_staff_or(by_municipality[home], person)
            periods.append(
                RotationPeriod(
                    person=person,
                    home_library=by_municipality[home],
                    host_library=by_municipality[host],
                    starts_on=starts,
                    ends_on=starts + datetime.timedelta(days=rng.choice([4, 9, 11])),
                    status=RotationPeriod.Status.DONE if starts.month < 6 else RotationPeriod.Status.AGREED,
                    onboarding_plan=placements[0].onboarding_plan,
                )
            )
    RotationPeriod.objects.bulk_create(periods, batch_size=500)
    # The first two of each round are a reciprocal exchange Kaarina <-> Pori.
    for start in range(0, len(periods), len(pairs)):
        there, back = periods[start], periods[start + 1]
        there.reciprocal, back.reciprocal = back, there
    RotationPeriod.objects.bulk_update(periods, ["reciprocal"], batch_size=500)
    costs = []
    for index, period in enumerate(periods):
        claimed = Decimal(rng.randint(40, 180))
        done = period.status == RotationPeriod.Status.DONE
        # A finished period's claim is approved and paid; of the coming ones every other claim still
        # waits for AKE's approval (shown as waiting, counted nowhere until approved).
        waiting = not done and index % 2 == 0
        costs.append(
            Cost(
                activity=Activity.ROTATION,
                rotation_period=period,
                category=Category.TRAVEL,
                description="Junaliput",
                date=period.starts_on,
                claimed_amount=claimed,
                claim_status=ClaimStatus.PENDING if waiting else ClaimStatus.APPROVED,
                amount_budgeted=0 if waiting else claimed,
                amount_paid=claimed if done else None,
                payee_type=PayeeType.PERSON,
            )
        )
    Cost.objects.bulk_create(costs, batch_size=1000)
    for library in rng.sample(organisations, k=4):
        person = staff_of(library)
        if person:
            RotationWish.objects.create(
                person=person,
                home_library=library,
                interests="Lastenkirjastotyö ja tapahtumat",
                timing="Syksy",
            )
    ctx.log(f"  {len(periods)} rotation periods")


def _partnerships(ctx, organisations):
    rng, year = ctx.rng, ctx.year
    by_size = sorted((o for o in organisations if o.population), key=lambda o: o.population)
    created = 0
    for repeat in range(ctx.scale):
        for index, theme in enumerate(PARTNER_THEMES):
            # Neighbours in size are alike: pair libraries close to each other in the sorted list.
            position = (index * 5 + repeat * 3) % max(1, len(by_size) - 1)
            first, second = by_size[position], by_size[position + 1]
            partnership = Partnership.objects.create(
                **(
                    _in("theme", theme)
                    if repeat == 0
                    else {key: f"{text} ({repeat + 1})" for key, text in _in("theme", theme).items()}
                ),
                starts_on=datetime.date(year, rng.randint(1, 4), 1),
                **_in("planned_actions", "Vierailut puolin ja toisin, yhteinen kehittämistoimi syksyllä."),
            )
            partnership.libraries.set([first, second])
            visit = PartnerVisit.objects.create(
                partnership=partnership,
                date=datetime.date(year, 5, rng.randint(1, 28)),
                from_library=first,
                to_library=second,
                participants="Kolme työntekijää",
            )
            travel = Decimal(rng.randint(30, 150))
            Cost.objects.create(
                activity=Activity.PARTNERSHIP,
                partnership=partnership,
                category=Category.TRAVEL,
                description=str(visit),
                date=visit.date,
                amount_budgeted=travel,
                amount_paid=travel,
                payee_type=PayeeType.PUBLIC,
            )
            created += 1
    ctx.log(f"  {created} partnerships")


def _projects(year, by_municipality, first_staff_of):
    faksista = DevelopmentProject.objects.create(
        name="Faksista Jodeliin: mediataitoja toiselle asteelle",
        name_sv="Från fax till Jodel: mediekunskap för andra stadiet",
        name_en="From fax to Jodel: media skills for upper secondary education",
        description="Monilukutaito ammatillisessa koulutuksessa ja lukiossa; malli kirjastojen ja "
        "toisen asteen oppilaitosten yhteistyölle.",
        description_sv="Multilitteracitet i yrkesutbildningen och gymnasiet; en modell för samarbetet "
        "mellan biblioteken och läroanstalterna på andra stadiet.",
        description_en="Multiliteracy in vocational education and upper secondary school; a model for "
        "cooperation between libraries and upper secondary schools.",
        status=DevelopmentProject.Status.RUNNING,
        scope=DevelopmentProject.Scope.REGIONAL,
        starts_on=datetime.date(year - 2, 8, 1),
        ends_on=datetime.date(year, 12, 31),
    )
    FundingApplication.objects.create(
        project=faksista,
        funder="Etelä-Suomen aluehallintovirasto",
        submitted_on=datetime.date(year - 3, 10, 15),
        applied_amount=Decimal("120000"),
        decision=FundingApplication.Decision.FUNDED,
        granted_amount=Decimal("95000"),
    )
    faksista.pilot_libraries.set(
        [by_municipality[m] for m in ("Kankaanpää", "Laitila", "Raisio", "Turku") if m in by_municipality]
    )
    kestava = DevelopmentProject.objects.create(
        name="Kestävä kehitys Lounais-Suomen kirjastoissa – Missä ollaan, minne mennään",
        name_sv="Hållbar utveckling i biblioteken i sydvästra Finland – var står vi, vart går vi",
        name_en="Sustainable development in the libraries of Southwest Finland – where we are, where we go",
        status=DevelopmentProject.Status.RUNNING,
        scope=DevelopmentProject.Scope.REGIONAL,
        starts_on=datetime.date(year - 1, 1, 1),
    )
    FundingApplication.objects.create(
        project=kestava,
        funder="Opetus- ja kulttuuriministeriö",
        submitted_on=datetime.date(year - 2, 9, 30),
        applied_amount=Decimal("80000"),
        decision=FundingApplication.Decision.FUNDED,
        granted_amount=Decimal("80000"),
    )
    kestava.pilot_libraries.set(
        [by_municipality[m] for m in ("Turku", "Kemiönsaari", "Marttila", "Pori", "Pöytyä", "Taivassalo")]
    )
    network = DevelopmentProject.objects.create(
        name="Pienten kirjastojen tapahtumaverkko",
        name_sv="Evenemangsnätverket för små bibliotek",
        name_en="Events network of small libraries",
        description="Yhteiset tapahtumasarjat ja kirjailijavierailujen kustannusten jakaminen.",
        description_sv="Gemensamma evenemangsserier och delade kostnader för författarbesök.",
        description_en="Shared event series and shared costs of author visits.",
        status=DevelopmentProject.Status.APPLIED,
        scope=DevelopmentProject.Scope.REGIONAL,
        purpose="Pienten kuntien kirjastot järjestävät yhdessä enemmän ja edullisemmin tapahtumia.",
        purpose_sv="Biblioteken i små kommuner ordnar tillsammans fler evenemang till lägre kostnad.",
        purpose_en="The libraries of small municipalities hold more events together, at lower cost.",
        resources="Hankekoordinaattori 50 %, AKE:n suunnittelija; haettu rahoitus 45 000 €.",
        resources_sv="Projektkoordinator 50 %, AKE:s planerare; sökt finansiering 45 000 €.",
        resources_en="A project coordinator at 50 %, AKE's planner; funding applied for 45,000 €.",
        idea_from=DevelopmentProject.IdeaFrom.WORKSHOP,
        public=True,
        sign_up_open=True,
        sign_up_opened_on=datetime.date(year, 2, 1),
    )
    ProjectObjective.objects.create(
        project=network,
        objective="Yhteinen tapahtumakalenteri",
        objective_sv="En gemensam evenemangskalender",
        objective_en="A shared events calendar",
        target="15 kirjastoa mukana syksyyn mennessä",
        target_sv="15 bibliotek med före hösten",
        target_en="15 libraries taking part by the autumn",
    )
    ProjectMilestone.objects.create(
        project=network,
        title="Ensimmäinen kiertue",
        title_sv="Den första turnén",
        title_en="The first tour",
        due_on=datetime.date(year, 10, 1),
    )
    # Libraries signed up from the project page: two pilots AKE accepted, one pilot and one interested
    # library waiting, so the register shows who took part (the demo's staff@kaarina.fi can still sign up).
    for municipality, kind, status in (
        ("Pöytyä", ProjectSignUp.Kind.PILOT, ProjectSignUp.Status.ACCEPTED),
        ("Sauvo", ProjectSignUp.Kind.PILOT, ProjectSignUp.Status.ACCEPTED),
        ("Eura", ProjectSignUp.Kind.PILOT, ProjectSignUp.Status.PENDING),
        ("Säkylä", ProjectSignUp.Kind.INTEREST, ProjectSignUp.Status.PENDING),
    ):
        library = by_municipality.get(municipality)
        if library is not None:
            ProjectSignUp.objects.create(
                project=network,
                library=library,
                kind=kind,
                status=status,
                signed_up_by=first_staff_of(library),
            )
    FundingApplication.objects.create(
        project=network,
        # A Swedish-language foundation's name: the report marks it as Swedish (issue #14).
        funder="Svenska kulturfonden",
        funder_language="sv",
        submitted_on=datetime.date(year, 3, 15),
        applied_amount=Decimal("45000"),
    )


def _campaigns_and_fair(ctx, organisations, staff_of):
    rng, year = ctx.rng, ctx.year
    for theme, description in (
        ("Kirjasto – laaja ja maksuton palveluvalikoima", "Kaikki mitä kirjastosta saa, ilmaiseksi."),
        ("Iltasatu – perheen yhteinen aika", "Iltasatukulttuurin elvyttäminen."),
    ):
        campaign = Campaign.objects.create(
            year=year,
            **_in("theme", theme),
            **_in("description", description),
            materials_fi_url="https://example.fi/materiaalipankki/kampanja-fi",
            materials_sv_url="https://example.fi/materiaalipankki/kampanj-sv",
        )
        CampaignParticipation.objects.bulk_create(
            [
                CampaignParticipation(campaign=campaign, library=library, signed_up_by=staff_of(library))
                for library in rng.sample(organisations, k=min(25, len(organisations)))
            ]
        )
    fair = BookFair.objects.create(
        year=year, planned=True, done=True, **_in("notes", "Yhteinen osasto halli B.")
    )
    fair.stand_libraries.set(rng.sample(organisations, k=8))


def _liboppi(ctx, organisations, staff_of):
    rng, year = ctx.rng, ctx.year
    modules = [
        LiboppiModule.objects.create(
            title="Saavutettava kirjasto", first_offered_on=datetime.date(year, 2, 1), scope="national"
        ),
        LiboppiModule.objects.create(
            title="Lounais-Suomen perehdytys", first_offered_on=datetime.date(year, 9, 1), scope="regional"
        ),
    ]
    completions, seen = [], set()
    for library in rng.sample(organisations, k=min(30, len(organisations))):
        for _index in range(rng.randint(1, 4) * ctx.scale):
            module = rng.choice(modules)
            person = staff_of(library)
            day = datetime.date(year, rng.randint(module.first_offered_on.month, 12), rng.randint(1, 28))
            key = (module.pk, library.pk, day, person.email if person else "")
            if key in seen:
                continue
            seen.add(key)
            completions.append(
                LiboppiCompletion(
                    module=module,
                    library=library,
                    completed_on=day,
                    person=person,
                    person_ref=person.email.lower() if person else "",
                    source=LiboppiCompletion.Source.IMPORT,
                )
            )
    LiboppiCompletion.objects.bulk_create(completions, batch_size=1000, ignore_conflicts=True)
    ctx.log(f"  {len(completions)} Liboppi completions")
