"""Demo year of trainings and events: ~17 trainings, 4 study trips, 12 coffee hours, group meetings,
theme-week preparation events, an action day, and ~1,500 registrations with attendance and feedback
from the staff of many libraries. ``ctx.scale`` multiplies the activity over the same libraries."""

import datetime
import random
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from networks.models import Library, User, WorkingGroup
from networks.municipalities import fill_municipality_names
from surveys.feedback import (
    OVERALL,
    SCALE_HIGH,
    SCALE_LOW,
    feedback_rows,
    feedback_survey,
    questions_by_key,
    standard_feedback_create,
)
from surveys.models import Answer, Question, QuestionKind, Response, Survey, SurveyKind

from .models import (
    Attendance,
    Audience,
    Event,
    EventFormat,
    EventKind,
    EventLanguage,
    FeedbackReceipt,
    GuestLibrary,
    GuestRole,
    Material,
    Participation,
    PickupPoint,
    PresenterConsent,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    ScheduledMailing,
    ThemeWeek,
    ThemeWeekParticipation,
    ViewingRoom,
)

TRAININGS = [
    ("Saavutettava viestintä kirjastossa", "Saavutettavuus", [Audience.COMMUNICATIONS, Audience.ALL_STAFF]),
    ("Pelikasvatuksen perusteet", "Pelikasvatus", [Audience.CHILDREN_YOUTH]),
    ("Selkokieli asiakaspalvelussa", "Saavutettavuus", [Audience.SPECIAL_SERVICES, Audience.ALL_STAFF]),
    ("Digituki ikäihmisille", "Digituki", [Audience.ALL_STAFF]),
    ("Lukudiplomit ja lukuintoa lapsille", "Lukeminen", [Audience.CHILDREN_YOUTH]),
    ("Tapahtumatuotannon käytännöt", "Tapahtumat", [Audience.EVENTS]),
    ("Some kirjaston viestinnässä", "Viestintä", [Audience.COMMUNICATIONS]),
    ("Johtaminen muutoksessa", "Johtaminen", [Audience.DIRECTORS]),
    ("Monikielinen kirjasto", "Moninaisuus", [Audience.SPECIAL_SERVICES]),
    ("Tekoäly tiedonhaussa", "Digituki", [Audience.ALL_STAFF]),
    ("Mediakasvatus varhaiskasvatuksessa", "Mediakasvatus", [Audience.CHILDREN_YOUTH]),
    ("Kirjastolaki ja kirjaston tehtävät", "Johtaminen", [Audience.DIRECTORS, Audience.ALL_STAFF]),
    ("Turvallisuus asiakastyössä", "Turvallisuus", [Audience.ALL_STAFF]),
    ("Kokoelmatyö ja hankinta", "Kokoelmat", [Audience.ALL_STAFF]),
    ("Nuorten palvelut ja nuorisotyö", "Nuoret", [Audience.CHILDREN_YOUTH]),
    ("E-aineistot asiakastyössä", "Digituki", [Audience.ALL_STAFF]),
    ("Läsnä oleva asiakaspalvelu", "Asiakaspalvelu", [Audience.ALL_STAFF]),
]
# Trainings held in Swedish (the language of instruction); their texts in all three languages, the
# Finnish ones for Finnish speakers who want to follow a training in Swedish.
SWEDISH_TRAININGS = [
    ("Läsfrämjande för barn och unga", "Lukemisen edistäminen", [Audience.CHILDREN_YOUTH]),
    ("Digitalt stöd på svenska", "Digituki", [Audience.ALL_STAFF]),
]
SWEDISH_TRAINING_TEXTS = {
    "Läsfrämjande för barn och unga": {
        "title_fi": "Lukemisen edistäminen lapsille ja nuorille (ruotsiksi)",
        "title_sv": "Läsfrämjande för barn och unga",
        "title_en": "Reading promotion for children and young people (in Swedish)",
        "summary_sv": "Hur väcker vi läslusten hos barn och unga? Metoder, boktips och erfarenheter från "
        "svenskspråkiga bibliotek. Utbildningen hålls på svenska och är öppen för bibliotekspersonal i "
        "hela landet.",
        "summary_fi": "Miten lasten ja nuorten lukuintoa herätetään? Menetelmiä, kirjavinkkejä ja "
        "kokemuksia ruotsinkielisistä kirjastoista. Koulutus on ruotsiksi ja avoin kirjastojen "
        "henkilökunnalle koko maassa – sopii myös ruotsin kieltä harjoitteleville.",
        "summary_en": "How do we spark a love of reading in children and young people? Methods, book tips "
        "and experiences from Swedish-speaking libraries. Held in Swedish and open to library staff "
        "nationwide.",
    },
    "Digitalt stöd på svenska": {
        "title_fi": "Digituki ruotsin kielellä",
        "title_sv": "Digitalt stöd på svenska",
        "title_en": "Digital support in Swedish",
        "summary_sv": "Digitalt stöd till kunder på svenska: e-tjänster, vanliga frågor och användbara "
        "formuleringar. Utbildningen hålls på svenska och kan följas tillsammans i visningsrum.",
        "summary_fi": "Digituki asiakkaille ruotsiksi: sähköiset palvelut, tavalliset kysymykset ja "
        "hyödyllisiä ilmauksia. Koulutus on ruotsiksi, ja sitä voi seurata yhdessä katsomoissa.",
        "summary_en": "Digital support for customers in Swedish: e-services, common questions and useful "
        "phrases. Held in Swedish; it can be followed together in viewing rooms.",
    },
}
# The themes of the demo events in Swedish and English (by the Finnish theme).
THEME_TRANSLATIONS = {
    "Saavutettavuus": ("Tillgänglighet", "Accessibility"),
    "Pelikasvatus": ("Spelfostran", "Game education"),
    "Digituki": ("Digitalt stöd", "Digital support"),
    "Lukeminen": ("Läsning", "Reading"),
    "Lukemisen edistäminen": ("Läsfrämjande", "Reading promotion"),
    "Tapahtumat": ("Evenemang", "Events"),
    "Viestintä": ("Kommunikation", "Communication"),
    "Johtaminen": ("Ledarskap", "Leadership"),
    "Moninaisuus": ("Mångfald", "Diversity"),
    "Mediakasvatus": ("Mediefostran", "Media education"),
    "Turvallisuus": ("Säkerhet", "Safety"),
    "Kokoelmat": ("Samlingar", "Collections"),
    "Nuoret": ("Unga", "Young people"),
    "Asiakaspalvelu": ("Kundservice", "Customer service"),
    "Mediakasvatusviikko": ("Mediefostransveckan", "Media Literacy Week"),
    "Digitaitoviikko": ("Digikunskapsveckan", "Digital Skills Week"),
    "Senior Surf": ("Senior Surf", "Senior Surf"),
    "Peliviikko": ("Spelveckan", "Games Week"),
}
COFFEE_TOPIC_TRANSLATIONS = {
    "digituki": ("digitalt stöd", "digital support"),
    "lasten- ja nuortenpalvelut": ("tjänster för barn och unga", "services for children and young people"),
    "johtajat": ("chefer", "library directors"),
    "tapahtumat": ("evenemang", "events"),
}
PLACE_TRANSLATIONS = {
    "Helsinki": ("Helsingfors", "Helsinki"),
    "Tampere": ("Tammerfors", "Tampere"),
    "Turku": ("Åbo", "Turku"),
    "Oulu": ("Uleåborg", "Oulu"),
}
ORGANISER = {
    "organiser_fi": "AKE / Turun kaupunginkirjasto",
    "organiser_sv": "AKE / Åbo stadsbibliotek",
    "organiser_en": "AKE / Turku City Library",
}
STUDY_TRIPS = [
    ("Opintomatka Helsingin Oodiin", "Helsinki", 6),
    ("Opinto- ja verkostoitumismatka Tampereelle", "Tampere", 9),
    ("Studieresa till Åbo Akademis bibliotek", "Turku", 5),
    ("Opintomatka Ouluun: kirjastot ja lapsiperheet", "Oulu", 10),
]
# Swedish and English titles of the demo events (by the title they are created with), so that the
# Swedish and English sites show translated content; the language of instruction is unchanged.
TITLE_TRANSLATIONS = {
    "Saavutettava viestintä kirjastossa": (
        "Tillgänglig kommunikation i biblioteket",
        "Accessible communication in the library",
    ),
    "Pelikasvatuksen perusteet": ("Grunderna i spelfostran", "Basics of game education"),
    "Selkokieli asiakaspalvelussa": ("Lättläst språk i kundservicen", "Plain language in customer service"),
    "Digituki ikäihmisille": ("Digitalt stöd för äldre", "Digital support for older people"),
    "Lukudiplomit ja lukuintoa lapsille": (
        "Läsdiplom och läsglädje för barn",
        "Reading diplomas and a love of reading for children",
    ),
    "Tapahtumatuotannon käytännöt": ("Evenemangsproduktion i praktiken", "Event production in practice"),
    "Some kirjaston viestinnässä": (
        "Sociala medier i bibliotekets kommunikation",
        "Social media in library communication",
    ),
    "Johtaminen muutoksessa": ("Ledarskap i förändring", "Leading through change"),
    "Monikielinen kirjasto": ("Det flerspråkiga biblioteket", "The multilingual library"),
    "Tekoäly tiedonhaussa": (
        "Artificiell intelligens i informationssökning",
        "Artificial intelligence in information retrieval",
    ),
    "Mediakasvatus varhaiskasvatuksessa": (
        "Mediefostran inom småbarnspedagogiken",
        "Media education in early childhood education",
    ),
    "Kirjastolaki ja kirjaston tehtävät": (
        "Bibliotekslagen och bibliotekets uppgifter",
        "The Public Libraries Act and the tasks of a library",
    ),
    "Turvallisuus asiakastyössä": ("Säkerhet i kundarbetet", "Safety in customer work"),
    "Kokoelmatyö ja hankinta": ("Samlingsarbete och förvärv", "Collection work and acquisitions"),
    "Nuorten palvelut ja nuorisotyö": (
        "Tjänster för unga och ungdomsarbete",
        "Services for young people and youth work",
    ),
    "E-aineistot asiakastyössä": ("E-material i kundarbetet", "E-resources in customer work"),
    "Läsnä oleva asiakaspalvelu": ("Närvarande kundservice", "Attentive customer service"),
    "Digityöryhmän toimintapäivä": (
        "Den digitala arbetsgruppens aktivitetsdag",
        "The digital group's action day",
    ),
    "Opintomatka Helsingin Oodiin": ("Studieresa till Ode i Helsingfors", "Study trip to Oodi in Helsinki"),
    "Opinto- ja verkostoitumismatka Tampereelle": (
        "Studie- och nätverksresa till Tammerfors",
        "Study and networking trip to Tampere",
    ),
    "Studieresa till Åbo Akademis bibliotek": (
        "Studieresa till Åbo Akademis bibliotek",
        "Study trip to the Åbo Akademi library",
    ),
    "Opintomatka Ouluun: kirjastot ja lapsiperheet": (
        "Studieresa till Uleåborg: bibliotek och barnfamiljer",
        "Study trip to Oulu: libraries and families",
    ),
}
# Trainings of the coming months (after the demo year): new titles, so that a title names one event.
COMING_TRAININGS = [
    ("Podcastit kirjaston viestinnässä", "Viestintä", [Audience.COMMUNICATIONS]),
    ("Lukupiirin vetäjän työpaja", "Lukeminen", [Audience.ALL_STAFF]),
    ("Digitaalinen yhdenvertaisuus", "Saavutettavuus", [Audience.SPECIAL_SERVICES, Audience.ALL_STAFF]),
    ("Kirjaston tilat tapahtumien näyttämönä", "Tapahtumat", [Audience.EVENTS]),
    ("Tietoturva kirjaston arjessa", "Turvallisuus", [Audience.ALL_STAFF]),
    ("Nuorten mediataidot", "Mediakasvatus", [Audience.CHILDREN_YOUTH]),
]
TITLE_TRANSLATIONS.update(
    {
        "Podcastit kirjaston viestinnässä": (
            "Poddar i bibliotekets kommunikation",
            "Podcasts in library communication",
        ),
        "Lukupiirin vetäjän työpaja": ("Workshop för läscirkelledare", "Workshop for reading circle leaders"),
        "Digitaalinen yhdenvertaisuus": ("Digital jämlikhet", "Digital equality"),
        "Kirjaston tilat tapahtumien näyttämönä": (
            "Bibliotekets lokaler som scen för evenemang",
            "Library spaces as a stage for events",
        ),
        "Tietoturva kirjaston arjessa": (
            "Informationssäkerhet i bibliotekets vardag",
            "Information security in everyday library work",
        ),
        "Nuorten mediataidot": ("Ungas mediekunskaper", "Media skills of young people"),
        "Opintomatka Poriin: kirjasto ja kulttuuri": (
            "Studieresa till Björneborg: bibliotek och kultur",
            "Study trip to Pori: library and culture",
        ),
    }
)
PLACE_TRANSLATIONS["Pori"] = ("Björneborg", "Pori")
# How far ahead the demo plans: the months after the demo year that lie within this many days of today.
COMING_DAYS = 120
THEME_WEEKS = [(1, "Mediakasvatusviikko"), (4, "Digitaitoviikko"), (9, "Senior Surf"), (10, "Peliviikko")]
PICKUP_POINTS = [
    ("Turun pääkirjasto", 0),
    ("Salon kirjasto", 45),
    ("Porin pääkirjasto", 0),
    ("Rauman kirjasto", 30),
]
PICKUP_POINT_TRANSLATIONS = {
    "Turun pääkirjasto": ("Åbo huvudbibliotek", "Turku Main Library"),
    "Salon kirjasto": ("Salo bibliotek", "Salo Library"),
    "Porin pääkirjasto": ("Björneborgs huvudbibliotek", "Pori Main Library"),
    "Rauman kirjasto": ("Raumo bibliotek", "Rauma Library"),
}
COFFEE_TOPICS = ["digituki", "lasten- ja nuortenpalvelut", "johtajat", "tapahtumat"]
FORMATS = [EventFormat.IN_PERSON, EventFormat.REMOTE, EventFormat.HYBRID]


