"""Each project's one funding application becomes a FundingApplication with every value, and A1/A2
give the same figures for the same data before and after (issue #18).

The projects are written through the historical model when the one forward walk of the migrations
(tests/migration_walk.py, real PostgreSQL, a database of its own) reaches the state before the move
(networks 0019); the test reads them with today's models after the last migration.
"""

import datetime
from decimal import Decimal

import pytest

from ake.indicators import provider_for
from tests import migration_walk

# The walk commits the old rows once (in its own database); the test reads them in a transaction
# rolled back at its end.
pytestmark = pytest.mark.django_db

STEP = "networks: a project's funding application becomes a FundingApplication"


def _write_old_projects(old):
    Project = old.get_model("networks", "DevelopmentProject")  # noqa: N806 - a model class
    Project.objects.create(
        name="Rahoitettu",
        name_fi="Rahoitettu",
        status="running",
        scope="regional",
        application_submitted_on=datetime.date(2023, 10, 15),
        funder="AVI",
        applied_amount=Decimal("120000.00"),
        granted_amount=Decimal("95000.00"),
        starts_on=datetime.date(2024, 1, 1),
    )
    Project.objects.create(
        name="Hylätty",
        name_fi="Hylätty",
        status="rejected",
        scope="regional",
        application_submitted_on=datetime.date(2024, 3, 1),
        funder="OKM",
        applied_amount=Decimal("5000.00"),
    )
    Project.objects.create(
        name="Haettu",
        name_fi="Haettu",
        status="applied",
        scope="regional",
        application_submitted_on=datetime.date(2024, 9, 9),
    )
    Project.objects.create(name="Idea", name_fi="Idea", status="idea", scope="regional")


migration_walk.register(
    migration_walk.Step(
        STEP,
        before=[("networks", "0018_costs_moved_to_finance")],
        after=[("networks", "0019_funding_applications")],
        write=_write_old_projects,
    )
)


def test_old_applications_survive_the_move_and_a1_a2_stay_the_same(walked):
    from networks.models import FundingApplication

    funded = FundingApplication.objects.get(project__name_fi="Rahoitettu")
    assert (
        funded.funder,
        funded.submitted_on,
        funded.applied_amount,
        funded.granted_amount,
        funded.decision,
    ) == (
        "AVI",
        datetime.date(2023, 10, 15),
        Decimal("120000.00"),
        Decimal("95000.00"),
        "funded",
    )
    rejected = FundingApplication.objects.get(project__name_fi="Hylätty")
    assert (rejected.funder, rejected.decision, rejected.granted_amount) == ("OKM", "rejected", None)
    assert FundingApplication.objects.get(project__name_fi="Haettu").decision == "pending"
    assert not FundingApplication.objects.filter(project__name_fi="Idea").exists()
    # The same figures as the old rule gave: A1 2024 = the March and September applications,
    # A1 2023 = the October one, A2 2024 = the one running regional project.
    a1 = provider_for("A1")
    assert a1(year=2024, today=datetime.date(2025, 2, 1)).value == 2
    assert a1(year=2023, today=datetime.date(2025, 2, 1)).value == 1
    assert provider_for("A2")(year=2024, today=datetime.date(2025, 2, 1)).value == 1
