"""Writes of the extranet: training wishes, subscriptions, notice fan-out and deliveries."""

import datetime
import logging
import smtplib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ake import languages
from ake.languages import normalise
from ake.smtp import smtp_failure

from .models import Delivery, NoticeCategory, NoticePage, Subscription, SubscriptionPeriod, TrainingWish

logger = logging.getLogger(__name__)

DELIVERY_MAX_ATTEMPTS = 8
BACKOFF_SECONDS = (60, 300, 900, 1800, 3600, 3600 * 3, 3600 * 6)
ERROR_INVALID_EMAIL = _("Enter a valid email address.")


# --------------------------------------------------------------------------- training wishes
@transaction.atomic
def training_wish_create(*, text: str, language: str) -> TrainingWish:
    """`language`: the language of the page the wish was written on (the sender is not known)."""
    wish = TrainingWish(text=text.strip(), text_language=normalise(language))
    wish.full_clean()
    wish.save()
    return wish


# --------------------------------------------------------------------------- dispatch
def _dispatch_safely(callable_, *args) -> bool:
    """Queue a task; a broker outage must never fail the caller (the sweeper picks the work up)."""
    try:
        callable_(*args)
        return True
    except Exception as error:  # noqa: BLE001 - any broker failure means "later"
        logger.warning("task dispatch failed; the sweeper will retry", extra={"error": repr(error)})
        return False


def deliveries_dispatch(*, count: int = 1) -> None:
    from .tasks import deliveries_send

    for _index in range(max(1, count)):
        if not _dispatch_safely(deliveries_send.delay):
            break


def _dispatch_on_commit(count: int) -> None:
    transaction.on_commit(lambda: deliveries_dispatch(count=count), robust=True)


# --------------------------------------------------------------------------- subscriptions
def _open_period(subscription: Subscription, now) -> SubscriptionPeriod:
    period = subscription.periods.filter(ended_at__isnull=True).first()
    if period is None:
        period = SubscriptionPeriod.objects.create(subscription=subscription, subscribed_at=now)
    return period


@transaction.atomic
def subscription_request(
    *,
    email: str,
    language: str = "fi",
    rhythm: str = Subscription.Rhythm.IMMEDIATE,
    categories: list[NoticeCategory] | None = None,
    user=None,
) -> Subscription:
    """Start (or restart) a subscription and send the confirmation mail; the same answer for any address.

    An address that is already active gets a mail with its preference link instead, so the form
    never reveals who subscribes.
    """
    from django.core.validators import validate_email

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(ERROR_INVALID_EMAIL) from error
    now = timezone.now()
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        email=email, defaults={"language": language, "rhythm": rhythm, "user": user}
    )
    already_active = subscription.status == Subscription.Status.ACTIVE
    if not already_active:
        subscription.language = language
        subscription.rhythm = rhythm
        subscription.status = Subscription.Status.PENDING
        subscription.user = subscription.user or user
        subscription.full_clean()
        subscription.save()
        if categories is not None:
            subscription.categories.set(categories)
        _open_period(subscription, now)
    _confirmation_enqueue(subscription, already_active)
    return subscription


def _confirmation_enqueue(subscription: Subscription, already_active: bool) -> None:
    """The confirmation (or, for an active address, its preference link) as an outbox row."""
    from ake.outbox import outbox_enqueue

    from .emails import confirmation_message

    outbox_enqueue(
        confirmation_message(subscription=subscription, already_active=already_active),
        purpose="extranet.subscription",
    )


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status == Subscription.Status.ACTIVE:
        return subscription
    if subscription.status != Subscription.Status.PENDING:
        # A confirmation link from before an unsubscription must not silently resubscribe.
        return subscription
    now = timezone.now()
    period = _open_period(subscription, now)
    period.confirmed_at = now
    period.save(update_fields=["confirmed_at"])
    subscription.status = Subscription.Status.ACTIVE
    subscription.confirmed_at = now
    subscription.unsubscribed_at = None
    subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return subscription


