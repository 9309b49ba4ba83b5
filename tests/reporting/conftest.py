"""Fake indicator providers: the computations belong to other apps; these exercise the framework."""

import datetime
from decimal import Decimal

import pytest

from ake import indicators
from ake.indicators import DrillItem, IndicatorResult


class FakeProviders:
    """Registers providers through ake.indicators.register; the fixture restores the registry after."""

    def __init__(self):
        self.calls: list[tuple[str, int]] = []

    def add(self, code: str, provider):
        def wrapped(*, year, today):
            self.calls.append((code, year))
            return provider(year=year, today=today)

        indicators.register(code)(wrapped)

    def values(self, code: str, per_year: dict[int, object], **kwargs):
        """A count provider with a fixed value per year (no entry: no data)."""

        def provider(*, year, today):
            if year not in per_year:
                return IndicatorResult()
            return IndicatorResult(value=Decimal(str(per_year[year])), **kwargs)

        self.add(code, provider)

    def libraries(self, code: str, per_year: dict[int, set[int]], **extra):
        def provider(*, year, today):
            if year not in per_year:
                return IndicatorResult()
            return IndicatorResult(library_ids=set(per_year[year]), extra=dict(extra))

        self.add(code, provider)

    def items(self, code: str, year: int, dates: list[datetime.date], scheduled=None):
        def provider(*, year: int, today):
            if year != year_:
                return IndicatorResult()
            return IndicatorResult(
                value=Decimal(len(dates)),
                items=[DrillItem(label=f"Event {i}", date=day) for i, day in enumerate(dates, 1)],
                scheduled=scheduled,
            )

        year_ = year
        self.add(code, provider)


@pytest.fixture
def providers(monkeypatch):
    # An empty registry of our own: the real providers of other apps stay out of these tests.
    monkeypatch.setattr(indicators, "_registry", {})
    monkeypatch.setattr(indicators, "_beside", {})
    return FakeProviders()


@pytest.fixture
def counted_libraries(db):
    """Ten library organisations form the denominator of 2024 (AKE's explicit choice)."""
    from networks.models import CountedLibraries, Library

    chosen = list(Library.objects.organisations().order_by("name_fi")[:10])
    for year in (2023, 2024, 2025):
        decision = CountedLibraries.objects.create(year=year)
        decision.libraries.set(chosen)
    return chosen
