"""Survey invitations and reminders lose nothing when Redis is down (issue #16: "invitations and
reminders through the mail outbox, no loss on worker or Redis faults").

AKE sends a pilot survey's invitations and then a reminder while the private Redis (cache and broker)
is killed: the admin answers as usual, each mail waits as an outbox row of the sending transaction,
and once Redis is back a worker and the sweep deliver each exactly once, the reminder only to the
participant who had not answered. (A worker killed mid-send is the outbox's own case, with the same
rows: tests/test_outbox.py::test_a_row_left_sending_by_a_dead_worker_is_sent_by_the_sweep.)
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from surveys.models import Activity, SurveyKind
from tests.conftest import WorkerProcess, make_user, message_text
from tests.surveys.conftest import make_survey
from tests.trainings.conftest import make_event

from .conftest import wait_until
from .test_redis_down import redis_outage_site  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_invitations_and_reminders_sent_while_redis_is_down_arrive_once_when_it_returns(
    redis_outage_site,  # noqa: F811
    libraries,
    editor,
    mailbox,
    celery_worker_env,
    tmp_path,
):
    from ake.models import OutboxMail
    from ake.outbox import outbox_sweep
    from trainings.models import Attendance

    event = make_event(title="Selkokielen työpaja", title_sv="Lättläst-verkstad")
    finnish = make_user("aino.aalto@kaarina.fi", library=libraries["kaarina"], language="fi")
    swedish = make_user("stina.berg@turku.fi", library=libraries["turku"], language="sv")
    for person in (finnish, swedish):
        Attendance.objects.create(
            event=event, email=person.email, library=person.library, participation="on_site"
        )
    survey = make_survey(
        kind=SurveyKind.PILOT,
        activity=Activity.EVENT,
        event=event,
        title_fi="Selkokielen pilotti",
        title_sv="Lättläst-pilot",
        threshold=2,
    )
    admin = Client()
    admin.force_login(editor)
    send = reverse("surveys_survey:send", args=[survey.pk])

    redis_outage_site.stop()
    response = admin.post(send, {"action": "send", "include_audience": "on"})
    assert response.status_code == 302
    invitations = OutboxMail.objects.filter(purpose="surveys.invitation")
    assert sorted(address for mail in invitations for address in mail.recipients) == [
        finnish.email,
        swedish.email,
    ]
    assert {mail.status for mail in invitations} == {OutboxMail.Status.PENDING}
    assert mailbox.messages == []

    # The Swedish participant answers from the link in the waiting mail (the page needs no Redis).
    swedish_mail = invitations.get(recipients=[swedish.email])
    link = re.search(r"/sv/surveys/answer/\S+/", swedish_mail.body).group(0)
    answered = Client().post(
        link, {"q_overall": "5", "q_channel": "1", "q_uses": "2", "q_services_1": "5", "q_services_2": "4"}
    )
    assert "Tack för dina svar!" in answered.content.decode()
    assert admin.post(send, {"action": "remind"}).status_code == 302
    reminders = OutboxMail.objects.filter(purpose="surveys.reminder")
    assert [mail.recipients for mail in reminders] == [[finnish.email]]

    redis_outage_site.start()
    worker = WorkerProcess(
        {**celery_worker_env, "REDIS_URL": redis_outage_site.url, "AKE_WORKER_LOG": str(tmp_path / "w.log")}
    ).start()
    try:
        outbox_sweep()
        assert wait_until(
            lambda: (
                len(mailbox.messages) == 3
                and not OutboxMail.objects.exclude(status=OutboxMail.Status.SENT).exists()
            ),
            timeout=60,
        ), worker.log_path.read_text()[-2000:]
    finally:
        worker.stop()
    assert len(mailbox.to(finnish.email)) == 2  # the invitation and the reminder, once each
    assert len(mailbox.to(swedish.email)) == 1
    assert "/sv/surveys/answer/" in message_text(mailbox.to(swedish.email)[0])
