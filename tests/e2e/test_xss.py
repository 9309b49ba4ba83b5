"""XSS: 50 payloads written into every text field that people or editors fill and that a page shows,
then each page opened in Chromium. No payload may run (dialogs, ``window.__xss``) or become markup
(injected elements, event-handler attributes, javascript: URLs).

The pages are opened with the Content Security Policy bypassed: the CSP is the second line of defence,
and this test proves the first one (escaping and sanitising) on its own.
"""

import datetime
import re
from contextlib import suppress

import pytest
from django.utils import timezone

from tests.conftest import make_user
from tests.e2e.helpers import PASSWORD, log_in
from tests.e2e.xss_payloads import (
    INJECTED_NODES_JS,
    JAVASCRIPT_URL,
    MARKER,
    PAYLOADS,
    TEMPLATE_EVALUATED,
    all_payloads,
    packed,
    rich_text,
)

pytestmark = pytest.mark.e2e


class XssProbe:
    """Opens pages in one browser context and records what ran and what was injected."""

    def __init__(self, browser, base_url):
        self.context = browser.new_context(
            locale="fi-FI", bypass_csp=True, viewport={"width": 1280, "height": 900}
        )
        self.context.set_default_timeout(20000)
        self.page = self.context.new_page()
        self.page.base_url = base_url
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)
        self.pages_opened = 0
        self.renderings = 0
        self.problems: list[str] = []

    def _dialog(self, dialog):
        self.dialogs.append(f"{self.page.url}: {dialog.message}")
        dialog.dismiss()

    def visit(self, path: str, *, expect_payloads: bool = True) -> str:
        """Opens the page, hovers and focuses what a person would, and checks it; returns its HTML."""
        response = self.page.goto(self.page.base_url + path)
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        self.page.wait_for_load_state("load")
        # Give deferred handlers (onfocus with autofocus, ontoggle, onerror of broken images) a moment.
        self.page.wait_for_timeout(150)
        for selector in ("main a", "main p", "main td"):
            locator = self.page.locator(selector)
            for index in range(min(locator.count(), 3)):
                # An element that cannot be hovered (hidden, covered) is not a finding.
                with suppress(Exception):
                    locator.nth(index).hover(timeout=500)
        self.pages_opened += 1
        html = self.page.content()
        markers = MARKER.findall(html)
        self.renderings += len(markers)
        if expect_payloads and not markers:
            self.problems.append(f"{path}: no payload reached the page (the test would prove nothing)")
        injected = self.page.evaluate(INJECTED_NODES_JS)
        if injected:
            self.problems.append(f"{path}: injected {injected[:5]}")
        flag = self.page.evaluate("() => window.__xss || null")
        if flag:
            self.problems.append(f"{path}: window.__xss = {flag}")
        evaluated = TEMPLATE_EVALUATED.findall(self.page.inner_text("body"))
        if evaluated:
            self.problems.append(f"{path}: template expression evaluated {evaluated[:3]}")
        return html

    def close(self):
        self.context.close()


# --------------------------------------------------------------------------- planting the payloads
def _spread(model, count: int, **fields_by_length):
    """Field values for ``count`` objects so that, together, every payload is in every field."""
    chunks = {name: packed(model._meta.get_field(name).max_length or 100_000) for name in fields_by_length}
    return [{name: values[i % len(values)] for name, values in chunks.items()} for i in range(count)]


def _count(model, *names) -> int:
    return max(len(packed(model._meta.get_field(name).max_length or 100_000)) for name in names)


