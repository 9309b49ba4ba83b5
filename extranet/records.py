"""Importers of earlier years' extranet records (ake/records.py, docs/records.md): notices and the
history of notice subscriptions.

A historical notice becomes a live notice page under the notice index with its first publication
date (what indicator A3 counts), without publishing signals, so no subscriber is mailed about it. A
subscription row becomes one subscription period (what A4 counts on 31 December).
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ake.records import Column, RecordType, RowError, per_file, register

from .models import NoticeIndexPage, NoticePage, Subscription, SubscriptionPeriod


def _at(day: datetime.date, hour: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --------------------------------------------------------------------------- notices (A3)
def _notice_indexes() -> dict[str, NoticeIndexPage]:
    """The notice index of every language, the Finnish (default) one under "fi"."""
    indexes = {}
    for index in NoticeIndexPage.objects.select_related("locale").order_by("path"):
        indexes.setdefault(index.locale.language_code, index)
    return indexes


def _finnish_index() -> NoticeIndexPage | None:
    indexes = per_file("extranet:notice_indexes", _notice_indexes)
    return indexes.get("fi") or next(iter(indexes.values()), None)


def _existing_notice_slugs() -> set[tuple[str]]:
    index = _finnish_index()
    if index is None:
        return set()
    return {(slug,) for slug in NoticePage.objects.child_of(index).values_list("slug", flat=True)}


def validate_notice(row: dict) -> dict:
    if _finnish_index() is None:
        raise RowError(_("The site has no notice index page yet; create it in the admin first."))
    slug = slugify(row["external_id"])
    if not slug:
        raise RowError(_("The id must contain letters or digits."), "external_id")
    if row["title_sv"] and "sv" not in per_file("extranet:notice_indexes", _notice_indexes):
        raise RowError(
            _("The site has no Swedish notice index for the Swedish title; translate the index first."),
            "title_sv",
        )
    if row["published_on"] > timezone.localdate():
        raise RowError(_("The date is in the future; import only what has happened."), "published_on")
    return {**row, "slug": slug}


def create_notice(row: dict) -> None:
    published = _at(row["published_on"], 12)
    notice = NoticePage(
        title=row["title_fi"],
        slug=row["slug"],
        lead=row["lead_fi"] or row["title_fi"],
        live=True,
        has_unpublished_changes=False,
        first_published_at=published,
        last_published_at=published,
    )
    # add_child, not a revision's publish(): publishing would mail the subscribers about old news.
    _finnish_index().add_child(instance=notice)
    if row["title_sv"]:
        indexes = per_file("extranet:notice_indexes", _notice_indexes)
        copy = notice.copy_for_translation(indexes["sv"].locale)
        copy.title = row["title_sv"]
        copy.lead = row["lead_sv"] or row["title_sv"]
        copy.live = True
        copy.has_unpublished_changes = False
        copy.first_published_at = copy.last_published_at = published
        copy.save()


# --------------------------------------------------------------------------- subscriptions (A4)
LANGUAGES = set(Subscription.Language.values)


def validate_subscription(row: dict) -> dict:
    email = row["email"].strip().lower()
    if "@" not in email or " " in email:
        raise RowError(_("“%(value)s” is not an email address.") % {"value": row["email"]}, "email")
    subscribed_on = row["subscribed_on"] or row["confirmed_on"]
    if subscribed_on > row["confirmed_on"]:
        raise RowError(_("An address is confirmed after it subscribes."), "confirmed_on")
    if row["unsubscribed_on"] and row["unsubscribed_on"] < row["confirmed_on"]:
        raise RowError(_("The end cannot be before the start."), "unsubscribed_on")
    if row["confirmed_on"] > timezone.localdate():
        raise RowError(_("The date is in the future; import only what has happened."), "confirmed_on")
    language = (row["language"] or "fi").lower()
    if language not in LANGUAGES:
        raise RowError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": row["language"], "choices": ", ".join(sorted(LANGUAGES))},
            "language",
        )
    return {**row, "email": email, "subscribed_on": subscribed_on, "language": language}


def _existing_periods() -> set[tuple]:
    return {
        (email.lower(), timezone.localdate(confirmed_at))
        for email, confirmed_at in SubscriptionPeriod.objects.filter(confirmed_at__isnull=False).values_list(
            "subscription__email", "confirmed_at"
        )
    }


def create_subscription_period(row: dict) -> None:
    subscribed_at = _at(row["subscribed_on"])
    confirmed_at = _at(row["confirmed_on"])
    ended_at = _at(row["unsubscribed_on"]) if row["unsubscribed_on"] else None
    subscription = Subscription.objects.select_for_update().filter(email__iexact=row["email"]).first()
    if subscription is None:
        subscription = Subscription.objects.create(
            email=row["email"], language=row["language"], created_at=subscribed_at
        )
    overlapping = subscription.periods.filter(Q(ended_at__isnull=True) | Q(ended_at__gt=subscribed_at))
    if ended_at is not None:
        overlapping = overlapping.filter(subscribed_at__lt=ended_at)
    if overlapping.exists():
        raise RowError(
            _("The address already has a subscription for some of these days."),
            "confirmed_on",
        )
    SubscriptionPeriod.objects.create(
        subscription=subscription,
        subscribed_at=subscribed_at,
        confirmed_at=confirmed_at,
        ended_at=ended_at,
        end_reason=SubscriptionPeriod.EndReason.UNSUBSCRIBED if ended_at else "",
    )
    # The address's state is that of its latest period: open means subscribed today.
    latest = subscription.periods.order_by("-subscribed_at").first()
    if latest.ended_at is None:
        subscription.status = Subscription.Status.ACTIVE
        subscription.confirmed_at, subscription.unsubscribed_at = latest.confirmed_at, None
    elif subscription.status in (Subscription.Status.ACTIVE, Subscription.Status.PENDING):
        subscription.status = Subscription.Status.UNSUBSCRIBED
        subscription.confirmed_at, subscription.unsubscribed_at = latest.confirmed_at, latest.ended_at
    subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])


def register_record_types() -> None:
    register(
        RecordType(
            name="notices",
            label="Notices published on the extranet",
            columns=[
                Column("external_id", required=True, help="becomes the notice's address (slug)"),
                Column("title_fi", required=True),
                Column("title_sv"),
                Column("lead_fi"),
                Column("lead_sv"),
                Column("published_on", "date", required=True),
            ],
            validate=validate_notice,
            natural_key=lambda row: (row["slug"],),
            existing_keys=_existing_notice_slugs,
            create=create_notice,
            order=50,
        )
    )
    register(
        RecordType(
            name="subscriptions",
            label="Notice subscriptions with their history",
            columns=[
                Column("email", required=True),
                Column("subscribed_on", "date", help="empty: the day of confirming"),
                Column("confirmed_on", "date", required=True),
                Column("unsubscribed_on", "date"),
                Column("language", help="fi / sv / en (empty: fi)"),
            ],
            validate=validate_subscription,
            natural_key=lambda row: (row["email"], row["confirmed_on"]),
            existing_keys=_existing_periods,
            create=create_subscription_period,
            order=50,
        )
    )
