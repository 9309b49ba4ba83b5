"""The kit, interlibrary-loan and network forms a site user can submit (bookings, groups, rotation,
campaigns, similar libraries, the language switch), fuzzed with hypothesis through the real view.

The forms, the world and the checks: tests/security/fuzzing.py (its docstring says what is asserted).
"""

import pytest

from tests.security import fuzzing

world = fuzzing.world  # the fixture, for this file's tests

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", fuzzing.LOAN_AND_NETWORK_CASES, ids=lambda case: case.name)
def test_form_fuzzing(case, world):
    fuzzing.fuzz_case(case, world)


@pytest.fixture(scope="module", autouse=True)
def _figure(request):
    yield
    fuzzing.print_figure(request, fuzzing.LOAN_AND_NETWORK_CASES)
