"""Where a survey reaches people beyond its mail: the staff member's My page lists the surveys waiting
for their answer (in their language, the link answers), and AKE's dashboard shows the response rates
of the surveys running, each linking to its results."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from surveys import services
from surveys.models import Invitation, SurveyKind
from tests.conftest import make_user
from tests.test_dashboard import dashboard

from .conftest import make_survey
from .test_answering import _full_answer

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def _my_surveys(client, language) -> list[tuple[str, str]]:
    page = client.get(f"/{language}/my/")
    assert page.status_code == 200
    section = BeautifulSoup(page.content, "html.parser").select_one("#my-surveys")
    if section is None:
        return []
    return [(" ".join(li.a.get_text().split()), li.a["href"]) for li in section.select("li")]


def test_my_page_lists_the_surveys_waiting_for_my_answer_until_i_answer(staff_user, libraries):
    now = timezone.now()
    waiting = make_survey(title_fi="Henkilöstökysely 2026", title_sv="Personalenkät 2026")
    closed = make_survey(
        title_fi="Vanha kysely",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
    )
    other = make_survey(title_fi="Muiden kysely")
    for survey in (waiting, closed):
        services.invitations_send(survey=survey, extra_emails=[staff_user.email], include_audience=False)
    services.invitations_send(survey=other, extra_emails=["joku.muu@pori.fi"], include_audience=False)
    client = Client()
    client.force_login(staff_user)

    [(title, link)] = _my_surveys(client, "fi")
    assert title == "Henkilöstökysely 2026"
    [(title_sv, link_sv)] = _my_surveys(client, "sv")
    assert title_sv == "Personalenkät 2026" and link_sv.startswith("/sv/surveys/answer/")

    assert client.post(link, _full_answer(waiting)).status_code == 200
    assert Invitation.objects.get(survey=waiting, email=staff_user.email).answered
    assert _my_surveys(client, "fi") == []  # answered: nothing waits any more
    assert "Henkilöstökysely 2026" not in client.get("/fi/my/").content.decode()


def test_the_dashboard_shows_the_response_rates_of_the_surveys_running(editor, libraries):
    editor.language = "en"  # the admin speaks the editor's language (ake.middleware)
    editor.save()
    survey = make_survey(title_fi="Pilotti: kahvitunnit", kind=SurveyKind.PILOT, threshold=2)
    people = [make_user(f"kahvi{n}@kaarina.fi", library=libraries["kaarina"]) for n in range(3)]
    services.invitations_send(survey=survey, extra_emails=[p.email for p in people], include_audience=False)
    for invitation in Invitation.objects.filter(survey=survey).order_by("pk")[:2]:
        services.response_submit(survey=survey, answers=[], invitation=invitation)
    # An event's feedback survey is not among them (the event's own pages show its feedback).
    from surveys.feedback import feedback_store
    from tests.trainings.conftest import make_event

    feedback_store(make_event(title="Koulutus", start=timezone.now() - datetime.timedelta(days=1)), overall=4)

    client = Client()
    client.force_login(editor)
    lines = dashboard(client)["ake-survey-responses"]
    assert lines == [
        (
            "forecast",
            "Pilotti: kahvitunnit: 2 of 3 invited answered (67 %)",
            f"/en/surveys/{survey.pk}/results/",
        )
    ]
    assert "Survey response rates" in client.get("/admin/").content.decode()
    results = client.get(lines[0][2])
    assert results.status_code == 200 and "Pilotti: kahvitunnit" in results.content.decode()
