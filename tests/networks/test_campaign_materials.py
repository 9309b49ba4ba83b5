"""Campaign materials are documents of the material bank, listed by language on the campaigns page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from networks.models import Campaign, CampaignMaterial

pytestmark = pytest.mark.django_db


def _document(collection, title, name):
    from wagtail.documents.models import Document

    document = Document(title=title, collection=collection, file=SimpleUploadedFile(name, b"%PDF-1.7 x"))
    document.save()
    return document


@pytest.fixture
def campaign():
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    bank = root.add_child(name="Kampanjat")
    staff = bank.add_child(name="Vain henkilökunnalle")
    CollectionViewRestriction.objects.create(
        collection=staff, restriction_type=CollectionViewRestriction.LOGIN
    )
    campaign = Campaign.objects.create(
        year=timezone.localdate().year,
        theme="Lukuviikko",
        materials_fi_url="https://example.org/lukuviikko-fi",
    )
    CampaignMaterial.objects.create(
        campaign=campaign, document=_document(bank, "Lukuviikon juliste", "juliste.pdf"), language="fi"
    )
    CampaignMaterial.objects.create(
        campaign=campaign, document=_document(bank, "Läsveckans affisch", "affisch.pdf"), language="sv"
    )
    secret = _document(staff, "Somepostausten aikataulu", "aikataulu.pdf")
    CampaignMaterial.objects.create(campaign=campaign, document=secret, language="fi")
    return campaign, secret


def test_campaign_page_lists_finnish_and_swedish_materials_and_the_old_link(client, campaign, staff_user):
    client.force_login(staff_user)
    with override("en"):
        html = client.get(reverse("campaigns")).content.decode()
    assert "Lukuviikon juliste" in html and "Läsveckans affisch" in html
    assert html.index("Lukuviikon juliste") < html.index("Läsveckans affisch")
    assert 'hreflang="sv"' in html
    assert "https://example.org/lukuviikko-fi" in html
    # Logged-in staff see the staff-only material, marked as such.
    assert "Somepostausten aikataulu" in html and "Library staff only" in html


def test_anonymous_visitor_sees_public_materials_but_not_the_staff_only_document(client, campaign):
    _campaign, secret = campaign
    with override("en"):
        response = client.get(reverse("campaigns"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lukuviikon juliste" in html and "Läsveckans affisch" in html
    assert "Somepostausten aikataulu" not in html and secret.url not in html
    assert "Sign my library up" not in html
    # The serve view checks the collection's restriction again on download.
    refused = client.get(secret.url)
    assert refused.status_code == 302 and "login" in refused.url


def test_admin_edit_page_offers_the_document_chooser(client, editor, campaign):
    campaign, _secret = campaign
    client.force_login(editor)
    html = client.get(reverse("campaigns:edit", args=[campaign.pk])).content.decode()
    with override("fi"):
        assert gettext("Materials in the material bank") in html
    assert "Lukuviikon juliste" in html
    assert "document-chooser" in html or "data-chooser-url" in html


@pytest.mark.parametrize("size", [1, 8])
def test_campaign_page_with_materials_keeps_its_query_budget(
    client, staff_user, size, django_assert_max_num_queries
):
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    bank = root.add_child(name="Kampanjat")
    staff = bank.add_child(name="Sisäiset")
    CollectionViewRestriction.objects.create(
        collection=staff, restriction_type=CollectionViewRestriction.LOGIN
    )
    for index in range(size):
        campaign = Campaign.objects.create(year=timezone.localdate().year, theme=f"Kampanja {index}")
        for language in ("fi", "sv"):
            for collection in (bank, staff):
                CampaignMaterial.objects.create(
                    campaign=campaign,
                    document=_document(collection, f"{index}-{language}-{collection.name}", f"{index}.pdf"),
                    language=language,
                )
    for user in (None, staff_user):
        if user is not None:
            client.force_login(user)
        client.get(reverse("campaigns"))
        with django_assert_max_num_queries(12):
            response = client.get(reverse("campaigns"))
        assert response.content.decode().count("Sisäiset") == (size * 2 if user else 0)
