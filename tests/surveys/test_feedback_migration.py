"""The training feedback moved onto surveys (surveys 0004, trainings 0015) keeps every past value.

The test migrates back to before the move on real PostgreSQL (every app's leaf goes back with it,
and forward again at the end, as in tests/test_language_migrations.py), writes feedback through the
historical models, migrates forward and reads: every response with its key and day, every overall
rating, rating and free text; B4 of each year the same hand-computed mean; the event's feedback
results as before. Going back restores the old rows exactly.
"""

import datetime
import zoneinfo
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ake.indicators import provider_for

pytestmark = pytest.mark.django_db(transaction=True)

HKI = zoneinfo.ZoneInfo("Europe/Helsinki")
BEFORE = [("surveys", "0003_one_feedback_survey_per_event"), ("trainings", "0014_theme_weeks")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_rows(old_apps):
    responses = old_apps.get_model("trainings", "FeedbackResponse").objects
    answers = old_apps.get_model("trainings", "FeedbackAnswer").objects
    return (
        set(responses.values_list("pk", "event_id", "overall", "submitted_on")),
        set(answers.values_list("response_id", "question_id", "rating", "text")),
    )


def _write_old_feedback(old_apps) -> dict:
    Event = old_apps.get_model("trainings", "Event")  # noqa: N806 - model classes
    Question = old_apps.get_model("trainings", "FeedbackQuestion")  # noqa: N806
    Response = old_apps.get_model("trainings", "FeedbackResponse")  # noqa: N806
    Answer = old_apps.get_model("trainings", "FeedbackAnswer")  # noqa: N806

    def event(title, start, **extra):
        return Event.objects.create(
            title=title,
            title_fi=title,
            title_sv=f"{title} (sv)",
            kind=extra.pop("kind", "training"),
            status=extra.pop("status", "published"),
            format="remote",
            start=start,
            end=start + datetime.timedelta(hours=2),
            feedback_enabled=True,
            **extra,
        )

    t1 = event("T1 koulutus", datetime.datetime(2023, 3, 1, 10, tzinfo=HKI))
    t2 = event("T2 omin kysymyksin", datetime.datetime(2023, 9, 1, 10, tzinfo=HKI))
    t3 = event("T3 peruttu", datetime.datetime(2023, 5, 1, 10, tzinfo=HKI), status="cancelled")
    # 31.12.2022 23:30 in Finland: a 2022 training though 2023 in no time zone of its own.
    t0 = event("T0 vuoden vaihteessa", datetime.datetime(2022, 12, 31, 23, 30, tzinfo=HKI))
    coffee = event("Kahvitunti", datetime.datetime(2023, 4, 1, 10, tzinfo=HKI), kind="coffee_hour")

    useful = Question.objects.create(
        kind="training",
        text="Hyödyllinen",
        text_fi="Hyödyllinen",
        text_sv="Nyttig",
        text_en="Useful",
        sort_order=1,
    )
    wishes = Question.objects.create(
        kind="training", text="Toiveita", text_fi="Toiveita", type="text", sort_order=2
    )
    own = Question.objects.create(event=t2, text="Oma kysymys", text_fi="Oma kysymys", sort_order=1)

    def respond(evt, overall, day, **answers):
        response = Response.objects.create(event=evt, overall=overall, submitted_on=day)
        for question, value in answers.values():
            if isinstance(value, int):
                Answer.objects.create(response=response, question=question, rating=value)
            else:
                Answer.objects.create(response=response, question=question, text=value)
        return response

    day = datetime.date(2023, 3, 2)
    respond(t1, 5, day, a=(useful, 4), b=(wishes, "Lisää esimerkkejä"))
    respond(t1, 4, day, a=(useful, 3))
    respond(t1, 2, datetime.date(2023, 3, 5), a=(useful, 5), b=(wishes, "Tauko, kiitos"))
    respond(t2, 3, datetime.date(2023, 9, 2), a=(own, 2))
    # An answer to the standard question before T2 got its own questions: kept too.
    respond(t2, 5, datetime.date(2023, 9, 2), a=(useful, 1))
    respond(t3, 1, datetime.date(2023, 5, 2))
    respond(t0, 2, datetime.date(2023, 1, 1))
    respond(coffee, 1, datetime.date(2023, 4, 1))
    return {"t1": t1.pk, "t2": t2.pk, "t0": t0.pk, "useful": useful.pk, "wishes": wishes.pk, "own": own.pk}


def test_feedback_moves_onto_surveys_and_back_keeping_every_value():
    from surveys.feedback import OVERALL, question_key
    from surveys.models import Answer, Response, Survey, SurveyKind
    from trainings import selectors
    from trainings.models import Event

    latest = _leaves()
    try:
        old_apps = _migrate(BEFORE)
        ids = _write_old_feedback(old_apps)
        old_responses, old_answers = _old_rows(old_apps)

        _migrate(latest)
        # Every response with its key, event, day and overall rating; every other answer.
        moved = set(
            Answer.objects.filter(question__key=OVERALL).values_list(
                "response_id", "response__survey__event_id", "number", "response__submitted_on"
            )
        )
        assert {(pk, event, overall, day) for pk, event, overall, day in old_responses} == moved
        others = {
            (response_id, int(key[1:]), number, text)
            for response_id, key, number, text in Answer.objects.exclude(question__key=OVERALL).values_list(
                "response_id", "question__key", "number", "text"
            )
        }
        assert others == old_answers
        assert Response.objects.count() == len(old_responses) == 8
        surveys = Survey.objects.filter(kind=SurveyKind.TRAINING, event__isnull=False)
        assert surveys.count() == 5  # one per event with feedback (besides the standard feedback)
        t1_survey = surveys.get(event_id=ids["t1"])
        assert (t1_survey.title_fi, t1_survey.title_sv) == (
            "Palaute: T1 koulutus",
            "Respons: T1 koulutus (sv)",
        )
        assert t1_survey.questions.get(key=question_key(ids["useful"])).text_sv == "Nyttig"

        # B4 as worked out by hand: 2023 = T1 (5 + 4 + 2) and T2 (3 + 5), the cancelled T3 and the
        # coffee hour not counted: 19 / 5; 2022 = T0's 2.
        today = datetime.date(2024, 6, 1)
        b4 = provider_for("B4")(year=2023, today=today)
        assert (b4.value, b4.extra["responses"]) == (Fraction(19, 5), 5)
        assert provider_for("B4")(year=2022, today=today).value == Fraction(2)

        # The event's feedback results read the moved answers.
        results = selectors.feedback_results(event=Event.objects.get(pk=ids["t1"]))
        assert (results.responses, results.mean) == (3, Decimal("3.67"))
        [useful, wishes] = results.questions
        assert (useful.count, useful.mean) == (3, Decimal("4.00"))
        assert sorted(wishes.texts) == ["Lisää esimerkkejä", "Tauko, kiitos"]

        # Back: the old tables hold exactly the old rows again, and no feedback survey is left.
        old_apps = _migrate(BEFORE)
        assert _old_rows(old_apps) == (old_responses, old_answers)
        assert not old_apps.get_model("surveys", "Survey").objects.filter(kind="training").exists()
    finally:
        _migrate(latest)
    assert Response.objects.count() == 8  # and forward once more
