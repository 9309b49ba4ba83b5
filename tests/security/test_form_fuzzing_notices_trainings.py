"""The notice and training forms a site user can submit (subscription, wishes, search and filters,
registration, cancellation, waitlist offers, feedback), fuzzed with hypothesis through the real view.

The forms, the world and the checks: tests/security/fuzzing.py (its docstring says what is asserted).
"""

import pytest

from tests.security import fuzzing

world = fuzzing.world  # the fixture, for this file's tests

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", fuzzing.NOTICE_AND_TRAINING_CASES, ids=lambda case: case.name)
def test_form_fuzzing(case, world):
    fuzzing.fuzz_case(case, world)


@pytest.fixture(scope="module", autouse=True)
def _figure(request):
    yield
    fuzzing.print_figure(request, fuzzing.NOTICE_AND_TRAINING_CASES)
