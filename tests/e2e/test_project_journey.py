"""Journey (issue #18): an idea becomes a funded project with two pilot libraries signed up from the
public page. AKE records the idea and moves it through the status flow in the Wagtail admin with a
funding application; the staff of two libraries sign up on the project page (one in Finnish, one in
Swedish); AKE accepts both; the register and the project page show the pilots and their
municipalities; the year's report counts the application (A1) and the running project (A2)."""

import re

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse
from django.utils import timezone, translation

from networks.models import DevelopmentProject, FundingApplication, ProjectSignUp
from networks.roles import AKE_ADMINS
from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in, main_text

SECRET = "JBSWY3DPEHPK3PXP"
SAVE = "footer button.button-longrunning[type=submit]"
NAME = "Lukuintoa pieniin kirjastoihin"


def _totp_code() -> str:
    return format_hotp_value(hotp_value(SECRET, next(yield_hotp_counters_from_time())))


def _url(name, *args, language="fi"):
    with translation.override(language):
        return reverse(name, args=args)


_ADMIN_SESSIONS = {}


def _log_in_admin(page, admin):
    # allauth refuses a TOTP code used once already (replay protection), and the journey comes back to
    # the admin within the same 30-second step: AKE's admin comes back with the session of the first
    # login, as from a second browser tab.
    if admin.email in _ADMIN_SESSIONS:
        page.context.add_cookies(_ADMIN_SESSIONS[admin.email])
        return
    log_in(page, admin.email)
    if "/2fa/" in page.url or page.locator("#id_code").count():
        page.fill("#id_code", _totp_code())
        page.locator("main form button[type=submit], form button[type=submit]").first.click()
        page.wait_for_load_state("domcontentloaded")
    assert "/2fa/" not in page.url, main_text(page)
    _ADMIN_SESSIONS[admin.email] = page.context.cookies()


def _save(page, edit_url):
    page.locator(SAVE).first.click()
    page.wait_for_load_state("domcontentloaded")
    assert "Palvelinvirhe" not in page.content()


def _saved(page):
    """The edit view answers a good save by going back to the listing (or the edit view) with a success
    message; a refused one stays with its error banner."""
    assert page.locator(".messages .success, .messages [class*=success]").count() >= 1, main_text(page)


