"""Demo surveys: last year's and this year's yearly staff survey with answers (the second still
running, with invitations), a pilot survey of a coffee-hour series sent to its participants, and
AKE's "successes / to improve" of both years for the report's evaluation section."""

import datetime

from django.utils import timezone

from networks.models import Library, User

from .models import (
    NO,
    YES,
    Activity,
    Answer,
    EvaluationNote,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
    size_class_of,
)

YEARLY_QUESTIONS = [
    {
        "kind": QuestionKind.SECTION,
        "key": "about",
        "text_fi": "Sinä ja kirjastosi",
        "text_sv": "Du och ditt bibliotek",
        "text_en": "You and your library",
    },
    {
        "kind": QuestionKind.LIBRARY,
        "key": "library",
        "text_fi": "Kirjastosi",
        "text_sv": "Ditt bibliotek",
        "text_en": "Your library",
    },
    {
        "kind": QuestionKind.SECTION,
        "key": "work",
        "text_fi": "AKE:n työ",
        "text_sv": "AKE:s arbete",
        "text_en": "AKE's work",
    },
    {
        "kind": QuestionKind.SCALE,
        "key": "overall",
        "required": True,
        "headline": True,
        "text_fi": "Kokonaisarvio AKE:n toiminnasta",
        "text_sv": "Helhetsbedömning av AKE:s verksamhet",
        "text_en": "Overall rating of AKE's work",
        "scale_low_fi": "heikko",
        "scale_low_sv": "svag",
        "scale_low_en": "poor",
        "scale_high_fi": "erinomainen",
        "scale_high_sv": "utmärkt",
        "scale_high_en": "excellent",
    },
    {
        "kind": QuestionKind.MATRIX,
        "key": "services",
        "required": True,
        "headline": True,
        "text_fi": "Kuinka hyödyllisiä nämä olivat työssäsi?",
        "text_sv": "Hur nyttiga var dessa i ditt arbete?",
        "text_en": "How useful were these in your work?",
        "options_fi": "Koulutukset\nEtäkahvit\nTyöryhmät ja verkostot\nMateriaalipankki\nKiertävät kokoelmat",
        "options_sv": (
            "Utbildningar\nDistanskaffen\nArbetsgrupper och nätverk\nMaterialbanken\nVandringssamlingar"
        ),
        "options_en": (
            "Trainings\nRemote coffee hours\nWorking groups and networks\nMaterial bank\nTravelling kits"
        ),
        "scale_low_fi": "ei lainkaan",
        "scale_low_sv": "inte alls",
        "scale_low_en": "not at all",
        "scale_high_fi": "erittäin",
        "scale_high_sv": "mycket",
        "scale_high_en": "very",
    },
    {
        "kind": QuestionKind.YES_NO,
        "key": "attended",
        "required": True,
        "headline": True,
        "text_fi": "Osallistuitko AKE:n koulutukseen tänä vuonna?",
        "text_sv": "Deltog du i en utbildning som AKE ordnade i år?",
        "text_en": "Did you attend a training by AKE this year?",
    },
    {
        "kind": QuestionKind.SINGLE,
        "key": "format",
        "show_if_key": "attended",
        "show_if_answer": "yes",
        "text_fi": "Mikä koulutusmuoto sopii sinulle parhaiten?",
        "text_sv": "Vilken utbildningsform passar dig bäst?",
        "text_en": "Which training format suits you best?",
        "options_fi": "Lähikoulutus\nEtäkoulutus\nHybridi",
        "options_sv": "Närutbildning\nDistansutbildning\nHybrid",
        "options_en": "On site\nRemote\nHybrid",
    },
    {
        "kind": QuestionKind.MULTIPLE,
        "key": "topics",
        "text_fi": "Mistä aiheista toivot koulutusta?",
        "text_sv": "Vilka ämnen önskar du utbildning i?",
        "text_en": "Which topics would you like training on?",
        "options_fi": "Digituki\nLukemisen edistäminen\nSaavutettavuus\nJohtaminen\nTapahtumatuotanto",
        "options_sv": "Digistöd\nLäsfrämjande\nTillgänglighet\nLedarskap\nEvenemangsproduktion",
        "options_en": "Digital support\nReading promotion\nAccessibility\nManagement\nEvent production",
    },
    {
        "kind": QuestionKind.SECTION,
        "key": "develop",
        "text_fi": "Kehittävä arviointi",
        "text_sv": "Utvecklande utvärdering",
        "text_en": "Developmental evaluation",
    },
    {
        "kind": QuestionKind.TEXT,
        "key": "success",
        "text_fi": "Mikä onnistui?",
        "text_sv": "Vad lyckades?",
        "text_en": "What went well?",
    },
    {
        "kind": QuestionKind.TEXT,
        "key": "improve",
        "text_fi": "Mitä pitäisi parantaa?",
        "text_sv": "Vad borde förbättras?",
        "text_en": "What should be improved?",
    },
]

