"""The calendar and an event page stay within 12 queries whatever the number of events."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trainings import services
from trainings.models import Audience, Event, EventFormat, EventKind, Material, PickupPoint, Registration

pytestmark = pytest.mark.django_db

BUDGET = 12


def _events(count: int, libraries) -> Event:
    now = timezone.now()
    kinds = list(EventKind.values)
    formats = list(EventFormat.values)
    events = Event.objects.bulk_create(
        [
            Event(
                title=f"Tapahtuma {index}",
                kind=kinds[index % len(kinds)],
                format=formats[index % len(formats)],
                audiences=[Audience.ALL_STAFF],
                start=now + datetime.timedelta(days=1 + index % 200, hours=index % 7),
                end=now + datetime.timedelta(days=1 + index % 200, hours=2 + index % 7),
                status=Event.Status.PUBLISHED,
                seats_on_site=30,
                seats_remote=50,
                host_library=libraries["turku"],
                municipality="Turku",
            )
            for index in range(count)
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                email=f"p{index}-{event.pk}@turku.fi",
                first_name="P",
                last_name=str(index),
                library=libraries["turku"],
                status=Registration.Status.CONFIRMED,
                participation="on_site" if index % 2 else "remote",
            )
            for event in events
            for index in range(3)
        ]
    )
    target = events[0]
    target.format = EventFormat.HYBRID
    target.save()
    PickupPoint.objects.create(event=target, name="Pori", seats=10)
    PickupPoint.objects.create(event=target, name="Rauma", seats=10)
    Material.objects.create(
        event=target, kind="slides", title="Diat", url="https://example.fi/d.pdf", status="published"
    )
    return target


@pytest.mark.parametrize("count", [20, 500])
def test_calendar_and_event_page_query_budget(
    client, staff_user, libraries, count, django_assert_max_num_queries
):
    target = _events(count, libraries)
    services.registration_create(
        event=target,
        user=staff_user,
        email=staff_user.email,
        first_name="M",
        last_name="V",
        library=staff_user.library,
        participation="on_site",
    )
    client.force_login(staff_user)
    for url in (
        reverse("trainings:calendar"),
        reverse("trainings:calendar") + "?kind=training&format=hybrid&audience=all_staff&q=Tapahtuma",
        reverse("trainings:calendar") + "?page=2",
    ):
        with django_assert_max_num_queries(BUDGET):
            response = client.get(url)
        assert response.status_code == 200
    with django_assert_max_num_queries(BUDGET):
        response = client.get(target.get_absolute_url())
    assert response.status_code == 200 and "Diat" in response.content.decode()

    client.logout()
    with django_assert_max_num_queries(BUDGET):
        assert client.get(reverse("trainings:calendar")).status_code == 200
    with django_assert_max_num_queries(BUDGET):
        assert client.get(target.get_absolute_url()).status_code == 200
