"""The notices' section of a staff member's "My page" (ake/my_page.py): my subscriptions."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ake.my_page import Item, Section

from .models import Subscription
from .tokens import subscription_token


def my_page(*, user, now) -> list[Section]:
    subscriptions = list(
        Subscription.objects.filter(Q(user=user) | Q(email=user.email.lower()))
        .exclude(status=Subscription.Status.UNSUBSCRIBED)
        .prefetch_related("categories")
        .order_by("pk")
    )
    items = []
    # Outside the f-string below: makemessages does not read a gettext call inside one.
    every_notice = _("every notice")
    for subscription in subscriptions:
        categories = ", ".join(category.name for category in subscription.categories.all())
        item = Item(
            text=_("Notices by email to %(email)s") % {"email": subscription.email},
            url=reverse("extranet:subscription_manage", args=[subscription_token(subscription, "manage")]),
            detail=f"{subscription.get_rhythm_display()} · {categories or every_notice}",
            badge=str(subscription.get_status_display()),
        )
        if subscription.status != Subscription.Status.ACTIVE:
            item.attention = True
        items.append(item)
    return [
        Section(
            key="subscriptions",
            order=55,
            title=_("My subscriptions"),
            items=items,
            empty_text=_("You do not receive notices by email."),
            link_url="" if items else reverse("extranet:subscribe"),
            link_label="" if items else _("Subscribe to notices"),
        )
    ]
