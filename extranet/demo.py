"""Demo data of the extranet: a year of notices, Swedish translations, the material bank, subscriptions.

Pages are added without revisions and without the publish signal, so loading the demo sends no mail.
"""

import datetime
import secrets

from django.core.files.base import ContentFile
from django.utils import timezone

CATEGORIES = [
    ("koulutukset", "Koulutukset", "Utbildningar", "Trainings"),
    ("tyoryhmat", "Työryhmät ja verkostot", "Arbetsgrupper och nätverk", "Working groups and networks"),
    ("materiaalit", "Materiaalit", "Material", "Materials"),
    ("kaukolainat", "Kaukolainat", "Fjärrlån", "Interlibrary loans"),
    ("hankkeet", "Hankkeet", "Projekt", "Projects"),
    ("yleiset", "Yleiset", "Allmänt", "General"),
]
TOPICS = {
    "koulutukset": [
        ("Ilmoittaudu koulutukseen: {}", "Koulutus on tarkoitettu kaikille alueen kirjastolaisille."),
        (
            "Koulutuksen tallenne katsottavissa: {}",
            "Koulutuksen diat ja tallenne löytyvät koulutusarkistosta.",
        ),
    ],
    "tyoryhmat": [
        ("{} kokoontuu", "Työryhmän seuraava tapaaminen pidetään etänä Teamsissa."),
        ("Verkoston kuulumiset: {}", "Verkosto kokosi vuoden toimintasuunnitelman."),
    ],
    "materiaalit": [
        ("Uutta materiaalipankissa: {}", "Materiaalipankkiin on lisätty uusi opas kirjastojen käyttöön."),
    ],
    "kaukolainat": [
        ("Kaukolainoista: {}", "Kaukolainat lähetetään yleisille kirjastoille maksutta."),
    ],
    "hankkeet": [
        ("Hanke käynnistyy: {}", "Alueellinen kehittämishanke hakee mukaan kirjastoja."),
    ],
    "yleiset": [
        ("Ajankohtaista: {}", "Ajankohtaisia asioita alueen kirjastoille."),
    ],
}
THEMES = [
    "Mediakasvatusviikko",
    "Digitaitoviikko",
    "Senior Surf",
    "Peliviikko",
    "Lukudiplomi",
    "Saavutettavuus",
    "Selkokieli",
    "Tekoäly kirjastossa",
    "Etäkahvihetki",
    "Kirjamessut",
    "Lasten ja nuorten palvelut",
    "Monikielinen kirjasto",
]
TAGS = [
    "digituki",
    "pelit",
    "lapset",
    "nuoret",
    "seniorit",
    "saavutettavuus",
    "ruotsinkieliset",
    "tapahtumat",
]
# A notice's tags are in the notice's language: a Swedish or English translation has its own (Wagtail
# keeps one page per language; taggit's tags are words, not translatable records).
TAG_TRANSLATIONS = {
    "digituki": ("digitalt stöd", "digital support"),
    "pelit": ("spel", "games"),
    "lapset": ("barn", "children"),
    "nuoret": ("unga", "young people"),
    "seniorit": ("seniorer", "seniors"),
    "saavutettavuus": ("tillgänglighet", "accessibility"),
    "ruotsinkieliset": ("svenskspråkiga", "Swedish speakers"),
    "tapahtumat": ("evenemang", "events"),
}
# The notices' texts in Swedish and English (by the Finnish text): the recent notices are translated
# (_translate_notices), as AKE does for what Swedish- and English-speaking staff read first.
TITLE_TRANSLATIONS = {
    "Ilmoittaudu koulutukseen: {}": ("Anmäl dig till utbildningen: {}", "Sign up for the training: {}"),
    "Koulutuksen tallenne katsottavissa: {}": (
        "Inspelningen från utbildningen kan nu ses: {}",
        "The training's recording is now available: {}",
    ),
    "{} kokoontuu": ("{} träffas", "{} meets"),
    "Verkoston kuulumiset: {}": ("Nytt från nätverket: {}", "News from the network: {}"),
    "Uutta materiaalipankissa: {}": ("Nytt i materialbanken: {}", "New in the material bank: {}"),
    "Kaukolainoista: {}": ("Om fjärrlån: {}", "About interlibrary loans: {}"),
    "Hanke käynnistyy: {}": ("Projektet startar: {}", "A project starts: {}"),
    "Ajankohtaista: {}": ("Aktuellt: {}", "Current matters: {}"),
    "Digivinkki: {}": ("Digitips: {}", "Digital tip: {}"),
    "Kirjastojen kuulumiset: {}": ("Nytt från biblioteken: {}", "News from the libraries: {}"),
}
LEAD_TRANSLATIONS = {
    "Koulutus on tarkoitettu kaikille alueen kirjastolaisille.": (
        "Utbildningen är avsedd för alla som arbetar vid regionens bibliotek.",
        "The training is meant for everyone working in the region's libraries.",
    ),
    "Koulutuksen diat ja tallenne löytyvät koulutusarkistosta.": (
        "Utbildningens bilder och inspelning finns i utbildningsarkivet.",
        "The training's slides and recording are in the training archive.",
    ),
    "Työryhmän seuraava tapaaminen pidetään etänä Teamsissa.": (
        "Arbetsgruppens nästa möte hålls på distans i Teams.",
        "The working group's next meeting is held remotely on Teams.",
    ),
    "Verkosto kokosi vuoden toimintasuunnitelman.": (
        "Nätverket har sammanställt årets verksamhetsplan.",
        "The network has put together its action plan for the year.",
    ),
    "Materiaalipankkiin on lisätty uusi opas kirjastojen käyttöön.": (
        "En ny guide för biblioteken har lagts till i materialbanken.",
        "A new guide for the libraries has been added to the material bank.",
    ),
    "Kaukolainat lähetetään yleisille kirjastoille maksutta.": (
        "Fjärrlån skickas avgiftsfritt till de allmänna biblioteken.",
        "Interlibrary loans are sent to public libraries free of charge.",
    ),
    "Alueellinen kehittämishanke hakee mukaan kirjastoja.": (
        "Ett regionalt utvecklingsprojekt söker bibliotek som vill delta.",
        "A regional development project is looking for libraries to take part.",
    ),
    "Ajankohtaisia asioita alueen kirjastoille.": (
        "Aktuella frågor för regionens bibliotek.",
        "Current matters for the region's libraries.",
    ),
    "Lyhyt vinkki kirjaston digitukeen.": (
        "Ett kort tips för det digitala stödet i biblioteket.",
        "A short tip for digital support in the library.",
    ),
    "Tässä osassa esittäytyy {}.": ("I den här delen presenterar sig {}.", "In this part, meet {}."),
}
THEME_TRANSLATIONS = {
    "Mediakasvatusviikko": ("Mediefostransveckan", "Media Literacy Week"),
    "Digitaitoviikko": ("Digikunskapsveckan", "Digital Skills Week"),
    "Senior Surf": ("Senior Surf", "Senior Surf"),
    "Peliviikko": ("Spelveckan", "Games Week"),
    "Lukudiplomi": ("Läsdiplomet", "The reading diploma"),
    "Saavutettavuus": ("Tillgänglighet", "Accessibility"),
    "Selkokieli": ("Lättläst språk", "Plain language"),
    "Tekoäly kirjastossa": (
        "Artificiell intelligens i biblioteket",
        "Artificial intelligence in the library",
    ),
    "Etäkahvihetki": ("Kaffestund på distans", "Remote coffee break"),
    "Kirjamessut": ("Bokmässan", "The Book Fair"),
    "Lasten ja nuorten palvelut": ("Tjänster för barn och unga", "Services for children and young people"),
    "Monikielinen kirjasto": ("Det flerspråkiga biblioteket", "The multilingual library"),
}
MORE_INFORMATION = {
    "fi": "Lisätietoja antaa AKE-tiimi.",
    "sv": "Mer information ger AKE-teamet.",
    "en": "The AKE team will be glad to tell you more.",
}
#: How many of the latest notices the demo has in Swedish and in English.
TRANSLATED_NOTICES = {"sv": 40, "en": 15}
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _year_days(ctx) -> list[datetime.date]:
    start = datetime.date(ctx.year, 1, 1)
    end = min(datetime.date(ctx.year, 12, 31), timezone.localdate())
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def _publish(parent, page):
    page.live = True
    page.has_unpublished_changes = False
    parent.add_child(instance=page)
    return page


