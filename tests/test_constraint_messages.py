"""Every database constraint a form can hit speaks the user's language (issue #15, item 13).

The event form used to show PostgreSQL's wording of Django's default message,
`Rajoitetta "event_ends_after_start" loukataan`.
"""

import pytest
from django.apps import apps
from django.db.models import UniqueConstraint
from django.urls import reverse
from django.utils import translation

from tests.trainings.test_admin import _form_data

pytestmark = pytest.mark.django_db

OUR_APPS = ("ake", "networks", "extranet", "trainings", "loans", "reporting", "finance", "surveys")


def _constraints():
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            for constraint in model._meta.constraints:
                yield model, constraint


def test_every_constraint_has_a_translated_message_that_is_not_its_name():
    missing = []
    for model, constraint in _constraints():
        if (
            isinstance(constraint, UniqueConstraint)
            and constraint.fields
            and constraint.condition is None
            and constraint.violation_error_message == constraint.default_violation_error_message
        ):
            continue  # Django words these itself from the fields' names ("… with this Event and Email …")
        with translation.override("en"):
            english = str(constraint.get_violation_error_message())
        for language in ("fi", "sv", "en"):
            with translation.override(language):
                message = str(constraint.get_violation_error_message())
            if constraint.name in message or (language != "en" and message == english):
                missing.append(f"{model._meta.label}.{constraint.name} [{language}]: {message}")
    assert missing == []


def test_an_event_ending_before_it_starts_is_an_error_on_the_end_field(client, editor):
    client.force_login(editor)
    data = _form_data()
    data["start"], data["end"] = data["end"], data["start"]
    response = client.post(reverse("trainings_event:add"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "end" in form.errors
    page = response.content.decode()
    assert "event_ends_after_start" not in page
    assert form.errors["end"][0] in page or form.errors["end"][0].replace("'", "&#x27;") in page
    with translation.override("fi"):
        assert form.errors["end"][0] == translation.gettext("The end time cannot be before the start time.")
