"""Registration questions per event: text, choice and yes/no, required or not, in fi/sv/en; the
answers in the participant list and the exports."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_user
from trainings.models import RegistrationAnswer, RegistrationQuestion

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_with_questions():
    event = make_event(seats_on_site=10)
    shirt = RegistrationQuestion.objects.create(
        event=event,
        text_fi="Paidan koko",
        text_sv="Tröjans storlek",
        type="choice",
        options_fi="S\nM\nL",
        options_sv="liten\nmellan\nstor",
        required=True,
        sort_order=1,
    )
    sauna = RegistrationQuestion.objects.create(
        event=event,
        text_fi="Osallistutko saunailtaan?",
        text_sv="Deltar du i bastukvällen?",
        type="yes_no",
        sort_order=2,
    )
    wish = RegistrationQuestion.objects.create(
        event=event, text_fi="Toiveita kouluttajalle", type="text", sort_order=3
    )
    return event, shirt, sauna, wish


def test_a_registrant_answers_in_swedish_and_a_required_answer_is_asked_for(
    client, libraries, event_with_questions
):
    event, shirt, sauna, wish = event_with_questions
    user = make_user("sara@turku.fi", library=libraries["turku"], language="sv")
    client.force_login(user)
    with translation.override("sv"):
        url = reverse("trainings:register", args=[event.pk])
    page = client.get(url).content.decode()
    assert "Tröjans storlek" in page and "mellan" in page
    assert "Toiveita kouluttajalle" in page  # no Swedish text: the Finnish one

    refused = client.post(url, {f"q{sauna.pk}": "yes"})
    assert refused.status_code == 200
    assert "Det här fältet är obligatoriskt" in refused.content.decode()

    done = client.post(url, {f"q{shirt.pk}": "1", f"q{sauna.pk}": "yes", f"q{wish.pk}": "Mer om e-böcker"})
    assert done.status_code == 302
    answers = {
        a.question_id: a.value for a in RegistrationAnswer.objects.filter(registration__email=user.email)
    }
    # A choice is kept as its Finnish option, whatever the language it was chosen in.
    assert answers == {shirt.pk: "M", sauna.pk: "yes", wish.pk: "Mer om e-böcker"}


def test_the_answers_are_in_the_participant_list_and_the_export(
    client, editor, libraries, event_with_questions
):
    event, shirt, sauna, wish = event_with_questions
    from trainings import services

    services.registration_create(
        event=event,
        email="a@turku.fi",
        first_name="A",
        last_name="Aalto",
        library=libraries["turku"],
        answers={shirt.pk: "L", sauna.pk: "no", 999999: "ignored"},
        source="ake",
    )
    client.force_login(editor)
    page = client.get(reverse("trainings_event:participants", args=[event.pk])).content.decode()
    assert "Paidan koko: L" in page and "Osallistutko saunailtaan?: ei" in page
    export = client.get(reverse("trainings_event:export", args=[event.pk, "csv"])).content.decode("utf-8-sig")
    header, row = export.splitlines()[:2]
    assert header.endswith("Paidan koko;Osallistutko saunailtaan?;Toiveita kouluttajalle")
    assert row.endswith("L;ei;")
