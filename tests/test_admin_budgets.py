"""The Wagtail admin for an editor: the event listing and the dashboard within their query budgets,
the same with more data (issue #20)."""

import os

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.trainings.conftest import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def _queries(client, url) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured]


def _grow(libraries, size):
    from trainings.models import Registration

    for number in range(size):
        event = make_event(title=f"Koulutus {size}-{number}", seats_on_site=20)
        Registration.objects.bulk_create(
            Registration(
                event=event,
                first_name="Osa",
                last_name=f"Ottaja {index}",
                email=f"osa{size}.{number}.{index}@example.fi",
                library=libraries["turku"],
                status=Registration.Status.CONFIRMED,
            )
            for index in range(3)
        )


@pytest.mark.parametrize(
    ("name", "url", "budget"),
    [("event listing", "trainings_event:index", 8), ("dashboard", "wagtailadmin_home", 14)],
)
def test_admin_pages_for_an_editor_stay_within_budget(editor, libraries, name, url, budget):
    client = Client()
    client.force_login(editor)
    url = reverse(url)
    _grow(libraries, 2)
    small = _queries(client, url)
    _grow(libraries, 20)
    large = _queries(client, url)
    if os.environ.get("AKE_ADMIN_DUMP"):
        with open(os.environ["AKE_ADMIN_DUMP"] + name.replace(" ", "_"), "w") as dump:
            dump.write("\n".join(large))
    assert len(small) == len(large), (len(small), len(large))
    assert len(large) <= budget, "\n".join(query[:200] for query in large)
