"""Journey 5: an AKE editor creates an event in the Wagtail admin, publishes it, and marks the
attendance of a registered staff member in the admin checklist."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from networks.roles import AKE_EDITORS
from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in
from trainings import services
from trainings.models import Attendance, Event

SAVE = "footer button.button-longrunning[type=submit]"


def test_editor_creates_publishes_and_marks_attendance(page, journey, libraries):
    editor = make_user("toimittaja@turku.fi", library=libraries["turku"], role=AKE_EDITORS, password=PASSWORD)
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    title = "Kirjastoauton asiakaspalvelu"

    with journey.step("log in and open the events of the admin"):
        log_in(page, editor.email)
        page.goto(wait_until="domcontentloaded", url=page.base_url + reverse("trainings_event:index"))
        page.locator(f"a[href$='{reverse('trainings_event:add')}']").first.click()
        add_url = page.base_url + reverse("trainings_event:add")
        page.wait_for_url(add_url, wait_until="domcontentloaded")
    with journey.step("fill in the event as a draft and save it"):
        page.fill("#id_title_fi", title)
        page.select_option("#id_kind", "training")
        page.select_option("#id_format", "in_person")
        page.select_option("#id_language", "fi")
        page.fill("#id_start", start.strftime("%Y-%m-%d %H:%M"))
        page.fill("#id_end", (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"))
        page.keyboard.press("Escape")  # closes the date picker
        page.fill("#id_venue_fi", "Porin pääkirjasto")
        page.fill("#id_seats_on_site", "15")
        page.select_option("#id_status", "draft")
        page.locator(SAVE).first.click()
        page.wait_for_url(lambda url: url != add_url, wait_until="domcontentloaded")
        event = Event.objects.get(title=title)
        assert event.status == Event.Status.DRAFT
        assert event.created_by == editor
    with journey.step("the draft is not public"):
        assert page.request.get(f"{page.base_url}/fi/events/{event.pk}/").status == 404
    with journey.step("publish it"):
        edit_url = page.base_url + reverse("trainings_event:edit", args=[event.pk])
        page.goto(edit_url, wait_until="domcontentloaded")
        page.select_option("#id_status", "published")
        page.locator(SAVE).first.click()
        # Saved, Wagtail goes back to the list; a form with errors would stay.
        page.wait_for_url(lambda url: url != edit_url, wait_until="domcontentloaded")
        event.refresh_from_db()
        assert event.status == Event.Status.PUBLISHED
        assert page.request.get(f"{page.base_url}/fi/events/{event.pk}/").status == 200
    # A staff member registered while registration was open (set up by the service).
    staff = make_user(
        "henna.hakala@kaarina.fi", library=libraries["kaarina"], first_name="Henna", last_name="Hakala"
    )
    registration = services.registration_create(
        event=event,
        email=staff.email,
        first_name=staff.first_name,
        last_name=staff.last_name,
        library=libraries["kaarina"],
        user=staff,
    )
    with journey.step("mark the attendance in the checklist"):
        page.goto(
            wait_until="domcontentloaded",
            url=page.base_url + reverse("trainings_event:attendance", args=[event.pk]),
        )
        checkbox = page.get_by_label("Henna Hakala")
        assert not checkbox.is_checked()
        checkbox.check()
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(re.compile(r"/attendance/$"), wait_until="domcontentloaded")
        assert page.get_by_label("Henna Hakala").is_checked()
    attendance = Attendance.objects.get(event=event)
    assert (attendance.email, attendance.library, attendance.registration) == (
        staff.email,
        libraries["kaarina"],
        registration,
    )
    assert attendance.recorded_by == editor