def load(ctx) -> None:
    from wagtail.models import Locale, Page

    from .models import HomePage, NoticeCategory, NoticeSeries

    categories = {}
    for order, (slug, fi, sv, en) in enumerate(CATEGORIES):
        categories[slug], _ = NoticeCategory.objects.get_or_create(
            slug=slug, defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "sort_order": order}
        )
    interviews, _ = NoticeSeries.objects.get_or_create(
        slug="kirjastojen-kuulumiset",
        defaults={
            "name_fi": "Kirjastojen kuulumiset",
            "name_sv": "Nytt från biblioteken",
            "name_en": "News from the libraries",
            "description_fi": "Haastattelusarja: joka osassa esittäytyy yksi alueen kirjasto.",
            "description_sv": "Intervjuserie: i varje del presenteras ett bibliotek i regionen.",
            "description_en": "An interview series: each part presents one library of the region.",
        },
    )
    tips, _ = NoticeSeries.objects.get_or_create(
        slug="digivinkit",
        defaults={
            "name_fi": "Digivinkit",
            "name_sv": "Digitips",
            "name_en": "Digital tips",
            "description_fi": "Lyhyitä vinkkejä digitaalisiin palveluihin.",
            "description_sv": "Korta tips om digitala tjänster.",
            "description_en": "Short tips on digital services.",
            "features_libraries": False,
        },
    )

    home = HomePage.objects.filter(depth=2).order_by("path").first() or Page.get_first_root_node()
    index = _site_pages(ctx, home)
    _notices(ctx, index, categories, interviews, tips)
    _material_bank(ctx, home)
    _page_translations(ctx, home)
    _translate_notices(ctx, index, Locale)
    _workflow(index)
    _subscriptions(ctx, categories)
    _wishes_and_usage(ctx)


