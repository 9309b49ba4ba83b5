"""The status rules of DOMAIN.md, one case per boundary."""

from decimal import Decimal
from fractions import Fraction

import pytest

from reporting.models import TargetKind
from reporting.rules import Status, Target, judge, on_track, rounded, share

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, Status.NO_DATA),  # no data is a state of its own (DOMAIN.md), never judged
        (0, Status.NOT_MET),
        (14, Status.NOT_MET),
        (15, Status.MET),  # met at a
        (20, Status.MET),  # b itself is still met
        (21, Status.EXCEEDED),  # above b
    ],
)
def test_range_is_met_at_its_lower_bound_and_exceeded_above_its_upper(value, expected):
    assert judge(Target(TargetKind.RANGE, D(15), D(20)), value if value is None else D(value)) == expected


def test_a_single_number_is_a_range_from_itself_to_itself():
    target = Target(TargetKind.RANGE, D(5))
    assert judge(target, D(4)) == Status.NOT_MET
    assert judge(target, D(5)) == Status.MET
    assert judge(target, D(6)) == Status.EXCEEDED


def test_at_least_is_met_from_x_and_never_exceeded():
    target = Target(TargetKind.AT_LEAST, D("4.0"))
    assert judge(target, D("3.99")) == Status.NOT_MET
    assert judge(target, D("4.0")) == Status.MET
    assert judge(target, D("5")) == Status.MET


def test_a_share_is_judged_exactly_not_on_its_rounded_percentage():
    # 499 of 1000 libraries rounds to 49.9 %; 4996 of 10000 rounds to 50.0 % but is below 50 %.
    target = Target(TargetKind.AT_LEAST, D(50))
    assert rounded(share(4996, 10000)) == D("50.0")
    assert judge(target, share(4996, 10000)) == Status.NOT_MET
    assert judge(target, share(1, 2)) == Status.MET


def test_share_of_no_counted_libraries_is_no_data():
    assert share(0, 0) is None
    assert judge(Target(TargetKind.AT_LEAST, D(50)), share(0, 0)) == Status.NO_DATA
    assert share(0, 42) == Fraction(0)


def test_at_least_previous_year_compares_with_the_previous_value():
    target = Target(TargetKind.AT_LEAST_PREVIOUS)
    assert judge(target, D(1000), previous=D(1000)) == Status.MET
    assert judge(target, D(1001), previous=D(1000)) == Status.MET
    assert judge(target, D(999), previous=D(1000)) == Status.NOT_MET
    assert judge(target, D(999), previous=None) == Status.NOT_JUDGED
    assert judge(target, None, previous=D(1000)) == Status.NO_DATA


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (899, Status.NOT_MET),
        (900, Status.MET),  # exactly -10 %
        (1000, Status.MET),
        (1100, Status.MET),  # exactly +10 %
        (1101, Status.EXCEEDED),
    ],
)
def test_about_previous_year_is_met_within_the_tolerance(value, expected):
    target = Target(TargetKind.ABOUT_PREVIOUS, tolerance_percent=D(10))
    assert judge(target, D(value), previous=D(1000)) == expected


def test_about_previous_year_without_previous_data_is_not_judged():
    assert judge(Target(TargetKind.ABOUT_PREVIOUS), D(5), previous=None) == Status.NOT_JUDGED


def test_done_is_met_when_marked_done():
    target = Target(TargetKind.DONE)
    assert judge(target, D(1)) == Status.MET
    assert judge(target, D(0)) == Status.NOT_MET
    assert judge(target, None) == Status.NO_DATA


def test_all_groups_needs_every_group_at_least_x():
    target = Target(TargetKind.ALL_GROUPS_AT_LEAST, D(2))
    assert judge(target, None, per_group={"Digi": D(2), "VarSat": D(4)}) == Status.MET
    assert judge(target, None, per_group={"Digi": D(2), "VarSat": D(1)}) == Status.NOT_MET
    assert judge(target, None, per_group={}) == Status.NO_DATA
    # A manual value stands for the smallest group's count.
    assert judge(target, D(1)) == Status.NOT_MET


def test_no_target_is_not_judged():
    assert judge(None, D(10)) == Status.NOT_JUDGED


def test_on_track_adds_what_is_scheduled():
    target = Target(TargetKind.RANGE, D(15), D(20))
    assert on_track(target, D(9) + D(6)) is True
    assert on_track(target, D(9) + D(5)) is False
    assert on_track(Target(TargetKind.AT_LEAST_PREVIOUS), D(10), previous=None) is None
    assert on_track(Target(TargetKind.ABOUT_PREVIOUS), D(900), previous=D(1000)) is True
    assert on_track(Target(TargetKind.ABOUT_PREVIOUS), D(899), previous=D(1000)) is False
    assert (
        on_track(Target(TargetKind.ALL_GROUPS_AT_LEAST, D(2)), None, per_group_projected={"a": 2, "b": 1})
        is False
    )
