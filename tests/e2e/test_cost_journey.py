"""Journey (issue #18): AKE records the costs of an event and of a rotation period, a staff member's
rotation claim waits for approval and is approved, and the follow-up page shows them all."""

import datetime
import re

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse
from django.utils import timezone

from networks.models import RotationPeriod
from networks.roles import AKE_ADMINS
from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in, main_text
from tests.trainings.conftest import make_event

SECRET = "JBSWY3DPEHPK3PXP"
SAVE = "footer button.button-longrunning[type=submit]"


def _totp_code() -> str:
    return format_hotp_value(hotp_value(SECRET, next(yield_hotp_counters_from_time())))


def test_ake_records_costs_of_an_event_and_a_rotation_period_and_the_follow_up_shows_them(
    page, journey, libraries
):
    year = timezone.localdate().year
    staff_user = make_user(
        "rotaatio@kaarina.fi", library=libraries["kaarina"], password=PASSWORD, first_name="Riikka"
    )
    admin = make_user("talous@turku.fi", library=libraries["turku"], role=AKE_ADMINS, password=PASSWORD)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": SECRET})
    event = make_event(
        title="Lukudiplomikoulutus",
        start=timezone.make_aware(datetime.datetime(year, 1, 14, 9)),
        created_by=admin,
    )
    period = RotationPeriod.objects.create(
        person=staff_user,
        home_library=libraries["kaarina"],
        host_library=libraries["pori"],
        starts_on=datetime.date(year, 1, 5),
        ends_on=datetime.date(year, 1, 16),
    )

    with journey.step("the staff member claims travel costs of their rotation period"):
        log_in(page, staff_user.email)
        page.goto(page.base_url + reverse("rotation_period_detail", args=[period.pk]))
        page.select_option("#id_kind", "travel")
        page.fill("#id_description", "Junaliput Kaarina–Pori")
        page.fill("#id_claimed_amount", "84.20")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("domcontentloaded")
        row = page.locator("tr", has_text="Junaliput Kaarina–Pori")
        assert "Odottaa hyväksyntää" in row.inner_text()
        page.context.clear_cookies()

    with journey.step("AKE's admin logs in with the second factor"):
        log_in(page, admin.email)
        if "/2fa/" in page.url or page.locator("#id_code").count():
            page.fill("#id_code", _totp_code())
            page.locator("main form button[type=submit], form button[type=submit]").first.click()
            page.wait_for_load_state("domcontentloaded")

    with journey.step("record the trainer's fee of the event"):
        page.goto(page.base_url + reverse("finance_event_cost_record", args=[event.pk]))
        page.select_option("#id_category", "trainers")
        page.fill("#id_description", "Kouluttajan palkkio")
        page.fill("#id_date", f"{year}-01-14")
        page.fill("#id_amount_budgeted", "600")
        page.fill("#id_amount_paid", "600")
        page.select_option("#id_payee_type", "person")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state("domcontentloaded")
        assert "Kouluttajan palkkio" in main_text(page)

    with journey.step("approve the rotation claim at 80 € in the admin"):
        from finance.models import Cost

        claim = Cost.objects.get(rotation_period=period)
        edit_url = page.base_url + reverse("finance_costs:edit", args=[claim.pk])
        page.goto(edit_url, wait_until="domcontentloaded")
        page.select_option("#id_claim_status", "approved")
        page.fill("#id_amount_budgeted", "80,00")
        page.locator(SAVE).first.click()
        page.wait_for_url(lambda url: url != edit_url, wait_until="domcontentloaded")
        claim.refresh_from_db()
        assert claim.claim_status == "approved"

    with journey.step("the follow-up page shows both costs"):
        page.goto(page.base_url + reverse("finance:follow_up", args=[year]), wait_until="domcontentloaded")
        text = main_text(page).replace("\xa0", " ")
        assert "Lukudiplomikoulutus" in text
        assert re.search(r"Kaarina.*Pori|Pori.*Kaarina", text) or "Porin" in text
        assert "680,00" in text  # budgeted in total: 600 + 80
        assert "korvaushakemus odottaa" not in text
