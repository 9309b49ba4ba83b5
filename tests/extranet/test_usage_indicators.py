import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ake.indicators import provider_for

from .conftest import make_notice

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


# --------------------------------------------------------------------------- A5: usage counting
def test_views_and_visits_are_counted_without_cookies_or_stored_addresses(client, home):
    import redis
    from django.conf import settings

    from extranet.models import DailyUsage
    from extranet.usage import usage_flush_to_database, usage_today

    for _ in range(3):
        response = client.get("/fi/", REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT=FIREFOX)
        assert not response.cookies  # counting sets no cookie
    client.get("/fi/", REMOTE_ADDR="192.0.2.99", HTTP_USER_AGENT=FIREFOX)  # another browser
    client.get("/fi/", REMOTE_ADDR="192.0.2.50", HTTP_USER_AGENT="Googlebot/2.1")  # bots are not visits
    client.get("/fi/notices/", REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT=FIREFOX)  # a redirect is no view
    assert usage_today() == (4, 2)

    keys = [key.decode() for key in redis.Redis.from_url(settings.REDIS_URL).keys("*")]
    assert not any("192.0.2" in key for key in keys)
    browser_keys = [key for key in keys if "usage:browser" in key]
    assert len(browser_keys) == 2
    ttl = redis.Redis.from_url(settings.REDIS_URL).ttl(browser_keys[0])
    assert 0 < ttl <= 30 * 60  # the hash lives only for the visit window

    usage_flush_to_database()
    row = DailyUsage.objects.get(day=timezone.localdate())
    assert (row.page_views, row.visits) == (4, 2)
    assert {f.name for f in DailyUsage._meta.get_fields()} == {"id", "day", "page_views", "visits"}


def test_a_gap_over_thirty_minutes_starts_a_new_visit(client, home):
    import redis
    from django.conf import settings

    from extranet.usage import usage_today

    client.get("/fi/", REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT=FIREFOX)
    connection = redis.Redis.from_url(settings.REDIS_URL)
    for key in connection.keys("*usage:browser*"):
        connection.delete(key)  # what the 30-minute expiry does
    client.get("/fi/", REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT=FIREFOX)
    assert usage_today() == (2, 2)


def test_monthly_usage_in_the_admin(client, editor):
    from extranet.models import DailyUsage

    DailyUsage.objects.create(day=datetime.date(2024, 3, 1), page_views=50, visits=20)
    DailyUsage.objects.create(day=datetime.date(2024, 3, 15), page_views=30, visits=10)
    DailyUsage.objects.create(day=datetime.date(2024, 4, 2), page_views=7, visits=3)
    client.force_login(editor)
    html = client.get("/admin/reports/extranet-usage/?year=2024").content.decode()
    assert "30" in html and "80" in html and "33" in html  # March visits, March views, year's visits


def test_a5_sums_the_years_visits_and_has_no_value_without_data():
    from extranet.models import DailyUsage

    a5 = provider_for("A5")
    today = datetime.date(2025, 3, 1)
    assert a5(year=2024, today=today).value is None
    DailyUsage.objects.create(day=datetime.date(2023, 12, 31), page_views=100, visits=40)
    DailyUsage.objects.create(day=datetime.date(2024, 1, 1), page_views=10, visits=4)
    DailyUsage.objects.create(day=datetime.date(2024, 12, 31), page_views=20, visits=6)
    result = a5(year=2024, today=today)
    assert result.value == Decimal(10) and result.extra["page_views"] == 30


# --------------------------------------------------------------------------- A3: notices
def test_a3_counts_notices_first_published_in_the_year_once_across_translations(notice_index):
    from wagtail.models import Locale

    from extranet.models import NoticePage

    a3 = provider_for("A3")
    in_year = make_notice(notice_index, "Tammikuu", published_at=_aware(2024, 1, 2, 9))
    make_notice(notice_index, "Joulukuu", published_at=_aware(2024, 12, 31, 23, 30))  # Helsinki time
    make_notice(notice_index, "Edellinen vuosi", published_at=_aware(2023, 12, 31, 23, 59))
    old = make_notice(notice_index, "Vanha, käännetty 2024", published_at=_aware(2023, 6, 1, 12))
    make_notice(notice_index, "Luonnos", publish=False)
    sv = Locale.objects.get_or_create(language_code="sv")[0]
    for source, when in ((in_year, _aware(2024, 1, 5, 9)), (old, _aware(2024, 2, 1, 9))):
        translation = source.copy_for_translation(sv, copy_parents=True, alias=False)
        translation.save_revision().publish()
        NoticePage.objects.filter(pk=translation.pk).update(first_published_at=when)
    # Edited and re-published: first publication stays.
    in_year.save_revision().publish()
    # Unpublished later: it was still published in the year.
    december = NoticePage.objects.get(title="Joulukuu")
    december.unpublish()

    result = a3(year=2024, today=datetime.date(2025, 1, 10))
    # Tammikuu + Joulukuu; the 2023 notice's 2024 translation and the draft do not count.
    assert result.value == Decimal(2)
    assert [item.label["fi"] for item in result.items] == ["Tammikuu", "Joulukuu"]
    assert a3(year=2023, today=datetime.date(2025, 1, 10)).value == Decimal(2)


