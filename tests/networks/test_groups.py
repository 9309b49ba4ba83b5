import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from ake import extensions
from networks.models import (
    ActionPlanAction,
    ActionPlanCost,
    GroupActionPlan,
    GroupJoinRequest,
    GroupMembership,
    Library,
    WorkingGroup,
)
from networks.selectors import group_members_current_kept
from networks.services import (
    ServiceError,
    group_join_request_approve,
    group_join_request_create,
    group_membership_add,
    term_end,
)
from tests.conftest import make_user, message_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    """Service messages asserted in English (the default language is Finnish)."""
    with translation.override("en"):
        yield


REP = GroupMembership.Role.CONSORTIUM_REPRESENTATIVE


@pytest.fixture
def planning_group():
    return WorkingGroup.objects.get(slug="suunnitteluryhma")


@pytest.fixture
def digi_group():
    return WorkingGroup.objects.get(slug="digityoryhma")


@pytest.fixture
def no_meeting_provider(monkeypatch):
    monkeypatch.setattr(extensions, "_providers", {})


def test_the_plans_groups_exist_with_finnish_and_swedish_descriptions():
    groups = WorkingGroup.objects.all()
    assert groups.count() == 8
    for group in groups:
        assert len(group.description_fi) > 100, group.slug
        assert len(group.description_sv) > 100, group.slug
    assert "kahden vuoden" in WorkingGroup.objects.get(slug="suunnitteluryhma").description_fi
    with translation.override("sv"):
        assert WorkingGroup.objects.get(slug="digityoryhma").description.startswith("Den digitala")
    assert set(WorkingGroup.objects.filter(open_to_join=True).values_list("kind", flat=True)) >= {"network"}


def test_a_consortium_representatives_term_is_two_years():
    assert term_end(datetime.date(2024, 1, 1)) == datetime.date(2025, 12, 31)
    assert term_end(datetime.date(2024, 2, 29)) == datetime.date(2026, 2, 28)


@pytest.mark.usefixtures("english")
def test_membership_terms_expire(planning_group, libraries):
    vaski_rep_2022 = make_user("rep2022@raisio.fi", library=libraries["kaarina"])
    vaski_rep_2024 = make_user("rep2024@naantali.fi", library=libraries["kaarina"])
    permanent = make_user("permanent@pori.fi", library=libraries["pori"])
    old = group_membership_add(
        group=planning_group,
        user=vaski_rep_2022,
        role=REP,
        consortium="vaski",
        starts_on=datetime.date(2022, 1, 1),
    )
    group_membership_add(group=planning_group, user=permanent, role=GroupMembership.Role.PERMANENT)
    assert old.ends_on == datetime.date(2023, 12, 31)

    # While the first term runs, the consortium cannot get a second representative.
    with pytest.raises(ServiceError, match="already has a representative"):
        group_membership_add(
            group=planning_group,
            user=vaski_rep_2024,
            role=REP,
            consortium="vaski",
            starts_on=datetime.date(2023, 6, 1),
        )
    new = group_membership_add(
        group=planning_group,
        user=vaski_rep_2024,
        role=REP,
        consortium="vaski",
        starts_on=datetime.date(2024, 1, 1),
    )

    in_2023, _ = group_members_current_kept(group=planning_group, day=datetime.date(2023, 12, 31))
    in_2024, _ = group_members_current_kept(group=planning_group, day=datetime.date(2024, 1, 1))
    assert {m.user_id for m in in_2023} == {vaski_rep_2022.pk, permanent.pk}
    assert {m.user_id for m in in_2024} == {vaski_rep_2024.pk, permanent.pk}
    assert new.ends_on == datetime.date(2025, 12, 31)
    assert not GroupMembership.objects.current_on(datetime.date(2026, 1, 1)).filter(pk=new.pk).exists()


def test_an_expired_member_is_no_longer_listed_on_the_group_page(
    client, planning_group, staff_user, libraries, no_meeting_provider
):
    today = timezone.localdate()
    expired = make_user(
        "expired@pori.fi", library=libraries["pori"], first_name="Vanha", last_name="Edustaja"
    )
    current = make_user("current@pori.fi", library=libraries["pori"], first_name="Uusi", last_name="Edustaja")
    group_membership_add(
        group=planning_group,
        user=expired,
        role=REP,
        consortium="sata",
        starts_on=today - datetime.timedelta(days=800),
        ends_on=today - datetime.timedelta(days=1),
    )
    group_membership_add(group=planning_group, user=current, role=REP, consortium="sata", starts_on=today)
    client.force_login(staff_user)
    page = client.get(reverse("group_detail", args=[planning_group.slug])).content.decode()
    assert "Uusi Edustaja" in page
    assert "Vanha Edustaja" not in page


