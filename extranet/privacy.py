"""Personal data of the extranet: notice subscriptions (an email address and its choices).

Training wishes and usage counts hold no personal data by design.
"""

import secrets

from django.db import transaction
from django.db.models import Q


def _subscriptions_of(user):
    from .models import Subscription

    return Subscription.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export_subscriptions(user) -> list[dict]:
    return [
        {
            "email": subscription.email,
            "status": subscription.status,
            "language": subscription.language,
            "rhythm": subscription.rhythm,
            "categories": [category.name_fi for category in subscription.categories.all()],
            "periods": [
                {
                    "subscribed_at": period.subscribed_at.isoformat(),
                    "confirmed_at": period.confirmed_at.isoformat() if period.confirmed_at else None,
                    "ended_at": period.ended_at.isoformat() if period.ended_at else None,
                }
                for period in subscription.periods.all()
            ],
        }
        for subscription in _subscriptions_of(user).prefetch_related("categories", "periods")
    ]


@transaction.atomic
def erase_subscriptions(user) -> None:
    """Unsubscribe and anonymise the address; the periods stay so that past A4 values do not change."""
    from .services import subscription_unsubscribe

    for subscription in _subscriptions_of(user):
        subscription_unsubscribe(subscription=subscription)
        subscription.refresh_from_db()
        subscription.email = f"erased-{subscription.pk}@invalid.invalid"
        subscription.user = None
        subscription.token_key = secrets.token_hex(16)
        # A mail server's refusal quotes the address ("550 <name@library.fi>: unknown"): it goes too.
        subscription.undeliverable_reason = ""
        subscription.save(update_fields=["email", "user", "token_key", "undeliverable_reason"])
        subscription.deliveries.exclude(last_error="").update(last_error="")


def subscriptions_unconfirmed(*, now, keep) -> int:
    """Addresses that asked to subscribe and never confirmed: somebody may have typed another
    person's address. Subscriptions with a confirmed history are past A4 values and stay."""
    from .models import Subscription

    removed = 0
    stale = Subscription.objects.filter(
        status=Subscription.Status.PENDING, created_at__lt=now - keep
    ).exclude(periods__confirmed_at__isnull=False)
    for subscription in stale:
        subscription.periods.all().delete()
        subscription.delete()
        removed += 1
    return removed


def delivery_errors(*, now, keep) -> int:
    """A mail server's error text quotes the address; finished deliveries drop it after a while."""
    from .models import Delivery

    return (
        Delivery.objects.exclude(status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING])
        .exclude(last_error="")
        .filter(created_at__lt=now - keep)
        .update(last_error="")
    )
