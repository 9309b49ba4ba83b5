"""The feedback of an event (EVS feedback, B4) on the surveys machinery.

Each event whose participants give feedback has one survey of kind "training feedback" attached to
it (a partial unique constraint keeps it one). AKE edits its questions in the survey builder like any
survey's, every question kind available. An event's survey is made the first time it is needed (the
feedback page, the admin's "Feedback survey" link, a copy of the event) from the *standard feedback*
of the event's kind: a training feedback survey without an event (``feedback_for_kind``), or failing
one for the kind, the standard feedback without a kind. Its questions are copied with their short
names, so the answers of every event to a standard question share a key. The required overall rating
(short name ``overall``) is always there: it is what B4 averages.

Participants answer on the surveys' answering page (``surveys:feedback``, the link of the feedback
mail). Responses and answers are the surveys app's anonymous rows: a random key and the day, no
person. Who has answered stays in ``trainings.FeedbackReceipt``, apart from the answers, written in
the same transaction and unique per event and person: one answer per person.

The feedback given before this existed was copied here by ``surveys/migrations/0004`` keeping every
response's key, day and value, and the feedback questions AKE had defined by ``0006`` (short name
``q<pk>`` as before), so B4 and the event's results of every past year read the same.
"""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from ake.languages import DEFAULT_LANGUAGE, LANGUAGES, normalise

from .models import Activity, Answer, Question, QuestionKind, Response, Survey, SurveyKind

OVERALL = "overall"
# Stored texts in each language (data, like any survey's texts; the migrations write the same).
TITLE_PREFIX = {"fi": "Palaute: ", "sv": "Respons: ", "en": "Feedback: "}
OVERALL_TEXT = {"fi": "Kokonaisarvio", "sv": "Helhetsbedömning", "en": "Overall rating"}
SCALE_LOW = {"fi": "heikko", "sv": "svag", "en": "poor"}
SCALE_HIGH = {"fi": "erinomainen", "sv": "utmärkt", "en": "excellent"}
# Means of an event's feedback are shown from three answers up, as before the move.
FEEDBACK_THRESHOLD = 3
# The feedback link of a mail is valid 90 days (trainings.tokens.FEEDBACK_MAX_AGE).
OPEN_AFTER_END = datetime.timedelta(days=90)
# The question fields copied from the standard feedback into an event's survey.
COPIED_FIELDS = [
    "kind",
    "key",
    "required",
    "headline",
    "sort_order",
    "show_if_key",
    "show_if_answer",
    *(
        f"{field}{suffix}"
        for field in ("text", "help_text", "options", "scale_low", "scale_high")
        for suffix in ("", "_fi", "_sv", "_en")
    ),
]


class FeedbackTwice(Exception):
    """The person has already answered the event's feedback."""


def question_key(feedback_question_id: int) -> str:
    """The short name the feedback questions of before the survey builder kept (``q<pk>``)."""
    return f"q{feedback_question_id}"