def test_a3_running_year_shows_scheduled_notices(notice_index):
    a3 = provider_for("A3")
    today = timezone.localdate()
    make_notice(notice_index, "Julkaistu")
    scheduled = make_notice(notice_index, "Ajastettu", publish=False)
    scheduled.go_live_at = min(
        timezone.now() + datetime.timedelta(hours=1),
        timezone.make_aware(datetime.datetime(today.year, 12, 31, 23, 0)),
    )
    scheduled.save_revision().publish()
    result = a3(year=today.year, today=today)
    assert result.value == Decimal(1)
    if scheduled.go_live_at > timezone.now():
        assert result.scheduled == Decimal(1)


# --------------------------------------------------------------------------- A4: subscribed addresses
def _history(email, *periods):
    """periods: (subscribed, confirmed or None, ended or None)"""
    from extranet.models import Subscription, SubscriptionPeriod

    subscription = Subscription.objects.create(email=email)
    for subscribed, confirmed, ended in periods:
        SubscriptionPeriod.objects.create(
            subscription=subscription,
            subscribed_at=subscribed,
            confirmed_at=confirmed,
            ended_at=ended,
            end_reason="unsubscribed" if ended else "",
        )
    return subscription


def test_a4_counts_distinct_confirmed_not_unsubscribed_addresses_on_31_december():
    a4 = provider_for("A4")
    d = _aware
    # 1. confirmed in 2023, still subscribed: counts.
    _history("a@library.fi", (d(2023, 5, 1), d(2023, 5, 1), None))
    # 2. unsubscribed in June, resubscribed and confirmed in October: counts once.
    _history(
        "b@library.fi", (d(2024, 3, 1), d(2024, 3, 1), d(2024, 6, 1)), (d(2024, 10, 1), d(2024, 10, 2), None)
    )
    # 3. never confirmed: does not count.
    _history("c@library.fi", (d(2024, 4, 1), None, None))
    # 4. unsubscribed on 30 Dec, resubscribed but not confirmed by 31 Dec: does not count.
    _history(
        "d@library.fi", (d(2024, 1, 1), d(2024, 1, 1), d(2024, 12, 30)), (d(2024, 12, 31, 12), None, None)
    )
    # 5. unsubscribed in January 2025: counted for 2024.
    _history("e@library.fi", (d(2022, 1, 1), d(2022, 1, 1), d(2025, 1, 15)))
    # 6. confirmed on 1 January 2025: not counted for 2024.
    _history("f@library.fi", (d(2024, 12, 31, 20), d(2025, 1, 1, 0, 5), None))
    # 7. marked undeliverable in November: ended, does not count.
    _history("g@library.fi", (d(2023, 1, 1), d(2023, 1, 1), d(2024, 11, 1)))

    today = datetime.date(2025, 2, 1)
    assert a4(year=2024, today=today).value == Decimal(3)  # a, b (once), e
    assert a4(year=2023, today=today).value == Decimal(3)  # a, e, g


def test_a4_for_the_running_year_counts_now_and_follows_the_real_flow(django_capture_on_commit_callbacks):
    from extranet import services

    a4 = provider_for("A4")
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        subscription = services.subscription_request(email="flow@library.fi")
    assert a4(year=today.year, today=today).value == Decimal(0)  # not confirmed yet
    services.subscription_confirm(subscription=subscription)
    assert a4(year=today.year, today=today).value == Decimal(1)
    services.subscription_unsubscribe(subscription=subscription)
    assert a4(year=today.year, today=today).value == Decimal(0)
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request(email="FLOW@library.fi")
    services.subscription_confirm(subscription=subscription)
    assert a4(year=today.year, today=today).value == Decimal(1)
    assert subscription.periods.count() == 2
