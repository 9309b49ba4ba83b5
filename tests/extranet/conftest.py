import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def home(db):
    from extranet.models import HomePage

    return HomePage.objects.get(depth=2)


@pytest.fixture
def notice_index(home):
    from extranet.models import NoticeIndexPage

    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet", introduction="AKE:n tiedotteet")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def categories(db):
    from extranet.models import NoticeCategory

    return {
        slug: NoticeCategory.objects.create(name_fi=fi, name_sv=sv, slug=slug, sort_order=i)
        for i, (slug, fi, sv) in enumerate(
            [
                ("trainings", "Koulutukset", "Utbildningar"),
                ("groups", "Työryhmät", "Arbetsgrupper"),
                ("materials", "Materiaalit", "Material"),
                ("general", "Yleiset", "Allmänt"),
            ]
        )
    }


def make_notice(
    index,
    title,
    *,
    lead="Lyhyt ingressi.",
    categories=(),
    tags=(),
    series=None,
    library=None,
    publish=True,
    published_at=None,
    body=None,
):
    """A notice published through Wagtail's revision publishing (sends page_published)."""
    from extranet.models import NoticePage

    notice = NoticePage(
        title=title, lead=lead, series=series, featured_library=library, live=False, body=body or []
    )
    index.add_child(instance=notice)
    notice.categories.set(list(categories))
    for tag in tags:
        notice.tags.add(tag)
    revision = notice.save_revision()
    if publish:
        revision.publish()
        notice.refresh_from_db()
        if published_at is not None:
            NoticePage.objects.filter(pk=notice.pk).update(
                first_published_at=published_at, last_published_at=published_at
            )
            notice.refresh_from_db()
    return notice


def bulk_notices(index, count, *, categories=(), start=None):
    """Live notices without revisions or signals: fast set-up for read-only tests."""
    from extranet.models import NoticePage

    start = start or timezone.now() - datetime.timedelta(days=count)
    notices = []
    for number in range(count):
        notice = NoticePage(
            title=f"Tiedote {number}",
            slug=f"tiedote-{number}",
            lead=f"Ingressi {number}",
            live=True,
            first_published_at=start + datetime.timedelta(hours=number),
        )
        index.add_child(instance=notice)
        if categories:
            notice.categories.set([categories[number % len(categories)]])
            notice.save()
        notices.append(notice)
    return notices


def make_subscription(email, *, confirmed=True, rhythm="immediate", language="fi", categories=(), at=None):
    from extranet.models import Subscription, SubscriptionPeriod

    at = at or timezone.now() - datetime.timedelta(days=30)
    subscription = Subscription.objects.create(
        email=email,
        rhythm=rhythm,
        language=language,
        status=Subscription.Status.ACTIVE if confirmed else Subscription.Status.PENDING,
        confirmed_at=at if confirmed else None,
        created_at=at,
    )
    subscription.categories.set(list(categories))
    SubscriptionPeriod.objects.create(
        subscription=subscription, subscribed_at=at, confirmed_at=at if confirmed else None
    )
    return subscription


@pytest.fixture
def celery_worker_env(celery_worker_env):
    """Workers for these tests send in small batches with a short pause, so a kill lands mid-send."""
    return {**celery_worker_env, "AKE_DELIVERY_PAUSE": "0.02", "AKE_DELIVERY_BATCH_SIZE": "10"}
