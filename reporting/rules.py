"""How a value is judged against its target (DOMAIN.md, "Statuses"), as pure functions.

Every choice a rule leaves is listed in the report's notes (reporting/notes.py); keep the two in step.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import TargetKind


class Status(models.TextChoices):
    MET = "met", _("met")
    EXCEEDED = "exceeded", _("exceeded")
    NOT_MET = "not_met", _("not met")
    NOT_JUDGED = "not_judged", _("not judged")
    # No data for the year: a state of its own, shown as such, never as 0 and never judged.
    NO_DATA = "no_data", _("no data")


@dataclass(frozen=True)
class Target:
    kind: str
    low: Decimal | None = None
    high: Decimal | None = None
    tolerance_percent: Decimal = Decimal("10")

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "low": _dec_str(self.low),
            "high": _dec_str(self.high),
            "tolerance_percent": _dec_str(self.tolerance_percent),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> "Target | None":
        if not data:
            return None
        return cls(
            kind=data["kind"],
            low=_dec(data.get("low")),
            high=_dec(data.get("high")),
            tolerance_percent=_dec(data.get("tolerance_percent")) or Decimal("10"),
        )


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _dec_str(value) -> str | None:
    return None if value is None else str(value)


Number = Decimal | Fraction


def judge(
    target: Target | None,
    value: Number | None,
    *,
    previous: Number | None = None,
    per_group: dict[str, Number] | None = None,
) -> str:
    """The status of ``value`` against ``target``: one rule for every indicator.

    Every figure is judged exactly, never on the rounded figure shown: ``value``, ``previous`` and the
    per-group counts may be Fractions (a share, a mean), compared as exact rationals (a mean of 3.996
    does not meet 4.0, a share of 49.96 % does not meet 50 %). Without a value (and without per-group
    figures) the status is "no data", whatever the target.
    """
    if value is None and not per_group:
        return Status.NO_DATA
    if target is None:
        return Status.NOT_JUDGED
    value, previous = _f(value), _f(previous)
    low, high = _f(target.low), _f(target.high)
    kind = target.kind
    if kind == TargetKind.ALL_GROUPS_AT_LEAST:
        if not per_group:
            # Without the per-group figures, the smallest group's count is the value.
            return Status.MET if value >= low else Status.NOT_MET
        return Status.MET if all(_f(count) >= low for count in per_group.values()) else Status.NOT_MET
    if kind == TargetKind.RANGE:
        if value < low:
            return Status.NOT_MET
        return Status.EXCEEDED if value > (high if high is not None else low) else Status.MET
    if kind == TargetKind.AT_LEAST:
        return Status.MET if value >= low else Status.NOT_MET
    if kind == TargetKind.DONE:
        return Status.MET if value >= 1 else Status.NOT_MET
    if kind == TargetKind.AT_LEAST_PREVIOUS:
        if previous is None:
            return Status.NOT_JUDGED
        return Status.MET if value >= previous else Status.NOT_MET
    if kind == TargetKind.ABOUT_PREVIOUS:
        if previous is None:
            return Status.NOT_JUDGED
        low, high = about_bounds(previous, _f(target.tolerance_percent))
        if value < low:
            return Status.NOT_MET
        return Status.EXCEEDED if value > high else Status.MET
    return Status.NOT_JUDGED


def _f(value) -> Fraction | None:
    return None if value is None else Fraction(value)


def about_bounds(previous: Fraction, tolerance_percent: Fraction) -> tuple[Fraction, Fraction]:
    margin = abs(previous) * tolerance_percent / 100
    return previous - margin, previous + margin


def threshold(target: Target | None, *, previous: Number | None = None) -> Fraction | None:
    """The smallest value at which ``target`` is met (None: cannot tell)."""
    if target is None:
        return None
    if target.kind in (TargetKind.RANGE, TargetKind.AT_LEAST, TargetKind.ALL_GROUPS_AT_LEAST):
        return Fraction(target.low)
    if target.kind == TargetKind.DONE:
        return Fraction(1)
    if previous is None:
        return None
    if target.kind == TargetKind.AT_LEAST_PREVIOUS:
        return Fraction(previous)
    if target.kind == TargetKind.ABOUT_PREVIOUS:
        return about_bounds(Fraction(previous), Fraction(target.tolerance_percent))[0]
    return None


def on_track(
    target: Target | None,
    projected: Number | None,
    *,
    previous: Number | None = None,
    per_group_projected: dict[str, Number] | None = None,
) -> bool | None:
    """Whether the target is still reachable with what is done and scheduled (None: cannot tell)."""
    if target is None:
        return None
    if target.kind == TargetKind.ALL_GROUPS_AT_LEAST and per_group_projected is not None:
        if not per_group_projected:
            return None
        return all(_f(count) >= _f(target.low) for count in per_group_projected.values())
    needed = threshold(target, previous=previous)
    if needed is None or projected is None:
        return None
    return Fraction(projected) >= needed


def share(numerator: int, denominator: int) -> Fraction | None:
    """The exact share in percent; None when no library is counted."""
    if denominator <= 0:
        return None
    return Fraction(numerator * 100, denominator)


def rounded(value: Number | None, places: int = 1) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    quantum = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