@transaction.atomic
def subscription_choices_apply(
    *, user, language: str, rhythm: str, categories: list[NoticeCategory]
) -> Subscription | None:
    """A logged-in person subscribing their own (verified) address again: an active subscription takes
    the new choices at once, with no mail. None when the address has no active subscription; the
    confirmation mail then follows as for anyone."""
    subscription = (
        Subscription.objects.select_for_update()
        .filter(email=(user.email or "").strip().lower(), status=Subscription.Status.ACTIVE)
        .first()
    )
    if subscription is None:
        return None
    if subscription.user_id is None:
        subscription.user = user
        subscription.save(update_fields=["user"])
    return subscription_update(
        subscription=subscription, language=language, rhythm=rhythm, categories=categories
    )


@transaction.atomic
def subscription_update(
    *, subscription: Subscription, language: str, rhythm: str, categories: list[NoticeCategory]
) -> Subscription:
    subscription.language = language
    subscription.rhythm = rhythm
    subscription.full_clean()
    subscription.save(update_fields=["language", "rhythm"])
    subscription.categories.set(categories)
    return subscription


def _end(subscription: Subscription, *, status: str, reason: str, note: str = "") -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status in (Subscription.Status.UNSUBSCRIBED, Subscription.Status.UNDELIVERABLE):
        return subscription
    now = timezone.now()
    subscription.periods.filter(ended_at__isnull=True).update(ended_at=now, end_reason=reason)
    subscription.status = status
    subscription.unsubscribed_at = now
    if note:
        subscription.undeliverable_reason = note[:300]
    subscription.save(update_fields=["status", "unsubscribed_at", "undeliverable_reason"])
    subscription.deliveries.filter(status=Delivery.Status.PENDING).update(status=Delivery.Status.CANCELLED)
    return subscription


@transaction.atomic
def subscription_unsubscribe(*, subscription: Subscription) -> Subscription:
    return _end(
        subscription,
        status=Subscription.Status.UNSUBSCRIBED,
        reason=SubscriptionPeriod.EndReason.UNSUBSCRIBED,
    )


@transaction.atomic
def subscription_mark_undeliverable(*, subscription: Subscription, reason: str = "") -> Subscription:
    return _end(
        subscription,
        status=Subscription.Status.UNDELIVERABLE,
        reason=SubscriptionPeriod.EndReason.UNDELIVERABLE,
        note=reason,
    )


# --------------------------------------------------------------------------- fan-out
def _matching_subscriptions(categories: list[int]):
    match = Q(categories__isnull=True)
    if categories:
        match |= Q(categories__in=categories)
    return Subscription.objects.filter(status=Subscription.Status.ACTIVE).filter(match).distinct()


@transaction.atomic
def notice_fan_out(*, notice: NoticePage) -> int:
    """Write one delivery row per matching immediate subscriber; dispatch after commit.

    Recipients are the subscribers active and confirmed when the notice (in any language) was first
    published, so re-publishing an edit or a translation reaches nobody new and nobody twice, yet
    fills in anyone an earlier run missed.
    """
    if not notice.live:
        return 0
    first_published = (
        NoticePage.objects.filter(translation_key=notice.translation_key).aggregate(
            first=Min("first_published_at")
        )["first"]
        or notice.first_published_at
        or timezone.now()
    )
    category_ids = list(notice.categories.values_list("pk", flat=True))
    subscription_ids = list(
        _matching_subscriptions(category_ids)
        .filter(rhythm=Subscription.Rhythm.IMMEDIATE, confirmed_at__lte=first_published)
        .values_list("pk", flat=True)
    )
    _pages_for_readers(notice, subscription_ids)
    created = _insert_deliveries(
        kind=Delivery.Kind.NOTICE,
        subscription_ids=subscription_ids,
        notice_id=notice.pk,
        notice_key=notice.translation_key,
    )
    if created:
        _dispatch_on_commit(_workers_for(created))
    return created


