"""After answering, nothing links an answer to its invitee: not in any table (scanned generically,
every text column of every table), not in Redis, not in the logs; the answer tables have no column
that could (no token, address, user, IP, time of day)."""

import pytest
from django.db import connection
from django.test import Client

from surveys import services
from surveys.models import Invitation, Response
from surveys.tokens import invitation_token
from tests.conftest import make_user, message_text
from tests.security.traces import LogCapture, scan_database, scan_redis

from .conftest import make_survey

ANSWER_TABLES = ("surveys_response", "surveys_answer")


def _columns(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s", [table]
        )
        return dict(cursor.fetchall())


def _foreign_tables(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT ccu.table_name FROM information_schema.table_constraints tc
            JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name
            WHERE tc.table_name = %s AND tc.constraint_type = 'FOREIGN KEY'
            """,
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def test_the_answer_tables_cannot_hold_a_person_or_a_time_of_day(db):
    assert set(_columns("surveys_response")) == {
        "id",
        "survey_id",
        "submitted_on",
        "consortium",
        "region",
        "size_class",
        # The language of the free answers (issue #14): it names no one and tells no more than the
        # free texts themselves, beside which alone it is shown (never a filter or a breakdown).
        "text_language",
    }
    assert _columns("surveys_response")["submitted_on"] == "date"
    answer = _columns("surveys_answer")
    assert set(answer) == {
        "id",
        "response_id",
        "question_id",
        "row",
        "number",
        "choices",
        "text",
        "library_id",
    }
    for table in ANSWER_TABLES:
        assert not any("timestamp" in kind or kind == "inet" for kind in _columns(table).values())
        assert "networks_user" not in _foreign_tables(table)
    # The invitation knows only whether its person answered: no date, no response.
    invitation = _columns("surveys_invitation")
    assert not any("timestamp" in kind or kind == "date" for kind in invitation.values())
    assert not _foreign_tables("surveys_invitation") & set(ANSWER_TABLES)


@pytest.mark.slow
def test_after_answering_no_table_redis_key_or_log_line_links_the_answer_to_the_invitee(
    transactional_db, mailbox, libraries
):
    person = make_user(
        "ilmari.erityinen@kaarina.fi",
        library=libraries["kaarina"],
        first_name="Ilmari",
        last_name="Erityinen",
    )
    survey = make_survey(threshold=2)
    with LogCapture() as sending:
        services.invitations_send(survey=survey, extra_emails=[person.email], include_audience=False)
    invitation = Invitation.objects.get(survey=survey)
    token = invitation_token(invitation)
    digest = token.split(".", 1)[1]
    assert mailbox.wait_for(1) and token in message_text(mailbox.messages[0])

    client = Client()
    with LogCapture() as answering:
        page = client.post(
            f"/fi/surveys/answer/{token}/",
            {
                "q_overall": "2",
                "q_channel": "3",
                "q_uses": "1",
                "q_tools": "Jotain aivan yksilöllistä 8f3k",
                "q_services_1": "1",
                "q_services_2": "2",
            },
        )
    assert "Kiitos vastauksistasi!" in page.content.decode()
    response = Response.objects.get(survey=survey)
    response_id = str(response.pk)
    unique_text = "Jotain aivan yksilöllistä 8f3k"

    # The person's traces: only where they belong (the account, the invitation, the sent mail).
    person_needles = [person.email, "Erityinen", digest, str(invitation.nonce)]
    scan = scan_database(person_needles)
    assert scan.tables > 100 and scan.columns > 500
    where = {hit.where.split(".")[0] for hit in scan.hits}
    assert not where & set(ANSWER_TABLES), [str(hit) for hit in scan.hits]
    assert where <= {
        "networks_user",
        "account_emailaddress",
        "surveys_invitation",
        "ake_outboxmail",
        "audit_useraudit",
        "django_session",
        "django_session (decoded)",
    }, [str(hit) for hit in scan.hits]
    # The token itself is stored nowhere but in the mail that carried it.
    assert {hit.where.split(".")[0] for hit in scan_database([digest]).hits} <= {"ake_outboxmail"}
    # The answer's traces: only in the answer tables.
    answer_scan = scan_database([response_id, unique_text])
    assert {hit.where.split(".")[0] for hit in answer_scan.hits} <= set(ANSWER_TABLES), [
        str(hit) for hit in answer_scan.hits
    ]

    _keys, redis_hits = scan_redis([person.email, digest, response_id, unique_text])
    assert redis_hits == [], [str(hit) for hit in redis_hits]

    for capture in (sending, answering):
        # The test's own SMTP server (aiosmtpd, logger "mail.log") logs the mail it receives: not
        # the site's logs.
        lines = capture.text.splitlines()
        text = "\n".join(line for line in lines if " mail.log " not in line and '"mail.log"' not in line)
        for needle in (digest, response_id, unique_text):
            assert needle.lower() not in text.lower(), needle
    assert person.email not in answering.text
    assert Invitation.objects.get(pk=invitation.pk).answered is True
