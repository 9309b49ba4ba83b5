"""What the speed-ups of logged-in pages must not cost: every change shows on the next request.

Permissions come from the cache (ake/auth_backends.py) and some lookups and page parts are kept per
process while the content version stays the same (ake/memo.py); these tests change the data the
ways AKE does and look at the next page a logged-in user gets.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from networks.roles import AKE_EDITORS
from tests.loans.conftest import game_rule, make_kit  # noqa: F401 - game_rule is a fixture
from tests.trainings.conftest import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def member(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


def test_a_role_granted_or_taken_away_applies_on_the_next_request(member, staff_user):
    assert 'href="/admin/"' not in member.get("/fi/").content.decode()
    Group.objects.get(name=AKE_EDITORS).user_set.add(staff_user)
    assert 'href="/admin/"' in member.get("/fi/").content.decode()
    staff_user.groups.clear()
    assert 'href="/admin/"' not in member.get("/fi/").content.decode()


def test_a_new_event_shows_in_the_calendar_and_on_the_home_page_at_once(member):
    member.get(reverse("trainings:calendar"))
    member.get("/fi/")
    make_event(title="Uusi koulutus 8841", seats_on_site=10)
    assert "Uusi koulutus 8841" in member.get(reverse("trainings:calendar")).content.decode()
    assert "Uusi koulutus 8841" in member.get("/fi/").content.decode()


def test_a_cancelled_event_shows_as_cancelled_on_its_page_at_once(member):
    event = make_event(title="Peruttava 5120", seats_on_site=10)
    url = event.get_absolute_url()
    assert "tapahtuma on peruttu" not in member.get(url).content.decode()
    event.status = event.Status.CANCELLED
    event.save()
    assert "tapahtuma on peruttu" in member.get(url).content.decode()


@pytest.mark.usefixtures("game_rule")
def test_a_booking_shows_in_the_kit_calendar_at_once(member, staff_user):
    from loans import services

    kit = make_kit("Robottisalkku 7781")
    today = timezone.localdate()
    pickup = today + datetime.timedelta(days=5)
    month = pickup.strftime("%Y-%m")
    url = reverse("loans:kit_calendar") + f"?month={month}"
    before = member.get(url).content.decode()
    assert "Robottisalkku 7781" in before
    services.kit_booking_create(
        kit=kit,
        library=staff_user.library,
        booked_by=staff_user,
        pickup_date=pickup,
        return_date=pickup + datetime.timedelta(days=3),
        delivery="collected",
    )
    after = member.get(url).content.decode()
    assert after.count('class="day-booked"') > before.count('class="day-booked"')


def test_logged_in_pages_stay_within_their_query_budget(member, django_assert_max_num_queries):
    event = make_event(seats_on_site=10)
    make_kit("Budjettisalkku")
    # Once the per-process copies are filled, a logged-in page reads its session row and its user's
    # row (nothing of the visitor is kept per process; permissions and roles come from Redis), the
    # event page the visitor's own registration besides.
    pages = {"/fi/": 2, reverse("trainings:calendar"): 2, event.get_absolute_url(): 3}
    pages[reverse("loans:kit_calendar")] = 2
    for url, budget in pages.items():
        member.get(url)  # the first view fills the per-process copies
        with django_assert_max_num_queries(budget):
            assert member.get(url).status_code == 200
