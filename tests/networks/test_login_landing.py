"""Where a login lands (issue #18): the planning group on the report's running year, in their own
language; everyone else on the front page; a ?next= always wins."""

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.django_db, pytest.mark.redis]
PASSWORD = "correct-horse-battery"


def log_in(client, user, next_url=""):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": PASSWORD})


def test_the_planning_group_lands_on_the_running_year_of_the_report(client, planning_member):
    response = log_in(client, planning_member)
    year = timezone.localdate().year
    assert response.status_code == 302
    assert response["Location"] == f"/fi/reports/{year}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert str(year) in page.content.decode()


def test_a_swedish_speaking_planning_member_lands_on_the_swedish_report(client, planning_member):
    planning_member.language = "sv"
    planning_member.save()
    response = log_in(client, planning_member)
    assert response["Location"] == f"/sv/reports/{timezone.localdate().year}/"


def test_staff_land_on_the_front_page_and_next_wins(client, staff_user, planning_member):
    assert log_in(client, staff_user)["Location"] == "/fi/"
    client.logout()
    assert log_in(client, planning_member, "/fi/events/")["Location"] == "/fi/events/"