PILOT_QUESTIONS = [
    {
        "kind": QuestionKind.SCALE,
        "key": "useful",
        "required": True,
        "text_fi": "Oliko etäkahveista hyötyä?",
        "text_sv": "Var distanskaffena till nytta?",
        "text_en": "Were the remote coffee hours useful?",
        "scale_low_fi": "ei lainkaan",
        "scale_low_sv": "inte alls",
        "scale_low_en": "not at all",
        "scale_high_fi": "paljon",
        "scale_high_sv": "mycket",
        "scale_high_en": "a lot",
    },
    {
        "kind": QuestionKind.YES_NO,
        "key": "continue",
        "required": True,
        "text_fi": "Pitäisikö kokeilua jatkaa?",
        "text_sv": "Borde försöket fortsätta?",
        "text_en": "Should the pilot continue?",
    },
    {
        "kind": QuestionKind.TEXT,
        "key": "idea",
        "text_fi": "Ideoita seuraaville kerroille",
        "text_sv": "Idéer för nästa gång",
        "text_en": "Ideas for next time",
    },
]

SUCCESSES = ["Etäkahvit madalsivat kynnystä kysyä", "Hyvät koulutukset lähellä", "Materiaalipankki on selkeä"]
IMPROVEMENTS = ["Enemmän tallenteita", "Tiedotus ajoissa", "Ruotsinkielistä koulutusta lisää"]


def _survey(year, kind, title, questions, opens, closes, **extra) -> Survey:
    survey = Survey.objects.create(
        kind=kind,
        year=year,
        title_fi=title[0],
        title_sv=title[1],
        title_en=title[2],
        opens_at=opens,
        closes_at=closes,
        **extra,
    )
    Question.objects.bulk_create(
        Question(survey=survey, sort_order=order, **spec) for order, spec in enumerate(questions)
    )
    return survey


def _answers(ctx, survey, count, *, mood: float, libraries, day) -> None:
    rng = ctx.rng
    questions = {q.key: q for q in survey.questions.all()}
    responses, answers = [], []
    for _ in range(count):
        library = rng.choice(libraries)
        response = Response(
            survey=survey,
            submitted_on=day + datetime.timedelta(days=rng.randint(0, 10)),
            consortium=library.consortium,
            region=library.region,
            size_class=size_class_of(library),
        )
        responses.append(response)

        def scale(bias=0.0):
            return max(1, min(5, round(rng.gauss(mood + bias, 0.9))))

        for key, q in questions.items():
            if q.kind == QuestionKind.SCALE:
                answers.append(Answer(response=response, question=q, number=scale()))
            elif q.kind == QuestionKind.MATRIX:
                for row in range(1, len(q.option_list("fi")) + 1):
                    answers.append(
                        Answer(response=response, question=q, row=row, number=scale(0.3 - row * 0.15))
                    )
            elif q.kind == QuestionKind.YES_NO:
                answers.append(
                    Answer(response=response, question=q, number=YES if rng.random() < 0.7 else NO)
                )
            elif q.kind == QuestionKind.SINGLE and key == "format":
                answers.append(Answer(response=response, question=q, number=rng.randint(1, 3)))
            elif q.kind == QuestionKind.MULTIPLE:
                chosen = sorted(rng.sample(range(1, 6), rng.randint(1, 3)))
                answers.append(Answer(response=response, question=q, choices=chosen))
            elif q.kind == QuestionKind.LIBRARY and rng.random() < 0.8:
                answers.append(Answer(response=response, question=q, library=library))
            elif q.kind == QuestionKind.TEXT and rng.random() < 0.3:
                pool = IMPROVEMENTS if key == "improve" else SUCCESSES
                answers.append(Answer(response=response, question=q, text=rng.choice(pool)))
    # Random UUIDs, so the order of the rows tells nothing; the demo writes them in one go.
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)


# AKE's own "successes / to improve" of last year (-1) and this year (0), in fi/sv/en.
EVALUATION_NOTES = {
    -1: {
        "successes_fi": "Etäkahvit vakiintuivat: joka kuukausi 20–30 osallistujaa pienistäkin kirjastoista.",
        "successes_sv": "Distanskaffena etablerades: varje månad 20–30 deltagare, också från små bibliotek.",
        "successes_en": "The remote coffee hours took root: 20–30 participants a month, small libraries too.",
        "improvements_fi": "Koulutuksista tiedotettiin liian myöhään; ruotsinkielisiä koulutuksia oli vähän.",
        "improvements_sv": "Utbildningarna annonserades för sent; det fanns få utbildningar på svenska.",
        "improvements_en": "Trainings were announced too late; there were few trainings in Swedish.",
    },
    0: {
        "successes_fi": (
            "Koulutukset ilmoitettiin kalenterissa kuusi viikkoa etukäteen, ja ruotsinkielisiä "
            "koulutuksia järjestettiin kaksi. Henkilöstökyselyn kokonaisarvio nousi."
        ),
        "successes_sv": (
            "Utbildningarna fanns i kalendern sex veckor i förväg, och två utbildningar hölls på "
            "svenska. Personalenkätens helhetsbedömning steg."
        ),
        "successes_en": (
            "Trainings were in the calendar six weeks ahead, and two were held in Swedish. The staff "
            "survey's overall rating rose."
        ),
        "improvements_fi": "Kiertävien kokoelmien hyöty jäi vähäisimmäksi: ne uudistetaan ensi vuonna.",
        "improvements_sv": "Vandringssamlingarna var minst till nytta: samlingarna förnyas nästa år.",
        "improvements_en": "The touring collections were the least useful: they will be renewed next year.",
    },
}


