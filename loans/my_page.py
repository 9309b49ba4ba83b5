"""The loans app's section of a staff member's "My page" (ake/my_page.py): my library's kit bookings."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ake.my_page import Item, Section

from .selectors import kit_booking_list_for_library_current

# The page lists so many; "My library's bookings" has them all.
SHOWN = 8


def my_page(*, user, now) -> list[Section]:
    if not user.library_id:
        return []
    today = timezone.localdate(now)
    items = []
    for booking in kit_booking_list_for_library_current(library=user.library_id)[:SHOWN]:
        item = Item(
            text=booking.kit.name,
            url=reverse("loans:kit_detail", args=[booking.kit_id]),
            detail=f"{date_format(booking.pickup_date, 'SHORT_DATE_FORMAT')}–"
            f"{date_format(booking.return_date, 'SHORT_DATE_FORMAT')}",
            badge=str(booking.get_status_display()),
        )
        if booking.status == booking.Status.HANDED_OVER and booking.return_date < today:
            item.badge, item.attention = str(_("overdue")), True
        items.append(item)
    return [
        Section(
            key="kits",
            order=30,
            title=_("My library's kit bookings"),
            items=items,
            empty_text=_("Your library has no kit bookings ahead."),
            link_url=reverse("loans:my_bookings"),
            link_label=_("All bookings of my library"),
        )
    ]
