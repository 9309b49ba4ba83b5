"""One answer per invitation: 50 submissions of the same link at once through the real view, in
threads with their own PostgreSQL connections, store exactly one response."""

import threading

import pytest
from django.db import connection
from django.test import Client

from surveys import services
from surveys.models import Answer, Invitation, Response
from surveys.tokens import invitation_token
from tests.conftest import make_user

from .conftest import make_survey

SUBMISSIONS = 50


@pytest.mark.slow
def test_fifty_submissions_of_the_same_link_store_one_answer(transactional_db, libraries):
    person = make_user("tuuli.nieminen@kaarina.fi", library=libraries["kaarina"])
    survey = make_survey()
    services.invitations_send(survey=survey, extra_emails=[person.email], include_audience=False)
    invitation = Invitation.objects.get(survey=survey)
    url = f"/fi/surveys/answer/{invitation_token(invitation)}/"
    data = {
        "q_overall": "5",
        "q_channel": "1",
        "q_uses": "2",
        "q_services_1": "4",
        "q_services_2": "4",
        "q_improve": "Lisää etäkahveja",
    }
    barrier = threading.Barrier(SUBMISSIONS)
    pages: list[str] = []
    errors: list[Exception] = []

    def submit() -> None:
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post(url, data)
            assert response.status_code == 200
            pages.append(response.content.decode())
        except Exception as error:  # noqa: BLE001 - every failure is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(pages) == SUBMISSIONS
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey, question__key="improve").count() == 1
    assert sum("Kiitos vastauksistasi!" in page for page in pages) == 1
    assert sum("Olet jo vastannut tähän kyselyyn" in page for page in pages) == SUBMISSIONS - 1
    assert Invitation.objects.get(pk=invitation.pk).answered is True