def test_members_are_shown_only_to_logged_in_staff(client, digi_group, staff_user, no_meeting_provider):
    member = make_user("digi@pori.fi", first_name="Dina", last_name="Digitaalinen")
    group_membership_add(group=digi_group, user=member)
    url = reverse("group_detail", args=[digi_group.slug])
    anonymous = client.get(url).content.decode()
    assert digi_group.description_fi[:40] in anonymous
    assert "Dina Digitaalinen" not in anonymous
    client.force_login(staff_user)
    assert "Dina Digitaalinen" in client.get(url).content.decode()


def test_an_open_network_accepts_at_once(client, staff_user, digi_group, mailbox, no_meeting_provider):
    assert digi_group.open_to_join
    client.force_login(staff_user)
    response = client.post(reverse("group_join", args=[digi_group.slug]), {"message": ""}, follow=True)
    assert "You are now a member" in response.content.decode() or "Tervetuloa" in response.content.decode()
    assert (
        GroupMembership.objects.current_on(timezone.localdate())
        .filter(group=digi_group, user=staff_user)
        .exists()
    )
    # A second click does not make a second membership.
    with pytest.raises(ServiceError):
        group_join_request_create(group=digi_group, user=staff_user)
    assert GroupMembership.objects.filter(group=digi_group, user=staff_user).count() == 1
    assert mailbox.messages == []


@pytest.mark.usefixtures("english")
def test_a_working_group_waits_for_ake(
    client, staff_user, editor, planning_group, mailbox, settings, django_capture_on_commit_callbacks
):
    assert not planning_group.open_to_join
    with django_capture_on_commit_callbacks(execute=True):
        join_request = group_join_request_create(
            group=planning_group, user=staff_user, message="Edustan Vaskia"
        )
    assert join_request.status == GroupJoinRequest.Status.PENDING
    assert not GroupMembership.objects.filter(group=planning_group, user=staff_user).exists()
    to_ake = mailbox.wait_for(1)[0]
    assert to_ake["X-Envelope-To"] == settings.AKE_CONTACT_EMAIL
    assert "Edustan Vaskia" in message_text(to_ake)
    with pytest.raises(ServiceError, match="already waiting"):
        group_join_request_create(group=planning_group, user=staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        group_join_request_approve(join_request=join_request, decided_by=editor)
    assert GroupMembership.objects.filter(group=planning_group, user=staff_user).exists()
    assert mailbox.wait_for(2) and mailbox.to(staff_user.email)
    with pytest.raises(ServiceError):
        group_join_request_approve(join_request=join_request, decided_by=editor)


def test_join_request_approval_from_the_admin(client, editor, staff_user, planning_group):
    join_request = group_join_request_create(group=planning_group, user=staff_user)
    client.force_login(editor)
    response = client.post(reverse("group_join_requests:approve", args=[join_request.pk]))
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == GroupJoinRequest.Status.APPROVED
    assert join_request.decided_by == editor


def test_group_page_shows_meetings_from_the_provider(client, digi_group, monkeypatch):
    seen = {}

    class Event:
        title = "Digityöryhmän kevätkokous"
        url = "/fi/events/1/"
        start = timezone.now() + datetime.timedelta(days=7)
        place = "Teams"

    def provider(*, group, year, user):
        seen.update(group=group, year=year)
        return {"upcoming": [Event()], "held_count": 1}

    monkeypatch.setattr(extensions, "_providers", {"group_meetings": [provider]})
    page = client.get(reverse("group_detail", args=[digi_group.slug])).content.decode()
    assert "Digityöryhmän kevätkokous" in page
    assert seen == {"group": digi_group, "year": timezone.localdate().year}
    assert "1 kokous pidetty" in page or "1 meeting held" in page


def test_group_page_without_the_events_app_shows_an_empty_state(client, digi_group, no_meeting_provider):
    response = client.get(reverse("group_detail", args=[digi_group.slug]))
    assert response.status_code == 200
    assert reverse("group_list") == "/fi/groups/"
    assert client.get(reverse("group_list")).status_code == 200


@pytest.mark.parametrize("member_count", [3, 40])
def test_group_page_query_budget(
    client, digi_group, staff_user, member_count, django_assert_max_num_queries, no_meeting_provider
):
    libraries = list(Library.objects.organisations()[:10])
    for index in range(member_count):
        user = make_user(f"member{index}@example.fi", library=libraries[index % 10])
        group_membership_add(group=digi_group, user=user)
    GroupActionPlan.objects.create(group=digi_group, year=2024, status="approved")
    client.force_login(staff_user)
    url = reverse("group_detail", args=[digi_group.slug])
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("group_list")).status_code == 200