def _site_pages(ctx, home):
    from .models import NoticeIndexPage, StandardPage, TrainingArchivePage

    index = NoticeIndexPage.objects.child_of(home).first() or _publish(
        home,
        NoticeIndexPage(
            title="Tiedotteet",
            slug="tiedotteet",
            introduction="AKE:n tiedotteet alueen yleisille kirjastoille. Tilaa tiedotteet sähköpostiisi.",
        ),
    )
    for title, slug, intro in [
        ("Toteutussuunnitelma", "toteutussuunnitelma", "Alueellisen kehittämistehtävän toteutussuunnitelma."),
        ("Tietoa AKE:sta", "tietoa", "Turun kaupunginkirjaston alueellinen kehittämistehtävä."),
        ("Yhteystiedot", "yhteystiedot", "AKE-tiimin informaatikot."),
    ]:
        if not StandardPage.objects.filter(slug=slug).exists():
            _publish(
                home,
                StandardPage(
                    title=title,
                    slug=slug,
                    introduction=intro,
                    body=[("text", f"<p>{intro} Sivua päivitetään vuoden {ctx.year} aikana.</p>")],
                ),
            )
    if not TrainingArchivePage.objects.exists():
        _publish(
            home,
            TrainingArchivePage(
                title="Koulutusarkisto",
                slug="koulutusarkisto",
                introduction="Menneiden koulutusten diat ja tallenteet.",
            ),
        )
    return index


