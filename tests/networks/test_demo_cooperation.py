import datetime

import pytest

from ake.demo import DemoContext
from ake.indicators import provider_for
from networks import demo, demo_cooperation
from networks.models import (
    BookFair,
    Campaign,
    DevelopmentProject,
    GroupMembership,
    LiboppiModule,
    Library,
    LibraryVisit,
    Partnership,
    RotationPeriod,
)

pytestmark = pytest.mark.django_db


def test_demo_cooperation_data_is_a_realistic_year():
    ctx = DemoContext(scale=1, seed=7, year=2024, log=lambda message: None)
    demo.load(ctx)
    demo_cooperation.load(ctx)
    organisations = Library.objects.organisations().count()
    today = datetime.date(2025, 1, 15)

    assert Partnership.objects.count() == 8
    periods = RotationPeriod.objects.all()
    assert periods.count() == 5
    assert sum(1 for period in periods if period.reciprocal_id) == 2
    assert DevelopmentProject.objects.count() == 3
    assert {campaign.libraries.count() for campaign in Campaign.objects.filter(year=2024)} == {25}
    assert BookFair.objects.get(year=2024).done
    assert LiboppiModule.objects.count() == 2

    visited = provider_for("C4")(year=2024, today=today).library_ids
    assert organisations * 0.45 <= len(visited) <= organisations * 0.75
    assert LibraryVisit.objects.filter(date__year=2023).exists()
    # Visits to bilingual libraries are written up in Swedish, and say so (issue #14).
    swedish = LibraryVisit.objects.filter(place__bilingual=True)
    assert swedish.exists() and set(swedish.values_list("text_language", flat=True)) == {"sv"}
    finnish = LibraryVisit.objects.filter(place__bilingual=False)
    assert set(finnish.values_list("text_language", flat=True)) == {"fi"}
    assert len(provider_for("B10")(year=2024, today=today).library_ids) == 30
    assert provider_for("B7")(year=2024, today=today).value == 5
    assert provider_for("A6")(year=2024, today=today).value == 1
    assert provider_for("A2")(year=2024, today=today).value == 2
    assert provider_for("A1")(year=2024, today=today).value == 1
    # VarSat has a member from every library; an expired consortium term does not count.
    assert GroupMembership.objects.filter(group__slug="varsat").count() == organisations
    planning_now = GroupMembership.objects.filter(group__slug="suunnitteluryhma").current_on(
        datetime.date(2024, 6, 1)
    )
    assert planning_now.filter(role="consortium_rep").count() == 5


def test_the_demo_project_has_its_plan_in_swedish_and_libraries_that_took_part(client, planning_member):
    """The register was all dashes in `make run` (no library had signed up for the demo's project) and
    the Swedish project page showed its plan in Finnish."""
    from django.urls import reverse
    from django.utils import translation

    ctx = DemoContext(scale=1, seed=7, year=2024, log=lambda message: None)
    demo.load(ctx)
    demo_cooperation.load(ctx)
    project = DevelopmentProject.objects.get(public=True)
    assert sorted(project.pilot_libraries.values_list("municipality_fi", flat=True)) == ["Pöytyä", "Sauvo"]
    with translation.override("sv"):
        page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
        register_url = reverse("project_register")
    assert "Biblioteken i små kommuner ordnar tillsammans fler evenemang" in page
    assert "En gemensam evenemangskalender" in page and "Den första turnén" in page
    client.force_login(planning_member)
    register = client.get(register_url).content.decode()
    row = register.split("Pöytyä kommunbibliotek", 1)[1].split("</tr>", 1)[0]
    assert "Evenemangsnätverket för små bibliotek" in row
    waiting = register.split("Säkylä kommunbibliotek", 1)[1].split("</tr>", 1)[0]
    assert waiting.count("Evenemangsnätverket för små bibliotek") == 1