@pytest.fixture
def action_plan(digi_group, libraries):
    member = make_user(
        "chair@kaarina.fi", library=libraries["kaarina"], first_name="Tuula", last_name="Tuominen"
    )
    membership = group_membership_add(group=digi_group, user=member, role=GroupMembership.Role.CHAIR)
    plan = GroupActionPlan.objects.create(
        group=digi_group,
        year=2024,
        basic_activity="Kaksi kokousta ja toimintapäivä.",
        development_goals="Teemaviikkojen tuki kirjastoille.",
    )
    plan.confirmed_members.add(membership)
    ActionPlanAction.objects.create(plan=plan, timing="Tammikuu", action="Mediakasvatusviikon valmistelu")
    ActionPlanCost.objects.create(plan=plan, kind="travel", amount=Decimal("450.00"))
    ActionPlanCost.objects.create(plan=plan, kind="catering", amount=Decimal("120.50"))
    ActionPlanCost.objects.create(plan=plan, kind="travel", amount=Decimal("50.00"))
    return plan


def test_action_plan_prints_as_html_and_pdf(client, staff_user, editor, action_plan):
    url = reverse("action_plan_detail", args=[action_plan.group.slug, 2024])
    pdf_url = reverse("action_plan_pdf", args=[action_plan.group.slug, 2024])
    client.force_login(staff_user)
    # A draft is AKE's working copy.
    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 200

    action_plan.status = GroupActionPlan.Status.APPROVED
    action_plan.save()
    client.force_login(staff_user)
    page = client.get(url).content.decode()
    for text in (
        "Tuula Tuominen",
        "Mediakasvatusviikon valmistelu",
        "Teemaviikkojen tuki",
        "500,00",
        "620,50",
    ):
        assert text in page
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Digityöryhmä" in text
    assert "Tuula Tuominen" in text
    assert "620,50" in text


@pytest.mark.redis
def test_the_join_form_and_a_pending_request_show_to_their_visitor_in_each_language(
    client, staff_user, editor, planning_group, no_meeting_provider
):
    """The empty join form is kept per language (the same for everyone); whether the visitor's own
    request waits is read on every view, so its sending and AKE's decision show at once."""
    client.force_login(staff_user)
    url = reverse("group_detail", args=[planning_group.slug])
    for language, label in (
        ("fi", "Viesti AKE:lle (vapaaehtoinen)"),
        ("sv", "Meddelande till AKE (frivilligt)"),
    ):
        with translation.override(language):
            page = client.get(reverse("group_detail", args=[planning_group.slug])).content.decode()
        assert label in page and 'name="message"' in page
    join_request = group_join_request_create(group=planning_group, user=staff_user)
    page = client.get(url).content.decode()
    assert 'name="message"' not in page
    assert "Liittymispyyntösi odottaa AKE:n päätöstä." in page
    # Another member's view of the same process does not see this visitor's request.
    other = make_user("toinen@kaarina.fi", library=staff_user.library)
    client.force_login(other)
    assert 'name="message"' in client.get(url).content.decode()
    client.force_login(staff_user)
    group_join_request_approve(join_request=join_request, decided_by=editor)
    page = client.get(url).content.decode()
    assert "Olet tämän ryhmän jäsen." in page and "odottaa AKE:n päätöstä" not in page


def test_a_meeting_that_begins_moves_from_upcoming_to_held_and_its_rows_change(digi_group):
    """The group page keeps its meetings by their rows (ake/memo.py ``from_rows``): whether a meeting
    is held is a column of them, so the rows read after it began differ from those read before,
    though the same meetings are listed."""
    from tests.trainings.conftest import make_event
    from trainings import providers
    from trainings.models import EventKind
    from trainings.selectors import group_meeting_rows

    now = timezone.now()
    make_event(title="Kokous 8813", kind=EventKind.GROUP_MEETING, working_group=digi_group, start=now)
    year = timezone.localdate(now).year
    before = group_meeting_rows(group_id=digi_group.pk, year=year, now=now - datetime.timedelta(minutes=1))
    after = group_meeting_rows(group_id=digi_group.pk, year=year, now=now + datetime.timedelta(minutes=1))
    assert [row[0] for row in before] == [False] and [row[0] for row in after] == [True]
    assert providers._meetings_from_rows(before)["held_count"] == 0
    assert [item.title for item in providers._meetings_from_rows(before)["upcoming"]] == ["Kokous 8813"]
    assert providers._meetings_from_rows(after) == {"upcoming": [], "held_count": 1}