def test_an_idea_becomes_a_funded_project_with_two_pilot_libraries(page, journey, libraries):
    year = timezone.localdate().year
    admin = make_user("hankkeet@turku.fi", library=libraries["turku"], role=AKE_ADMINS, password=PASSWORD)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": SECRET})
    kaarina_staff = make_user("maija.virtanen@kaarina.fi", library=libraries["kaarina"], password=PASSWORD)
    pori_staff = make_user("anna.holm@pori.fi", library=libraries["pori"], password=PASSWORD)

    with journey.step("AKE records the idea"):
        _log_in_admin(page, admin)
        page.goto(page.base_url + reverse("development_projects:add"), wait_until="domcontentloaded")
        page.fill("#id_name_fi", NAME)
        page.fill("#id_name_sv", "Läslust i små bibliotek")
        page.fill("#id_description_fi", "Idea lukupiireistä pienten kuntien kirjastoihin.")
        assert page.locator("#id_status").input_value() == "idea"
        _save(page, None)
        _saved(page)
        project = DevelopmentProject.objects.get(name_fi=NAME)
        assert project.status == "idea"
        edit_url = page.base_url + reverse("development_projects:edit", args=[project.pk])

    with journey.step("an idea cannot jump to funded: the message is next to the status"):
        page.goto(edit_url, wait_until="domcontentloaded")
        page.select_option("#id_status", "funded")
        _save(page, edit_url)
        error = page.locator("[id$='status-errors'], [data-field-wrapper]:has(#id_status) .error-message")
        assert "Hanke ei voi siirtyä tilasta" in error.first.inner_text()
        project.refresh_from_db()
        assert project.status == "idea"

    with journey.step("being planned: the purpose and an objective"):
        page.goto(edit_url, wait_until="domcontentloaded")
        page.select_option("#id_status", "planned")
        page.fill("#id_purpose_fi", "Lukemisen ilo pienten kuntien lapsille.")
        page.locator("#id_objectives-ADD").click()
        page.fill("#id_objectives-0-objective_fi", "Lukupiirit")
        page.fill("#id_objectives-0-target_fi", "10 kirjastoa kokeilee toukokuuhun mennessä")
        _save(page, edit_url)
        _saved(page)
        project.refresh_from_db()
        assert project.status == "planned"

    with journey.step("application submitted: the funding application"):
        page.goto(edit_url, wait_until="domcontentloaded")
        page.select_option("#id_status", "applied")
        _save(page, edit_url)
        error = page.locator("[id$='status-errors'], [data-field-wrapper]:has(#id_status) .error-message")
        assert "Lisää ensin rahoitushakemus" in error.first.inner_text()
        page.locator("#id_applications-ADD").click()
        page.fill("#id_applications-0-funder", "Aluehallintovirasto")
        page.fill("#id_applications-0-submitted_on", f"{year}-01-10")
        page.fill("#id_applications-0-applied_amount", "12000")
        page.keyboard.press("Escape")
        _save(page, edit_url)
        _saved(page)
        project.refresh_from_db()
        assert project.status == "applied"
        application = FundingApplication.objects.get(project=project)
        assert (application.funder, application.submitted_on.year) == ("Aluehallintovirasto", year)

    with journey.step("funded: the decision"):
        page.goto(edit_url, wait_until="domcontentloaded")
        page.select_option("#id_status", "funded")
        page.select_option("#id_applications-0-decision", "funded")
        page.fill("#id_applications-0-decided_on", f"{year}-01-20")
        page.fill("#id_applications-0-granted_amount", "10000")
        page.keyboard.press("Escape")
        _save(page, edit_url)
        _saved(page)
        application.refresh_from_db()
        assert application.decision == "funded" and application.granted_amount == 10000

    with journey.step("running needs its start date: the message is next to the field"):
        page.goto(edit_url, wait_until="domcontentloaded")
        page.select_option("#id_status", "running")
        _save(page, edit_url)
        error = page.locator(
            "[id$='starts_on-errors'], [data-field-wrapper]:has(#id_starts_on) .error-message"
        )
        assert "toteutuskauden alkupäivä" in error.first.inner_text()
        project.refresh_from_db()
        assert project.status == "funded"

    with journey.step("running, the page public and the libraries invited"):
        page.select_option("#id_status", "running")
        page.fill("#id_starts_on", f"{year}-01-01")
        page.keyboard.press("Escape")
        page.check("#id_public")
        page.check("#id_sign_up_open")
        page.fill("#id_sign_up_opened_on", f"{year}-01-02")
        page.keyboard.press("Escape")
        _save(page, edit_url)
        _saved(page)
        project.refresh_from_db()
        assert (project.status, project.public, project.sign_up_open) == ("running", True, True)
        page.context.clear_cookies()

    with journey.step("Kaarina's staff sign their library up in Finnish"):
        log_in(page, kaarina_staff.email)
        page.goto(page.base_url + _url("project_detail", project.pk), wait_until="domcontentloaded")
        assert "Lukupiirit" in main_text(page)
        page.check("input[name=kind][value=pilot]")
        page.get_by_role("button", name="Ilmoita kirjastoni mukaan").click()
        page.wait_for_load_state("domcontentloaded")
        text = main_text(page)
        assert "Kaarinan kaupunginkirjasto" in text and "AKE vahvistaa" in text
        page.context.clear_cookies()

    with journey.step("Pori's staff sign their library up in Swedish"):
        log_in(page, pori_staff.email, language="sv")
        page.goto(
            page.base_url + _url("project_detail", project.pk, language="sv"), wait_until="domcontentloaded"
        )
        assert "Läslust i små bibliotek" in page.locator("h1").inner_text()
        page.check("input[name=kind][value=pilot]")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("domcontentloaded")
        text = main_text(page)
        assert "AKE bekräftar" in text, text
        page.context.clear_cookies()
    assert ProjectSignUp.objects.filter(project=project, status="pending").count() == 2

    with journey.step("AKE accepts both sign-ups"):
        _log_in_admin(page, admin)
        page.goto(edit_url, wait_until="domcontentloaded")
        for index in range(2):
            page.select_option(f"#id_sign_ups-{index}-status", "accepted")
        _save(page, edit_url)
        _saved(page)
        assert set(project.pilot_libraries.values_list("name_fi", flat=True)) == {
            "Kaarinan kaupunginkirjasto",
            "Porin kaupunginkirjasto",
        }

    with journey.step("the register shows the two pilots and their municipalities"):
        page.goto(page.base_url + _url("project_register"), wait_until="domcontentloaded")
        rows = {
            row.locator("th").inner_text(): row.inner_text() for row in page.locator("main tbody tr").all()
        }
        assert NAME in rows["Kaarinan kaupunginkirjasto"] and "Kaarina" in rows["Kaarinan kaupunginkirjasto"]
        assert NAME in rows["Porin kaupunginkirjasto"] and "Pori" in rows["Porin kaupunginkirjasto"]
        assert NAME not in rows["Turun kaupunginkirjasto"]

    with journey.step("the project page lists the pilot libraries"):
        page.goto(page.base_url + _url("project_detail", project.pk), wait_until="domcontentloaded")
        pilots = page.locator("main ul").filter(has_text="Kaarinan kaupunginkirjasto").inner_text()
        assert "Porin kaupunginkirjasto" in pilots

    with journey.step("the year's report counts the application (A1) and the running project (A2)"):
        page.goto(page.base_url + f"/fi/reports/{year}/", wait_until="domcontentloaded")
        for code in ("A1", "A2"):
            section = page.locator(f"#indicator-{code}")
            shown = re.sub(r"\s+", " ", section.inner_text())
            assert "Toteuma tähän mennessä: 1 " in shown, shown
            # The counted item (in the drill-down's list) is this project.
            assert NAME in section.text_content(), code
        assert "Aluehallintovirasto" in page.locator("#indicator-A1").text_content()
