"""Theme weeks (issue 17): the yearly record with its preparatory event, the admin's warning when no
event prepares the week 3-6 weeks before, libraries telling that they took part (once, whatever the
concurrency), and the report's figure beside Table 1 (HTML, PDF's HTML, CSV, XLSX)."""

import csv
import datetime
import io
import threading

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from networks.models import Library
from networks.services import ServiceError
from tests.conftest import make_user
from trainings.models import Event, EventKind, ThemeWeek, ThemeWeekParticipation
from trainings.theme_weeks import participation_tell

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _week(starts=datetime.date(2026, 2, 2), **fields) -> ThemeWeek:
    defaults = {
        "name_fi": "Mediakasvatusviikko",
        "name_sv": "Mediefostransveckan",
        "name_en": "Media Education Week",
        "starts": starts,
        "ends": starts + datetime.timedelta(days=6),
        "national_url": "https://www.example.fi/mediakasvatusviikko",
    }
    defaults.update(fields)
    return ThemeWeek.objects.create(**defaults)


def _prep(days_before: int, starts=datetime.date(2026, 2, 2), **fields) -> Event:
    day = starts - datetime.timedelta(days=days_before)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return make_event(
        title="Mediakasvatusviikko – valmistautuminen",
        kind=EventKind.THEME_WEEK_PREPARATION,
        start=start,
        end=start + datetime.timedelta(hours=2),
        **fields,
    )


@pytest.mark.parametrize(
    ("days_before", "ok"), [(20, False), (21, True), (30, True), (42, True), (43, False), (-3, False)]
)
def test_the_preparatory_event_must_be_three_to_six_weeks_before(days_before, ok):
    week = _week(preparatory_event=_prep(days_before))
    assert (week.preparation_problem() == "") is ok


def test_no_or_a_cancelled_preparatory_event_is_a_problem():
    assert "Valmistavaa AKE-tapahtumaa ei ole linkitetty" in _week().preparation_problem()
    cancelled = _prep(30, status=Event.Status.CANCELLED)
    assert "on peruttu" in _week(preparatory_event=cancelled).preparation_problem()