def _pages_for_readers(notice: NoticePage, subscription_ids: list[int]) -> None:
    """The notice in each reader's language before any mail is written, so that each link leads to
    the page in that language (a translation, else the alias that shows the Finnish text marked as
    Finnish), never to the Finnish page."""
    from .page_trees import page_aliases_ensure

    languages = Subscription.objects.filter(pk__in=subscription_ids).values_list("language", flat=True)
    page_aliases_ensure(notice, languages.distinct())


def _insert_deliveries(
    *, kind: str, subscription_ids: list[int], notice_id=None, notice_key=None, week=None
) -> int:
    """Insert the rows that do not exist yet (the unique constraints decide) and count the new ones."""
    if not subscription_ids:
        return 0
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Delivery._meta.db_table}
                (kind, subscription_id, notice_id, notice_key, digest_week, status, attempts,
                 next_attempt_at, created_at, last_error)
            SELECT %s, subscription_id, %s, %s, %s, %s, 0, %s, %s, ''
            FROM unnest(%s::bigint[]) AS subscription_id
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            [
                str(kind),
                notice_id,
                notice_key,
                week,
                str(Delivery.Status.PENDING),
                now,
                now,
                list(subscription_ids),
            ],
        )
        return len(cursor.fetchall())


def _workers_for(count: int) -> int:
    return min(4, 1 + count // settings.EXTRANET_DELIVERY_BATCH_SIZE)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _week_bounds(week: datetime.date):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=7)


def digest_notices(*, subscription: Subscription, week: datetime.date) -> list[NoticePage]:
    """The week's notices for this subscriber, one per notice, in the subscriber's language when it exists."""
    start, end = _week_bounds(week)
    category_ids = list(subscription.categories.values_list("pk", flat=True))
    notices = NoticePage.objects.live().filter(first_published_at__gte=start, first_published_at__lt=end)
    if category_ids:
        # An alias has no categories of its own: the originals decide, their aliases come with them.
        keys = NoticePage.objects.filter(alias_of__isnull=True, categories__in=category_ids)
        notices = notices.filter(translation_key__in=keys.values("translation_key"))
    # The page in the subscriber's language (a translation or the alias that shows the Finnish
    # text): its link stays in that language. Else the original.
    chosen: dict = {}
    for notice in notices.select_related("locale").order_by("first_published_at", "pk"):
        if notice.locale.language_code == subscription.language:
            chosen[notice.translation_key] = notice
        elif notice.alias_of_id is None:
            chosen.setdefault(notice.translation_key, notice)
    return sorted(chosen.values(), key=lambda n: n.first_published_at)


@transaction.atomic
def digest_weekly_create(*, week: datetime.date) -> int:
    """One digest delivery per weekly subscriber who has notices in ``week`` (a Monday)."""
    from .page_trees import page_aliases_ensure

    start, end = _week_bounds(week)
    keys = NoticePage.objects.live().filter(first_published_at__gte=start, first_published_at__lt=end)
    if not keys.exists():
        return 0
    category_ids = set(keys.values_list("categories", flat=True)) - {None}
    subscriptions = _matching_subscriptions(list(category_ids)).filter(
        rhythm=Subscription.Rhythm.WEEKLY, confirmed_at__lt=end
    )
    languages = list(subscriptions.values_list("language", flat=True).distinct())
    for notice in keys.filter(alias_of__isnull=True, locale__language_code=settings.LANGUAGE_CODE):
        page_aliases_ensure(notice, languages)
    created = _insert_deliveries(
        kind=Delivery.Kind.DIGEST,
        subscription_ids=list(subscriptions.values_list("pk", flat=True)),
        week=week,
    )
    if created:
        _dispatch_on_commit(_workers_for(created))
    return created


# --------------------------------------------------------------------------- sending
@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0


def _claim(batch_size: int) -> list[int]:
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now())
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if ids:
            Delivery.objects.filter(pk__in=ids).update(
                status=Delivery.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
            )
    return ids


