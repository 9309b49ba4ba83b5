import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from trainings import services
from trainings.models import Attendance, Event, EventMail, PickupPoint, Registration, ScheduledMailing

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def _register(event, email, library, **extra):
    return services.registration_create(
        event=event,
        email=email,
        first_name="Etu",
        last_name=email.split("@")[0].title(),
        library=library,
        **extra,
    )


def _form_data(**overrides):
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=20)).replace(microsecond=0)
    data = {
        "title": "Digitaidot ikäihmisille",
        "summary": "",
        "description": '{"blocks":[],"entityMap":{}}',
        "kind": "training",
        "format": "hybrid",
        "language": "fi",
        "audiences": ["all_staff", "special_services"],
        "theme_fi": "Digituki",
        "organiser_fi": "AKE",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "registration_required": "on",
        "seats_on_site": "20",
        "seats_remote": "50",
        "offer_hours": "48",
        "reminder_hours_before": "24",
        "feedback_hours_after": "2",
        "feedback_enabled": "on",
        "purge_days_after": "90",
        "status": "published",
        "pickup_points-TOTAL_FORMS": "1",
        "pickup_points-INITIAL_FORMS": "0",
        "pickup_points-MIN_NUM_FORMS": "0",
        "pickup_points-MAX_NUM_FORMS": "1000",
        "pickup_points-0-name": "Salon linja-autoasema",
        "pickup_points-0-seats": "8",
        "pickup_points-0-ORDER": "1",
        "registration_questions-TOTAL_FORMS": "0",
        "registration_questions-INITIAL_FORMS": "0",
        "registration_questions-MIN_NUM_FORMS": "0",
        "registration_questions-MAX_NUM_FORMS": "1000",
        "viewing_rooms-TOTAL_FORMS": "0",
        "viewing_rooms-INITIAL_FORMS": "0",
        "viewing_rooms-MIN_NUM_FORMS": "0",
        "viewing_rooms-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    # The event's texts are asked in Finnish, Swedish and English (modeltranslation): a plain text
    # here is the Finnish one.
    for name in ("title", "summary", "description", "venue", "cancellation_reason"):
        if name in data:
            data[f"{name}_fi"] = data.pop(name)
    for key in [key for key in data if key.startswith("pickup_points-") and key.endswith("-name")]:
        data[f"{key}_fi"] = data.pop(key)
    return data


def test_events_are_created_and_edited_in_the_wagtail_admin(admin_client, editor):
    response = admin_client.post(reverse("trainings_event:add"), _form_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Digitaidot ikäihmisille")
    assert event.created_by == editor and event.audiences == ["all_staff", "special_services"]
    assert event.pickup_points.get().name == "Salon linja-autoasema"
    reminder = ScheduledMailing.objects.get(event=event, kind="reminder")
    edit_page = admin_client.get(reverse("trainings_event:edit", args=[event.pk])).content.decode()
    assert reverse("trainings_event:participants", args=[event.pk]) in edit_page

    later = timezone.localtime(event.start + datetime.timedelta(days=1))
    data = _form_data(
        start=later.strftime("%Y-%m-%d %H:%M"),
        end=(later + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        **{
            "pickup_points-INITIAL_FORMS": "1",
            "pickup_points-0-id": str(event.pickup_points.get().pk),
        },
    )
    response = admin_client.post(reverse("trainings_event:edit", args=[event.pk]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    reminder.refresh_from_db()
    assert event.sequence == 1
    assert reminder.due_at == event.start - datetime.timedelta(hours=24)


def test_listing_filters_and_search(admin_client):
    make_event(title="Pelikasvatuksen perusteet", kind="training")
    make_event(title="Etäkahvit", kind="coffee_hour", format="remote")
    index = reverse("trainings_event:index")
    page = admin_client.get(index + "?kind=coffee_hour").content.decode()
    assert "Etäkahvit" in page and "Pelikasvatuksen" not in page
    page = admin_client.get(index + "?q=Pelikasvatuksen").content.decode()
    assert "Pelikasvatuksen perusteet" in page and "Etäkahvit" not in page
    page = admin_client.get(index).content.decode()
    assert reverse("trainings_event:participants", args=[Event.objects.first().pk]) in page


def test_library_staff_cannot_use_the_event_admin(client, staff_user):
    event = make_event()
    client.force_login(staff_user)
    response = client.get(reverse("trainings_event:participants", args=[event.pk]))
    assert response.status_code in (302, 403)


def test_participants_page_shows_registrations_and_the_waitlist_and_adds_people(admin_client, libraries):
    event = make_event(seats_on_site=1)
    _register(event, "eka@turku.fi", libraries["turku"])
    _register(event, "toka@pori.fi", libraries["pori"])
    url = reverse("trainings_event:participants", args=[event.pk])
    page = admin_client.get(url).content.decode()
    assert "eka@turku.fi" in page and "toka@pori.fi" in page

    response = admin_client.post(
        url,
        {
            "action": "add",
            "add-first_name": "Kolmas",
            "add-last_name": "Henkilö",
            "add-email": "Kolmas@Kaarina.fi",
            "add-library": libraries["kaarina"].pk,
            "add-participation": "on_site",
        },
    )
    assert response.status_code == 302
    added = Registration.objects.get(email="kolmas@kaarina.fi")
    assert added.status == "waitlisted" and added.source == "ake"


def _csv_upload(rows, name="osallistujat.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def test_participant_import_is_all_or_nothing_with_row_errors(admin_client, libraries):
    event = make_event(seats_on_site=2)
    url = reverse("trainings_event:participants", args=[event.pk])
    bad = _csv_upload(
        [
            ["Nimi", "Sähköposti", "Kirjasto"],
            ["Aino Aaltonen", "aino@turku.fi", "Turun kaupunginkirjasto"],
            ["", "rikki", "Tuntematon kirjasto"],
            ["Eero Laine", "eero@pori.fi", "Pori"],
        ]
    )
    response = admin_client.post(url, {"action": "import", "import-file": bad})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tuntematon kirjasto" in page and "rikki" in page
    assert not Registration.objects.exists()

    good = _csv_upload(
        [
            ["Aino Aaltonen", "aino@turku.fi", "Turun kaupunginkirjasto"],
            ["Eero Laine", "eero@pori.fi", "Pori"],
            ["Linnea Nyberg", "linnea@pargas.fi", "Paraisten kaupunginkirjasto"],
        ]
    )
    response = admin_client.post(url, {"action": "import", "import-file": good})
    assert response.status_code == 302
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    assert Registration.objects.get(email="eero@pori.fi").library == libraries["pori"]


def test_a_row_the_service_refuses_rolls_back_the_whole_import(admin_client, libraries):
    event = make_event(seats_on_site=5)
    _register(event, "jo@turku.fi", libraries["turku"])
    workbook = openpyxl.Workbook()
    workbook.active.append(["Uusi Henkilö", "uusi@turku.fi", "Turun kaupunginkirjasto"])
    workbook.active.append(["Jo Ilmoittautunut", "jo@turku.fi", "Turun kaupunginkirjasto"])
    output = io.BytesIO()
    workbook.save(output)
    upload = SimpleUploadedFile("lista.xlsx", output.getvalue())
    response = admin_client.post(
        reverse("trainings_event:participants", args=[event.pk]), {"action": "import", "import-file": upload}
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(email="uusi@turku.fi").exists()


def test_attendance_checklist_and_remote_list_in_the_admin(admin_client, libraries):
    event = make_event(seats_on_site=5, start=timezone.now() - datetime.timedelta(hours=5))
    first = _register(event, "a@turku.fi", libraries["turku"], source="ake")
    second = _register(event, "b@pori.fi", libraries["pori"], source="ake")
    url = reverse("trainings_event:attendance", args=[event.pk])
    page = admin_client.get(url).content.decode()
    assert first.full_name in page and second.full_name in page and "checked" not in page
    admin_client.post(url, {"action": "checklist", "listed": [first.pk, second.pk], "present": [first.pk]})
    assert list(Attendance.objects.values_list("email", flat=True)) == ["a@turku.fi"]
    response = admin_client.post(
        url,
        {"action": "import", "import-emails": "b@pori.fi\nA@turku.fi\n", "import-participation": "remote"},
    )
    assert response.status_code == 302
    assert Attendance.objects.count() == 2
    page = admin_client.get(url).content.decode()
    assert page.count("checked") == 2


def test_exports_for_name_lists_and_transport(admin_client, libraries):
    event = make_event(seats_on_site=5, kind="study_trip")
    point = PickupPoint.objects.create(event=event, name="Rauman tori", seats=5)
    _register(event, "matkaaja@turku.fi", libraries["turku"], diet="laktoositon", pickup_point=point)
    response = admin_client.get(reverse("trainings_event:export", args=[event.pk, "csv"]))
    text = response.content.decode("utf-8-sig")
    assert "matkaaja@turku.fi" in text and "laktoositon" in text and "Rauman tori" in text
    response = admin_client.get(reverse("trainings_event:export", args=[event.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "matkaaja@turku.fi" in values and "Rauman tori" in values
    page = admin_client.get(reverse("trainings_event:transport", args=[event.pk])).content.decode()
    assert "Rauman tori" in page and "Matkaaja" in page


def test_copy_an_event_as_a_draft(admin_client, libraries):
    event = make_event(seats_on_site=5)
    PickupPoint.objects.create(event=event, name="Uusikaupunki", seats=3)
    _register(event, "x@turku.fi", libraries["turku"])
    response = admin_client.post(reverse("trainings_event:duplicate", args=[event.pk]))
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response["Location"] == reverse("trainings_event:edit", args=[copy.pk])
    assert copy.status == "draft" and copy.uid != event.uid and copy.sequence == 0
    assert copy.pickup_points.get().name == "Uusikaupunki"
    assert not copy.registrations.exists()


def test_cancel_from_the_admin_notifies_registrants(
    admin_client, libraries, mailbox, django_capture_on_commit_callbacks
):
    event = make_event(seats_on_site=5)
    _register(event, "x@turku.fi", libraries["turku"])
    EventMail.objects.update(status="sent")
    url = reverse("trainings_event:cancel", args=[event.pk])
    assert "1" in admin_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"reason": "Liian vähän ilmoittautuneita."})
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert [m["X-Envelope-To"] for m in mailbox.wait_for(1)] == ["x@turku.fi"]


def test_feedback_results_page(admin_client, libraries):
    event = make_event(start=timezone.now() - datetime.timedelta(days=1))
    emails = [f"f{i}@turku.fi" for i in range(3)]
    for email in emails:
        _register(event, email, libraries["turku"], source="ake")
    services.attendance_import(event=event, emails=emails, recorded_by=None)
    for email, rating in zip(emails, (5, 4, 4), strict=True):
        services.feedback_submit(event=event, email=email, overall=rating, answers={})
    page = admin_client.get(reverse("trainings_event:feedback", args=[event.pk])).content.decode()
    assert "4.33" in page or "4,33" in page
    assert "100.0" in page or "100,0" in page


def test_every_row_of_the_event_listing_offers_its_own_actions(client, editor):
    """Each row's "More options" menu lists every action with links to that row's event; the menu
    is built and rendered once per listing and each row's pk and title put in (ake/admin_listing.py):
    the markup is Wagtail's own for each row."""
    from ake.admin_listing import FastRowsMixin, SharedRowButton
    from trainings.viewsets import EVENT_PAGES, _event_page_url

    events = [
        make_event(title="Pelikasvatuksen perusteet"),
        make_event(title="Lasten <kirjallisuus> & \"satu\" 'ilta'"),
    ]
    client.force_login(editor)
    response = client.get(reverse("trainings_event:index"))
    page = response.content.decode()
    for event in events:
        assert escape(event.title) in page
        for view in ("edit", "inspect", "delete"):
            assert f'href="{reverse(f"trainings_event:{view}", args=[event.pk])}"' in page
        for _label, view, _icon, _rank in EVENT_PAGES:
            assert f'href="{escape(_event_page_url(event, view))}"' in page

    # The same HTML as Wagtail renders each row's buttons itself (built for that row's event).
    view = response.context["view"]
    context = {"request": response.wsgi_request}
    for event in events:
        fast = sorted(view.get_list_buttons(event))
        assert all(isinstance(button, SharedRowButton) for button in fast)
        wagtail = sorted(super(FastRowsMixin, view).get_list_buttons(event))
        assert [str(b.render_html(context)) for b in fast] == [str(b.render_html(context)) for b in wagtail]
    assert len(view._shared_row_buttons[1]) == 1  # the menu rendered once for both rows


def test_the_event_listing_is_the_html_wagtail_renders(client, editor, monkeypatch):
    """FastRowsMixin (ake/admin_listing.py) writes the rows in Python: the page is the one Wagtail's
    templates give, but for whitespace."""
    import re

    from ake.admin_listing import FastRowsMixin

    make_event(title="Pelikasvatuksen perusteet", kind="training")
    make_event(title="Etäkahvit & <keskustelu>", kind="coffee_hour", format="remote", status="draft")
    client.force_login(editor)
    url = reverse("trainings_event:index")

    def normalized(html: str) -> str:
        html = re.sub(
            r'"CSRF_TOKEN": "[^"]*"|nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', "", html
        )
        return re.sub(r"\s+", " ", re.sub(r"\s*([<>])\s*", r"\1", html))

    fast = normalized(client.get(url).content.decode())
    for name in ("get_table", "columns", "get_list_buttons", "get_edit_url", "get_inspect_url"):
        monkeypatch.delattr(FastRowsMixin, name)
    monkeypatch.delattr(FastRowsMixin, "get_delete_url")
    assert fast == normalized(client.get(url).content.decode())
    assert "Etäkahvit &amp; &lt;keskustelu&gt;" in fast
