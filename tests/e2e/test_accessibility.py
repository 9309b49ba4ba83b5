"""axe-core on every page type of the issue, in Finnish, Swedish and English: no serious or critical
violation, and the minor ones printed in the test output.

One test per language (public pages first, then the same browser logged in): every live-server
test costs a database restore afterwards, so the pages share one."""

import pytest
from django.utils import timezone

from networks.roles import PLANNING_GROUP
from tests.conftest import make_user
from tests.e2e.conftest import axe_violations, describe
from tests.e2e.helpers import PASSWORD, log_in
from tests.extranet.conftest import make_notice
from tests.loans.conftest import make_kit
from tests.trainings.conftest import make_event

MENU = {"fi": "Valikko", "sv": "Meny", "en": "Menu"}
TRANSLATED_NOTICE_TITLE = {
    "sv": "Den nya utbildningskalendern är publicerad",
    "en": "The new training calendar is out",
}


def page_data(language: str) -> dict:
    """One object of every page type, with a Swedish translation of the notice."""
    from wagtail.models import Locale

    from extranet.legal import legal_pages_ensure
    from extranet.models import (
        AccessibilityStatementPage,
        HomePage,
        MaterialBankPage,
        NoticeIndexPage,
        PrivacyNoticePage,
        StandardPage,
        TrainingArchivePage,
    )

    home = HomePage.objects.get(depth=2)
    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet")
    home.add_child(instance=index)
    index.save_revision().publish()
    bank = MaterialBankPage(title="Materiaalipankki", slug="materiaalipankki", show_kits=True)
    home.add_child(instance=bank)
    bank.save_revision().publish()
    archive = TrainingArchivePage(title="Koulutusarkisto", slug="koulutusarkisto", show_in_menus=True)
    home.add_child(instance=archive)
    archive.save_revision().publish()
    about = StandardPage(title="Tietoa AKE:sta", slug="tietoa", show_in_menus=True, introduction="AKE")
    home.add_child(instance=about)
    about.save_revision().publish()
    notice = make_notice(index, "Uusi koulutuskalenteri on julkaistu")
    if language != "fi":
        locale = Locale.objects.get_or_create(language_code=language)[0]
        notice = notice.copy_for_translation(locale, copy_parents=True, alias=False)
        notice.title = TRANSLATED_NOTICE_TITLE[language]
        notice.save_revision().publish()
        legal_pages_ensure()  # the statement and notice in this language, now that its tree exists
    event = make_event(title="Saavutettava viestintä", seats_on_site=20)
    kit = make_kit("Pelisalkku", name_sv="Spelväska")
    locale = Locale.objects.get(language_code=language)
    return {
        "notice": notice,
        "event": event,
        "kit": kit,
        "archive": archive,
        "about": about,
        "statement": AccessibilityStatementPage.objects.get(locale=locale),
        "privacy": PrivacyNoticePage.objects.get(locale=locale),
    }


def public_pages(language: str, data: dict) -> dict[str, str]:
    return {
        "home": f"/{language}/",
        "notice index": f"/{language}/notices/",
        "notice": data["notice"].url,
        "material bank": f"/{language}/materials/",
        "calendar": f"/{language}/events/",
        "event": f"/{language}/events/{data['event'].pk}/",
        "kit calendar": f"/{language}/kits/calendar/",
        "group page": f"/{language}/groups/suunnitteluryhma/",
        "training archive": data["archive"].url,
        "standard page": data["about"].url,
        "accessibility statement": data["statement"].url,
        "privacy notice": data["privacy"].url,
        "page not found": f"/{language}/ei-tallaista-sivua/",
        "login": f"/{language}/accounts/login/",
        "sign-up": f"/{language}/accounts/signup/",
        "password reset": f"/{language}/accounts/password/reset/",
    }


def logged_in_pages(language: str, data: dict) -> dict[str, str]:
    year = timezone.localdate().year - 1
    return {
        "registration form": f"/{language}/events/{data['event'].pk}/register/",
        "kit page with the booking form": f"/{language}/kits/{data['kit'].pk}/",
        "report": f"/{language}/reports/{year}/",
        "profile": f"/{language}/profile/",
    }


def check(page, path: str, label: str, capsys) -> list[str]:
    response = page.goto(page.base_url + path)
    expected = 404 if label.startswith("page not found") else 200
    assert response.status == expected, f"{label}: {response.status}"
    serious, minor = axe_violations(page)
    with capsys.disabled():
        if minor:
            print(f"\n[axe minor] {label}:\n{describe(minor)}")
    return [f"{label}:\n{describe(serious)}"] if serious else []


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_page_type_has_no_serious_accessibility_violations(page, language, capsys, libraries):
    data = page_data(language)
    member = make_user(
        "suunnittelija@pori.fi", library=libraries["pori"], role=PLANNING_GROUP, password=PASSWORD
    )
    failures = []
    for label, path in public_pages(language, data).items():
        failures += check(page, path, f"{label} ({language})", capsys)
    log_in(page, member.email, language=language)
    for label, path in logged_in_pages(language, data).items():
        failures += check(page, path, f"{label} ({language})", capsys)
    # On a phone the menu collapses behind its button; checked closed and open.
    page.set_viewport_size({"width": 375, "height": 740})
    failures += check(page, f"/{language}/", f"home on a phone, menu closed ({language})", capsys)
    page.get_by_role("button", name=MENU[language]).click()
    serious, _minor = axe_violations(page)
    failures += [f"home on a phone, menu open ({language}):\n{describe(serious)}"] if serious else []
    # Every page is checked before failing, so one run lists all that need fixing.
    assert not failures, "\n".join(failures)
