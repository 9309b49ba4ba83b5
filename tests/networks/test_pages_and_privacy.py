import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance.models import Cost
from networks.models import (
    Campaign,
    CampaignParticipation,
    Library,
    LibraryVisit,
    Partnership,
    PartnerVisit,
    RotationPeriod,
    RotationPlacement,
    WorkingGroup,
)
from networks.services import group_membership_add, rotation_wish_create, user_data_export, user_erase
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def build(size, staff_user):
    year = timezone.localdate().year
    organisations = list(Library.objects.organisations())
    for index in range(size):
        first, second = organisations[index % 40], organisations[(index + 1) % 40]
        partnership = Partnership.objects.create(theme=f"Teema {index}", starts_on=datetime.date(year, 1, 1))
        partnership.libraries.set([first, second])
        PartnerVisit.objects.create(
            partnership=partnership, date=datetime.date(year, 2, 1), from_library=first, to_library=second
        )
        visit = LibraryVisit.objects.create(date=datetime.date(year, 1, 1 + index % 28), place=first)
        visit.participating_libraries.set([second])
        RotationPlacement.objects.create(
            host_library=first,
            title=f"Paikka {index}",
            window_starts=datetime.date(year, 1, 1),
            window_ends=datetime.date(year + 1, 12, 31),
            description="x",
        )
        period = RotationPeriod.objects.create(
            person=staff_user,
            home_library=staff_user.library,
            host_library=second if second != staff_user.library else first,
            starts_on=datetime.date(year, 3, 1),
            ends_on=datetime.date(year, 3, 10),
        )
        Cost.objects.create(
            activity="rotation",
            rotation_period=period,
            category="travel",
            claimed_amount=Decimal("10"),
            claim_status="pending",
            date=period.starts_on,
            payee_type="person",
        )
    for index in range(2):
        campaign = Campaign.objects.create(year=year, theme=f"Kampanja {index}")
        CampaignParticipation.objects.bulk_create(
            [
                CampaignParticipation(campaign=campaign, library=library)
                for library in organisations[: size * 2]
            ]
        )


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize("name", ["partners", "campaigns", "visits", "rotation_index", "group_list"])
def test_pages_keep_their_query_budget(client, staff_user, size, name, django_assert_max_num_queries):
    build(size, staff_user)
    client.force_login(staff_user)
    client.get(reverse(name))
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_personal_data_export_and_erasure_cover_the_cooperation_registers(staff_user, libraries):
    group = WorkingGroup.objects.get(slug="digityoryhma")
    group_membership_add(group=group, user=staff_user)
    rotation_wish_create(person=staff_user, interests="Musiikkikirjasto", timing="Syksy")
    visit = LibraryVisit.objects.create(date=datetime.date(2024, 1, 1), place=libraries["pori"])
    ake_person = make_user("informaatikko@turku.fi", library=libraries["turku"])
    visit.ake_participants.add(ake_person)

    libraries["kaarina"].contact_person = staff_user
    libraries["kaarina"].save()

    data = user_data_export(user=staff_user)
    assert data["working_groups"]["memberships"][0]["group"] == group.name_fi
    assert data["library_contact_person"] == [{"library": "Kaarinan kaupunginkirjasto"}]
    assert data["job_rotation"]["wishes"][0]["interests"] == "Musiikkikirjasto"
    assert user_data_export(user=ake_person)["library_visits"][0]["library"] == "Porin kaupunginkirjasto"

    user_erase(user=staff_user)
    membership = group.memberships.get()
    assert membership.user is None
    assert membership.library == libraries["kaarina"]
    libraries["kaarina"].refresh_from_db()
    assert libraries["kaarina"].contact_person is None
    user_erase(user=ake_person)
    assert visit.ake_participants.count() == 0
    assert LibraryVisit.objects.filter(pk=visit.pk).exists()