def _notice_in_language(delivery: Delivery) -> NoticePage | None:
    translations = {
        n.locale.language_code: n
        for n in NoticePage.objects.live()
        .filter(translation_key=delivery.notice_key)
        .select_related("locale")
    }
    language = delivery.subscription.language
    originals = [page for page in translations.values() if page.alias_of_id is None]
    return (
        translations.get(language)
        or translations.get(settings.LANGUAGE_CODE)
        or next(iter(originals or translations.values()), None)
    )


def _finish(pk: int, **fields) -> int:
    return Delivery.objects.filter(pk=pk, status=Delivery.Status.SENDING).update(**fields)


def delivery_send_batch(*, batch_size: int | None = None) -> BatchResult:
    """Claim due rows (FOR UPDATE SKIP LOCKED), send them over one SMTP connection, record each outcome.

    Each row is marked sent right after the server accepts its message, so a worker killed mid-batch
    leaves at most the message in flight uncertain; the rest stay in "sending" for the sweeper.
    """
    from .emails import digest_message, notice_message

    batch_size = batch_size or settings.EXTRANET_DELIVERY_BATCH_SIZE
    result = BatchResult()
    ids = _claim(batch_size)
    result.claimed = len(ids)
    if not ids:
        return result
    pause = settings.EXTRANET_DELIVERY_PAUSE
    connection = get_connection(fail_silently=False)
    try:
        for delivery in Delivery.objects.filter(pk__in=ids).select_related("subscription").order_by("pk"):
            subscription = delivery.subscription
            if subscription.status != Subscription.Status.ACTIVE:
                _finish(delivery.pk, status=Delivery.Status.CANCELLED)
                result.cancelled += 1
                continue
            if delivery.kind == Delivery.Kind.NOTICE:
                notice = _notice_in_language(delivery)
                message = (
                    notice_message(delivery=delivery, notice=notice, connection=connection)
                    if notice
                    else None
                )
            else:
                notices = digest_notices(subscription=subscription, week=delivery.digest_week)
                message = (
                    digest_message(delivery=delivery, notices=notices, connection=connection)
                    if notices
                    else None
                )
            if message is None:  # the notice was unpublished meanwhile
                _finish(delivery.pk, status=Delivery.Status.CANCELLED)
                result.cancelled += 1
                continue
            try:
                # Opened once and kept across the batch (send() closes only a connection it opened
                # itself); open() of a backend already open does nothing. Every backend has open():
                # SMTP, file, console and locmem alike, unlike SMTP's own ``connection`` attribute.
                connection.open()
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                failure = smtp_failure(error)
                _record_failure(
                    delivery,
                    temporary=failure.temporary,
                    address_is_bad=failure.address_is_bad,
                    text=failure.text,
                    result=result,
                )
                _reset_connection(connection)
                continue
            _finish(delivery.pk, status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="")
            result.sent += 1
            if pause:
                time.sleep(pause)
    finally:
        _reset_connection(connection)
    return result


def _reset_connection(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a broken connection may fail to close; the next send reopens it
        connection.connection = None


def _record_failure(delivery: Delivery, *, temporary: bool, address_is_bad: bool, text: str, result) -> None:
    if temporary and delivery.attempts < DELIVERY_MAX_ATTEMPTS:
        delay = BACKOFF_SECONDS[min(delivery.attempts - 1, len(BACKOFF_SECONDS) - 1)]
        _finish(
            delivery.pk,
            status=Delivery.Status.PENDING,
            next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
            last_error=text[:500],
        )
        result.retried += 1
        return
    _finish(delivery.pk, status=Delivery.Status.FAILED, last_error=text[:500])
    result.failed += 1
    if address_is_bad:
        subscription_mark_undeliverable(subscription=delivery.subscription, reason=text)


def delivery_sweep(*, stale_after: datetime.timedelta | None = None) -> dict:
    """Re-queue rows stuck in "sending" (their worker died) and dispatch any due pending rows."""
    if stale_after is None:
        stale_after = datetime.timedelta(seconds=settings.EXTRANET_DELIVERY_STALE_SECONDS)
    now = timezone.now()
    requeued = Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lte=now - stale_after
    ).update(status=Delivery.Status.PENDING, next_attempt_at=now)
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now).count()
    if due:
        deliveries_dispatch(count=_workers_for(due))
    return {"requeued": requeued, "due": due}


