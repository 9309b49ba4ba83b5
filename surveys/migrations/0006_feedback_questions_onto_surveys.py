"""Copies the feedback questions (trainings.FeedbackQuestion) onto surveys' questions.

- The standard questions of a kind of event (no event) become the questions of that kind's *standard
  feedback*: a training feedback survey without an event (``feedback_for_kind``), starting with the
  overall rating; a standard question of no kind goes to the standard feedback without a kind.
- An event's own questions go into the event's feedback survey (made here when the event has none).
- An event's feedback survey that already exists also gets the standard questions it showed (when
  the event had none of its own) that it did not have yet: its form stays as it was.

Every question keeps the short name it had as a survey question, ``q<pk>``: the answers given before
(surveys 0004) stay with their questions and B4 reads the same. Going back recreates each question
with its pk from the standard feedback (kind-wide) and the events' surveys (an event's own), drops
the standard feedback surveys, and leaves the events' surveys as they are (0004 going back reads
them). Written out here, not calling surveys/feedback.py, so that it stays as it is when code changes.
"""

import datetime

from django.db import migrations

LANGUAGES = ("fi", "sv", "en")
TITLE_PREFIX = {"fi": "Palaute: ", "sv": "Respons: ", "en": "Feedback: "}
STANDARD_PREFIX = {"fi": "Vakiopalaute: ", "sv": "Standardrespons: ", "en": "Standard feedback: "}
KIND_NAMES = {
    "training": ("koulutus", "utbildning", "training"),
    "study_trip": ("opintomatka", "studieresa", "study trip"),
    "coffee_hour": ("etäkahvitunti", "distanskaffestund", "remote coffee hour"),
    "group_meeting": ("työryhmän kokous", "arbetsgruppsmöte", "working-group meeting"),
    "theme_week_prep": ("teemaviikon valmistelu", "förberedelse av temaveckan", "theme-week preparation"),
    "action_day": ("toimintapäivä", "aktionsdag", "action day"),
    "other": ("muu tilaisuus", "annat evenemang", "other event"),
    "": ("kaikki tilaisuudet", "alla evenemang", "every event"),
}
OVERALL_TEXT = {"fi": "Kokonaisarvio", "sv": "Helhetsbedömning", "en": "Overall rating"}
SCALE_LOW = {"fi": "heikko", "sv": "svag", "en": "poor"}
SCALE_HIGH = {"fi": "erinomainen", "sv": "utmärkt", "en": "excellent"}
SCALE_LABELS = {
    **{f"scale_low_{code}": text for code, text in SCALE_LOW.items()},
    **{f"scale_high_{code}": text for code, text in SCALE_HIGH.items()},
    "scale_low": SCALE_LOW["fi"],
    "scale_high": SCALE_HIGH["fi"],
}
# A standard feedback is never answered itself: its times only satisfy the survey's constraints.
STANDARD_OPENS = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
STANDARD_CLOSES = datetime.datetime(2000, 1, 2, tzinfo=datetime.UTC)


def _overall(Question, survey):  # noqa: N803 - a model class
    return Question(
        survey=survey,
        key="overall",
        kind="scale",
        required=True,
        headline=True,
        sort_order=0,
        text=OVERALL_TEXT["fi"],
        **{f"text_{code}": text for code, text in OVERALL_TEXT.items()},
        **SCALE_LABELS,
    )


def _question(Question, survey, feedback_question, sort_order):  # noqa: N803
    rating = feedback_question.type == "rating"
    return Question(
        survey=survey,
        key=f"q{feedback_question.pk}",
        kind="scale" if rating else "text",
        required=feedback_question.required,
        sort_order=sort_order,
        text=feedback_question.text_fi or feedback_question.text,
        **{f"text_{code}": getattr(feedback_question, f"text_{code}") or "" for code in LANGUAGES},
        **(SCALE_LABELS if rating else {}),
    )


def _add_missing(Question, survey, feedback_questions):  # noqa: N803
    have = {question.key: question.sort_order or 0 for question in Question.objects.filter(survey=survey)}
    # After the questions there, in their own order: their sort order itself where it allows (ties
    # go by creation, after the overall rating), so that going back gives it as it was.
    position = max(have.values(), default=0)
    new = []
    for feedback_question in feedback_questions:
        if f"q{feedback_question.pk}" in have:
            continue
        position = max(position, feedback_question.sort_order)
        new.append(_question(Question, survey, feedback_question, position))
    Question.objects.bulk_create(new)


