"""EVS feedback on the survey builder: AKE builds the standard feedback of trainings with every
question kind, each event's feedback survey starts as its copy and is edited on its own, and the
participant answers on the surveys' answering page in their language, once."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ake.indicators import provider_for
from surveys.feedback import OVERALL, feedback_survey
from surveys.models import Answer, Question, Response, Survey, SurveyKind
from tests.conftest import make_user
from tests.trainings.conftest import make_event
from trainings import services
from trainings.models import Attendance, EventKind, FeedbackReceipt
from trainings.tokens import feedback_token

from .conftest import QUESTIONS
from .test_admin import survey_form_data
from .test_answering import _full_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ake_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def _standard_data(questions=QUESTIONS, **overrides):
    fields = {
        "kind": "training",
        "feedback_for_kind": "training",
        "title_fi": "Vakiopalaute: koulutus",
        "title_sv": "Standardrespons: utbildning",
        "open_by_link": "",
    }
    return survey_form_data(questions, **(fields | overrides))


def _past_training(**fields):
    start = (timezone.now() - datetime.timedelta(days=1)).replace(microsecond=0)
    return make_event(title="Digituen koulutus", kind=EventKind.TRAINING, start=start, **fields)


def test_standard_feedback_with_every_kind_is_copied_and_answered_in_swedish(ake_client, libraries):
    response = ake_client.post(reverse("surveys_survey:add"), _standard_data())
    assert response.status_code == 302, response.content.decode()[-3000:]
    standard = Survey.objects.get(feedback_for_kind="training")
    assert standard.is_standard_feedback

    event = _past_training()
    person = make_user("stina.lind@pargas.fi", library=libraries["turku"], language="sv")
    attendance = Attendance.objects.create(event=event, email=person.email, library=person.library)
    client = Client()
    url = f"/sv/surveys/feedback/{feedback_token(attendance)}/"
    page = client.get(url).content.decode()
    # The event's own survey, copied from the standard feedback with every kind, in Swedish.
    survey = Survey.objects.get(kind=SurveyKind.TRAINING, event=event)
    assert list(survey.questions.order_by("sort_order").values_list("key", flat=True)) == [
        spec["key"] for spec in QUESTIONS
    ]
    assert "<h2>Bakgrund</h2>" in page and "<legend>Helhetsbedömning av AKE:s arbete" in page
    assert "Nyhetsbrev" in page and "<legend>Utbildningar</legend>" in page

    bad = client.post(url, _full_answer(survey, q_overall="")).content.decode()
    assert "Besvara frågan." in bad and not Response.objects.exists()
    done = client.post(url, _full_answer(survey)).content.decode()
    assert "Tack för dina svar!" in done
    [stored] = Response.objects.filter(survey=survey)
    # No breakdown of the person's library either: only who answered, apart, in the receipt.
    assert (stored.consortium, stored.region, stored.size_class) == ("", "", "")
    assert stored.text_language == "sv"  # the free answers' language (issue #14)
    assert FeedbackReceipt.objects.filter(event=event, email=person.email).exists()
    assert Answer.objects.get(response=stored, question__key=OVERALL).number == 4
    again = client.post(url, _full_answer(survey, q_overall="1")).content.decode()
    assert 'name="q_overall"' not in again and Response.objects.count() == 1
    # B4 counts the answer as any feedback's.
    b4 = provider_for("B4")(year=timezone.localtime(event.start).year, today=timezone.localdate())
    assert b4.extra["responses"] == 1

    # The event's survey is edited on its own: a change there leaves the standard as it is.
    survey.questions.filter(key="improve").update(text_fi="Mitä tästä koulutuksesta parantaisit?")
    assert standard.questions.get(key="improve").text_fi == "Mitä parantaisit?"


def test_a_training_feedback_keeps_its_overall_rating(ake_client):
    without = [spec for spec in QUESTIONS if spec["key"] != OVERALL]
    response = ake_client.post(reverse("surveys_survey:add"), _standard_data(without))
    assert response.status_code == 200
    assert "Koulutuspalaute tarvitsee kokonaisarvion" in response.content.decode()
    assert not Survey.objects.exists()
    not_scale = [{**spec, "kind": "text"} if spec["key"] == OVERALL else spec for spec in QUESTIONS]
    response = ake_client.post(reverse("surveys_survey:add"), _standard_data(not_scale))
    assert response.status_code == 200 and not Survey.objects.exists()
    assert "Koulutuspalautteen kokonaisarvio on asteikko 1–5." in response.content.decode()
    # One standard feedback per kind.
    assert ake_client.post(reverse("surveys_survey:add"), _standard_data()).status_code == 302
    again = ake_client.post(reverse("surveys_survey:add"), _standard_data(title_fi="Toinen"))
    assert again.status_code == 200 and Survey.objects.count() == 1
    assert "Tämän lajin tilaisuuksilla on jo vakiopalautteensa." in again.content.decode()


def test_event_admin_opens_the_events_feedback_survey_and_a_copy_keeps_its_questions(ake_client, editor):
    event = _past_training()
    opened = ake_client.get(reverse("trainings_event:feedback_survey", args=[event.pk]))
    survey = Survey.objects.get(event=event, kind=SurveyKind.TRAINING)
    assert opened.status_code == 302 and opened.url == reverse("surveys_survey:edit", args=[survey.pk])
    # Without a standard feedback: the overall rating alone.
    assert list(survey.questions.values_list("key", flat=True)) == [OVERALL]
    Question.objects.create(survey=survey, key="pace", kind="yes_no", text_fi="Sopiva tahti?", sort_order=1)
    copy = services.event_copy(event=event, user=editor)
    assert list(feedback_survey(copy).questions.order_by("sort_order").values_list("key", flat=True)) == [
        OVERALL,
        "pace",
    ]
    # The answering times follow the event's.
    assert feedback_survey(copy).opens_at == copy.start
    # Invitations are not sent for a feedback survey: the event's feedback mail asks.
    page = ake_client.get(reverse("surveys_survey:send", args=[survey.pk])).content.decode()
    assert 'name="action" value="send"' not in page
