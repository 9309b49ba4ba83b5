import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_demo_data_gives_a_year_of_notices_translations_material_and_subscriptions(client):
    from wagtail.documents.models import Document

    from ake.demo import DemoContext
    from ake.indicators import provider_for
    from extranet import demo
    from extranet.models import DailyUsage, NoticePage, Subscription

    year = timezone.localdate().year - 1  # a whole past year
    ctx = DemoContext(scale=1, year=year, log=lambda *args: None)
    demo.load(ctx)
    today = timezone.localdate()
    notices = NoticePage.objects.filter(locale__language_code="fi")
    assert 130 <= notices.count() <= 170
    assert NoticePage.objects.filter(locale__language_code="sv").count() >= 3
    assert notices.filter(series__slug="kirjastojen-kuulumiset", featured_library__isnull=False).count() >= 8
    assert Document.objects.count() >= 5
    assert Subscription.objects.count() >= 550
    assert 480 <= provider_for("A4")(year=year, today=today).value <= 600
    assert 130 <= provider_for("A3")(year=year, today=today).value <= 170
    assert DailyUsage.objects.filter(day__year=year).count() in (365, 366)
    # The demo sends no mail: nothing was queued.
    from extranet.models import Delivery

    assert Delivery.objects.count() == 0
    assert client.get("/fi/tiedotteet/").status_code == 200
    assert client.get("/sv/").status_code == 200
