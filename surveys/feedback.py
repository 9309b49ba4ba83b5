"""The feedback of an event (EVS feedback, B4) on the surveys machinery.

Each event whose participants give feedback has one survey of kind "training feedback" attached to
it (a partial unique constraint keeps it one), made on the first answer. Its questions are the
required overall rating (short name ``overall``, what B4 averages) and one question per feedback
question AKE set for the event or its kind (``trainings.FeedbackQuestion``, short name ``q<pk>``),
added as they appear. Responses and answers are the surveys app's anonymous rows: a random key and
the day, no person. Who has answered stays in ``trainings.FeedbackReceipt``, apart from the answers.

The feedback given before this existed was copied here by ``surveys/migrations/0004`` keeping every
response's key, day and value, so B4 of every past year reads the same.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from .models import Activity, Answer, Question, QuestionKind, Response, Survey, SurveyKind

OVERALL = "overall"
# Stored texts in each language (data, like any survey's texts; the migration writes the same).
TITLE_PREFIX = {"fi": "Palaute: ", "sv": "Respons: ", "en": "Feedback: "}
OVERALL_TEXT = {"fi": "Kokonaisarvio", "sv": "Helhetsbedömning", "en": "Overall rating"}
SCALE_LOW = {"fi": "heikko", "sv": "svag", "en": "poor"}
SCALE_HIGH = {"fi": "erinomainen", "sv": "utmärkt", "en": "excellent"}
# Means of an event's feedback are shown from three answers up, as before the move.
FEEDBACK_THRESHOLD = 3
# The feedback link of a mail is valid 90 days (trainings.tokens.FEEDBACK_MAX_AGE).
OPEN_AFTER_END = datetime.timedelta(days=90)


def question_key(feedback_question_id: int) -> str:
    return f"q{feedback_question_id}"


def _texts(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{code}": value for code, value in values.items()}


def feedback_survey(event, *, questions=None) -> Survey:
    """The event's feedback survey, made on first use, with a question for each feedback question.

    ``questions``: the event's feedback questions (``trainings.selectors.feedback_questions_for``);
    those not yet in the survey are added. Two first answers at once make one survey (the unique
    constraint; ``get_or_create`` reads the other's row).
    """
    titles = {
        code: prefix + (getattr(event, f"title_{code}", "") or event.title)
        for code, prefix in TITLE_PREFIX.items()
    }
    survey, created = Survey.objects.get_or_create(
        kind=SurveyKind.TRAINING,
        event=event,
        defaults={
            "activity": Activity.EVENT,
            "title": titles["fi"],
            **_texts("title", titles),
            "year": timezone.localtime(event.start).year,
            "opens_at": event.start,
            "closes_at": max(event.end, event.start + datetime.timedelta(seconds=1)) + OPEN_AFTER_END,
            "threshold": FEEDBACK_THRESHOLD,
        },
    )
    wanted = [
        Question(
            survey=survey,
            key=OVERALL,
            kind=QuestionKind.SCALE,
            required=True,
            headline=True,
            sort_order=0,
            text=OVERALL_TEXT["fi"],
            **_texts("text", OVERALL_TEXT),
            **_texts("scale_low", SCALE_LOW),
            **_texts("scale_high", SCALE_HIGH),
        )
    ]
    for position, question in enumerate(questions or [], start=1):
        rating = question.type == "rating"
        wanted.append(
            Question(
                survey=survey,
                key=question_key(question.pk),
                kind=QuestionKind.SCALE if rating else QuestionKind.TEXT,
                required=question.required,
                sort_order=position,
                text=question.text_fi or question.text,
                **{f"text_{code}": getattr(question, f"text_{code}") or "" for code in TITLE_PREFIX},
                **(_texts("scale_low", SCALE_LOW) | _texts("scale_high", SCALE_HIGH) if rating else {}),
            )
        )
    have = set() if created else set(survey.questions.values_list("key", flat=True))
    missing = [question for question in wanted if question.key not in have]
    if missing:
        Question.objects.bulk_create(missing, ignore_conflicts=True)
    return survey


def feedback_rows(
    survey: Survey,
    questions_by_key: dict[str, Question],
    *,
    overall: int,
    answers: dict[int, int | str],
    submitted_on: datetime.date,
    response_id: uuid.UUID | None = None,
) -> tuple[Response, list[Answer]]:
    """One response and its answers, unsaved (the demo and the importer write many at once)."""
    response = Response(id=response_id or uuid.uuid4(), survey=survey, submitted_on=submitted_on)
    rows = [Answer(response=response, question=questions_by_key[OVERALL], number=overall)]
    for feedback_question_id, value in answers.items():
        question = questions_by_key.get(question_key(feedback_question_id))
        if question is None or value in (None, ""):
            continue
        if question.kind == QuestionKind.SCALE:
            rows.append(Answer(response=response, question=question, number=int(value)))
        else:
            rows.append(Answer(response=response, question=question, text=str(value)))
    return response, rows


def questions_by_key(survey: Survey) -> dict[str, Question]:
    return {question.key: question for question in Question.objects.filter(survey=survey)}


@transaction.atomic
def feedback_store(
    event,
    *,
    overall: int,
    answers: dict[int, int | str] | None = None,
    questions=None,
    submitted_on: datetime.date | None = None,
    response_id: uuid.UUID | None = None,
) -> Response:
    """Stores one anonymous feedback response of the event (the caller checked who may answer)."""
    survey = feedback_survey(event, questions=questions)
    response, rows = feedback_rows(
        survey,
        questions_by_key(survey),
        overall=overall,
        answers=answers or {},
        submitted_on=submitted_on or timezone.localdate(),
        response_id=response_id,
    )
    response.save(force_insert=True)
    Answer.objects.bulk_create(rows)
    return response


def feedback_responses():
    """Every feedback response (the importer's keys; tests count them)."""
    return Response.objects.filter(survey__kind=SurveyKind.TRAINING, survey__event__isnull=False)