def load(ctx) -> None:
    # The events' feedback surveys (surveys/feedback.py) come with the trainings' demo, before this.
    if Survey.objects.exclude(kind=SurveyKind.TRAINING).exists():
        return
    year = ctx.year
    now = timezone.now()
    libraries = list(Library.objects.filter(parent__isnull=True, active_to__isnull=True))
    tz = timezone.get_current_timezone()
    last = _survey(
        year - 1,
        SurveyKind.YEARLY,
        (
            f"AKE:n henkilöstökysely {year - 1}",
            f"AKE:s personalenkät {year - 1}",
            f"AKE staff survey {year - 1}",
        ),
        YEARLY_QUESTIONS,
        datetime.datetime(year - 1, 11, 1, 9, tzinfo=tz),
        datetime.datetime(year - 1, 11, 30, 16, tzinfo=tz),
        open_by_link=True,
    )
    _answers(ctx, last, 70 * ctx.scale, mood=3.6, libraries=libraries, day=datetime.date(year - 1, 11, 2))
    current = _survey(
        year,
        SurveyKind.YEARLY,
        (f"AKE:n henkilöstökysely {year}", f"AKE:s personalenkät {year}", f"AKE staff survey {year}"),
        YEARLY_QUESTIONS,
        now - datetime.timedelta(days=10),
        now + datetime.timedelta(days=21),
        open_by_link=True,
        intro_fi=(
            "Kerro, mikä AKE:n työssä onnistui ja mitä pitäisi parantaa. Vastaaminen vie noin 5 minuuttia."
        ),
        intro_sv=(
            "Berätta vad som lyckades i AKE:s arbete och vad som borde förbättras. Det tar cirka 5 minuter."
        ),
        intro_en=(
            "Tell us what went well in AKE's work and what should be improved. It takes about 5 minutes."
        ),
    )
    _answers(
        ctx,
        current,
        55 * ctx.scale,
        mood=3.9,
        libraries=libraries,
        day=timezone.localdate() - datetime.timedelta(days=10),
    )
    # Invitations of the running survey (no mail is sent by the demo): a few answered, the demo
    # logins not yet, so that they can answer and see the reminder logic.
    staff = list(User.objects.filter(is_active=True, library__isnull=False).order_by("pk"))
    demo_logins = {"staff@kaarina.fi", "editor@turku.fi", "planning@pori.fi", "admin@turku.fi"}
    Invitation.objects.bulk_create(
        Invitation(
            survey=current,
            user=user,
            email=user.email,
            language=user.language,
            # Fewer invitations used than answers stored: the rest came by the open link.
            answered=user.email not in demo_logins and index % 3 == 0 and index < 120 * ctx.scale,
        )
        for index, user in enumerate(staff)
    )
    pilot = _survey(
        year,
        SurveyKind.PILOT,
        ("Etäkahvien pilotti", "Pilot: distanskaffen", "Remote coffee hours pilot"),
        PILOT_QUESTIONS,
        now - datetime.timedelta(days=30),
        now + datetime.timedelta(days=7),
        activity=Activity.COFFEE_HOURS,
        coffee_hour_year=year,
    )
    _answers(
        ctx,
        pilot,
        9 * ctx.scale,
        mood=4.2,
        libraries=libraries,
        day=timezone.localdate() - datetime.timedelta(days=20),
    )
    # The pilot was sent to the year's coffee-hour participants (the trainings' demo comes first),
    # so its response rate reads answered / invited like a real one; the demo logins have not answered.
    from .services import audience

    answered = 9 * ctx.scale
    invitations = []
    for email, user in audience(pilot):
        done = answered > 0 and email not in demo_logins
        answered -= done
        invitations.append(
            Invitation(
                survey=pilot, user=user, email=email, language=user.language if user else "fi", answered=done
            )
        )
    Invitation.objects.bulk_create(invitations)
    for note_year, note in EVALUATION_NOTES.items():
        EvaluationNote.objects.create(year=year + note_year, **note)