# The rooms of the viewing rooms (fi, sv, en): the first room of an event, then the second.
VIEWING_ROOM_NAMES = (
    ("Monitoimitila", "Allaktivitetsrummet", "Multipurpose room"),
    ("Kokoushuone", "Mötesrummet", "Meeting room"),
)


def viewing_room_address(host, order: int) -> dict:
    """The room in each language, as a bilingual library signs it ("Pargas, Mötesrummet")."""
    rooms = VIEWING_ROOM_NAMES[order % len(VIEWING_ROOM_NAMES)]
    # "address" is the Finnish one, as the pick-up points' "name" (the demo is made in Finnish).
    return {
        "address" if code == "fi" else f"address_{code}": (
            f"{getattr(host, f'municipality_{code}') or host.municipality_fi}, {room}"
        )
        for code, room in zip(("fi", "sv", "en"), rooms, strict=True)
    }


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, min(day, 28), hour, minute, tzinfo=timezone.get_default_timezone())


def staff_registration_fields(person: dict) -> dict:
    """A registration's person fields from a demo staff member (a ``values()`` row of the user)."""
    return {
        "user_id": person["pk"],
        "email": person["email"].lower(),
        "first_name": person["first_name"],
        "last_name": person["last_name"],
        "library_id": person["library_id"],
        "language": person["language"],
    }


