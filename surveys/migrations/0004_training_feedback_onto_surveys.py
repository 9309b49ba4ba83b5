"""Copies the per-event training feedback (trainings.FeedbackResponse / FeedbackAnswer) onto surveys.

Every event with feedback gets its feedback survey (kind "training feedback", attached to the event):
the overall rating as the required scale question ``overall`` and each feedback question its answers
name or the event shows, as ``q<pk>`` (texts in fi/sv/en copied). Every response keeps its random key
and its day, every overall rating, rating and text its value: B4 reads the same numbers from here.
The next trainings migration drops the old tables; going back copies the rows back first.
Written out here (not calling surveys/feedback.py) so that the migration stays as it is when the
code changes.
"""

import datetime

from django.db import migrations

LANGUAGES = ("fi", "sv", "en")
TITLE_PREFIX = {"fi": "Palaute: ", "sv": "Respons: ", "en": "Feedback: "}
OVERALL_TEXT = {"fi": "Kokonaisarvio", "sv": "Helhetsbedömning", "en": "Overall rating"}
SCALE_LOW = {"fi": "heikko", "sv": "svag", "en": "poor"}
SCALE_HIGH = {"fi": "erinomainen", "sv": "utmärkt", "en": "excellent"}
SCALE_LABELS = {
    **{f"scale_low_{code}": text for code, text in SCALE_LOW.items()},
    **{f"scale_high_{code}": text for code, text in SCALE_HIGH.items()},
    "scale_low": SCALE_LOW["fi"],
    "scale_high": SCALE_HIGH["fi"],
}


def _local_year(moment) -> int:
    from django.utils import timezone

    return timezone.localtime(moment).year


def forward(apps, schema_editor):
    Event = apps.get_model("trainings", "Event")
    FeedbackQuestion = apps.get_model("trainings", "FeedbackQuestion")
    FeedbackResponse = apps.get_model("trainings", "FeedbackResponse")
    FeedbackAnswer = apps.get_model("trainings", "FeedbackAnswer")
    Survey = apps.get_model("surveys", "Survey")
    Question = apps.get_model("surveys", "Question")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")

    event_ids = set(FeedbackResponse.objects.values_list("event_id", flat=True))
    for event in Event.objects.filter(pk__in=event_ids).order_by("pk"):
        own = list(FeedbackQuestion.objects.filter(event=event).order_by("sort_order", "pk"))
        shown = own or list(
            FeedbackQuestion.objects.filter(event__isnull=True, kind=event.kind).order_by("sort_order", "pk")
        )
        answered = set(
            FeedbackAnswer.objects.filter(response__event=event).values_list("question_id", flat=True)
        )
        shown_ids = {question.pk for question in shown}
        # Questions answered once but no longer shown (changed after answers came) keep their answers.
        feedback_questions = shown + list(
            FeedbackQuestion.objects.filter(pk__in=answered - shown_ids).order_by("sort_order", "pk")
        )
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
            year=_local_year(event.start),
            opens_at=event.start,
            closes_at=max(event.end, event.start + datetime.timedelta(seconds=1)) + datetime.timedelta(days=90),
            threshold=3,
        )
        questions = {
            "overall": Question.objects.create(
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
        }
        for position, feedback_question in enumerate(feedback_questions, start=1):
            rating = feedback_question.type == "rating"
            questions[feedback_question.pk] = Question.objects.create(
                survey=survey,
                key=f"q{feedback_question.pk}",
                kind="scale" if rating else "text",
                required=feedback_question.required,
                sort_order=position,
                text=feedback_question.text_fi or feedback_question.text,
                **{f"text_{code}": getattr(feedback_question, f"text_{code}") or "" for code in LANGUAGES},
                **(SCALE_LABELS if rating else {}),
            )
        responses = list(FeedbackResponse.objects.filter(event=event).order_by("pk"))
        Response.objects.bulk_create(
            [Response(id=old.pk, survey=survey, submitted_on=old.submitted_on) for old in responses],
            batch_size=1000,
        )
        answers = [
            Answer(response_id=old.pk, question=questions["overall"], number=old.overall)
            for old in responses
        ]
        for old in FeedbackAnswer.objects.filter(response__event=event).order_by("pk"):
            question = questions[old.question_id]
            if question.kind == "scale":
                if old.rating is not None:
                    answers.append(Answer(response_id=old.response_id, question=question, number=old.rating))
            elif old.text:
                answers.append(Answer(response_id=old.response_id, question=question, text=old.text))
        Answer.objects.bulk_create(answers, batch_size=1000)


def backward(apps, schema_editor):
    FeedbackQuestion = apps.get_model("trainings", "FeedbackQuestion")
    FeedbackResponse = apps.get_model("trainings", "FeedbackResponse")
    FeedbackAnswer = apps.get_model("trainings", "FeedbackAnswer")
    Survey = apps.get_model("surveys", "Survey")
    Answer = apps.get_model("surveys", "Answer")

    known_questions = set(FeedbackQuestion.objects.values_list("pk", flat=True))
    surveys = Survey.objects.filter(kind="training", event__isnull=False)
    for survey in surveys.order_by("pk"):
        answers = list(
            Answer.objects.filter(response__survey=survey)
            .select_related("question", "response")
            .order_by("response_id", "question__sort_order")
        )
        overall = {a.response_id: a for a in answers if a.question.key == "overall" and a.number}
        FeedbackResponse.objects.bulk_create(
            [
                FeedbackResponse(
                    id=response_id,
                    event_id=survey.event_id,
                    overall=answer.number,
                    submitted_on=answer.response.submitted_on,
                )
                for response_id, answer in overall.items()
            ],
            batch_size=1000,
        )
        rows = []
        for answer in answers:
            key = answer.question.key
            if answer.response_id not in overall or not key.startswith("q") or not key[1:].isdigit():
                continue
            if int(key[1:]) not in known_questions:
                continue
            rows.append(
                FeedbackAnswer(
                    response_id=answer.response_id,
                    question_id=int(key[1:]),
                    rating=answer.number if answer.question.kind == "scale" else None,
                    text=answer.text if answer.question.kind != "scale" else "",
                )
            )
        FeedbackAnswer.objects.bulk_create(rows, batch_size=1000)
    surveys.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0003_one_feedback_survey_per_event"),
        ("trainings", "0014_theme_weeks"),
    ]

    operations = [migrations.RunPython(forward, backward)]
