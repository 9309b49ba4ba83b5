"""The feedback questions moved onto the survey builder (surveys 0005–0006, trainings 0016).

Migrates back to before the move on real PostgreSQL (every app's leaf with it, and forward again at
the end, as in test_feedback_migration.py), writes feedback questions (a kind's standard ones, an
event's own, one of no kind) and feedback answered through the surveys' rows as the site wrote them
then, migrates forward and reads: each question is a survey question with the short name ``q<pk>``
in the kind's standard feedback or the event's survey, the past answers and B4 read the same, and an
event with no survey yet starts from its kind's standard feedback. Going back restores every
feedback question as it was.
"""

import datetime
import uuid
import zoneinfo
from fractions import Fraction

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ake.indicators import provider_for

pytestmark = pytest.mark.django_db(transaction=True)

HKI = zoneinfo.ZoneInfo("Europe/Helsinki")
BEFORE = [
    ("surveys", "0005_standard_feedback_per_kind"),
    ("trainings", "0015_feedback_answers_moved_to_surveys"),
]
QUESTION_FIELDS = (
    "pk",
    "event_id",
    "kind",
    "text",
    "text_fi",
    "text_sv",
    "text_en",
    "type",
    "required",
    "sort_order",
)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_questions(old_apps):
    return set(old_apps.get_model("trainings", "FeedbackQuestion").objects.values_list(*QUESTION_FIELDS))


def _answers():
    from surveys.models import Answer

    return set(
        Answer.objects.values_list(
            "response_id", "question__survey__event_id", "question__key", "number", "text"
        )
    )


def _write_before(old_apps) -> dict:
    Event = old_apps.get_model("trainings", "Event")  # noqa: N806 - model classes
    FeedbackQuestion = old_apps.get_model("trainings", "FeedbackQuestion")  # noqa: N806
    Survey = old_apps.get_model("surveys", "Survey")  # noqa: N806
    Question = old_apps.get_model("surveys", "Question")  # noqa: N806
    Response = old_apps.get_model("surveys", "Response")  # noqa: N806
    Answer = old_apps.get_model("surveys", "Answer")  # noqa: N806

    def event(title, start, kind="training"):
        return Event.objects.create(
            title=title,
            title_fi=title,
            kind=kind,
            status="published",
            format="remote",
            start=start,
            end=start + datetime.timedelta(hours=2),
            feedback_enabled=True,
        )

    past = event("Mennyt koulutus", datetime.datetime(2025, 3, 1, 10, tzinfo=HKI))
    own_event = event("Omin kysymyksin", datetime.datetime(2025, 9, 1, 10, tzinfo=HKI))
    coming = event("Tuleva koulutus", datetime.datetime(2099, 3, 1, 10, tzinfo=HKI))
    trip = event("Opintomatka", datetime.datetime(2099, 4, 1, 10, tzinfo=HKI), kind="study_trip")

    useful = FeedbackQuestion.objects.create(
        kind="training",
        text="Hyödyllinen",
        text_fi="Hyödyllinen",
        text_sv="Nyttig",
        text_en="Useful",
        sort_order=1,
    )
    wishes = FeedbackQuestion.objects.create(
        kind="training", text="Toiveita", text_fi="Toiveita", type="text", required=True, sort_order=2
    )
    own = FeedbackQuestion.objects.create(
        event=own_event, text="Oma kysymys", text_fi="Oma kysymys", text_sv="Egen fråga", sort_order=1
    )
    nowhere = FeedbackQuestion.objects.create(kind="", text="Ei lajia", text_fi="Ei lajia", sort_order=1)

    # The past training's survey as the site made it at its first answer: overall and q<useful> only.
    survey = Survey.objects.create(
        kind="training",
        activity="event",
        event=past,
        title="Palaute: Mennyt koulutus",
        title_fi="Palaute: Mennyt koulutus",
        year=2025,
        opens_at=past.start,
        closes_at=past.end + datetime.timedelta(days=90),
        threshold=3,
    )
    overall = Question.objects.create(
        survey=survey, key="overall", kind="scale", required=True, sort_order=0, text_fi="Kokonaisarvio"
    )
    rated = Question.objects.create(
        survey=survey, key=f"q{useful.pk}", kind="scale", sort_order=1, text_fi="Hyödyllinen"
    )
    for value, rating in ((5, 4), (4, 2), (2, None)):
        response = Response.objects.create(
            id=uuid.uuid4(), survey=survey, submitted_on=datetime.date(2025, 3, 2)
        )
        Answer.objects.create(id=uuid.uuid4(), response=response, question=overall, number=value)
        if rating:
            Answer.objects.create(id=uuid.uuid4(), response=response, question=rated, number=rating)
    return {
        "past": past.pk,
        "own_event": own_event.pk,
        "coming": coming.pk,
        "trip": trip.pk,
        "useful": useful.pk,
        "wishes": wishes.pk,
        "own": own.pk,
        "nowhere": nowhere.pk,
    }


