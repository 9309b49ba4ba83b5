import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from networks.exports import spreadsheet_safe
from networks.models import Library, LibraryVisit

pytestmark = pytest.mark.django_db

REGISTERS = [
    "group_memberships",
    "group_join_requests",
    "group_action_plans",
    "library_visits",
    "rotation_placements",
    "rotation_wishes",
    "rotation_periods",
    "partnerships",
    "development_projects",
    "campaigns",
    "campaign_participations",
    "book_fairs",
    "liboppi_modules",
    "liboppi_completions",
]


@pytest.mark.parametrize("name", REGISTERS)
def test_every_register_lists_searches_adds_and_exports_in_the_admin(client, editor, name):
    client.force_login(editor)
    index = reverse(f"{name}:index")
    assert client.get(index).status_code == 200
    assert client.get(index, {"q": "Kaarina"}).status_code == 200
    assert client.get(reverse(f"{name}:add")).status_code == 200
    csv_response = client.get(index, {"export": "csv"})
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    xlsx_response = client.get(index, {"export": "xlsx"})
    assert xlsx_response.status_code == 200


def test_staff_have_no_admin_access_to_the_registers(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("library_visits:index"))
    assert response.status_code in (302, 403)


def test_spreadsheet_cells_cannot_carry_formulas():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("+358 40 123") == "'+358 40 123"
    assert spreadsheet_safe("-2") == "'-2"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("Kaarina") == "Kaarina"
    assert spreadsheet_safe(42) == 42


def test_exports_neutralise_formula_injection(client, editor):
    visit = LibraryVisit.objects.create(
        date=datetime.date(2024, 5, 5),
        place=Library.objects.get(name_fi="Kaarinan kaupunginkirjasto"),
        summary='=HYPERLINK("http://evil.example","click")',
        internal_notes="@SUM(1)",
    )
    client.force_login(editor)
    index = reverse("library_visits:index")
    text = b"".join(client.get(index, {"export": "csv"}).streaming_content).decode()
    assert "'=HYPERLINK" in text
    assert "'@SUM(1)" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text

    workbook = load_workbook(io.BytesIO(b"".join(client.get(index, {"export": "xlsx"}).streaming_content)))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert visit.summary.startswith("=")  # the stored value itself is untouched


def test_filters_narrow_the_visit_list(client, editor):
    kaarina = Library.objects.get(name_fi="Kaarinan kaupunginkirjasto")
    LibraryVisit.objects.create(date=datetime.date(2024, 5, 5), place=kaarina, kind="director_avi")
    LibraryVisit.objects.create(
        date=datetime.date(2024, 6, 5), place=Library.objects.get(name_fi="Porin kaupunginkirjasto")
    )
    client.force_login(editor)
    response = client.get(reverse("library_visits:index"), {"kind": "director_avi"})
    page = response.content.decode()
    assert "Kaarinan kaupunginkirjasto" in page
    assert "Porin kaupunginkirjasto" not in page


def test_edit_pages_with_inline_rows_and_the_match_view(client, editor, staff_user):
    from decimal import Decimal

    from networks.models import (
        GroupActionPlan,
        RotationPeriod,
        RotationPlacement,
        RotationWish,
        WorkingGroup,
    )

    kaarina = Library.objects.get(name_fi="Kaarinan kaupunginkirjasto")
    pori = Library.objects.get(name_fi="Porin kaupunginkirjasto")
    plan = GroupActionPlan.objects.create(group=WorkingGroup.objects.get(slug="digityoryhma"), year=2024)
    period = RotationPeriod.objects.create(
        person=staff_user,
        home_library=kaarina,
        host_library=pori,
        starts_on=datetime.date(2024, 3, 4),
        ends_on=datetime.date(2024, 3, 15),
    )
    from finance.models import Cost

    Cost.objects.create(
        activity="rotation",
        rotation_period=period,
        category="travel",
        claimed_amount=Decimal("12.00"),
        claim_status="pending",
        date=period.starts_on,
        payee_type="person",
    )
    wish = RotationWish.objects.create(
        person=staff_user, home_library=kaarina, interests="Musiikki", timing="Kevät"
    )
    placement = RotationPlacement.objects.create(
        host_library=pori,
        title="Musiikkiosasto",
        window_starts=datetime.date(2030, 1, 1),
        window_ends=datetime.date(2030, 12, 31),
        description="x",
    )
    client.force_login(editor)
    assert client.get(reverse("group_action_plans:edit", args=[plan.pk])).status_code == 200
    assert client.get(reverse("rotation_periods:edit", args=[period.pk])).status_code == 200
    assert client.get(reverse("rotation_periods:index"), {"export": "csv"}).status_code == 200
    match_url = reverse("rotation_wishes:match", args=[wish.pk])
    assert client.get(match_url).status_code == 200
    response = client.post(
        match_url, {"placement": placement.pk, "starts_on": "2029-12-01", "ends_on": "2030-01-05"}
    )
    assert response.status_code == 200
    assert not RotationPeriod.objects.filter(wish=wish).exists()
    response = client.post(
        match_url, {"placement": placement.pk, "starts_on": "2030-03-02", "ends_on": "2030-03-13"}
    )
    assert response.status_code == 302
    assert RotationPeriod.objects.filter(wish=wish).exists()


def test_join_request_and_wish_edit_pages_offer_their_actions(client, editor, staff_user):
    from networks.models import RotationWish, WorkingGroup
    from networks.services import group_join_request_create

    join_request = group_join_request_create(
        group=WorkingGroup.objects.get(slug="suunnitteluryhma"), user=staff_user, message="Edustan Vaskia"
    )
    wish = RotationWish.objects.create(
        person=staff_user, home_library=staff_user.library, interests="x", timing="y"
    )
    client.force_login(editor)
    page = client.get(reverse("group_join_requests:edit", args=[join_request.pk])).content.decode()
    assert reverse("group_join_requests:approve", args=[join_request.pk]) in page
    assert "Edustan Vaskia" in page
    page = client.get(reverse("rotation_wishes:edit", args=[wish.pk])).content.decode()
    assert reverse("rotation_wishes:match", args=[wish.pk]) in page


def test_a_representative_added_in_the_admin_gets_a_two_year_term(client, editor, staff_user):
    from networks.models import GroupMembership, WorkingGroup

    group = WorkingGroup.objects.get(slug="suunnitteluryhma")
    client.force_login(editor)
    data = {
        "group": group.pk,
        "user": staff_user.pk,
        "library": staff_user.library_id,
        "role": "consortium_rep",
        "consortium": "vaski",
        "starts_on": "2024-01-01",
        "ends_on": "",
    }
    response = client.post(reverse("group_memberships:add"), data)
    assert response.status_code == 302
    assert GroupMembership.objects.get(group=group).ends_on == datetime.date(2025, 12, 31)
    # A second Vaski representative for an overlapping term is refused with a message, not a 500.
    other = dict(data, user=editor.pk, library=editor.library_id, starts_on="2025-06-01")
    response = client.post(reverse("group_memberships:add"), other)
    assert response.status_code == 200
    assert GroupMembership.objects.filter(group=group).count() == 1
