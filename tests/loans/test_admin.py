"""AKE handles bookings and interlibrary loans in the Wagtail admin."""

import pytest
from django.urls import reverse

from loans.models import InterlibraryLoan, Kit, KitBooking, KitBookingEvent
from loans.services import kit_booking_create, kit_booking_hand_over

from .conftest import COLLECTED, days, make_kit

pytestmark = pytest.mark.django_db


def book(kit, user, pickup, return_, today=None):
    return kit_booking_create(
        kit=kit,
        library=user.library,
        booked_by=user,
        pickup_date=pickup,
        return_date=return_,
        delivery=COLLECTED,
        today=today,
    )


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def test_library_staff_cannot_open_the_lending_admin(client, staff_user, kit):
    client.force_login(staff_user)
    response = client.get(reverse("kit_bookings:index"))
    assert response.status_code in (302, 403)
    response = client.post(reverse("kit_bookings:approve", args=[1]))
    assert response.status_code in (302, 403, 404)


def test_booking_list_filters_and_search(admin_client, kit, staff_user, other_library_user, today):
    book(kit, staff_user, days(today, 10), days(today, 12))
    book(kit, other_library_user, days(today, 20), days(today, 22))
    response = admin_client.get(reverse("kit_bookings:index"), {"q": "Pori"})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 1
    response = admin_client.get(reverse("kit_bookings:index"), {"status": "confirmed", "overdue": "false"})
    assert len(response.context["object_list"]) == 2


