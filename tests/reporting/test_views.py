"""The HTML report: who sees it, and what the planning group reads in it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ake.indicators import DrillItem, IndicatorResult
from reporting.models import IndicatorDefinition, IndicatorTarget, ManualValue

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (reverse("reporting:report_index"), reverse("reporting:report_year", args=[2024])):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_library_staff_are_refused(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("reporting:report_index")).status_code == 403
    assert client.get(reverse("reporting:report_year", args=[2024])).status_code == 403
    assert client.get(reverse("reporting:report_pdf", args=[2024, "fi"])).status_code == 403


def test_planning_group_lists_the_years(client, planning_member):
    client.force_login(planning_member)
    response = client.get(reverse("reporting:report_index"))
    assert response.status_code == 200
    this_year = timezone.localdate().year
    assert reverse("reporting:report_year", args=[2024]) in response.content.decode()
    assert reverse("reporting:report_year", args=[this_year]) in response.content.decode()


def test_future_years_and_nonsense_are_not_found(client, planning_member):
    client.force_login(planning_member)
    next_year = timezone.localdate().year + 1
    assert client.get(reverse("reporting:report_year", args=[next_year])).status_code == 404
    assert client.get(reverse("reporting:report_pdf", args=[2024, "de"])).status_code == 404


def test_year_page_shows_table_1_in_the_plans_grouping_with_status_as_text(
    client, planning_member, providers, counted_libraries
):
    ids = [library.pk for library in counted_libraries]
    providers.values("B1", {2024: 21, 2023: 17})
    providers.libraries("B2", {2024: set(ids[:9])})

    def b3(*, year, today):
        return IndicatorResult(
            value=Decimal(2),
            items=[
                DrillItem(label="Kirjastopäivä", date=datetime.date(2024, 3, 5), library_id=ids[0]),
                DrillItem(label="Yhteisöohjautuvuus", date=datetime.date(2024, 9, 12), library_id=ids[1]),
            ],
            extra={"distinct_persons": 2},
        )

    providers.add("B3", b3)
    client.force_login(planning_member)
    with timezone.override("Europe/Helsinki"):
        response = client.get("/fi" + reverse("reporting:report_year", args=[2024])[3:])
    html = response.content.decode()
    assert response.status_code == 200
    # Goals and actions of Table 1 head their rows, in the plan's order.
    goal1 = html.index("Toimialueen yleisten kirjastojen toiminnan vahvistumisen")
    goal2 = html.index("Henkilöstön osaamisen tukeminen")
    action = html.index("Monipuolisen ammatillisen täydennyskoulutuksen järjestäminen")
    assert goal1 < goal2 < action < html.index("Täydennyskoulutusten lukumäärä")
    # Status in words, not colour only; the target and the previous year beside the value.
    assert "ylitetty" in html  # B1: 21 > 20, in words
    assert "15–20" in html
    assert "90,0 %" in html  # 9 of 10 libraries
    # Drill-downs: the items counted and the libraries still missing.
    assert "Kirjastopäivä" in html and "Yhteisöohjautuvuus" in html
    missing = counted_libraries[9].name_fi
    assert missing in html[html.index('id="indicator-B2"') :]
    # Table 2 and the notes.
    assert "904102" in html and "4,00" in html
    assert "Nakkila" in html


def test_manual_value_is_marked_manual_with_who_entered_it(client, planning_member, providers):
    ManualValue.objects.create(
        indicator=IndicatorDefinition.objects.get(code="A1"),
        year=2024,
        value=1,
        note="Kestävä kehitys -hakemus",
        entered_by_name="Eero Editori",
    )
    client.force_login(planning_member)
    html = client.get(
        reverse("reporting:report_year", args=[2024]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Kestävä kehitys -hakemus" in html
    assert "Eero Editori" in html


def test_running_year_shows_value_so_far_scheduled_and_on_track(client, planning_member, providers):
    this_year = timezone.localdate().year
    IndicatorTarget.objects.create(
        indicator=IndicatorDefinition.objects.get(code="B1"), year=this_year, kind="range", low=15, high=20
    )
    providers.values("B1", {this_year: 9}, scheduled=Decimal(8))
    client.force_login(planning_member)
    response = client.get(f"/en/reports/{this_year}/")
    html = response.content.decode()
    assert "Value so far" in html
    assert "Scheduled" in html
    assert "on track" in html


def test_chart_is_an_svg_with_a_text_alternative(client, planning_member, providers):
    providers.items("C2", 2024, [datetime.date(2024, m, 3) for m in (1, 2, 2, 4, 9, 10, 11)])
    client.force_login(planning_member)
    html = client.get("/en/reports/2024/").content.decode()
    assert '<svg class="report-chart"' in html
    assert 'role="img"' in html
    assert "Feb 3" in html  # the cumulative figure at the end of February, in words
    assert "<script" not in html.split("</main>")[0].split('<main id="main"')[1]


def test_table2_marks_the_finnish_tasks_on_the_english_report(client, planning_member):
    """Issue #14: the plan has Table 2 in Finnish and Swedish only; the English report shows the Finnish
    text marked lang="fi" (a screen reader reads it in Finnish), the Swedish one its own text."""
    from django.utils import translation

    from reporting.models import StaffResource

    row = StaffResource.objects.filter(year=2024).order_by("order").first()
    assert row.main_tasks_fi and row.main_tasks_sv and not row.main_tasks_en
    client.force_login(planning_member)
    pages = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            pages[language] = client.get(reverse("reporting:report_year", args=[2024])).content.decode()
    table = {language: html.split('class="report-table2"', 1)[1] for language, html in pages.items()}
    assert f'<td lang="fi">{row.main_tasks_fi}</td>' in table["en"]
    assert f"<td>{row.main_tasks_sv}</td>" in table["sv"]
    assert f"<td>{row.main_tasks_fi}</td>" in table["fi"]


def test_drill_items_name_a_visited_library_in_the_readers_language(client, planning_member):
    """Issue #14: the Swedish report listed the libraries AKE visited by their Finnish names
    ("Loimaan kaupunginkirjasto" beside "Loimaa stadsbibliotek"); a name without an English one is
    the Finnish one, marked lang="fi"."""
    from django.utils import translation

    from networks.models import Library, LibraryVisit

    loimaa = Library.objects.get(name_fi="Loimaan kaupunginkirjasto")
    eura = Library.objects.filter(parent=None).exclude(pk=loimaa.pk).exclude(name_sv="").first()
    Library.objects.filter(pk=eura.pk).update(name_en="")
    for day, library in ((datetime.date(2024, 3, 5), loimaa), (datetime.date(2024, 4, 9), eura)):
        LibraryVisit.objects.create(date=day, place=library)
    client.force_login(planning_member)
    pages = {}
    for language in ("sv", "en"):
        with translation.override(language):
            pages[language] = client.get(reverse("reporting:report_year", args=[2024])).content.decode()
    assert f"<td>{loimaa.name_sv}</td>" in pages["sv"] and "Loimaan kaupunginkirjasto" not in pages["sv"]
    assert f"<td>{eura.name_sv}</td>" in pages["sv"]
    assert f"<td>{loimaa.name_en}</td>" in pages["en"]
    assert f'<td lang="fi">{eura.name_fi}</td>' in pages["en"]


def test_drill_items_name_an_event_in_the_readers_language(client, planning_member):
    """Issue #14: the Swedish report listed the year's events by their Finnish titles unmarked; an
    event with a Swedish title is named by it, one without by the Finnish title marked lang="fi"."""
    import re

    from django.utils import translation

    from tests.trainings.conftest import make_event

    start = timezone.make_aware(datetime.datetime(2024, 3, 5, 10))
    make_event(title_fi="Satutuokioiden koulutus", title_sv="Sagostundsutbildning", start=start)
    make_event(title_fi="Vain suomeksi -koulutus", title_sv="", title_en="", start=start)
    client.force_login(planning_member)
    pages = {}
    for language in ("fi", "sv"):
        with translation.override(language):
            pages[language] = client.get(reverse("reporting:report_year", args=[2024])).content.decode()

    def lang_before(page: str, text: str) -> set:
        """The lang attributes of the elements that open right before each place `text` is shown."""
        return {
            match.group(1) or ""
            for match in re.finditer(r'<(?:td|span)(?: lang="(\w+)")?>(?:<a [^>]*>)?' + re.escape(text), page)
        }

    assert lang_before(pages["sv"], "Sagostundsutbildning") == {""}
    assert "Satutuokioiden koulutus" not in pages["sv"]
    assert lang_before(pages["sv"], "Vain suomeksi -koulutus") == {"fi"}
    assert lang_before(pages["fi"], "Vain suomeksi -koulutus") == {""}


def test_a_funders_name_is_marked_with_its_language_in_the_drill_down(client, planning_member):
    """Issue #14: A1's drill-down named the funders unmarked, and a funder's name may be Swedish
    (Svenska kulturfonden) on a Finnish page or Finnish on a Swedish one: each is marked with the
    language it is written in where that is not the page's."""
    from django.utils import translation

    from networks.models import DevelopmentProject, FundingApplication

    project = DevelopmentProject.objects.create(name="Satutunnit kahdella kielellä", status="applied")
    for funder, language in (("Svenska kulturfonden", "sv"), ("Opetus- ja kulttuuriministeriö", "fi")):
        FundingApplication.objects.create(
            project=project, funder=funder, funder_language=language, submitted_on=datetime.date(2024, 3, 1)
        )
    client.force_login(planning_member)
    pages = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            pages[language] = client.get(reverse("reporting:report_year", args=[2024])).content.decode()
    assert '<td lang="sv">Svenska kulturfonden</td>' in pages["fi"]
    assert "<td>Opetus- ja kulttuuriministeriö</td>" in pages["fi"]
    assert "<td>Svenska kulturfonden</td>" in pages["sv"]
    assert '<td lang="fi">Opetus- ja kulttuuriministeriö</td>' in pages["sv"]
    assert '<td lang="sv">Svenska kulturfonden</td>' in pages["en"]


def test_the_pdf_list_marks_a_funders_name_too():
    """The PDF's list of items (not a table) marks the funder's name the same way."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from reporting.presentation import Item

    item = Item(label="Hanke", date=None, library="", url="", detail="Svenska kulturfonden", detail_lang="sv")
    row = type("Row", (), {"items": [item], "code": "A1"})()
    with translation.override("fi"):
        html = render_to_string("reporting/includes/drilldown.html", {"row": row, "collapsible": False})
    assert '· <span lang="sv">Svenska kulturfonden</span>' in html