def load(ctx) -> None:
    rng, year = ctx.rng, ctx.year
    now = timezone.now()
    organisations = list(Library.objects.organisations().order_by("pk"))
    staff = list(
        User.objects.filter(library__isnull=False, is_active=True).values(
            "pk", "email", "first_name", "last_name", "library_id", "language"
        )
    )
    if not staff or not organisations:
        ctx.log("  no staff or libraries: run networks.demo first")
        return
    groups = list(WorkingGroup.objects.filter(active=True))
    owner = User.objects.filter(email="admin@turku.fi").first()
    events: list[Event] = []

    def add(title, kind, fmt, start, hours, hosted=True, **fields):
        pick = fields.pop("rng", rng)
        opens = fields.pop("registration_opens", start - datetime.timedelta(days=45))
        place = pick.choice(organisations) if fmt != EventFormat.REMOTE and hosted else None
        fields.setdefault("venue", place.name_fi if place else "")
        if place:
            fields.setdefault("venue_sv", place.name_sv or "")
            fields.setdefault("venue_en", place.name_en or "")
        theme = fields.get("theme")
        if theme in THEME_TRANSLATIONS:
            fields.setdefault("theme_sv", THEME_TRANSLATIONS[theme][0])
            fields.setdefault("theme_en", THEME_TRANSLATIONS[theme][1])
        for key, value in ORGANISER.items():
            fields.setdefault(key, value)
        fields.setdefault("municipality", place.municipality_fi if place else "")
        closes = start - datetime.timedelta(days=3)
        base, _round, suffix = title.partition(" (")
        if base in TITLE_TRANSLATIONS:
            tail = f" ({suffix}" if suffix else ""
            fields.setdefault("title_sv", TITLE_TRANSLATIONS[base][0] + tail)
            fields.setdefault("title_en", TITLE_TRANSLATIONS[base][1] + tail)
        events.append(
            Event(
                title=title,
                kind=kind,
                format=fmt,
                start=start,
                end=start + datetime.timedelta(hours=hours),
                status=Event.Status.PUBLISHED,
                host_library=place,
                online_url="https://teams.example.fi/l/meetup/" + uuid.uuid4().hex[:12]
                if fmt != EventFormat.IN_PERSON
                else "",
                registration_opens=opens,
                registration_closes=closes,
                uid=uuid.uuid4(),
                created_by=owner,
                **fields,
            )
        )

    for round_ in range(ctx.scale):
        for index, (title, theme, audiences) in enumerate(TRAININGS):
            month = 1 + (index * 11) // len(TRAININGS)
            fmt = FORMATS[index % 3]
            add(
                title if round_ == 0 else f"{title} ({round_ + 1})",
                EventKind.TRAINING,
                fmt,
                _at(year, month, rng.randint(2, 27), rng.choice([9, 12, 13])),
                rng.choice([2, 3, 6]),
                theme=theme,
                audiences=[str(a) for a in audiences],
                seats_on_site=rng.choice([30, 40, 60]) if fmt != EventFormat.REMOTE else None,
                seats_remote=rng.choice([80, 100, None]) if fmt != EventFormat.IN_PERSON else None,
                max_per_library=rng.choice([None, None, 5]),
                summary=f"{theme}: koulutus alueen kirjastojen henkilökunnalle.",
                summary_sv=f"{THEME_TRANSLATIONS[theme][0]}: utbildning för personalen vid regionens "
                "bibliotek.",
                summary_en=f"{THEME_TRANSLATIONS[theme][1]}: a training for the staff of the region's "
                "libraries.",
            )
        for index, (title, theme, audiences) in enumerate(SWEDISH_TRAININGS):
            texts = SWEDISH_TRAINING_TEXTS[title]
            add(
                texts["title_fi"],
                EventKind.TRAINING,
                EventFormat.REMOTE,
                _at(year, 3 + index * 6, rng.randint(2, 27), 13),
                2,
                theme=theme,
                audiences=[str(a) for a in audiences],
                language=EventLanguage.SWEDISH,
                swedish_coplanned=True,
                co_organisers="Svenska gruppen, Åbo stadsbibliotek",
                seats_remote=60,
                # Opened nationwide; followed together in viewing rooms (kielikylpykatsomot), which are
                # rooms of this one training, never trainings of their own.
                open_to_guests=True,
                title_sv=texts["title_sv"],
                title_en=texts["title_en"],
                summary=texts["summary_fi"],
                summary_sv=texts["summary_sv"],
                summary_en=texts["summary_en"],
            )
        for index, (title, city, month) in enumerate(STUDY_TRIPS):
            add(
                title,
                EventKind.STUDY_TRIP,
                EventFormat.IN_PERSON,
                _at(year, month, rng.randint(2, 27), 7, 30),
                30 if index % 2 else 12,
                hosted=False,
                venue=city,
                venue_sv=PLACE_TRANSLATIONS[city][0],
                venue_en=PLACE_TRANSLATIONS[city][1],
                municipality=city,
                seats_on_site=rng.choice([30, 40, 45]),
                priority_group=groups[index % len(groups)] if groups and index == 1 else None,
                language=EventLanguage.SWEDISH if "Studieresa" in title else EventLanguage.FINNISH,
                swedish_coplanned="Studieresa" in title,
            )
        for month in range(1, 13):
            topic = COFFEE_TOPICS[month % 4]
            add(
                f"Etäkahvit: {topic}",
                EventKind.COFFEE_HOUR,
                EventFormat.REMOTE,
                _at(year, month, rng.randint(5, 25), 9),
                1,
                audiences=[str(Audience.ALL_STAFF)],
                seats_remote=None,
                title_sv=f"Distanskaffe: {COFFEE_TOPIC_TRANSLATIONS[topic][0]}",
                title_en=f"Remote coffee: {COFFEE_TOPIC_TRANSLATIONS[topic][1]}",
            )
        for group in groups:
            swedish = group.is_swedish_cooperation_group
            meetings = max(group.meeting_goal, 2) + rng.randint(0, 1)
            for number in range(meetings):
                month = min(12, 1 + (number * 11) // meetings + rng.randint(0, 1))
                add(
                    f"{group.name_fi}: {'möte' if swedish else 'kokous'} {number + 1}",
                    EventKind.GROUP_MEETING,
                    EventFormat.REMOTE if rng.random() < 0.6 else EventFormat.HYBRID,
                    _at(year, month, rng.randint(2, 27), 13),
                    2,
                    working_group=group,
                    title_sv=f"{group.name_sv or group.name_fi}: möte {number + 1}",
                    title_en=f"{group.name_en or group.name_fi}: meeting {number + 1}",
                    language=EventLanguage.SWEDISH if swedish else EventLanguage.FINNISH,
                    feedback_enabled=False,
                    seats_on_site=20,
                )
        for month, week in THEME_WEEKS:
            add(
                f"{week} – valmistautuminen",
                EventKind.THEME_WEEK_PREPARATION,
                EventFormat.REMOTE,
                _at(year, month, rng.randint(5, 20), 10),
                2,
                theme=week,
                seats_remote=None,
                title_sv=f"{THEME_TRANSLATIONS[week][0]} – förberedelser",
                title_en=f"{THEME_TRANSLATIONS[week][1]} – preparation",
            )
        add(
            "Digityöryhmän toimintapäivä", EventKind.ACTION_DAY, EventFormat.IN_PERSON, _at(year, 5, 14, 9), 6
        )

    # The coming months after the demo year, drawn from a generator of their own so that the year's
    # data (and so the report of a past year) does not depend on the day the demo is loaded.
    in_year = len(events)
    _coming_months(ctx, add, groups, now)
    for event in events:  # bulk_create skips Event.save, which names the municipality in sv/en
        fill_municipality_names(event)
    created = Event.objects.bulk_create(events, batch_size=500)

    def activity(rng, created: list[Event], *, coming: bool = False) -> tuple[int, int, int]:
        """Pick-up points, viewing rooms, mailings, registrations and (for past events) attendance
        and feedback of ``created``, drawn from ``rng``. Events of the coming months have only
        their first registrations."""
        points = PickupPoint.objects.bulk_create(
            [
                PickupPoint(
                    event=event,
                    name=name,
                    name_sv=PICKUP_POINT_TRANSLATIONS[name][0],
                    name_en=PICKUP_POINT_TRANSLATIONS[name][1],
                    seats=rng.choice([8, 12, 15]),
                    departs_at=event.start - datetime.timedelta(minutes=offset + 30),
                    sort_order=order,
                )
                for event in created
                if event.kind == EventKind.STUDY_TRIP
                for order, (name, offset) in enumerate(PICKUP_POINTS)
            ]
        )
        bilingual = [library for library in organisations if library.bilingual] or organisations
        ViewingRoom.objects.bulk_create(
            [
                ViewingRoom(
                    event=event,
                    host_library=host,
                    **viewing_room_address(host, order),
                    seats=rng.choice([8, 10, 12]),
                    support_person=rng.choice(["Stina Lindqvist", "Mikael Nyström", "Anna Berg"]),
                    sort_order=order,
                )
                for event in created
                if event.kind == EventKind.TRAINING
                and event.language == EventLanguage.SWEDISH
                and event.format == EventFormat.REMOTE
                for order, host in enumerate(rng.sample(bilingual, min(2, len(bilingual))))
            ]
        )
        mailings = []
        for event in created:
            for kind, due in (
                (ScheduledMailing.Kind.REMINDER, event.start - datetime.timedelta(hours=24)),
                (ScheduledMailing.Kind.FEEDBACK_REQUEST, event.end + datetime.timedelta(hours=2)),
            ):
                if kind == ScheduledMailing.Kind.FEEDBACK_REQUEST and not event.feedback_enabled:
                    continue
                # Past due times are marked done, so the demo never mails its made-up people.
                mailings.append(
                    ScheduledMailing(
                        event=event, kind=kind, due_at=due, processed_at=due if due < now else None
                    )
                )
        ScheduledMailing.objects.bulk_create(mailings, batch_size=1000)

        points_by_event: dict[int, list[PickupPoint]] = {}
        for point in points:
            points_by_event.setdefault(point.event_id, []).append(point)
        passengers: dict[int, int] = {}
        questions = _standard_questions()
        registrations, attendances, receipts = [], [], []
        feedback: dict[Event, list[tuple]] = {}
        for event in created:
            wanted = {
                EventKind.TRAINING: rng.randint(25, 75),
                EventKind.STUDY_TRIP: rng.randint(25, 45),
                EventKind.COFFEE_HOUR: rng.randint(12, 30),
                EventKind.GROUP_MEETING: rng.randint(5, 12),
                EventKind.THEME_WEEK_PREPARATION: rng.randint(15, 35),
                EventKind.ACTION_DAY: rng.randint(15, 25),
            }.get(event.kind, 10)
            if coming:
                wanted //= 3
            people = rng.sample(staff, min(wanted, len(staff)))
            past = event.start < now
            taken = {Participation.ON_SITE: 0, Participation.REMOTE: 0}
            for person in people:
                if event.format == EventFormat.HYBRID:
                    mode = Participation.ON_SITE if rng.random() < 0.5 else Participation.REMOTE
                else:
                    mode = (
                        Participation.REMOTE if event.format == EventFormat.REMOTE else Participation.ON_SITE
                    )
                seats = event.seats_for(mode)
                status = Registration.Status.CONFIRMED
                if seats is not None and taken[mode] >= seats:
                    status = Registration.Status.WAITLISTED
                elif rng.random() < 0.05:
                    status = Registration.Status.CANCELLED
                if status == Registration.Status.CONFIRMED:
                    taken[mode] += 1
                registered = event.start - datetime.timedelta(
                    days=rng.randint(4, 40), minutes=rng.randint(0, 600)
                )
                if registered > now:
                    # Nobody registered in the future: a moment since registration opened.
                    registered = event.registration_opens + (now - event.registration_opens) * rng.random()
                registration = Registration(
                    event=event,
                    **staff_registration_fields(person),
                    participation=mode,
                    status=status,
                    waitlisted_at=registered if status == Registration.Status.WAITLISTED else None,
                    diet=""
                    if past or rng.random() > 0.1
                    else rng.choice(["kasvis", "gluteeniton", "laktoositon"]),
                    created_at=registered,
                    cancelled_at=min(registered + datetime.timedelta(days=1), now)
                    if status == "cancelled"
                    else None,
                )
                free_points = [
                    p for p in points_by_event.get(event.pk, []) if passengers.get(p.pk, 0) < p.seats
                ]
                if status == Registration.Status.CONFIRMED and free_points and rng.random() < 0.6:
                    registration.pickup_point = rng.choice(free_points)
                    passengers[registration.pickup_point.pk] = (
                        passengers.get(registration.pickup_point.pk, 0) + 1
                    )
                registrations.append(registration)
                if past and status == Registration.Status.CONFIRMED and rng.random() < 0.87:
                    attendances.append(
                        Attendance(
                            event=event,
                            registration=registration,
                            email=registration.email,
                            name=f"{person['first_name']} {person['last_name']}",
                            library_id=person["library_id"],
                            participation=mode,
                            language=person["language"],
                            recorded_at=event.end,
                        )
                    )
                    if event.feedback_enabled and rng.random() < 0.45:
                        answered_on = timezone.localdate(
                            event.end + datetime.timedelta(days=rng.randint(0, 6))
                        )
                        receipts.append(
                            FeedbackReceipt(event=event, email=registration.email, answered_on=answered_on)
                        )
                        overall = rng.choices([2, 3, 4, 5], weights=[1, 3, 10, 9])[0]
                        given = {}
                        for question in questions.get(event.kind, []):
                            if question.kind == QuestionKind.SCALE:
                                given[question.key] = max(1, min(5, overall + rng.choice([-1, 0, 0, 1])))
                            elif question.kind == QuestionKind.SINGLE and rng.random() < 0.8:
                                given[question.key] = rng.choice([1, 1, 2, 3])
                            elif question.kind == QuestionKind.TEXT and rng.random() < 0.3:
                                given[question.key] = rng.choice(
                                    [
                                        "Lisää käytännön esimerkkejä, kiitos.",
                                        "Tallenne olisi hyvä saada jälkikäteen.",
                                        "Erinomainen kouluttaja!",
                                        "Lisää aikaa keskustelulle.",
                                    ]
                                )
                        feedback.setdefault(event, []).append((overall, given, answered_on))
        Registration.objects.bulk_create(registrations, batch_size=1000)
        Attendance.objects.bulk_create(attendances, batch_size=1000)
        FeedbackReceipt.objects.bulk_create(receipts, batch_size=1000)
        responses = _feedback(feedback, questions)
        return len(registrations), len(attendances), len(responses)

    year_events, coming_events = created[:in_year], created[in_year:]
    registrations, attendances, responses = activity(rng, year_events)
    materials = _materials(
        ctx, [e for e in year_events if e.kind == EventKind.TRAINING and e.end < now], owner
    )
    weeks, told = _theme_weeks(ctx, year_events, organisations, staff)
    coming_registrations = activity(random.Random(ctx.seed + 1), coming_events, coming=True)[0]
    beyond = _beyond_the_region(ctx, now, organisations, staff, owner)
    waitlisted = _demo_staff_on_a_waitlist(now, staff)
    waitlisted += "; " + _demo_staff_registered(now, staff)
    ctx.log(
        f"  {len(year_events)} events, {registrations} registrations, {attendances} attendances, "
        f"{responses} feedback responses, {materials} materials, {weeks} theme weeks told by "
        f"{told} libraries in all; {len(coming_events)} events in the coming months with "
        f"{coming_registrations} registrations so far; {beyond}; {waitlisted}"
    )


# The demo's library staff account, whose "My page" `make run` shows (networks/demo.py ROLE_ACCOUNTS).
DEMO_STAFF_EMAIL = "staff@kaarina.fi"


def _demo_staff_on_a_waitlist(now: datetime.datetime, staff: list[dict]) -> str:
    """The demo staff account on the waitlist of a full coming training, last in the queue, so that
    "Waitlist places and offers" on its "My page" is not empty. The first coming in-person training
    open for registration that is full is taken; if none is full, the first one's seats on site are
    cut to the confirmed registrations (a smaller room): no one is added or moved, so the registrations
    and the year's figures stay what they were. No draw from a generator."""
    person = next((row for row in staff if row["email"].lower() == DEMO_STAFF_EMAIL), None)
    if person is None:
        return "no demo staff account to waitlist"
    open_now = (
        Event.objects.filter(
            status=Event.Status.PUBLISHED,
            kind=EventKind.TRAINING,
            format=EventFormat.IN_PERSON,
            approval_required=False,
            seats_on_site__isnull=False,
            start__gt=now + datetime.timedelta(days=7),
            registration_opens__lte=now,
            registration_closes__gt=now,
        )
        .exclude(registrations__user_id=person["pk"])
        .order_by("start", "pk")
    )
    full, first_open = None, None
    for event in open_now:
        confirmed = event.registrations.filter(
            status__in=Registration.SEAT_HOLDING,
            participation=Participation.ON_SITE,
            viewing_room__isnull=True,
        ).count()
        if confirmed >= event.seats_on_site:
            full = event
            break
        if first_open is None and confirmed:
            first_open = (event, confirmed)
    if full is None:
        if first_open is None:
            return "no coming training to waitlist the demo staff account on"
        full, confirmed = first_open
        full.seats_on_site = confirmed
        Event.objects.filter(pk=full.pk).update(seats_on_site=confirmed)
    queue_end = (
        full.registrations.filter(status=Registration.Status.WAITLISTED)
        .order_by("-waitlisted_at")
        .values_list("waitlisted_at", flat=True)
        .first()
    )
    # Two days ago (not before registration opened), after everyone already in the queue.
    waitlisted_at = max(now - datetime.timedelta(days=2), full.registration_opens)
    if queue_end is not None and queue_end >= waitlisted_at:
        waitlisted_at = min(now, queue_end + datetime.timedelta(minutes=1))
    Registration.objects.create(
        event=full,
        **staff_registration_fields(person),
        participation=Participation.ON_SITE,
        status=Registration.Status.WAITLISTED,
        waitlisted_at=waitlisted_at,
        created_at=waitlisted_at,
    )
    return f"{DEMO_STAFF_EMAIL} on the waitlist of a full training"


def _demo_staff_registered(now: datetime.datetime, staff: list[dict]) -> str:
    """The demo staff account with a confirmed place at the nearest coming training open for
    registration, so that "My coming events" on its "My page" is not empty. It takes the place of a
    drawn person's confirmed registration there (the counts and seats stay those of the demo), at a
    training without approval, questions or viewing rooms, where the account has no registration
    yet. No draw from a generator."""
    person = next((row for row in staff if row["email"].lower() == DEMO_STAFF_EMAIL), None)
    if person is None:
        return "no demo staff account to register"
    taken = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            user__isnull=False,
            library__isnull=False,
            viewing_room__isnull=True,
            event__status=Event.Status.PUBLISHED,
            event__kind=EventKind.TRAINING,
            event__approval_required=False,
            event__start__gt=now,
            event__registration_opens__lte=now,
            event__registration_closes__gt=now,
            event__registration_questions__isnull=True,
        )
        .exclude(event__registrations__user_id=person["pk"])
        .order_by("event__start", "event_id", "pk")
        .first()
    )
    if taken is None:
        return "no coming training to register the demo staff account for"
    for name, value in staff_registration_fields(person).items():
        setattr(taken, name, value)
    taken.answers_language = person["language"]
    taken.save()
    return f"{DEMO_STAFF_EMAIL} registered for a coming training"