# --------------------------------------------------------------------------- job rotation stories
def rotation_story_slug(*, period_id: int) -> str:
    """The stable slug of a rotation story's notice: a second request finds the first draft by it."""
    return f"rotation-story-{period_id}"


def _story_paragraphs(story: str) -> list[str]:
    paragraphs = [" ".join(part.split()) for part in story.replace("\r\n", "\n").split("\n\n")]
    return [paragraph for paragraph in paragraphs if paragraph]


def _story_lead(paragraph: str, limit: int = 300) -> str:
    if len(paragraph) <= limit:
        return paragraph
    return paragraph[: limit - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class StoryDraft:
    notice: NoticePage
    created: bool


@transaction.atomic
def notice_draft_from_rotation_story(*, period, user) -> StoryDraft:
    """A draft notice (never published here) from a rotation period's consented experience story.

    Only the story the participant agreed to share goes into the notice, with the host library as
    the featured library: no name, home library or costs. Publishing stays with the editor and the
    normal workflow, which is also when the subscribers' emails go out. Repeating the action returns
    the existing notice instead of a second draft.
    """
    from django.utils.html import escape
    from django.utils.translation import override
    from wagtail.log_actions import log
    from wagtail.rich_text import RichText

    from networks.models import RotationPeriod

    from .models import NoticeIndexPage
    from .page_trees import page_aliases_ensure

    # The row lock serialises two editors pressing the button at the same moment.
    period = (
        RotationPeriod.objects.select_for_update(of=("self",))
        .select_related("host_library")
        .get(pk=period.pk)
    )
    if not period.story_may_be_published:
        raise ValidationError(
            _("The participant has not agreed to publishing the story, so it cannot become a notice.")
        )
    paragraphs = _story_paragraphs(period.experience_story)
    if not paragraphs:
        raise ValidationError(_("This rotation period has no experience story yet."))
    if period.status == RotationPeriod.Status.CANCELLED:
        raise ValidationError(_("The rotation period was cancelled; its story is not published."))
    # The notice is made in the story's language (issue #14): a Swedish story becomes a page of the
    # Swedish tree, which the other trees follow as aliases until someone translates it.
    story_language = languages.normalise(period.story_language)
    index = (
        NoticeIndexPage.objects.filter(locale__language_code=story_language).order_by("path").first()
        or NoticeIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        or NoticeIndexPage.objects.first()
    )
    if index is None:
        raise ValidationError(_("There is no notice index page to add the notice under."))
    if not index.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied
    slug = rotation_story_slug(period_id=period.pk)
    # The first notice made from the story, in whichever tree (an alias or a translation came later).
    existing = NoticePage.objects.filter(slug=slug, alias_of__isnull=True).order_by("pk").first()
    if existing is not None:
        return StoryDraft(notice=existing, created=False)
    host = period.host_library
    language = index.locale.language_code
    # The notice page shows the lead above the body: the first paragraph is the lead and the body
    # goes on from the second, unless the lead had to be shortened, when the body keeps it whole.
    lead = _story_lead(paragraphs[0])
    body = paragraphs[1:] if lead == paragraphs[0] else paragraphs
    with override(language):
        title = str(_("Job rotation at %(library)s") % {"library": languages.text(host, "name", language)})
    notice = NoticePage(
        title=title[:255],
        slug=slug,
        lead=lead,
        body=[("text", RichText("".join(f"<p>{escape(part)}</p>" for part in body)))] if body else [],
        featured_library=host,
        live=False,
        owner=user,
    )
    index.add_child(instance=notice)
    notice.save_revision(user=user, log_action=False)
    log(instance=notice, action="wagtail.create", user=user)
    # Every tree has the notice (page_trees_sync adds aliases only to pages of the Finnish tree).
    page_aliases_ensure(notice, [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES])
    return StoryDraft(notice=notice, created=True)
