"""Free text read as written, in the networks app (issue #14): a rotation wish, a rotation period's
experience story, a group join request's message and an access request's reason keep the language
their writer wrote them in (the writer's profile language; for an access request, the language of
the sign-up page), and AKE's pages in another language mark them with ``lang`` (WCAG 3.1.2)."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from networks.models import AccessRequest, GroupJoinRequest, RotationPeriod, RotationWish, WorkingGroup
from tests.conftest import make_user
from tests.test_written_language import _lang_of, migration_added_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def swedish_staff(libraries):
    return make_user("anna.lind@kaarina.fi", library=libraries["kaarina"], language="sv")


def _admin_page(client, user, language, url):
    """`url` as the AKE person `user` sees it with the admin in `language` (their profile's)."""
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_rotation_wish_keeps_its_writers_language(client, swedish_staff, editor):
    client.force_login(swedish_staff)
    with translation.override("sv"):
        url = reverse("rotation_wish")
    response = client.post(url, {"interests": "Barnbiblioteksarbete", "timing": "Två veckor i mars"})
    assert response.status_code == 302
    wish = RotationWish.objects.get()
    assert wish.text_language == "sv"
    match = reverse("rotation_wishes:match", args=[wish.pk])
    finnish = _admin_page(client, editor, "fi", match)
    assert _lang_of(finnish, "Barnbiblioteksarbete") == "sv"
    assert _lang_of(finnish, "Två veckor i mars") == "sv"
    swedish = _admin_page(client, editor, "sv", match)
    assert _lang_of(swedish, "Barnbiblioteksarbete") is None
    # AKE's list of wishes marks the timing too.
    assert (
        _lang_of(_admin_page(client, editor, "fi", reverse("rotation_wishes:index")), "Två veckor i mars")
        == "sv"
    )
    assert (
        _lang_of(_admin_page(client, editor, "sv", reverse("rotation_wishes:index")), "Två veckor i mars")
        is None
    )
    # The writer's own list of wishes (a staff page) marks the timing on the Finnish page only.
    client.force_login(swedish_staff)
    for language, lang in (("fi", "sv"), ("sv", None)):
        with translation.override(language):
            page = client.get(reverse("rotation_index")).content.decode()
        assert _lang_of(page, "Två veckor i mars") == lang


def test_the_admin_starts_a_new_wish_and_period_in_the_writers_language(client, editor):
    editor.language = "sv"
    editor.save(update_fields=["language"])
    client.force_login(editor)
    assert client.get(reverse("rotation_wishes:add")).context["form"]["text_language"].value() == "sv"
    assert client.get(reverse("rotation_periods:add")).context["form"]["story_language"].value() == "sv"


def test_a_story_is_marked_with_its_language_in_the_list_of_stories(client, staff_user, libraries, editor):
    def story(day, text, **fields):
        return RotationPeriod.objects.create(
            person=staff_user,
            home_library=libraries["kaarina"],
            host_library=libraries["pori"],
            starts_on=datetime.date(2024, 3, day),
            ends_on=datetime.date(2024, 3, day + 5),
            experience_story=text,
            story_may_be_published=True,
            **fields,
        )

    finnish = story(4, "Opin Porissa paljon.")
    story(11, "Jag lärde mig mycket i Björneborg.", story_language="sv")
    assert finnish.story_language == "fi"  # the default, as for every story written before the field
    url = reverse("extranet_rotation_stories")
    page = _admin_page(client, editor, "fi", url)
    assert _lang_of(page, "Jag lärde mig mycket") == "sv"
    assert _lang_of(page, "Opin Porissa paljon.") is None
    page = _admin_page(client, editor, "sv", url)
    assert _lang_of(page, "Jag lärde mig mycket") is None
    assert _lang_of(page, "Opin Porissa paljon.") == "fi"


def test_a_join_request_message_keeps_its_writers_language(client, swedish_staff, editor):
    group = WorkingGroup.objects.get(slug="suunnitteluryhma")  # not open: the request waits for AKE
    client.force_login(swedish_staff)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("group_join", args=[group.slug]), {"message": "Jag representerar Kaarina."})
    join_request = GroupJoinRequest.objects.get(user=swedish_staff)
    assert join_request.message_language == "sv"
    edit = reverse("group_join_requests:edit", args=[join_request.pk])
    assert _lang_of(_admin_page(client, editor, "fi", edit), "Jag representerar Kaarina.") == "sv"
    assert _lang_of(_admin_page(client, editor, "sv", edit), "Jag representerar Kaarina.") is None


def test_an_access_request_reason_is_in_the_language_of_the_sign_up(client, libraries, editor):
    with translation.override("sv"):
        url = reverse("account_signup")
    data = {
        "email": "granskare@example.org",
        "first_name": "Greta",
        "last_name": "Granskare",
        "password1": "Kirjasto-salasana-2024",
        "password2": "Kirjasto-salasana-2024",
        "reason": "Jag granskar biblioteken för RFV.",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url, data)
    access_request = AccessRequest.objects.get(email="granskare@example.org")
    assert access_request.language == "sv"
    edit = reverse("access_requests:edit", args=[access_request.pk])
    assert _lang_of(_admin_page(client, editor, "fi", edit), "Jag granskar biblioteken") == "sv"
    assert _lang_of(_admin_page(client, editor, "sv", edit), "Jag granskar biblioteken") is None


def test_the_migration_makes_the_existing_rows_finnish():
    """AddField writes its default into every existing row; the rows written before the field were
    written by people whose language at the time is not known, and the site was Finnish then."""
    added = migration_added_fields("networks.migrations.0031_written_text_language")
    assert added == {
        ("groupjoinrequest", "message_language"): ("fi", True),
        ("rotationperiod", "story_language"): ("fi", True),
        ("rotationwish", "text_language"): ("fi", True),
    }


def test_the_migration_marks_the_swedish_funders_of_before():
    """networks 0032: the applications of before get their funder's language; the Swedish-language
    foundations by their names, every other funder Finnish."""
    import datetime
    import importlib

    from django.apps import apps

    from networks.models import DevelopmentProject, FundingApplication

    migration = importlib.import_module("networks.migrations.0032_funder_language")
    project = DevelopmentProject.objects.create(name="Hanke", status="applied")
    for funder in ("Svenska kulturfonden", "Stiftelsen Brita Maria Renlunds minne", "Etelä-Suomen AVI"):
        FundingApplication.objects.create(
            project=project, funder=funder, submitted_on=datetime.date(2023, 1, 1)
        )
    migration.swedish_funders(apps, None)
    assert dict(FundingApplication.objects.values_list("funder", "funder_language")) == {
        "Svenska kulturfonden": "sv",
        "Stiftelsen Brita Maria Renlunds minne": "sv",
        "Etelä-Suomen AVI": "fi",
    }