def _coming_months(ctx, add, groups, now: datetime.datetime) -> None:
    """Events after the demo year within ``COMING_DAYS`` of today, open for registration now: loaded
    in November or December (or for a past year), the demo still has trainings, a study trip, coffee
    hours and group meetings to register for. Within the year the year's own events are the coming
    ones. Drawn from a generator of their own (``ctx.seed + 2``): the year's data stays the same."""
    rng = random.Random(ctx.seed + 2)
    first = max(timezone.localdate(now) + datetime.timedelta(days=7), datetime.date(ctx.year + 1, 1, 1))
    last = timezone.localdate(now) + datetime.timedelta(days=COMING_DAYS)
    if first > last:
        return
    span = (last - first).days
    zone = timezone.get_default_timezone()

    def day(fraction: float, hour: int, minute: int = 0) -> datetime.datetime:
        date = first + datetime.timedelta(days=int(span * fraction))
        if date.weekday() >= 5:  # on a weekday
            date += datetime.timedelta(days=7 - date.weekday())
        return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=zone)

    def opened() -> datetime.datetime:
        return now - datetime.timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 8))

    for round_ in range(ctx.scale):
        suffix = "" if round_ == 0 else f" ({round_ + 1})"
        for index, (title, theme, audiences) in enumerate(COMING_TRAININGS):
            fmt = FORMATS[index % 3]
            add(
                title + suffix,
                EventKind.TRAINING,
                fmt,
                day((index + rng.random()) / len(COMING_TRAININGS), rng.choice([9, 12, 13])),
                rng.choice([2, 3]),
                rng=rng,
                registration_opens=opened(),
                theme=theme,
                audiences=[str(a) for a in audiences],
                seats_on_site=rng.choice([30, 40]) if fmt != EventFormat.REMOTE else None,
                seats_remote=rng.choice([80, None]) if fmt != EventFormat.IN_PERSON else None,
                summary=f"{theme}: koulutus alueen kirjastojen henkilökunnalle.",
                summary_sv=f"{THEME_TRANSLATIONS[theme][0]}: utbildning för personalen vid regionens "
                "bibliotek.",
                summary_en=f"{THEME_TRANSLATIONS[theme][1]}: a training for the staff of the region's "
                "libraries.",
            )
        add(
            "Opintomatka Poriin: kirjasto ja kulttuuri" + suffix,
            EventKind.STUDY_TRIP,
            EventFormat.IN_PERSON,
            day(0.6 + rng.random() * 0.3, 7, 30),
            12,
            hosted=False,
            rng=rng,
            registration_opens=opened(),
            venue="Pori",
            venue_sv=PLACE_TRANSLATIONS["Pori"][0],
            venue_en=PLACE_TRANSLATIONS["Pori"][1],
            municipality="Pori",
            seats_on_site=40,
        )
        for number in range(max(1, span // 28)):
            topic = COFFEE_TOPICS[number % 4]
            add(
                f"Etäkahvit: {topic}",
                EventKind.COFFEE_HOUR,
                EventFormat.REMOTE,
                day(number * 28 / span + rng.random() * 0.05, 9),
                1,
                rng=rng,
                registration_opens=opened(),
                audiences=[str(Audience.ALL_STAFF)],
                seats_remote=None,
                title_sv=f"Distanskaffe: {COFFEE_TOPIC_TRANSLATIONS[topic][0]}",
                title_en=f"Remote coffee: {COFFEE_TOPIC_TRANSLATIONS[topic][1]}",
            )
        for group in groups:
            swedish = group.is_swedish_cooperation_group
            add(
                f"{group.name_fi}: {'möte' if swedish else 'kokous'} ({first.year})" + suffix,
                EventKind.GROUP_MEETING,
                EventFormat.REMOTE if rng.random() < 0.6 else EventFormat.HYBRID,
                day(rng.random(), 13),
                2,
                rng=rng,
                registration_opens=opened(),
                working_group=group,
                title_sv=f"{group.name_sv or group.name_fi}: möte ({first.year})" + suffix,
                title_en=f"{group.name_en or group.name_fi}: meeting ({first.year})" + suffix,
                language=EventLanguage.SWEDISH if swedish else EventLanguage.FINNISH,
                feedback_enabled=False,
                seats_on_site=20,
            )


# People from outside the region (issue 17): a guest library of the national list is looked up by its
# Finnish name; the others name their organisation. Example addresses: the demo mails nobody real.
DEMO_GUESTS = [
    (
        "Greta",
        "Lindberg",
        "greta.lindberg@hel.example",
        "Helsingin kaupunginkirjasto",
        "",
        GuestRole.PARTICIPANT,
    ),
    (
        "Johan",
        "Ek",
        "johan.ek@avi.example",
        "",
        "Lounais-Suomen aluehallintovirasto (AVI)",
        GuestRole.TRAINER,
    ),
    ("Sara", "Wikström", "sara.wikstrom@abo.example", "", "Åbo Akademis bibliotek", GuestRole.CO_ORGANISER),
]
NATIONWIDE = {
    "title_fi": "Kirjasto kohtaamispaikkana (ruotsiksi)",
    "title_sv": "Biblioteket som mötesplats",
    "title_en": "The library as a meeting place (in Swedish)",
    "summary_fi": "Valtakunnallisesti avoin ruotsinkielinen etäkoulutus, jota voi seurata yhdessä "
    "katsomoissa.",
    "summary_sv": "En utbildning på svenska på distans, öppen i hela landet; den kan följas tillsammans i "
    "visningsrum.",
    "summary_en": "A remote training in Swedish, open nationwide; it can be followed together in "
    "viewing rooms.",
}
LEADERS = {
    "title_fi": "Johtajien kaksipäiväinen koulutus",
    "title_sv": "Tvådagarsutbildning för ledare",
    "title_en": "Two-day training for library leaders",
    "summary_fi": "AKE hyväksyy ilmoittautumiset; enintään kaksi paikkaa kirjastoa kohden.",
    "summary_sv": "AKE godkänner anmälningarna; högst två platser per bibliotek.",
    "summary_en": "AKE approves the registrations; at most two places per library.",
}


def _beyond_the_region(ctx, now, organisations, staff, owner) -> str:
    """Issue 17's parts in the demo, drawn from a generator of their own (the year's other data stays
    the same): guests and viewing rooms at the year's nationwide Swedish trainings (so the report shows
    guests beside B2), and in the coming weeks a nationwide Swedish training with viewing rooms and
    registration questions for a guest to register for, and a leaders' training in approval mode with
    a quota per library, its registrations waiting for AKE's decision."""
    rng = random.Random(ctx.seed + 3)
    national = {library.name_fi: library for library in GuestLibrary.objects.all()}

    def guest_fields(library_name, organisation, role):
        found = national.get(library_name)
        return {
            "library_id": None,
            "guest_library": found,
            "guest_organisation": "" if found else organisation or library_name,
            "guest_role": role,
        }

    def fill_rooms(event, registrations):
        for room in event.viewing_rooms.all():
            chosen = [r for r in registrations if r.viewing_room_id is None][
                : min(room.seats, rng.randint(3, 6))
            ]
            for registration in chosen:
                registration.viewing_room = room
            Registration.objects.filter(pk__in=[r.pk for r in chosen]).update(viewing_room=room)
            Attendance.objects.filter(registration__in=chosen).update(viewing_room=room)

    guests = 0
    nationwide_past = Event.objects.filter(
        open_to_guests=True, format=EventFormat.REMOTE, end__lt=now, start__year=ctx.year
    ).order_by("start")
    for event in nationwide_past:
        confirmed = list(
            event.registrations.filter(status=Registration.Status.CONFIRMED, library__isnull=False).order_by(
                "pk"
            )
        )
        rng.shuffle(confirmed)
        fill_rooms(event, confirmed)
        for first, last, email, library_name, organisation, role in DEMO_GUESTS:
            fields = guest_fields(library_name, organisation, role)
            registration = Registration.objects.create(
                event=event,
                email=email,
                first_name=first,
                last_name=last,
                language="sv",
                participation=Participation.REMOTE,
                status=Registration.Status.CONFIRMED,
                created_at=event.start - datetime.timedelta(days=rng.randint(5, 30)),
                **fields,
            )
            Attendance.objects.create(
                event=event,
                registration=registration,
                email=email,
                name=f"{first} {last}",
                participation=Participation.REMOTE,
                language="sv",
                recorded_at=event.end,
                **fields,
            )
            guests += 1
    # Trainers from elsewhere on site at some of the year's in-person trainings (guests beside B3).
    on_site = Event.objects.filter(
        kind=EventKind.TRAINING, format=EventFormat.IN_PERSON, end__lt=now, start__year=ctx.year
    ).order_by("start")[:3]
    for number, event in enumerate(on_site):
        Attendance.objects.create(
            event=event,
            email=f"kouluttaja{number + 1}@yliopisto.example",
            name=f"Kouluttaja {number + 1}",
            participation=Participation.ON_SITE,
            recorded_at=event.end,
            **guest_fields("", "Turun yliopiston kirjasto", GuestRole.TRAINER),
        )
        guests += 1

    zone = timezone.get_default_timezone()

    def weekday(days: int, hour: int) -> datetime.datetime:
        date = timezone.localdate(now) + datetime.timedelta(days=days)
        if date.weekday() >= 5:  # on a weekday
            date += datetime.timedelta(days=7 - date.weekday())
        return datetime.datetime.combine(date, datetime.time(hour), tzinfo=zone)

    def coming_event(texts, start, duration, **fields):
        event = Event.objects.create(
            title=texts["title_fi"],
            **{key: value for key, value in texts.items() if key != "title_fi"},
            kind=EventKind.TRAINING,
            start=start,
            end=start + datetime.timedelta(hours=duration),
            status=Event.Status.PUBLISHED,
            registration_opens=now - datetime.timedelta(days=5),
            registration_closes=start - datetime.timedelta(days=3),
            uid=uuid.uuid4(),
            created_by=owner,
            **ORGANISER,
            **fields,
        )
        return event

    bilingual = [library for library in organisations if library.bilingual] or organisations
    nationwide = coming_event(
        NATIONWIDE,
        weekday(30, 13),
        2,
        format=EventFormat.REMOTE,
        language=EventLanguage.SWEDISH,
        swedish_coplanned=True,
        open_to_guests=True,
        co_organisers="Svenska gruppen, Regionförvaltningsverket (RFV)",
        seats_remote=40,
        online_url="https://teams.example.fi/l/meetup/" + uuid.uuid4().hex[:12],
        audiences=[str(Audience.ALL_STAFF)],
    )
    for order, host in enumerate(rng.sample(bilingual, min(2, len(bilingual)))):
        ViewingRoom.objects.create(
            event=nationwide,
            host_library=host,
            **viewing_room_address(host, order),
            seats=10,
            support_person=rng.choice(["Stina Lindqvist", "Mikael Nyström", "Anna Berg"]),
            sort_order=order,
        )
    first_time = RegistrationQuestion.objects.create(
        event=nationwide,
        text_fi="Osallistutko ensimmäistä kertaa ruotsinkieliseen koulutukseen?",
        text_sv="Deltar du för första gången i en utbildning på svenska?",
        text_en="Is this your first training in Swedish?",
        type=RegistrationQuestion.Type.YES_NO,
        required=True,
        sort_order=0,
    )
    level = RegistrationQuestion.objects.create(
        event=nationwide,
        text_fi="Ruotsin kielen taitosi",
        text_sv="Dina kunskaper i svenska",
        text_en="Your Swedish",
        type=RegistrationQuestion.Type.CHOICE,
        options_fi="Alkeet\nKeskitaso\nSujuva",
        options_sv="Grunder\nMedelnivå\nFlytande",
        options_en="Basic\nIntermediate\nFluent",
        sort_order=1,
    )
    people = rng.sample(staff, min(8, len(staff)))
    made = []
    for person in people:
        made.append(
            Registration.objects.create(
                event=nationwide,
                **staff_registration_fields(person),
                participation=Participation.REMOTE,
                status=Registration.Status.CONFIRMED,
                created_at=now - datetime.timedelta(days=rng.randint(1, 4)),
            )
        )
    for first, last, email, library_name, organisation, role in DEMO_GUESTS[:1]:
        made.append(
            Registration.objects.create(
                event=nationwide,
                email=email,
                first_name=first,
                last_name=last,
                language="sv",
                participation=Participation.REMOTE,
                status=Registration.Status.CONFIRMED,
                created_at=now - datetime.timedelta(days=1),
                **guest_fields(library_name, organisation, role),
            )
        )
    fill_rooms(nationwide, made[: len(made) // 2])
    RegistrationAnswer.objects.bulk_create(
        [
            RegistrationAnswer(registration=registration, question=question, value=value)
            for registration in made
            for question, value in (
                (first_time, rng.choice(["yes", "no"])),
                (level, rng.choice(["Alkeet", "Keskitaso", "Sujuva"])),
            )
        ]
    )

    start = weekday(45, 9)
    leaders = coming_event(
        LEADERS,
        start,
        32,  # two days, 9-17 each: the training hours are given
        format=EventFormat.IN_PERSON,
        approval_required=True,
        max_per_library=2,
        seats_on_site=24,
        hours=12,
        venue="Turun pääkirjasto",
        venue_sv="Åbo huvudbibliotek",
        venue_en="Turku Main Library",
        municipality="Turku",
        audiences=[str(Audience.DIRECTORS)],
    )
    waiting = rng.sample(staff, min(6, len(staff)))
    Registration.objects.bulk_create(
        [
            Registration(
                event=leaders,
                **staff_registration_fields(person),
                participation=Participation.ON_SITE,
                status=Registration.Status.CONFIRMED if index < 2 else Registration.Status.AWAITING_APPROVAL,
                created_at=now - datetime.timedelta(days=rng.randint(1, 4), minutes=index),
            )
            for index, person in enumerate(waiting)
        ]
    )
    return (
        f"{guests} guests at the year's nationwide trainings; coming: a nationwide training with "
        f"viewing rooms and questions, and a training in approval mode"
    )


# The plan's theme weeks (§3.2): name in fi/sv/en and a national address (example addresses: the demo
# must not send people to real campaigns' pages). The names are the themes' own, so that a week and its
# preparatory event ("Digikunskapsveckan – förberedelser") name it alike.
THEME_WEEK_NAMES = {
    name: (*THEME_TRANSLATIONS[name], slug)
    for name, slug in (
        ("Mediakasvatusviikko", "mediakasvatusviikko"),
        ("Digitaitoviikko", "digitaitoviikko"),
        ("Senior Surf", "senior-surf"),
        ("Peliviikko", "peliviikko"),
    )
}


def _theme_weeks(ctx, created: list[Event], organisations, staff) -> tuple[int, int]:
    """The year's four theme weeks, each a week starting on the Monday 4-5 weeks after its
    preparatory event (within the 3-6 weeks the admin checks); libraries of past weeks told they
    took part."""
    rng = ctx.rng
    today = timezone.localdate()
    staff_of = {}
    for person in staff:
        staff_of.setdefault(person["library_id"], person["pk"])
    preparations = {}
    for event in created:
        if event.kind == EventKind.THEME_WEEK_PREPARATION and event.theme not in preparations:
            preparations[event.theme] = event
    participations = []
    for name, (name_sv, name_en, slug) in THEME_WEEK_NAMES.items():
        event = preparations.get(name)
        if event is None:
            continue
        day = timezone.localdate(event.start) + datetime.timedelta(days=28)
        starts = day + datetime.timedelta(days=(7 - day.weekday()) % 7)
        week = ThemeWeek.objects.create(
            name_fi=name,
            name_sv=name_sv,
            name_en=name_en,
            starts=starts,
            ends=starts + datetime.timedelta(days=6),
            national_url=f"https://www.example.fi/{slug}",
            preparatory_event=event,
        )
        if starts > today:
            continue
        for library in rng.sample(organisations, int(len(organisations) * rng.uniform(0.3, 0.7))):
            participations.append(
                ThemeWeekParticipation(
                    theme_week=week,
                    library=library,
                    note=rng.choice(["", "Pelikerho", "Näyttely ja opastus", "Digituki-ilta"]),
                    reported_by_id=staff_of.get(library.pk),
                    reported_at=timezone.make_aware(datetime.datetime.combine(week.ends, datetime.time(15))),
                )
            )
    ThemeWeekParticipation.objects.bulk_create(participations)
    return len(preparations), len({p.library_id for p in participations})


def _feedback(feedback: dict[Event, list[tuple]], questions) -> list[Response]:
    """The answers to each event's feedback survey (surveys/feedback.py), written in bulk."""
    responses, answers = [], []
    for event, given in feedback.items():
        survey = feedback_survey(event)
        by_key = questions_by_key(survey)
        for overall, values, answered_on in given:
            response, rows = feedback_rows(
                survey, by_key, overall=overall, answers=values, submitted_on=answered_on
            )
            responses.append(response)
            answers.extend(rows)
    Response.objects.bulk_create(responses, batch_size=1000)
    Answer.objects.bulk_create(answers, batch_size=1000)
    return responses


def _standard_questions() -> dict[str, list[Question]]:
    """The plan's standard survey after every training: the standard feedback of trainings
    (surveys/feedback.py), which each training's own feedback survey copies."""
    survey = Survey.objects.filter(
        kind=SurveyKind.TRAINING, event__isnull=True, feedback_for_kind=EventKind.TRAINING
    ).first()
    if survey is None:
        survey = standard_feedback_create(
            event_kind=EventKind.TRAINING,
            titles={
                "fi": "Vakiopalaute: koulutus",
                "sv": "Standardrespons: utbildning",
                "en": "Standard feedback: training",
            },
        )
        scale = {
            "kind": QuestionKind.SCALE,
            **{f"scale_low_{code}": text for code, text in SCALE_LOW.items()},
            **{f"scale_high_{code}": text for code, text in SCALE_HIGH.items()},
        }
        Question.objects.bulk_create(
            [
                Question(
                    survey=survey,
                    sort_order=1,
                    key="useful",
                    text_fi="Sisältö oli hyödyllinen työssäni",
                    text_sv="Innehållet var nyttigt i mitt arbete",
                    text_en="The content was useful in my work",
                    **scale,
                ),
                Question(
                    survey=survey,
                    sort_order=2,
                    key="trainer",
                    text_fi="Kouluttaja oli asiantunteva",
                    text_sv="Utbildaren var sakkunnig",
                    text_en="The trainer was knowledgeable",
                    **scale,
                ),
                Question(
                    survey=survey,
                    sort_order=3,
                    key="heard",
                    kind=QuestionKind.SINGLE,
                    text_fi="Mistä kuulit koulutuksesta?",
                    text_sv="Var hörde du om utbildningen?",
                    text_en="Where did you hear about the training?",
                    options_fi="Uutiskirjeestä\nKollegalta\nTapahtumakalenterista",
                    options_sv="I nyhetsbrevet\nAv en kollega\nI evenemangskalendern",
                    options_en="The newsletter\nA colleague\nThe event calendar",
                ),
                Question(
                    survey=survey,
                    sort_order=4,
                    key="wishes",
                    kind=QuestionKind.TEXT,
                    text_fi="Toiveita tuleville koulutuksille",
                    text_sv="Önskemål för kommande utbildningar",
                    text_en="Wishes for future trainings",
                ),
            ]
        )
    return {EventKind.TRAINING: list(survey.questions.exclude(key=OVERALL).order_by("sort_order"))}


def _materials(ctx, past_trainings: list[Event], owner) -> int:
    """Slides for most past trainings; a few recordings with consents, captions and a review date."""
    document_model = get_document_model()
    count = 0
    for index, event in enumerate(past_trainings[:12]):
        slides = document_model(title=f"{event.title} – diat")
        slides.file.save(f"diat-{event.pk}.txt", ContentFile(f"{event.title}\n".encode()), save=False)
        slides.file_size = slides.file.size  # as the admin's upload form does
        slides.save()
        material = Material.objects.create(
            event=event,
            kind=Material.Kind.SLIDES,
            title=f"{event.title_fi}: diat",
            # The material's title in each language, after the event's (issue #14: a Swedish visitor
            # saw "diat" and "tallenne" in the training archive).
            title_sv=f"{event.title_sv or event.title_fi}: bilder",
            title_en=f"{event.title_en or event.title_fi}: slides",
            document=slides,
            owner=owner,
            status=Material.Status.PUBLISHED,
            published_at=event.end,
        )
        count += 1
        if index % 3 == 0:
            captions = document_model(title=f"{event.title} – tekstitys")
            vtt = ContentFile(b"WEBVTT\n\n00:00.000 --> 00:05.000\nTervetuloa\n")
            captions.file.save(f"tekstitys-{event.pk}.vtt", vtt, save=False)
            captions.file_size = captions.file.size
            captions.save()
            material = Material.objects.create(
                event=event,
                kind=Material.Kind.RECORDING,
                title=f"{event.title_fi}: tallenne",
                title_sv=f"{event.title_sv or event.title_fi}: inspelning",
                title_en=f"{event.title_en or event.title_fi}: recording",
                url=f"https://video.example.fi/ake/{event.pk}",
                captions=captions,
                review_date=timezone.localdate(event.start) + datetime.timedelta(days=730),
                owner=owner,
                status=Material.Status.PUBLISHED,
                published_at=event.end,
            )
            PresenterConsent.objects.create(
                material=material,
                presenter=f"Kouluttaja {ctx.person_name()[1]}",
                consent_given=True,
                recorded_on=timezone.localdate(event.start),
                recorded_by="AKE",
            )
            count += 1
    return count
