"""A staff member finds "My learning" in the header and downloads a certificate of attendance, in
Swedish (issue 17)."""

import datetime
import io
import re
from pathlib import Path

from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in, main_text
from tests.trainings.conftest import make_event
from trainings.models import Attendance, EventKind


def test_a_staff_member_downloads_a_certificate_in_swedish(page, journey, libraries):
    start = timezone.make_aware(datetime.datetime(2026, 3, 3, 9, 0))
    event = make_event(
        title_fi="Saavutettava viestintä",
        title_sv="Tillgänglig kommunikation",
        kind=EventKind.TRAINING,
        start=start,
        end=start + datetime.timedelta(hours=3, minutes=30),
        co_organisers="AVI",
    )
    staff = make_user(
        "sara.stromberg@kaarina.fi",
        library=libraries["kaarina"],
        password=PASSWORD,
        first_name="Sara",
        last_name="Strömberg",
        language="sv",
    )
    Attendance.objects.create(
        event=event, email=staff.email, name="Sara Strömberg", library=staff.library, participation="on_site"
    )
    with journey.step("log in in Swedish and open My learning from the header"):
        log_in(page, staff.email, language="sv")
        page.locator(".account-nav").get_by_role("link", name="Mitt lärande").click()
        page.wait_for_url(re.compile(r"/sv/my/learning/$"))
        text = main_text(page)
        assert "Tillgänglig kommunikation" in text
        assert "2026: 1 evenemang, 3,5 utbildningstimmar totalt" in text
    with journey.step("download the certificate"):
        with page.expect_download() as download_info:
            page.get_by_role("link", name=re.compile("Intyg \\(PDF\\).*Tillgänglig kommunikation")).click()
        download = download_info.value
        assert download.suggested_filename.endswith("-sv.pdf")
        content = Path(download.path()).read_bytes()
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for part in (
        "Deltagarintyg",
        "Sara Strömberg",
        "Tillgänglig kommunikation",
        "3.3.2026",
        "3,5 timmar",
        "AVI",
    ):
        assert part in text, (part, text)
    assert reader.trailer["/Root"]["/Lang"] == "sv"