def test_approve_and_refuse_a_request(admin_client, kit, staff_user, editor, today):
    request = book(kit, staff_user, days(today, 1), days(today, 2))
    url = reverse("kit_bookings:refuse", args=[request.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"reason": ""})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == KitBooking.Status.REQUESTED
    response = admin_client.post(reverse("kit_bookings:approve", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == KitBooking.Status.CONFIRMED and request.decided_by == editor
    # Approving twice is refused with a message, not a server error.
    response = admin_client.post(reverse("kit_bookings:approve", args=[request.pk]))
    assert response.status_code == 400


def test_hand_over_and_return_with_missing_contents(admin_client, game_rule, staff_user, today):
    kit = make_kit(contents="Pelilauta\nNopat (6)\nOhjekirja")
    booking = book(kit, staff_user, days(today, 5), days(today, 10))
    assert admin_client.post(reverse("kit_bookings:hand_over", args=[booking.pk])).status_code == 302
    url = reverse("kit_bookings:return", args=[booking.pk])
    page = admin_client.get(url)
    assert "Nopat (6)" in page.content.decode()
    response = admin_client.post(
        url,
        {
            "returned_on": days(today, 6).isoformat(),
            "missing_items": ["Nopat (6)"],
            "missing_other": "Yksi pelinappula",
            "condition_notes": "Laatikon kulma revennyt",
        },
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == KitBooking.Status.RETURNED
    assert booking.missing_contents == "Nopat (6); Yksi pelinappula"
    assert booking.condition_notes == "Laatikon kulma revennyt"


def test_overdue_list_shows_kits_not_returned_in_time(admin_client, kit, staff_user, editor, today):
    late = book(kit, staff_user, days(today, -10), days(today, -3), today=days(today, -20))
    kit_booking_hand_over(booking=late, by=editor)
    book(kit, staff_user, days(today, 10), days(today, 12))
    response = admin_client.get(reverse("kit_bookings:overdue"))
    assert response.status_code == 200
    assert list(response.context["bookings"]) == [late]
    filtered = admin_client.get(reverse("kit_bookings:index"), {"overdue": "true"})
    assert list(filtered.context["object_list"]) == [late]


def test_admin_booking_goes_through_the_service_and_explains_a_clash(
    admin_client, kit, staff_user, libraries, today
):
    book(kit, staff_user, days(today, 10), days(today, 14))
    data = {
        "kit": kit.pk,
        "library": libraries["pori"].pk,
        "pickup_date": days(today, 12).isoformat(),
        "return_date": days(today, 13).isoformat(),
        "delivery": "collected",
        "notes": "",
    }
    response = admin_client.post(reverse("kit_bookings:add"), data)
    assert response.status_code == 200
    assert KitBooking.objects.count() == 1
    assert "booked" in response.content.decode() or "varattu" in response.content.decode()
    data.update(pickup_date=days(today, 20).isoformat(), return_date=days(today, 22).isoformat())
    response = admin_client.post(reverse("kit_bookings:add"), data)
    assert response.status_code == 302
    created = KitBooking.objects.get(library=libraries["pori"])
    assert created.status == KitBooking.Status.CONFIRMED and created.blocked_end == days(today, 24)


def test_kit_admin_pages_and_history(admin_client, kit, staff_user, editor, today):
    booking = book(kit, staff_user, days(today, -10), days(today, -3), today=days(today, -20))
    kit_booking_hand_over(booking=booking, by=editor)
    assert admin_client.get(reverse("loans_kits:index")).status_code == 200
    assert admin_client.get(reverse("loans_kits:edit", args=[kit.pk])).status_code == 200
    response = admin_client.get(reverse("loans_kits:loans", args=[kit.pk]))
    assert response.status_code == 200
    assert response.context["yearly_loans"] == [(days(today, -10).year, 1)]
    assert str(KitBookingEvent.Kind.HANDED_OVER.label) in response.content.decode()


def test_interlibrary_loan_actions(admin_client, libraries, today):
    loan = InterlibraryLoan.objects.create(title="Seitsemän veljestä", library=libraries["kaarina"])
    url = reverse("interlibrary_loans:send", args=[loan.pk])
    response = admin_client.post(
        url, {"sent_on": today.isoformat(), "volumes": 2, "shipping_method": "post", "postage_cost": "7.90"}
    )
    assert response.status_code == 302
    loan.refresh_from_db()
    assert (loan.status, loan.volumes, str(loan.postage_cost)) == ("sent", 2, "7.90")
    response = admin_client.post(
        reverse("interlibrary_loans:return", args=[loan.pk]), {"returned_on": days(today, -1).isoformat()}
    )
    assert response.status_code == 400  # before the date sent
    assert admin_client.get(reverse("interlibrary_loans:index"), {"status": "sent"}).status_code == 200


def test_admin_edit_changes_dates_through_the_service(admin_client, kit, staff_user, today):
    booking = book(kit, staff_user, days(today, 10), days(today, 14))
    url = reverse("kit_bookings:edit", args=[booking.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "pickup_date": days(today, 11).isoformat(),
            "return_date": days(today, 16).isoformat(),
            "delivery": "courier",
            "notes": "Siirretty",
        },
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.return_date, booking.blocked_end) == (days(today, 16), days(today, 19))
    assert admin_client.get(reverse("kit_bookings:inspect", args=[booking.pk])).status_code == 200


def test_interlibrary_loan_form_explains_missing_library_and_sent_date(admin_client, today):
    data = {
        "title": "Kirja",
        "requested_on": today.isoformat(),
        "status": "sent",
        "volumes": 1,
        "postage_cost": "0",
        # The languages of the free texts, which the form starts at the writer's profile language.
        "notes_language": "fi",
        "reason_language": "fi",
    }
    response = admin_client.post(reverse("interlibrary_loans:add"), data)
    assert response.status_code == 200
    errors = " ".join(str(error) for error in response.context["form"].non_field_errors())
    assert "registry" in errors or "rekisterin" in errors
    data.update(outside_library="Helsingin kaupunginkirjasto")
    response = admin_client.post(reverse("interlibrary_loans:add"), data)
    errors = " ".join(str(error) for error in response.context["form"].non_field_errors())
    assert "sent" in errors or "lähetys" in errors or "lähetetty" in errors
    data.update(sent_on=today.isoformat())
    assert admin_client.post(reverse("interlibrary_loans:add"), data).status_code == 302
    assert InterlibraryLoan.objects.get().outside_library == "Helsingin kaupunginkirjasto"


def test_kit_is_created_in_the_admin_with_an_instructions_document(admin_client, game_rule):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document.objects.create(
        title="Pelisalkun ohje", file=ContentFile(b"%PDF-1.4", name="ohje.pdf")
    )
    data = {
        "name_fi": "Lautapelisalkku",
        "name_sv": "Brädspelsväska",
        "kit_type": "game",
        "description_fi": "Lautapelejä",
        "description_sv": "",
        "target_group_fi": "Perheet",
        "target_group_sv": "",
        "contents_fi": "Peli 1\nPeli 2",
        "default_loan_days": 21,
        "active": "on",
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
        "photos-MIN_NUM_FORMS": 0,
        "photos-MAX_NUM_FORMS": 1000,
        "documents-TOTAL_FORMS": 1,
        "documents-INITIAL_FORMS": 0,
        "documents-MIN_NUM_FORMS": 0,
        "documents-MAX_NUM_FORMS": 1000,
        "documents-0-document": document.pk,
        "documents-0-label_fi": "Ohje",
        "documents-0-ORDER": 1,
        "documents-0-DELETE": "",
        "documents-0-id": "",
    }
    response = admin_client.post(reverse("loans_kits:add"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    kit = Kit.objects.get(name_fi="Lautapelisalkku")
    assert kit.contents_list == ["Peli 1", "Peli 2"]
    assert [doc.title for doc in kit.documents.all()] == ["Ohje"]
    page = admin_client.get(reverse("loans:kit_detail", args=[kit.pk]))
    assert "Ohje" in page.content.decode()
