"""What AKE's admin says (issue #15, item 16): yes/no in words, the participants' attendance in the
export, and a sentence saying what happened after an action on a kit booking."""

import csv
import io
import re

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import formats, translation

from tests.loans.conftest import days, ensure_game_rule, make_kit
from tests.trainings.conftest import make_event
from trainings import services as training_services
from trainings.models import Attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def _fi(msgid: str) -> str:
    with translation.override("fi"):
        return translation.gettext(msgid)


def test_a_training_wish_shows_handled_in_words(admin_client):
    from extranet.models import TrainingWish

    wish = TrainingWish.objects.create(text="Pelikasvatusta lapsille")
    html = admin_client.get(reverse("training_wishes:inspect", args=[wish.pk])).content.decode()
    assert "False" not in html and _fi("No") in html
    wish.handled = True
    wish.save()
    html = admin_client.get(reverse("training_wishes:inspect", args=[wish.pk])).content.decode()
    assert "True" not in html and _fi("Yes") in html


def test_listings_say_yes_and_no_in_words(admin_client):
    """Found on a walk: the training wishes' list read "Käsitelty: False" (and the book fairs' "True")."""
    from extranet.models import TrainingWish
    from networks.models import BookFair

    TrainingWish.objects.create(text="Pelikasvatusta lapsille")
    BookFair.objects.create(year=2026, planned=True, done=False)
    for url in (reverse("training_wishes:index"), reverse("book_fairs:index")):
        html = admin_client.get(url).content.decode()
        cells = [" ".join(cell.split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)]
        assert "False" not in cells and "True" not in cells, url
        assert _fi("No") in cells, url
    assert _fi("Yes") in cells


def test_a_register_export_says_yes_and_no_in_csv(admin_client):
    from networks.models import BookFair

    BookFair.objects.create(year=2026, planned=True, done=False)
    response = admin_client.get(reverse("book_fairs:index") + "?export=csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    row = next(row for row in rows if "2026" in row)
    assert "True" not in row and "False" not in row
    assert _fi("Yes") in row and _fi("No") in row


def test_the_participant_export_tells_who_attended(admin_client, libraries):
    event = make_event(seats_on_site=5)
    for email in ("tuli@turku.fi", "ei.tullut@turku.fi"):
        training_services.registration_create(
            event=event, email=email, first_name="Etu", last_name="Suku", library=libraries["turku"]
        )
    Attendance.objects.create(event=event, email="tuli@turku.fi", library=libraries["turku"])
    text = admin_client.get(reverse("trainings_event:export", args=[event.pk, "csv"])).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    column = header.index(_fi("attended"))
    by_email = {row[header.index(_fi("email address"))]: row[column] for row in rows[1:]}
    assert by_email == {"tuli@turku.fi": _fi("yes"), "ei.tullut@turku.fi": _fi("no")}
    workbook = admin_client.get(reverse("trainings_event:export", args=[event.pk, "xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    assert _fi("attended") in [cell.value for cell in sheet[1]]


def test_after_a_hand_over_the_message_says_what_happened(admin_client, staff_user):
    from loans.services import kit_booking_create

    ensure_game_rule()
    kit = make_kit("Pelisalkku")
    today = formats.datetime.date.today()
    booking = kit_booking_create(
        kit=kit,
        library=staff_user.library,
        booked_by=staff_user,
        pickup_date=days(today, 5),
        return_date=days(today, 10),
        delivery="courier",
    )
    response = admin_client.post(reverse("kit_bookings:hand_over", args=[booking.pk]))
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Pelisalkku" in message and staff_user.library.name in message
    assert formats.date_format(days(today, 10), "SHORT_DATE_FORMAT") in message
    with translation.override("fi"):
        assert not message.startswith(translation.gettext("Hand over"))


def test_admin_templates_hide_screen_reader_texts_with_the_admins_own_class():
    """Wagtail's admin styles hide text for screen readers with `w-sr-only`; the site's
    `visually-hidden` is not loaded there, so a participant's name meant only for screen readers
    ("Cancel <name>") showed on every button of the participant list."""
    from pathlib import Path

    from django.conf import settings

    admin_templates = [
        path
        for path in Path(settings.BASE_DIR).glob("*/templates/**/*.html")
        if "admin" in path.relative_to(settings.BASE_DIR).parts[2:-1] or "wagtailadmin" in path.read_text()
    ]
    assert len(admin_templates) > 10
    assert [str(path) for path in admin_templates if 'class="visually-hidden"' in path.read_text()] == []