def plant(libraries):
    """Writes the payloads into every shown text field through the ORM and the services."""
    from wagtail.documents.models import Document

    from extranet.models import (
        HomePage,
        NoticeCategory,
        NoticeIndexPage,
        NoticePage,
        NoticeSeries,
        StandardPage,
        TrainingWish,
    )
    from loans.models import Delivery, InterlibraryLoan, Kit, KitBooking, KitType, KitUnit
    from loans.services import kit_booking_create
    from networks.models import (
        AccessRequest,
        ActionPlanAction,
        ActionPlanCost,
        Campaign,
        GroupActionPlan,
        LibraryVisit,
        RotationPeriod,
        RotationPlacement,
        RotationWish,
        User,
        WorkingGroup,
    )
    from networks.roles import AKE_EDITORS
    from surveys.feedback import feedback_store, feedback_survey
    from surveys.models import Question as SurveyQuestion
    from tests.loans.conftest import make_kit
    from tests.trainings.conftest import make_event
    from trainings.models import (
        Event,
        Registration,
    )
    from trainings.services import registration_create

    turku, kaarina = libraries["turku"], libraries["kaarina"]
    text = all_payloads()
    today = timezone.localdate()
    made = {"fields": 0}

    def fields(n):
        made["fields"] += n

    # People: the staff member's own names and title (profile, participant lists, admin).
    people = []
    for i, values in enumerate(
        _spread(User, _count(User, "first_name", "last_name", "title"), first_name=1, last_name=1, title=1)
    ):
        people.append(make_user(f"xss{i}@kaarina.fi", library=kaarina, password=PASSWORD, **values))
    fields(3)
    staff = people[0]
    # AKE's editors use the admin without a second factor (admins must set one up first).
    admin = make_user("xss-editor@turku.fi", library=turku, role=AKE_EDITORS, password=PASSWORD)

    # Notices: title, lead, rich text and the other StreamField blocks, a category, a document.
    home = HomePage.objects.get(depth=2)
    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet", introduction=text)
    home.add_child(instance=index)
    index.save_revision().publish()
    category = NoticeCategory.objects.create(name_fi=packed(100)[0], slug="xss", sort_order=1)
    document = Document.objects.create(title=packed(255)[0])
    from django.core.files.base import ContentFile

    document.file.save("ohje.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    body = [
        ("text", rich_text()),
        ("quote", {"quote": text, "attribution": packed(255)[1]}),
        (
            "video_link",
            {"url": JAVASCRIPT_URL, "title": packed(255)[2], "captions": True, "description": text},
        ),
        ("document", {"document": document, "label": packed(255)[3]}),
    ]
    HomePage.objects.filter(pk=home.pk).update(introduction=text)
    series = NoticeSeries.objects.create(name_fi=packed(150)[0], slug="xss-sarja", description_fi=text)
    fields(3)
    notices = []
    for i, title in enumerate(packed(255)):
        notice = NoticePage(
            title=title, slug=f"xss-{i}", lead=text, body=body if i == 0 else [], series=series
        )
        index.add_child(instance=notice)
        notice.categories.set([category])
        notice.tags.add(packed(100)[i % len(packed(100))])
        notice.save_revision().publish()
        notices.append(notice)
    fields(9)
    standard = StandardPage(title=packed(255)[0], slug="xss-sivu", introduction=text, body=body)
    home.add_child(instance=standard)
    standard.save_revision().publish()
    fields(3)

    # Events: title, summary, rich-text description, place; a registration's free-text fields.
    events = []
    for i, values in enumerate(
        _spread(
            Event,
            _count(Event, "title", "summary"),
            title=1,
            summary=1,
            venue=1,
            address=1,
            municipality=1,
            theme=1,
        )
    ):
        events.append(
            make_event(
                **values,
                description=rich_text(),
                seats_on_site=50,
                online_url=JAVASCRIPT_URL,
                start=(timezone.now() + datetime.timedelta(days=7 + i)).replace(microsecond=0),
            )
        )
    fields(8)
    event = events[0]
    for i, person in enumerate(people):
        values = _spread(Registration, len(people), diet=1, accessibility=1, emergency_contact=1)[i]
        registration_create(
            event=event,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            library=kaarina,
            user=person,
            **values,
        )
    fields(5)
    # Feedback: a free-text question and answers, shown in the organiser's results.
    past = make_event(
        title="Palautteen koulutus",
        start=(timezone.now() - datetime.timedelta(days=3)).replace(microsecond=0),
    )
    questions = [
        SurveyQuestion.objects.create(
            survey=feedback_survey(past), key=f"x{i}", text=chunk, kind="text", sort_order=i + 1
        )
        for i, chunk in enumerate(packed(300))
    ]
    for _ in range(3):
        feedback_store(past, overall=4, answers={q.key: text for q in questions})
    fields(2)

    # Groups, visits, rotation, campaigns.
    groups = [
        WorkingGroup.objects.create(
            slug=f"xss-{i}",
            kind=WorkingGroup.Kind.choices[0][0],
            description_fi=text,
            teams_url=JAVASCRIPT_URL,
            **values,
        )
        for i, values in enumerate(_spread(WorkingGroup, _count(WorkingGroup, "name_fi"), name_fi=1))
    ]
    plan = GroupActionPlan.objects.create(
        group=groups[0],
        year=today.year,
        status=GroupActionPlan.Status.APPROVED,
        approved_at=today,
        basic_activity=text,
        development_goals=text,
        resources=text,
    )
    for i, chunk in enumerate(packed(100)):
        ActionPlanAction.objects.create(
            plan=plan, timing=chunk, action=text[:300], responsible=chunk, sort_order=i
        )
    for i, chunk in enumerate(packed(300)):
        ActionPlanCost.objects.create(
            plan=plan, kind=ActionPlanCost.Kind.choices[0][0], description=chunk, amount=10, sort_order=i
        )
    fields(8)
    visit = LibraryVisit.objects.create(date=today, place=kaarina, summary=text, internal_notes=text)
    fields(2)
    for values in _spread(RotationPlacement, _count(RotationPlacement, "title"), title=1):
        RotationPlacement.objects.create(
            host_library=turku,
            window_starts=today,
            window_ends=today + datetime.timedelta(days=60),
            description=text,
            onboarding_plan=text,
            **values,
        )
    for values in _spread(RotationWish, _count(RotationWish, "timing"), timing=1):
        RotationWish.objects.create(home_library=kaarina, person=staff, interests=text, **values)
    period = RotationPeriod.objects.create(
        home_library=kaarina,
        host_library=turku,
        person=staff,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=20),
        onboarding_plan=text,
        experience_story=text,
    )
    fields(6)
    for values in _spread(Campaign, _count(Campaign, "theme"), theme=1):
        Campaign.objects.create(year=today.year, description=text, materials_fi_url=JAVASCRIPT_URL, **values)
    fields(2)

    # Kits and bookings, interlibrary loans.
    kits = []
    for values in _spread(Kit, _count(Kit, "name_fi", "target_group_fi"), name_fi=1, target_group_fi=1):
        kit = make_kit(
            values.pop("name_fi"), kit_type=KitType.GAME, description_fi=text, contents=text, **values
        )
        kits.append(kit)
    fields(4)
    from loans.models import KitTypeRule

    KitTypeRule.objects.update_or_create(
        kit_type=KitType.GAME,
        defaults={
            "longest_loan_days": 28,
            "shortest_lead_days": 1,
            "max_ahead_days": 365,
            "transit_days": 0,
            "checking_days": 0,
        },
    )
    booking = kit_booking_create(
        kit=kits[0],
        library=kaarina,
        booked_by=staff,
        pickup_date=today + datetime.timedelta(days=10),
        return_date=today + datetime.timedelta(days=20),
        delivery=Delivery.COLLECTED,
        notes=text,
    )
    KitBooking.objects.filter(pk=booking.pk).update(decision_reason=text, condition_notes=text)
    KitUnit.objects.filter(kit=kits[0]).update(note=text)
    fields(4)
    from loans.services import interlibrary_loan_request_create

    for values in _spread(
        InterlibraryLoan,
        _count(InterlibraryLoan, "author", "contact_name"),
        title=1,
        author=1,
        contact_name=1,
    ):
        loan = interlibrary_loan_request_create(
            user=staff, contact_email="kaukopalvelu@kaarina.fi", notes=text, **values
        )
        InterlibraryLoan.objects.filter(pk=loan.pk).update(not_supplied_reason=text)
    fields(5)

    # Things only AKE reads in the admin: training wishes and access requests.
    TrainingWish.objects.create(text=text)
    for i, values in enumerate(
        _spread(
            AccessRequest,
            _count(AccessRequest, "first_name", "organisation"),
            first_name=1,
            last_name=1,
            organisation=1,
        )
    ):
        AccessRequest.objects.create(email=f"hakija{i}@example.org", password_hash="!", reason=text, **values)
    fields(5)
    return {
        "staff": staff,
        "admin": admin,
        "index": index,
        "notices": notices,
        "standard": standard,
        "event": event,
        "past_event": past,
        "group": groups[0],
        "kit": kits[0],
        "booking": booking,
        "period": period,
        "visit": visit,
        "fields": made["fields"],
    }


