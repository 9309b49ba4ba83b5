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
    # The material bank's size column shows each document's size (the demo stores it, as the
    # admin's upload form does).
    assert not Document.objects.filter(file_size__isnull=True).exists()
    bank = client.get("/fi/materiaalipankki/pelikasvatus/")
    assert bank.status_code == 200
    guide = Document.objects.get(title="Lukudiplomin ohjeet")
    assert f"<td>{guide.file_size}" in bank.content.decode()


def test_demo_data_early_in_the_day_puts_no_subscription_in_the_future(monkeypatch):
    """Loaded just after midnight, a subscription drawn for "today, 7–20 o'clock" used to crash it."""
    import datetime

    from ake.demo import DemoContext
    from extranet import demo
    from extranet.models import Subscription, SubscriptionPeriod

    year = timezone.localdate().year
    just_after_midnight = timezone.make_aware(datetime.datetime(year, 1, 2, 0, 30))
    monkeypatch.setattr(timezone, "now", lambda: just_after_midnight)
    demo.load(DemoContext(scale=1, year=year, log=lambda *args: None))
    assert Subscription.objects.count() >= 550
    assert not Subscription.objects.filter(created_at__gt=just_after_midnight).exists()
    assert not Subscription.objects.filter(confirmed_at__gt=just_after_midnight).exists()
    assert not SubscriptionPeriod.objects.filter(subscribed_at__gt=just_after_midnight).exists()