def forward(apps, schema_editor):
    from django.utils import timezone

    Event = apps.get_model("trainings", "Event")
    FeedbackQuestion = apps.get_model("trainings", "FeedbackQuestion")
    Survey = apps.get_model("surveys", "Survey")
    Question = apps.get_model("surveys", "Question")
    ordered = FeedbackQuestion.objects.order_by("sort_order", "pk")

    standard: dict[str, list] = {}
    for feedback_question in ordered.filter(event__isnull=True):
        standard.setdefault(feedback_question.kind or "", []).append(feedback_question)
    year = timezone.localdate().year
    for kind, feedback_questions in sorted(standard.items()):
        names = dict(zip(LANGUAGES, KIND_NAMES.get(kind, (kind, kind, kind)), strict=True))
        titles = {f"title_{code}": STANDARD_PREFIX[code] + names[code] for code in LANGUAGES}
        survey = Survey.objects.create(
            kind="training",
            activity="none",
            feedback_for_kind=kind,
            title=titles["title_fi"],
            **titles,
            year=year,
            opens_at=STANDARD_OPENS,
            closes_at=STANDARD_CLOSES,
            threshold=3,
        )
        _overall(Question, survey).save()
        _add_missing(Question, survey, feedback_questions)

    own: dict[int, list] = {}
    for feedback_question in ordered.filter(event__isnull=False):
        own.setdefault(feedback_question.event_id, []).append(feedback_question)
    surveys = {survey.event_id: survey for survey in Survey.objects.filter(kind="training", event__isnull=False)}
    for event in Event.objects.filter(pk__in=set(own) | set(surveys)).order_by("pk"):
        survey = surveys.get(event.pk)
        if survey is None:
            titles = {
                f"title_{code}": prefix + (getattr(event, f"title_{code}", "") or event.title)
                for code, prefix in TITLE_PREFIX.items()
            }
            survey = Survey.objects.create(
                kind="training",
                activity="event",
                event=event,
                title=titles["title_fi"],
                **titles,
                year=timezone.localtime(event.start).year,
                opens_at=event.start,
                closes_at=max(event.end, event.start + datetime.timedelta(seconds=1))
                + datetime.timedelta(days=90),
                threshold=3,
            )
            _overall(Question, survey).save()
        _add_missing(Question, survey, own.get(event.pk) or standard.get(event.kind, []))


def backward(apps, schema_editor):
    FeedbackQuestion = apps.get_model("trainings", "FeedbackQuestion")
    Survey = apps.get_model("surveys", "Survey")
    Question = apps.get_model("surveys", "Question")

    def number(key):
        return int(key[1:]) if key.startswith("q") and key[1:].isdigit() else None

    def restored(question, **where):
        return FeedbackQuestion(
            pk=number(question.key),
            text=question.text_fi or question.text,
            **{f"text_{code}": getattr(question, f"text_{code}") or None for code in LANGUAGES},
            type="rating" if question.kind == "scale" else "text",
            required=question.required,
            sort_order=question.sort_order or 0,
            **where,
        )

    # Only the questions a FeedbackQuestion can be: a scale or a free text named q<pk>.
    backable = Question.objects.filter(kind__in=("scale", "text"), key__regex=r"^q[0-9]+$").order_by(
        "sort_order", "pk"
    )
    rows: dict[int, object] = {}
    standards = Survey.objects.filter(kind="training", event__isnull=True)
    for question in backable.filter(survey__in=standards).select_related("survey"):
        rows.setdefault(number(question.key), restored(question, kind=question.survey.feedback_for_kind))
    for question in backable.filter(survey__kind="training", survey__event__isnull=False).select_related(
        "survey"
    ):
        # A key the standard feedback has was a kind's question shown (or copied) here.
        rows.setdefault(number(question.key), restored(question, event_id=question.survey.event_id, kind=""))
    FeedbackQuestion.objects.bulk_create(rows.values())
    if rows:
        table = FeedbackQuestion._meta.db_table
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    # In SQL: the deletion collector of historical models, several migrations back at once, can meet
    # a related model of another state ("Must be 'Question' instance"). A standard feedback is never
    # answered, but its answers and responses would go with it all the same.
    ids = list(standards.values_list("pk", flat=True))
    if ids:
        with schema_editor.connection.cursor() as cursor:
            for statement in (
                "DELETE FROM surveys_answer WHERE question_id IN "
                "(SELECT id FROM surveys_question WHERE survey_id = ANY(%s))",
                "DELETE FROM surveys_answer WHERE response_id IN "
                "(SELECT id FROM surveys_response WHERE survey_id = ANY(%s))",
                "DELETE FROM surveys_response WHERE survey_id = ANY(%s)",
                "DELETE FROM surveys_invitation WHERE survey_id = ANY(%s)",
                "DELETE FROM surveys_question WHERE survey_id = ANY(%s)",
                "DELETE FROM surveys_survey WHERE id = ANY(%s)",
            ):
                cursor.execute(statement, [ids])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0005_standard_feedback_per_kind")]

    operations = [migrations.RunPython(forward, backward)]