def _notices(ctx, index, categories, interviews, tips):
    from networks.models import Library

    from .models import NoticePage

    rng = ctx.rng
    days = _year_days(ctx)
    workdays = [day for day in days if day.weekday() < 5]
    count = round(150 * ctx.scale * len(days) / 365) or 1
    libraries = list(Library.objects.organisations().order_by("name_fi"))
    rng.shuffle(libraries)
    featured = iter(libraries)
    interview_every = 12  # roughly monthly
    slugs = set(NoticePage.objects.child_of(index).values_list("slug", flat=True))
    for number in range(count):
        day = workdays[int(number * len(workdays) / count)]
        published = _aware(day, rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
        category_slug = rng.choices(list(TOPICS), weights=(35, 20, 15, 8, 10, 12))[0]
        theme = rng.choice(THEMES)
        series = library = None
        if number % interview_every == 5:
            library = next(featured, None)
        if library is not None:
            series = interviews
            title = f"Kirjastojen kuulumiset: {library.name_fi}"
            lead = f"Tässä osassa esittäytyy {library.name_fi}."
            category_slug = "yleiset"
        elif number % 25 == 7:
            series = tips
            title, lead = f"Digivinkki: {theme}", "Lyhyt vinkki kirjaston digitukeen."
            category_slug = "materiaalit"
        else:
            pattern, lead = rng.choice(TOPICS[category_slug])
            title = pattern.format(theme)
        slug = f"tiedote-{day:%Y%m%d}-{number}"
        if slug in slugs:
            continue
        notice = NoticePage(
            title=title,
            slug=slug,
            lead=lead,
            body=[("text", f"<p>{lead} {MORE_INFORMATION['fi']}</p>")],
            series=series,
            featured_library=library,
            first_published_at=published,
            last_published_at=published,
        )
        _publish(index, notice)
        notice.categories.set([categories[category_slug]])
        for tag in rng.sample(TAGS, rng.randint(0, 2)):
            notice.tags.add(tag)
        notice.save()


def _translate_notices(ctx, index, Locale):
    """The latest notices in Swedish and English (TRANSLATED_NOTICES); the rest show as not yet
    translated (aliases, extranet/page_trees.py) and in the translation-gap report for editors."""
    from networks.models import Library

    from .models import NoticePage
    from .page_trees import page_translate

    sv, _ = Locale.objects.get_or_create(language_code="sv")
    if NoticePage.objects.filter(locale=sv, alias_of__isnull=True).exists():
        return
    libraries = {library.name_fi: library for library in Library.objects.all()}
    latest = list(
        NoticePage.objects.child_of(index).order_by("-first_published_at")[: max(TRANSLATED_NOTICES.values())]
    )
    count = 0
    for language, how_many in TRANSLATED_NOTICES.items():
        column = 0 if language == "sv" else 1
        for notice in latest[:how_many]:
            texts = _notice_in(notice, column, libraries, language)
            if texts is None:
                continue
            title, lead = texts
            page_translate(
                notice,
                language,
                title=title,
                lead=lead,
                body=[("text", f"<p>{lead} {MORE_INFORMATION[language]}</p>")],
                first_published_at=notice.first_published_at + datetime.timedelta(hours=2),
                tags=[TAG_TRANSLATIONS[tag.name][column] for tag in notice.tags.all()],
            )
            count += 1
    ctx.log(f"extranet: {count} notices translated (sv, en)")


def _notice_in(notice, column: int, libraries: dict, language: str) -> tuple[str, str] | None:
    """The notice's title and lead in Swedish (column 0) or English (1), or None if unknown."""
    lead = LEAD_TRANSLATIONS.get(notice.lead, (None, None))[column]
    for pattern, translated in TITLE_TRANSLATIONS.items():
        before, _braces, after = pattern.partition("{}")
        if not (notice.title.startswith(before) and notice.title.endswith(after)):
            continue
        subject = notice.title[len(before) : len(notice.title) - len(after)]
        if subject in THEME_TRANSLATIONS:
            subject_in = THEME_TRANSLATIONS[subject][column]
        elif subject in libraries:  # an interview: the library's own name in the language
            library = libraries[subject]
            subject_in = (library.name_sv if language == "sv" else library.name_en) or subject
            lead = LEAD_TRANSLATIONS["Tässä osassa esittäytyy {}."][column].format(subject_in)
        else:
            return None
        if lead is None:
            return None
        return translated[column].format(subject_in), lead
    return None


# The site's own pages in Swedish and English: (model name, Finnish slug) -> language -> fields.
PAGE_TRANSLATIONS = {
    ("HomePage", None): {
        "sv": {
            "title": "Extranät för biblioteken i sydvästra Finland",
            "introduction": "Den gemensamma kanalen för de allmänna biblioteken i Egentliga Finland och "
            "Satakunda: meddelanden, utbildningar, materialbanken och nätverken.",
        },
        "en": {
            "title": "Extranet of the libraries of Southwest Finland",
            "introduction": "The shared channel of the public libraries of Varsinais-Suomi and Satakunta: "
            "notices, trainings, the material bank and the networks.",
        },
    },
    ("NoticeIndexPage", "tiedotteet"): {
        "sv": {
            "title": "Meddelanden",
            "slug": "meddelanden",
            "introduction": "AKE:s meddelanden till de allmänna biblioteken i regionen. "
            "Prenumerera på meddelandena per e-post.",
        },
        "en": {
            "title": "Notices",
            "slug": "notices",
            "introduction": "AKE's notices to the region's public libraries. "
            "Subscribe to receive them by email.",
        },
    },
    ("MaterialBankPage", "materiaalipankki"): {
        "sv": {
            "title": "Materialbanken",
            "slug": "materialbanken",
            "introduction": "Guider, mallar och utlåningsbara väskor för bibliotekens bruk i regionen.",
        },
        "en": {
            "title": "Material bank",
            "slug": "materials",
            "introduction": "Guides, templates and lendable kits for the region's libraries.",
        },
    },
    ("MaterialBankPage", "pelikasvatus"): {
        "sv": {
            "title": "Spelfostran",
            "slug": "spelfostran",
            "introduction": "Guider och material om spelfostran i biblioteket.",
        },
        "en": {
            "title": "Game education",
            "slug": "game-education",
            "introduction": "Guides and materials on game education in the library.",
        },
    },
    ("MaterialBankPage", "digituki"): {
        "sv": {
            "title": "Digitalt stöd",
            "slug": "digitalt-stod",
            "introduction": "Bilder och material från utbildningarna i digitalt stöd.",
        },
        "en": {
            "title": "Digital support",
            "slug": "digital-support",
            "introduction": "Slides and materials from the trainings in digital support.",
        },
    },
    ("TrainingArchivePage", "koulutusarkisto"): {
        "sv": {
            "title": "Utbildningsarkivet",
            "slug": "utbildningsarkiv",
            "introduction": "Bilder och inspelningar från tidigare utbildningar.",
        },
        "en": {
            "title": "Training archive",
            "slug": "training-archive",
            "introduction": "Slides and recordings of past trainings.",
        },
    },
    ("StandardPage", "toteutussuunnitelma"): {
        "sv": {
            "title": "Genomförandeplan",
            "slug": "genomforandeplan",
            "introduction": "Genomförandeplanen för den regionala utvecklingsuppgiften.",
        },
        "en": {
            "title": "Implementation plan",
            "slug": "implementation-plan",
            "introduction": "The implementation plan of the regional development task.",
        },
    },
    ("StandardPage", "tietoa"): {
        "sv": {
            "title": "Om AKE",
            "slug": "om-ake",
            "introduction": "Åbo stadsbiblioteks regionala utvecklingsuppgift.",
        },
        "en": {
            "title": "About AKE",
            "slug": "about",
            "introduction": "The regional development task of Turku City Library.",
        },
    },
    ("StandardPage", "yhteystiedot"): {
        "sv": {"title": "Kontaktuppgifter", "slug": "kontakt", "introduction": "AKE-teamets informatiker."},
        "en": {
            "title": "Contact",
            "slug": "contact",
            "introduction": "The information specialists of the AKE team.",
        },
    },
}
BODY_NOTE = {
    "sv": "Sidan uppdateras under år {year}.",
    "en": "This page is updated during {year}.",
}


def _page_translations(ctx, home) -> None:
    """The main pages in Swedish and English (issue #14): a Swedish- or English-speaking visitor sees
    a full site; notices and other pages without a translation are aliases of the Finnish ones."""
    from django.apps import apps

    from .page_trees import page_translate

    count = 0
    for (model_name, slug), languages in PAGE_TRANSLATIONS.items():
        model = apps.get_model("extranet", model_name)
        if slug is None:
            page = model.objects.filter(pk=home.pk).first()
        else:
            page = model.objects.descendant_of(home).filter(slug=slug, locale_id=home.locale_id).first()
        if page is None:
            continue
        for language, fields in languages.items():
            fields = dict(fields)
            if hasattr(page, "body") and model_name == "StandardPage":
                note = BODY_NOTE[language].format(year=ctx.year)
                fields["body"] = [("text", f"<p>{fields['introduction']} {note}</p>")]
            translation = page_translate(page, language, **fields)
            count += translation is not None
    ctx.log(f"extranet: {count} page translations (sv, en) in place")


def _material_bank(ctx, home):
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction

    from .models import DocumentLanguage, MaterialBankPage

    if MaterialBankPage.objects.exists():
        return
    root = Collection.get_first_root_node()
    bank = root.add_child(name="Materiaalipankki")
    guides = bank.add_child(name="Oppaat")
    slides = bank.add_child(name="Koulutusten diat")
    staff = bank.add_child(name="Vain kirjastohenkilökunnalle")
    CollectionViewRestriction.objects.create(
        collection=staff, restriction_type=CollectionViewRestriction.LOGIN
    )
    page = _publish(
        home,
        MaterialBankPage(
            title="Materiaalipankki",
            slug="materiaalipankki",
            introduction="Oppaita, malleja ja lainattavat salkut alueen kirjastoille.",
            collection=bank,
            show_kits=True,
        ),
    )
    for title, slug, collection in [
        ("Pelikasvatus", "pelikasvatus", guides),
        ("Digituki", "digituki", slides),
    ]:
        _publish(
            page,
            MaterialBankPage(
                title=title, slug=slug, introduction=f"{title}: materiaalit.", collection=collection
            ),
        )
    documents = [
        (guides, "Pelikasvatuksen opas", "pelikasvatus-opas.pdf", MINIMAL_PDF),
        (guides, "Selkokielinen kirjastoesite", "selkoesite.pdf", MINIMAL_PDF),
        (guides, "Lukudiplomin ohjeet", "lukudiplomi.txt", b"Lukudiplomin ohjeet kirjastoille.\n"),
        (slides, "Digitaitoviikon diat", "digitaitoviikko.pdf", MINIMAL_PDF),
        (slides, "Tekoäly kirjastossa – diat", "tekoaly.pdf", MINIMAL_PDF),
        (staff, "Työkiertosopimuksen malli", "tyokiertosopimus.pdf", MINIMAL_PDF),
        (staff, "Kaukolainatilasto", "kaukolainat.csv", b"kirjasto;niteet\nTurku;120\nPori;80\n"),
    ]
    # ÅKE's material in Swedish and a guide in English: the bank names each document's language.
    in_other_languages = [
        (guides, "Spelfostran i biblioteket – en guide", "spelfostran-guide.pdf", MINIMAL_PDF, "sv"),
        (guides, "Lättläst broschyr om biblioteket", "lattlast-broschyr.pdf", MINIMAL_PDF, "sv"),
        (slides, "Digital skills week – slides", "digital-skills-week.pdf", MINIMAL_PDF, "en"),
    ]
    for collection, title, name, content, *language in documents + in_other_languages:
        document = Document(title=title, collection=collection)
        document.file.save(name, ContentFile(content), save=False)
        # The admin's upload form sets the size; saved here, it is ours to set (the bank shows it).
        document.file_size = document.file.size
        document.save()
        if language:
            DocumentLanguage.objects.create(document=document, language=language[0])


def _workflow(index):
    """Notices go through Wagtail's built-in moderation: draft -> AKE editors' review -> publish."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from networks.roles import AKE_ADMINS, AKE_EDITORS

    workflow, created = Workflow.objects.get_or_create(name="Tiedotteiden hyväksyntä")
    if created:
        task = GroupApprovalTask.objects.create(name="AKE-toimittajien hyväksyntä")
        task.groups.set(Group.objects.filter(name__in=[AKE_EDITORS, AKE_ADMINS]))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})


def _subscriptions(ctx, categories):
    from networks.models import User

    from .models import Subscription, SubscriptionPeriod

    if Subscription.objects.exists():
        return
    rng = ctx.rng
    days = _year_days(ctx)
    target = 620 * ctx.scale
    staff_emails = list(User.objects.filter(is_staff=False).values_list("email", flat=True))
    rng.shuffle(staff_emails)
    emails = staff_emails[: int(target * 0.8)]
    domains = ["vaski.fi", "kirjasto.example.fi", "kunta.example.fi", "gmail.example.com"]
    seen = set(emails)
    while len(emails) < target:
        first, last = ctx.person_name()
        email = f"{first}.{last}.{len(emails)}@{rng.choice(domains)}".lower()
        if email not in seen:
            seen.add(email)
            emails.append(email)
    year_start = _aware(datetime.date(ctx.year, 1, 1), 0)
    subscriptions, histories = [], []
    for email in emails:
        roll = rng.random()
        subscribed = (
            year_start - datetime.timedelta(days=rng.randint(1, 900))
            if roll < 0.6
            else _aware(rng.choice(days), rng.randint(7, 20))
        )
        now = timezone.now()
        if subscribed >= now:
            # Today's draw can land later today: that person subscribed an hour ago instead.
            subscribed = now - datetime.timedelta(hours=1)
        confirmed = min(subscribed + datetime.timedelta(minutes=rng.randint(2, 600)), now)
        status, ended, periods = Subscription.Status.ACTIVE, None, []
        fate = rng.random()
        if fate < 0.03:
            status, confirmed = Subscription.Status.PENDING, None
        elif fate < 0.11:
            status = Subscription.Status.UNSUBSCRIBED
            ended = confirmed + datetime.timedelta(days=rng.randint(20, 300))
        elif fate < 0.13:
            # Unsubscribed and came back later.
            ended = confirmed + datetime.timedelta(days=rng.randint(10, 60))
            periods.append(
                (ended + datetime.timedelta(days=30), ended + datetime.timedelta(days=30, minutes=5), None)
            )
        elif fate < 0.14:
            status = Subscription.Status.UNDELIVERABLE
            ended = confirmed + datetime.timedelta(days=rng.randint(30, 200))
        if ended and ended > now:
            status, ended = Subscription.Status.ACTIVE, None
        periods.insert(0, (subscribed, confirmed, ended))
        periods = [p for p in periods if p[0] <= now]
        last = periods[-1]
        subscriptions.append(
            Subscription(
                email=email,
                language="sv" if rng.random() < 0.08 else "fi",
                rhythm=Subscription.Rhythm.WEEKLY if rng.random() < 0.2 else Subscription.Rhythm.IMMEDIATE,
                status=status if len(periods) == 1 else Subscription.Status.ACTIVE,
                created_at=subscribed,
                confirmed_at=last[1],
                unsubscribed_at=last[2],
                token_key=secrets.token_hex(16),
            )
        )
        histories.append(periods)
    created = Subscription.objects.bulk_create(subscriptions, batch_size=1000)
    SubscriptionPeriod.objects.bulk_create(
        [
            SubscriptionPeriod(
                subscription=subscription,
                subscribed_at=subscribed,
                confirmed_at=confirmed,
                ended_at=ended,
                end_reason=(
                    ""
                    if ended is None
                    else "undeliverable"
                    if subscription.status == Subscription.Status.UNDELIVERABLE
                    else "unsubscribed"
                ),
            )
            for subscription, periods in zip(created, histories, strict=True)
            for subscribed, confirmed, ended in periods
        ],
        batch_size=1000,
    )
    through = Subscription.categories.through
    category_list = list(categories.values())
    links = []
    for subscription in created:
        if rng.random() < 0.3:
            for category in rng.sample(category_list, rng.randint(1, 3)):
                links.append(through(subscription_id=subscription.pk, noticecategory_id=category.pk))
    through.objects.bulk_create(links, batch_size=1000)


def _wishes_and_usage(ctx):
    from .models import DailyUsage, TrainingWish

    rng = ctx.rng
    days = _year_days(ctx)
    if not TrainingWish.objects.exists():
        # (text, language of the page it was sent from)
        wishes = [
            ("Koulutusta pelikasvatuksesta pienille kirjastoille.", "fi"),
            ("Selkokielisen asiakaspalvelun koulutus.", "fi"),
            ("Tekoälyn käyttö tiedonhaun opetuksessa.", "fi"),
            ("Utbildning om lättläst svenska för bibliotekspersonal.", "sv"),
            ("Saavutettavat tapahtumat – käytännön vinkit.", "fi"),
            ("Digituen etäkoulutus senioreille.", "fi"),
        ]
        TrainingWish.objects.bulk_create(
            [
                TrainingWish(text=text, text_language=language, created_on=rng.choice(days))
                for text, language in (rng.choice(wishes) for _ in range(15 * ctx.scale))
            ]
        )
    if not DailyUsage.objects.filter(day__year=ctx.year).exists():
        rows = []
        for day in days:
            base = 110 if day.weekday() < 5 else 25
            visits = int(base * ctx.scale * rng.uniform(0.7, 1.3))
            rows.append(DailyUsage(day=day, visits=visits, page_views=int(visits * rng.uniform(2.5, 4.0))))
        DailyUsage.objects.bulk_create(rows, batch_size=1000)
