import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.documents import get_document_model

from ake import extensions
from networks.models import WorkingGroup
from networks.services import ServiceError
from tests.conftest import message_text
from trainings import services
from trainings.models import EventKind, Material, PresenterConsent

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _document(name):
    return get_document_model().objects.create(title=name, file=SimpleUploadedFile(name, b"content"))


@pytest.fixture
def past_training():
    start = (timezone.now() - datetime.timedelta(days=30)).replace(microsecond=0)
    return make_event(title="Saavutettavuusdirektiivi käytännössä", theme="Saavutettavuus", start=start)


def test_a_recording_is_published_only_with_consents_captions_and_a_review_date(past_training, editor):
    recording = Material.objects.create(
        event=past_training, kind="recording", title="Tallenne", url="https://video.example/1", owner=editor
    )
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        services.material_publish(material=recording)
    assert "consent" in str(refused.value) and "caption" in str(refused.value)

    PresenterConsent.objects.create(material=recording, presenter="Kouluttaja A", consent_given=True)
    PresenterConsent.objects.create(material=recording, presenter="Kouluttaja B", consent_given=False)
    recording.captions = _document("tekstitys.vtt")
    recording.review_date = timezone.localdate() + datetime.timedelta(days=365)
    recording.save()
    with translation.override("en"), pytest.raises(ServiceError, match="consent"):
        services.material_publish(material=recording)

    PresenterConsent.objects.filter(material=recording).update(consent_given=True)
    services.material_publish(material=recording)
    recording.refresh_from_db()
    assert recording.status == Material.Status.PUBLISHED

    slides = Material.objects.create(
        event=past_training, kind="slides", title="Diat", document=_document("diat.pdf")
    )
    services.material_publish(material=slides)  # slides need no consent or captions


def test_past_trainings_with_materials_are_in_the_archive(past_training):
    make_event(title="Tuleva koulutus")
    draft_only = make_event(title="Ei julkaistuja", start=timezone.now() - datetime.timedelta(days=3))
    Material.objects.create(event=draft_only, kind="slides", title="Luonnos", url="https://example.fi/x")
    slides = Material.objects.create(
        event=past_training, kind="slides", title="Diat", document=_document("diat.pdf")
    )
    services.material_publish(material=slides)

    [archive] = extensions.providers("training_archive")
    [item] = archive(year=timezone.localdate(past_training.start).year, theme="")
    assert item.title == "Saavutettavuusdirektiivi käytännössä" and item.theme == "Saavutettavuus"
    assert item.url == past_training.get_absolute_url()
    assert item.materials == [  # kind in Finnish
        {"title": "Diat", "lang": "", "kind": "diat", "url": slides.document.url}
    ]
    assert archive(year=None, theme="Muu teema") == []


def test_at_the_review_date_a_recording_is_hidden_and_its_owner_asked_to_renew(
    client, past_training, editor, mailbox, django_capture_on_commit_callbacks
):
    recording = Material.objects.create(
        event=past_training,
        kind="recording",
        title="Tallenne",
        url="https://video.example/1",
        captions=_document("tekstitys.vtt"),
        review_date=timezone.localdate() + datetime.timedelta(days=10),
        owner=editor,
    )
    PresenterConsent.objects.create(material=recording, presenter="Kouluttaja", consent_given=True)
    services.material_publish(material=recording)
    assert "Tallenne" in client.get(past_training.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.materials_review_due(today=recording.review_date - datetime.timedelta(days=1)) == 0
        assert services.materials_review_due(today=recording.review_date) == 1
        assert services.materials_review_due(today=recording.review_date) == 0
    recording.refresh_from_db()
    assert recording.status == Material.Status.HIDDEN
    assert "Tallenne" not in client.get(past_training.get_absolute_url()).content.decode()
    [message] = mailbox.wait_for(1)
    assert message["X-Envelope-To"] == editor.email
    assert reverse("trainings_material:edit", args=[recording.pk]) in message_text(message)


def test_admin_publish_page_lists_what_is_missing(client, editor, past_training):
    client.force_login(editor)
    recording = Material.objects.create(
        event=past_training, kind="recording", title="Tallenne", url="https://v.example"
    )
    url = reverse("trainings_material:publish", args=[recording.pk])
    assert "tekstitystiedosto" in client.get(url).content.decode()
    client.post(url, {"action": "publish"})
    recording.refresh_from_db()
    assert recording.status == Material.Status.DRAFT


def test_upcoming_events_group_meetings_and_search_providers(past_training):
    group = WorkingGroup.objects.get(slug="digityoryhma")
    now = timezone.now()
    make_event(
        title="Digityöryhmän kokous 1",
        kind=EventKind.GROUP_MEETING,
        working_group=group,
        start=now - datetime.timedelta(days=1),
    )
    make_event(
        title="Digityöryhmän kokous 2",
        kind=EventKind.GROUP_MEETING,
        working_group=group,
        start=now + datetime.timedelta(days=5),
    )
    make_event(
        title="Peruttu kokous",
        kind=EventKind.GROUP_MEETING,
        working_group=group,
        start=now - datetime.timedelta(hours=2),
        status="cancelled",
    )

    [upcoming] = extensions.providers("upcoming_events")
    titles = [item.title for item in upcoming(limit=5, user=None)]
    assert titles == ["Digityöryhmän kokous 2"]

    [meetings] = extensions.providers("group_meetings")
    result = meetings(group=group, year=timezone.localdate(now - datetime.timedelta(days=1)).year, user=None)
    assert [item.title for item in result["upcoming"]] == ["Digityöryhmän kokous 2"]
    assert result["held_count"] == 1  # the cancelled one never counts

    [search] = extensions.providers("search")
    found = search(query="saavutettavuusdirektiivi", user=None)
    assert [item.title for item in found] == ["Saavutettavuusdirektiivi käytännössä"]
    assert found[0].url == past_training.get_absolute_url() and found[0].kind_label