def _texts(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{code}": value for code, value in values.items()}


def overall_question(survey: Survey, sort_order: int = 0) -> Question:
    return Question(
        survey=survey,
        key=OVERALL,
        kind=QuestionKind.SCALE,
        required=True,
        headline=True,
        sort_order=sort_order,
        text=OVERALL_TEXT["fi"],
        **_texts("text", OVERALL_TEXT),
        scale_low=SCALE_LOW["fi"],
        scale_high=SCALE_HIGH["fi"],
        **_texts("scale_low", SCALE_LOW),
        **_texts("scale_high", SCALE_HIGH),
    )


# A standard feedback is never answered itself: its times only satisfy the survey's constraints.
STANDARD_OPENS = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
STANDARD_CLOSES = datetime.datetime(2000, 1, 2, tzinfo=datetime.UTC)


def standard_feedback_create(*, event_kind: str, titles: dict[str, str]) -> Survey:
    """A standard feedback survey of a kind of event ("" for every kind without its own), with the
    overall rating as its first question; AKE adds the others in the survey builder."""
    survey = Survey.objects.create(
        kind=SurveyKind.TRAINING,
        feedback_for_kind=event_kind,
        title=titles["fi"],
        **_texts("title", titles),
        year=timezone.localdate().year,
        opens_at=STANDARD_OPENS,
        closes_at=STANDARD_CLOSES,
        threshold=FEEDBACK_THRESHOLD,
    )
    overall_question(survey).save()
    return survey


def standard_feedback(event_kind: str) -> Survey | None:
    """The standard feedback survey of the kind, else the one without a kind, else None."""
    standards = {
        survey.feedback_for_kind: survey
        for survey in Survey.objects.filter(
            kind=SurveyKind.TRAINING, event__isnull=True, feedback_for_kind__in=[event_kind, ""]
        )
    }
    return standards.get(event_kind) or standards.get("")


def _times(event) -> dict:
    return {
        "opens_at": event.start,
        "closes_at": max(event.end, event.start + datetime.timedelta(seconds=1)) + OPEN_AFTER_END,
    }


def feedback_survey(event, *, source: Survey | None = None) -> Survey:
    """The event's feedback survey, made on first use from ``source`` (by default the standard
    feedback of the event's kind) with the overall rating always among its questions.

    Two first uses at once make one survey (the unique constraint; ``get_or_create`` reads the
    other's row). The answering times follow the event's, also when the event was moved later.
    """
    titles = {
        code: prefix + (getattr(event, f"title_{code}", "") or event.title)
        for code, prefix in TITLE_PREFIX.items()
    }
    times = _times(event)
    with transaction.atomic():
        survey, created = Survey.objects.get_or_create(
            kind=SurveyKind.TRAINING,
            event=event,
            defaults={
                "activity": Activity.EVENT,
                "title": titles["fi"],
                **_texts("title", titles),
                "year": timezone.localtime(event.start).year,
                "threshold": FEEDBACK_THRESHOLD,
                **times,
            },
        )
        if created:
            _copy_questions(source or standard_feedback(event.kind), survey)
    if not created and (survey.opens_at, survey.closes_at) != (times["opens_at"], times["closes_at"]):
        Survey.objects.filter(pk=survey.pk).update(**times)
        survey.opens_at, survey.closes_at = times["opens_at"], times["closes_at"]
    return survey


def _copy_questions(source: Survey | None, survey: Survey) -> None:
    questions = []
    if source is not None:
        survey.intro = source.intro
        for code in TITLE_PREFIX:
            setattr(survey, f"intro_{code}", getattr(source, f"intro_{code}"))
        survey.save(update_fields=["intro", "intro_fi", "intro_sv", "intro_en"])
        questions = [
            Question(survey=survey, **{name: getattr(question, name) for name in COPIED_FIELDS})
            for question in source.questions.order_by("sort_order", "pk")
        ]
    if not any(question.key == OVERALL for question in questions):
        first = min((question.sort_order or 0 for question in questions), default=1)
        questions.insert(0, overall_question(survey, sort_order=first - 1))
    Question.objects.bulk_create(questions)


def feedback_rows(
    survey: Survey,
    questions_by_key: dict[str, Question],
    *,
    overall: int,
    answers: dict[str | int, int | str | list],
    submitted_on: datetime.date,
    response_id: uuid.UUID | None = None,
    text_language: str = "fi",
) -> tuple[Response, list[Answer]]:
    """One response and its answers, unsaved (the demo and the importer write many at once).

    ``answers`` by the question's short name (an int ``n`` meaning ``q<n>``, the keys of before):
    a number for a scale, choice or yes/no, a list for a multiple choice, a string for a free text.
    ``text_language``: the language the free texts are written in (issue #14).
    """
    response = Response(
        id=response_id or uuid.uuid4(),
        survey=survey,
        submitted_on=submitted_on,
        text_language=normalise(text_language),
    )
    rows = [Answer(response=response, question=questions_by_key[OVERALL], number=overall)]
    for key, value in answers.items():
        question = questions_by_key.get(question_key(key) if isinstance(key, int) else key)
        if question is None or value in (None, "", []) or question.key == OVERALL:
            continue
        if question.kind == QuestionKind.MULTIPLE:
            rows.append(Answer(response=response, question=question, choices=list(value)))
        elif question.kind in (QuestionKind.TEXT,):
            rows.append(Answer(response=response, question=question, text=str(value)))
        else:
            rows.append(Answer(response=response, question=question, number=int(value)))
    return response, rows


def questions_by_key(survey: Survey) -> dict[str, Question]:
    return {question.key: question for question in Question.objects.filter(survey=survey)}


def event_text_language(event) -> str:
    """The language free feedback of an event is taken to be written in when the giver's is not known:
    the event's language of instruction, Finnish for a bilingual event."""
    return normalise(event.language) if event.language in LANGUAGES else DEFAULT_LANGUAGE


@transaction.atomic
def feedback_store(
    event,
    *,
    overall: int,
    answers: dict[str | int, int | str | list] | None = None,
    submitted_on: datetime.date | None = None,
    response_id: uuid.UUID | None = None,
    language: str | None = None,
) -> Response:
    """Stores one anonymous feedback response of the event (the caller checked who may answer).

    `language`: the language the free answers are written in (issue #14), the giver's; when it is
    not known (an imported response), the event's language of instruction (Finnish if bilingual)."""
    survey = feedback_survey(event)
    response, rows = feedback_rows(
        survey,
        questions_by_key(survey),
        overall=overall,
        answers=answers or {},
        submitted_on=submitted_on or timezone.localdate(),
        response_id=response_id,
        text_language=language or event_text_language(event),
    )
    response.save(force_insert=True)
    Answer.objects.bulk_create(rows)
    return response


def feedback_answer(
    *, event, email: str, survey: Survey, answers: list[dict], language: str = "fi"
) -> Response:
    """The answers of the surveys' form (``SurveyAnswerForm.answers()``) as one anonymous response,
    and the receipt that ``email`` has answered, in one transaction: a second answer of the same
    person (also at the same moment) finds the receipt and stores nothing (``FeedbackTwice``).
    `language`: the language the free answers are written in (issue #14)."""
    from trainings.models import FeedbackReceipt

    try:
        with transaction.atomic():
            FeedbackReceipt.objects.create(event=event, email=email.lower())
            response = Response.objects.create(
                survey=survey, submitted_on=timezone.localdate(), text_language=language
            )
            Answer.objects.bulk_create(Answer(response=response, **answer) for answer in answers)
    except IntegrityError:
        raise FeedbackTwice from None
    return response


def feedback_responses():
    """Every feedback response (the importer's keys; tests count them)."""
    return Response.objects.filter(survey__kind=SurveyKind.TRAINING, survey__event__isnull=False)
