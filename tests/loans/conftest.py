import datetime

import pytest
from django.utils import timezone

from loans.models import Delivery, Kit, KitType, KitTypeRule, KitUnit


@pytest.fixture
def today():
    return timezone.localdate()


def ensure_game_rule() -> KitTypeRule:
    """Game kits: loans up to 28 days, 3-365 days ahead; 1 transit day each way, 2 checking days."""
    rule, _ = KitTypeRule.objects.update_or_create(
        kit_type=KitType.GAME,
        defaults={
            "longest_loan_days": 28,
            "shortest_lead_days": 3,
            "max_ahead_days": 365,
            "transit_days": 1,
            "checking_days": 2,
        },
    )
    return rule


@pytest.fixture
def game_rule(db):
    return ensure_game_rule()


def make_kit(name="Pelisalkku", *, units=1, kit_type=KitType.GAME, **extra) -> Kit:
    kit = Kit.objects.create(name_fi=name, name_sv=extra.pop("name_sv", ""), kit_type=kit_type, **extra)
    for number in range(1, units + 1):
        KitUnit.objects.create(kit=kit, code=str(number))
    return kit


@pytest.fixture
def kit(game_rule):
    return make_kit()


def days(start: datetime.date, offset: int) -> datetime.date:
    return start + datetime.timedelta(days=offset)


COLLECTED = Delivery.COLLECTED
COURIER = Delivery.COURIER
