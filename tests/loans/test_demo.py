import datetime

import pytest

from ake.demo import DemoContext
from loans.models import InterlibraryLoan, Kit, KitBooking, KitType
from loans.selectors import interlibrary_year_figures

pytestmark = pytest.mark.django_db


def test_demo_year_has_the_plans_kits_bookings_by_many_libraries_and_hundreds_of_volumes():
    import loans.demo
    import networks.demo

    year = datetime.date.today().year - 1  # a whole past year
    ctx = DemoContext(scale=1, year=year, log=lambda *args: None)
    networks.demo.load(ctx)
    loans.demo.load(ctx)
    assert set(Kit.objects.values_list("kit_type", flat=True)) == set(KitType.values) - {KitType.OTHER}
    assert Kit.objects.filter(name_fi__icontains="alakoulu", kit_type=KitType.ESCAPE_GAME).exists()
    held = KitBooking.objects.filter(status__in=KitBooking.HOLDING_STATUSES)
    assert held.count() > 150
    assert held.values("library").distinct().count() > 25
    assert InterlibraryLoan.objects.count() > 250
    assert 300 <= interlibrary_year_figures(year=year)["volumes"] <= 600