# --------------------------------------------------------------------------- the test
def _admin(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


def test_no_payload_runs_on_any_page(browser, live_server, libraries, settings, capsys):
    settings.SITE_URL = live_server.url
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    planted = plant(libraries)
    notice = planted["notices"][0]
    event, past, group, kit = planted["event"], planted["past_event"], planted["group"], planted["kit"]
    query = PAYLOADS[0]
    from urllib.parse import urlencode

    public_pages = [
        "/fi/",
        planted["index"].url,
        notice.url,
        planted["standard"].url,
        "/fi/events/",
        f"/fi/events/{event.pk}/",
        "/fi/groups/",
        f"/fi/groups/{group.slug}/",
        "/fi/kits/",
        f"/fi/kits/{kit.pk}/",
        "/fi/search/?" + urlencode({"q": query}),
        "/fi/search/?" + urlencode({"q": "XSS05"}),
        planted["index"].url
        + "?"
        + urlencode({"tag": PAYLOADS[4], "category": PAYLOADS[1], "page": PAYLOADS[5]}),
        "/fi/events/?" + urlencode({"q": PAYLOADS[4], "kind": PAYLOADS[6], "page": PAYLOADS[1]}),
        "/fi/kits/calendar/?" + urlencode({"month": PAYLOADS[4]}),
        "/fi/subscribe/?" + urlencode({"email": PAYLOADS[7]}),
        "/fi/notices/feed/rss/",
    ]
    staff_pages = [
        "/fi/profile/",
        "/fi/my/events/",
        "/fi/my/kit-bookings/",
        "/fi/my/interlibrary-loans/",
        "/fi/visits/",
        "/fi/rotation/",
        f"/fi/rotation/periods/{planted['period'].pk}/",
        "/fi/campaigns/",
        f"/fi/groups/{group.slug}/plans/{timezone.localdate().year}/",
    ]
    admin_pages = [
        "/admin/",
        f"/admin/pages/{planted['index'].pk}/",
        f"/admin/pages/{notice.pk}/edit/",
        f"/admin/pages/{planted['standard'].pk}/edit/",
        _admin("trainings_event:index"),
        _admin("trainings_event:edit", event.pk),
        _admin("trainings_event:participants", event.pk),
        _admin("trainings_event:feedback", past.pk),
        _admin("training_wishes:index"),
        _admin("access_requests:index"),
        _admin("working_groups:index"),
        _admin("working_groups:edit", group.pk),
        _admin("library_visits:edit", planted["visit"].pk),
        _admin("rotation_wishes:index"),
        _admin("rotation_placements:index"),
        _admin("campaigns:index"),
        _admin("loans_kits:index"),
        _admin("loans_kits:edit", kit.pk),
        _admin("kit_bookings:index"),
        _admin("kit_bookings:approve", planted["booking"].pk),
        _admin("interlibrary_loans:index") if _has("interlibrary_loans:index") else None,
        "/admin/documents/",
    ]
    # Pages that reflect a parameter but have nothing planted to show when the parameter is refused.
    reflection_only = {p for p in public_pages if "kits/calendar" in p or "/subscribe/" in p or "/feed/" in p}
    probe = XssProbe(browser, live_server.url)
    try:
        for path in public_pages:
            if "/feed/" in path:
                continue
            probe.visit(path, expect_payloads=path not in reflection_only)
        log_in(probe.page, planted["staff"].email)
        for path in staff_pages:
            probe.visit(path)
        probe.context.clear_cookies()
        log_in(probe.page, planted["admin"].email)
        for path in admin_pages:
            if path:
                probe.visit(path, expect_payloads=path != "/admin/")
    finally:
        probe.close()
    with capsys.disabled():
        print(
            f"\n[xss] payloads {len(PAYLOADS)} × fields {planted['fields']} planted;"
            f" pages opened {probe.pages_opened};"
            f" payload renderings {probe.renderings}; dialogs {len(probe.dialogs)};"
            f" injected/other problems {len(probe.problems)}"
        )
    assert (probe.dialogs, probe.problems) == ([], [])


def _has(name) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_payloads_submitted_through_the_real_forms_show_as_text(
    browser, live_server, libraries, settings, capsys
):
    """People type the payloads into the site's own forms; what they typed comes back as text."""
    from extranet.models import TrainingWish
    from loans.models import InterlibraryLoan
    from networks.models import RotationWish
    from networks.roles import AKE_EDITORS
    from tests.trainings.conftest import make_event

    settings.SITE_URL = live_server.url
    staff = make_user("lomake@kaarina.fi", library=libraries["kaarina"], password=PASSWORD)
    admin = make_user(
        "lomake-admin@turku.fi", library=libraries["turku"], role=AKE_EDITORS, password=PASSWORD
    )
    event = make_event(title="Lomakekoulutus", seats_on_site=10)
    short = packed(150)
    probe = XssProbe(browser, live_server.url)
    page = probe.page
    try:
        page.goto(f"{live_server.url}/fi/training-wish/")
        page.fill("textarea[name=text]", all_payloads()[:4000])
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        log_in(page, staff.email)
        page.goto(f"{live_server.url}/fi/profile/")
        page.fill("input[name=first_name]", short[0])
        page.fill("input[name=last_name]", short[1])
        page.fill("input[name=title]", short[2])
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/fi/events/{event.pk}/register/")
        page.fill("input[name=diet]", packed(300)[0])
        page.fill("input[name=accessibility]", packed(300)[1])
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/fi/interlibrary-loans/request/")
        page.fill("input[name=title]", packed(500)[0])
        page.fill("input[name=author]", packed(300)[0])
        page.fill("input[name=contact_name]", packed(200)[0])
        page.fill("input[name=contact_email]", "kauko@kaarina.fi")
        page.fill("textarea[name=notes]", all_payloads())
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/fi/rotation/wish/")
        page.fill("textarea[name=interests]", all_payloads()[:3000])
        page.fill("input[name=timing]", packed(200)[1])
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()

        staff.refresh_from_db()
        assert staff.first_name == short[0] and staff.title == short[2]
        assert TrainingWish.objects.filter(text__contains="XSS01").exists()
        assert InterlibraryLoan.objects.filter(title=packed(500)[0]).exists()
        assert RotationWish.objects.filter(timing=packed(200)[1]).exists()
        assert event.registrations.filter(diet=packed(300)[0]).exists()

        for path in ["/fi/profile/", "/fi/my/interlibrary-loans/", "/fi/rotation/"]:
            probe.visit(path)
        # What people typed is shown back to them as they typed it: as text, not as markup.
        page.goto(f"{live_server.url}/fi/my/interlibrary-loans/")
        shown = re.sub(r"\s+", " ", page.inner_text("main"))
        assert re.sub(r"\s+", " ", packed(500)[0]) in shown
        probe.context.clear_cookies()
        log_in(page, admin.email)
        for path in [
            _admin("training_wishes:index"),
            _admin("trainings_event:participants", event.pk),
            _admin("rotation_wishes:index"),
        ]:
            probe.visit(path)
    finally:
        probe.close()
    with capsys.disabled():
        print(
            f"\n[xss] through the forms: pages opened {probe.pages_opened};"
            f" payload renderings {probe.renderings};"
            f" dialogs {len(probe.dialogs)}; problems {len(probe.problems)}"
        )
    assert (probe.dialogs, probe.problems) == ([], [])