def test_the_admin_warns_in_the_list_on_the_page_and_after_saving(client, editor):
    ok = _week(name_fi="Digitaitoviikko", starts=datetime.date(2026, 5, 11))
    ok.preparatory_event = _prep(28, starts=ok.starts)
    ok.save()
    unprepared = _week()
    client.force_login(editor)
    listing = client.get(reverse("trainings_theme_week:index")).content.decode()
    assert "Mediakasvatusviikko" in listing and "Digitaitoviikko" in listing
    assert "Valmistavaa AKE-tapahtumaa ei ole linkitetty" in listing
    edit = client.get(reverse("trainings_theme_week:edit", args=[unprepared.pk])).content.decode()
    assert "Valmistavaa AKE-tapahtumaa ei ole linkitetty" in edit
    response = client.post(
        reverse("trainings_theme_week:add"),
        {
            "name_fi": "Peliviikko",
            "name_sv": "Spelveckan",
            "name_en": "Games Week",
            "starts": "2026-11-16",
            "ends": "2026-11-22",
            "national_url": "",
            "preparatory_event": str(_prep(10, starts=datetime.date(2026, 11, 16)).pk),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "10 päivää ennen viikkoa" in response.content.decode()
    assert ThemeWeek.objects.filter(name_fi="Peliviikko").exists()


def test_the_admin_form_tells_a_week_ending_before_it_starts_by_the_field(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("trainings_theme_week:add"),
        {"name_fi": "Peliviikko", "starts": "2026-11-16", "ends": "2026-11-01", "national_url": "x"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"ends", "national_url"}, errors
    assert "Viikko ei voi päättyä ennen alkamistaan." in errors["ends"][0]


def test_a_staff_member_tells_that_their_library_took_part_once(client, staff_user, libraries):
    week = _week(starts=datetime.date(timezone.localdate().year, 2, 2))
    client.force_login(staff_user)
    url = reverse("trainings:theme_weeks")
    page = client.get(url).content.decode()
    assert "Mediakasvatusviikko" in page and "https://www.example.fi/mediakasvatusviikko" in page
    response = client.post(
        url, {"theme_week": week.pk, f"week-{week.pk}-note": "Mediataitoilta"}, follow=True
    )
    text = response.content.decode()
    assert "Kiitos" in text and "kertoi" in text
    told = ThemeWeekParticipation.objects.get()
    assert (told.library, told.note, told.reported_by) == (libraries["kaarina"], "Mediataitoilta", staff_user)
    # A colleague of the same library whose page was opened before: told by the form, no second row.
    colleague = make_user("kollega@kaarina.fi", library=libraries["kaarina"])
    with pytest.raises(ServiceError, match="on jo kertonut"):
        participation_tell(theme_week=week, library=libraries["kaarina"], user=colleague)
    assert ThemeWeekParticipation.objects.count() == 1
    swedish = client.get(f"/sv/events/theme-weeks/?year={week.starts.year}").content.decode()
    assert "Mediefostransveckan" in swedish and "Ditt bibliotek berättade" in swedish


def test_a_staff_member_withdraws_their_librarys_report(client, staff_user, other_library_user, libraries):
    week = _week(starts=datetime.date(timezone.localdate().year, 2, 2))
    participation_tell(theme_week=week, library=libraries["kaarina"], user=staff_user)
    participation_tell(theme_week=week, library=other_library_user.library, user=other_library_user)
    client.force_login(staff_user)
    url = reverse("trainings:theme_weeks")
    assert "Peru ilmoitus" in client.get(url).content.decode()
    response = client.post(url, {"withdraw": week.pk}, follow=True)
    assert "Ilmoitus peruttiin" in response.content.decode()
    # Only the staff member's own library's report goes; the other library still counts.
    assert list(ThemeWeekParticipation.objects.values_list("library", flat=True)) == [
        other_library_user.library_id
    ]
    # Nothing left to withdraw: told so, nothing else changes.
    response = client.post(url, {"withdraw": week.pk}, follow=True)
    assert "Kirjastollasi ei ollut ilmoitusta" in response.content.decode()
    assert ThemeWeekParticipation.objects.count() == 1


def test_bad_input_is_told_next_to_the_field_and_a_guest_cannot_tell(client, staff_user):
    week = _week(starts=datetime.date(timezone.localdate().year, 2, 2))
    client.force_login(staff_user)
    url = reverse("trainings:theme_weeks")
    for bad, message in (
        ("x" * 301, "enintään 300 merkkiä"),
        ("Ilta\x1b[31m", "näkymättömiä ohjausmerkkejä"),
    ):
        response = client.post(url, {"theme_week": week.pk, f"week-{week.pk}-note": bad})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not ThemeWeekParticipation.objects.exists()
    # An unknown or another year's week: back to the page with a message, no 500.
    response = client.post(url, {"theme_week": "999999"}, follow=True)
    assert response.status_code == 200 and "ei ole enää" in response.content.decode()
    guest = make_user("greta@hel.fi")
    client.force_login(guest)
    page = client.get(url).content.decode()
    assert "Vain alueen kirjastojen henkilökunta" in page and f"week-{week.pk}-note" not in page
    response = client.post(url, {"theme_week": week.pk, f"week-{week.pk}-note": ""})
    assert not ThemeWeekParticipation.objects.exists()
    assert "Vain alueen kirjastojen henkilökunta" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_tells_of_one_library_make_one_row(libraries):
    week = _week()
    library = libraries["pori"]
    results: list[str] = []
    barrier = threading.Barrier(8)

    def tell():
        try:
            barrier.wait()
            participation_tell(theme_week=week, library=library, user=None)
            results.append("told")
        except ServiceError:
            results.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=tell) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["already"] * 7 + ["told"]
    assert ThemeWeekParticipation.objects.filter(theme_week=week, library=library).count() == 1


def test_the_staff_page_reads_the_same_queries_at_two_sizes(client, staff_user):
    year = timezone.localdate().year
    organisations = list(Library.objects.organisations()[:5])
    client.force_login(staff_user)
    url = reverse("trainings:theme_weeks")
    counts = []
    for count in (3, 30):
        ThemeWeek.objects.all().delete()
        for index in range(count):
            week = _week(starts=datetime.date(year, 1, 5) + datetime.timedelta(days=7 * (index % 50)))
            ThemeWeekParticipation.objects.bulk_create(
                ThemeWeekParticipation(theme_week=week, library=library) for library in organisations
            )
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.content.decode().count('name="theme_week"') == count
        counts.append(len(captured))
    # The session, the user, the user's library, and the weeks with their counts and the library's
    # answer.
    assert counts[0] == counts[1] <= 4, counts


def test_the_report_shows_the_libraries_beside_table_1(client, planning_member, libraries):
    from reporting.exports import csv_bytes, xlsx_bytes
    from reporting.pdf import render_report_html
    from reporting.selectors import report_build

    year = 2025
    week = _week(starts=datetime.date(year, 2, 3))
    week.preparatory_event = _prep(28, starts=week.starts)
    week.save()
    senior = _week(
        name_fi="Senior Surf", name_sv="Senior Surf", name_en="Senior Surf", starts=datetime.date(year, 10, 6)
    )
    branch = Library.objects.filter(parent__isnull=False).first()
    for library in (libraries["turku"], libraries["pori"]):
        ThemeWeekParticipation.objects.create(theme_week=week, library=library)
    ThemeWeekParticipation.objects.create(theme_week=senior, library=branch)
    data = report_build(year=year, today=datetime.date(2026, 1, 10))
    rows = data["beside"]["theme_weeks"]
    assert [row["name"]["fi"] for row in rows] == ["Mediakasvatusviikko", "Senior Surf"]
    assert rows[0]["preparation_ok"] and not rows[1]["preparation_ok"]
    # A branch counts for its library organisation.
    assert rows[1]["library_ids"] == [branch.organisation_id]
    counted = len(data["counted_library_ids"])

    client.force_login(planning_member)
    page = client.get(f"/fi/reports/{year}/").content.decode()
    assert "Teemaviikot" in page and "Mediakasvatusviikko" in page
    assert f"2 / {counted} kirjastoa" in page
    swedish = client.get(f"/sv/reports/{year}/").content.decode()
    assert "Mediefostransveckan" in swedish and "Temaveckor" in swedish
    pdf_html = render_report_html(data, language="sv")
    assert "Mediefostransveckan" in pdf_html and "inte 3–6 veckor före" in pdf_html

    from django.utils import translation

    with translation.override("fi"):
        lines = list(csv.reader(io.StringIO(csv_bytes(data).decode("utf-8-sig"))))
        workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(data)))
    assert lines[25] == [] and lines[26][0] == "Teemaviikko"
    assert lines[27][:5] == ["Mediakasvatusviikko", "3.2.–9.2.2025", lines[27][2], "kyllä", "2"]
    assert lines[-1][0] == "Vähintään yhdellä teemaviikolla"
    sheet = workbook["Teemaviikot"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "Mediakasvatusviikko" and values[1][4] == 2
    assert "Porin kaupunginkirjasto" in values[1][6]