def test_feedback_questions_become_survey_questions_and_back():
    from surveys.feedback import OVERALL, feedback_survey
    from surveys.models import Question, Survey, SurveyKind
    from trainings.models import Event

    latest = _leaves()
    try:
        old_apps = _migrate(BEFORE)
        ids = _write_before(old_apps)
        old_questions = _old_questions(old_apps)
        answers_before = _answers()
        b4_before = provider_for("B4")(year=2025, today=datetime.date(2026, 6, 1))

        _migrate(latest)
        # The past answers, their keys and B4 read exactly the same.
        assert _answers() == answers_before
        b4 = provider_for("B4")(year=2025, today=datetime.date(2026, 6, 1))
        assert (b4.value, b4.extra["responses"]) == (b4_before.value, b4_before.extra["responses"])
        assert b4.value == Fraction(11, 3)

        # The kind's standard questions are its standard feedback, after the overall rating.
        standard = Survey.objects.get(
            kind=SurveyKind.TRAINING, event__isnull=True, feedback_for_kind="training"
        )
        assert list(standard.questions.order_by("sort_order").values_list("key", "kind", "required")) == [
            (OVERALL, "scale", True),
            (f"q{ids['useful']}", "scale", False),
            (f"q{ids['wishes']}", "text", True),
        ]
        assert standard.questions.get(key=f"q{ids['useful']}").text_sv == "Nyttig"
        # A question of no kind: the standard feedback without a kind.
        assert (
            Survey.objects.get(event__isnull=True, kind=SurveyKind.TRAINING, feedback_for_kind="")
            .questions.filter(key=f"q{ids['nowhere']}")
            .exists()
        )

        # The past training's survey got the standard question it showed but did not have yet.
        past_keys = set(Question.objects.filter(survey__event_id=ids["past"]).values_list("key", flat=True))
        assert past_keys == {OVERALL, f"q{ids['useful']}", f"q{ids['wishes']}"}
        # An event's own question is in the event's survey, made by the migration.
        own_survey = Survey.objects.get(event_id=ids["own_event"])
        assert list(own_survey.questions.order_by("sort_order").values_list("key", "text_sv")) == [
            (OVERALL, "Helhetsbedömning"),
            (f"q{ids['own']}", "Egen fråga"),
        ]
        # An event without a survey yet starts from its kind's standard feedback when first needed.
        assert not Survey.objects.filter(event_id=ids["coming"]).exists()
        coming = feedback_survey(Event.objects.get(pk=ids["coming"]))
        assert list(coming.questions.order_by("sort_order").values_list("key", flat=True)) == [
            OVERALL,
            f"q{ids['useful']}",
            f"q{ids['wishes']}",
        ]
        trip = feedback_survey(Event.objects.get(pk=ids["trip"]))  # no standard of its own: the general one
        assert set(trip.questions.values_list("key", flat=True)) == {OVERALL, f"q{ids['nowhere']}"}

        # Back: every feedback question as it was, and no standard feedback survey is left.
        old_apps = _migrate(BEFORE)
        assert _old_questions(old_apps) == old_questions
        assert (
            not old_apps.get_model("surveys", "Survey")
            .objects.filter(kind="training", event__isnull=True)
            .exists()
        )
        # A question added before going back gets a fresh key (the sequence was moved past the pks).
        added = old_apps.get_model("trainings", "FeedbackQuestion").objects.create(
            kind="training", text="Uusi"
        )
        assert added.pk > max(ids[name] for name in ("useful", "wishes", "own", "nowhere"))
    finally:
        _migrate(latest)
    assert _answers() >= answers_before  # and forward once more
