import datetime
from decimal import Decimal

import pytest

from finance.models import Activity, BudgetLine, Category, Cost, PayeeType, Source

YEAR = 2025


@pytest.fixture
def admin_with_mfa(ake_admin):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=ake_admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return ake_admin


@pytest.fixture
def rotation_period(libraries, staff_user):
    from networks.models import RotationPeriod

    return RotationPeriod.objects.create(
        person=staff_user,
        home_library=libraries["kaarina"],
        host_library=libraries["pori"],
        starts_on=datetime.date(YEAR, 5, 1),
        ends_on=datetime.date(YEAR, 5, 14),
    )


@pytest.fixture
def year_data(rotation_period, editor):
    """The hand-computed year of tests/finance/test_costs.py (see the figures there)."""
    from tests.trainings.conftest import make_event

    event = make_event(
        title="Lukudiplomi-koulutus",
        start=datetime.datetime(YEAR, 3, 10, 9, tzinfo=datetime.UTC),
        created_by=editor,
    )
    for category, source, amount in (
        (Category.TRAVEL, Source.GRANT, "1000.00"),
        (Category.TRAVEL, Source.CITY, "200.00"),
        (Category.CATERING, Source.GRANT, "500.00"),
    ):
        BudgetLine.objects.create(year=YEAR, category=category, source=source, amount=Decimal(amount))
    BudgetLine.objects.create(
        year=YEAR - 1, category=Category.TRAVEL, source=Source.GRANT, amount=Decimal("9999")
    )

    def cost(activity, category, day, budgeted, paid, **target):
        return Cost.objects.create(
            activity=activity,
            category=category,
            date=day,
            amount_budgeted=Decimal(budgeted),
            amount_paid=None if paid is None else Decimal(paid),
            payee_type=PayeeType.COMPANY,
            **target,
        )

    costs = [
        cost(Activity.EVENT, Category.TRAVEL, datetime.date(YEAR, 3, 10), "300.00", "280.00", event=event),
        cost(Activity.EVENT, Category.CATERING, datetime.date(YEAR, 3, 12), "150.00", None, event=event),
        cost(
            Activity.ROTATION,
            Category.TRAVEL,
            datetime.date(YEAR, 5, 2),
            "120.00",
            "120.00",
            rotation_period=rotation_period,
        ),
        cost(Activity.POSTAGE, Category.POSTAGE, datetime.date(YEAR, 5, 20), "40.00", "40.00"),
        # Another year: counted nowhere in YEAR.
        cost(Activity.POSTAGE, Category.POSTAGE, datetime.date(YEAR - 1, 12, 31), "77.00", "77.00"),
    ]
    return {"event": event, "costs": costs, "period": rotation_period}
