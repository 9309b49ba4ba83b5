"""Exporters and erasers of the personal data the loans app keeps (registered in networks.privacy).

A booking is the library's, not the person's: erasure removes the link to the person and keeps the
booking, so a kit's history and the yearly loan counts stay the same. An interlibrary-loan request
keeps its title and library (C7 counts its volumes) and loses the contact person.
"""

from django.db.models import Q

from .models import InterlibraryLoan, KitBooking, KitBookingEvent, KitReminder


def kit_bookings_export(user) -> list[dict]:
    return [
        {
            "kit": booking.kit.name_fi,
            "library": booking.library.name_fi,
            "pickup_date": booking.pickup_date.isoformat(),
            "return_date": booking.return_date.isoformat(),
            "status": booking.status,
            "notes": booking.notes,
            "booked_at": booking.created_at.isoformat(),
        }
        for booking in KitBooking.objects.filter(booked_by=user).select_related("kit", "library")
    ]


def kit_bookings_erase(user) -> None:
    # A refused reminder's error quotes the booker's address; the reminder row itself stays.
    KitReminder.objects.filter(booking__booked_by=user).exclude(last_error="").update(last_error="")
    KitBooking.objects.filter(booked_by=user).update(booked_by=None)
    KitBooking.objects.filter(decided_by=user).update(decided_by=None)
    KitBookingEvent.objects.filter(by=user).update(by=None)


def _requests_of(user):
    return InterlibraryLoan.objects.filter(Q(requested_by=user) | Q(contact_email__iexact=user.email))


def interlibrary_requests_export(user) -> list[dict]:
    return [
        {
            "title": loan.title,
            "library": loan.requesting_library_name,
            "contact_name": loan.contact_name,
            "contact_email": loan.contact_email,
            "requested_on": loan.requested_on.isoformat(),
            "status": loan.status,
        }
        for loan in _requests_of(user).select_related("library")
    ]


def interlibrary_requests_erase(user) -> None:
    _requests_of(user).update(requested_by=None, contact_name="", contact_email="")


def kit_reminder_errors(*, now, keep) -> int:
    """A refused reminder's error text quotes the booker's address; finished ones drop it."""
    return (
        KitReminder.objects.exclude(status=KitReminder.Status.PENDING)
        .exclude(last_error="")
        .filter(due_on__lt=(now - keep).date())
        .update(last_error="")
    )


def interlibrary_contacts(*, now, keep) -> int:
    """A finished request keeps its title, library and volumes for C7; the contact person goes."""
    cutoff = (now - keep).date()
    return (
        InterlibraryLoan.objects.filter(
            Q(status=InterlibraryLoan.Status.RETURNED, returned_on__lt=cutoff)
            | Q(status=InterlibraryLoan.Status.NOT_SUPPLIED, updated_at__lt=now - keep)
        )
        .filter(~Q(contact_name="") | ~Q(contact_email=""))
        .update(contact_name="", contact_email="")
    )
