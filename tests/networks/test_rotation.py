import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from ake.indicators import provider_for
from finance.models import Cost
from networks.models import Library, RotationPeriod, RotationPlacement, RotationWish
from networks.services import (
    ServiceError,
    rotation_cost_claim_create,
    rotation_match,
    rotation_period_link_reciprocal,
    rotation_wish_create,
    user_erase,
)
from tests.conftest import make_user, message_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    """Service messages asserted in English (the default language is Finnish)."""
    with translation.override("en"):
        yield


def lib(municipality):
    return Library.objects.get(municipality_fi=municipality, parent=None)


def period(person, home, host, starts_on, days=10, **fields):
    return RotationPeriod.objects.create(
        person=person,
        home_library=home,
        host_library=host,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days - 1),
        **fields,
    )


@pytest.fixture
def placement(libraries):
    contact = make_user("ohjaaja@pori.fi", library=libraries["pori"], first_name="Olli", last_name="Ohjaaja")
    return RotationPlacement.objects.create(
        host_library=libraries["pori"],
        title="Lasten- ja nuortenpalvelut",
        contact=contact,
        window_starts=datetime.date(2025, 3, 1),
        window_ends=datetime.date(2025, 4, 30),
        description="Kaksi viikkoa lastenosastolla.",
        onboarding_plan="Päivä 1: talon esittely ja turvallisuusohjeet. Päivä 2: satutunti.",
    )


@pytest.mark.usefixtures("english")
def test_ake_matches_a_wish_with_a_placement(
    staff_user, placement, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wish = rotation_wish_create(person=staff_user, interests="Lastenkirjastotyö", timing="Maaliskuu 2025")
    assert "Lastenkirjastotyö" in message_text(mailbox.wait_for(1)[0])
    with pytest.raises(ServiceError, match="time window"):
        rotation_match(
            wish=wish,
            placement=placement,
            starts_on=datetime.date(2025, 2, 20),
            ends_on=datetime.date(2025, 3, 3),
        )
    matched = rotation_match(
        wish=wish,
        placement=placement,
        starts_on=datetime.date(2025, 3, 3),
        ends_on=datetime.date(2025, 3, 14),
    )
    assert matched.home_library == staff_user.library
    assert matched.host_library == placement.host_library
    assert "satutunti" in matched.onboarding_plan
    wish.refresh_from_db()
    placement.refresh_from_db()
    assert wish.status == RotationWish.Status.MATCHED
    assert placement.status == RotationPlacement.Status.FILLED
    with pytest.raises(ServiceError):
        rotation_match(
            wish=wish,
            placement=placement,
            starts_on=datetime.date(2025, 3, 3),
            ends_on=datetime.date(2025, 3, 14),
        )


@pytest.mark.usefixtures("english")
def test_a_reciprocal_exchange_links_both_ways(staff_user, other_library_user, libraries):
    there = period(staff_user, libraries["kaarina"], libraries["pori"], datetime.date(2024, 5, 6))
    back = period(other_library_user, libraries["pori"], libraries["kaarina"], datetime.date(2024, 5, 6))
    unrelated = period(other_library_user, libraries["pori"], libraries["turku"], datetime.date(2024, 9, 2))
    with pytest.raises(ServiceError, match="other way"):
        rotation_period_link_reciprocal(period=there, other=unrelated)
    rotation_period_link_reciprocal(period=there, other=back)
    there.refresh_from_db()
    back.refresh_from_db()
    assert there.partner == back
    assert back.partner == there


def test_the_agreement_pdf_contains_the_parties_dates_and_costs(client, staff_user, placement):
    staff_user.first_name, staff_user.last_name, staff_user.title = "Maija", "Virtanen", "Kirjastovirkailija"
    staff_user.save()
    wish = rotation_wish_create(person=staff_user, interests="Lapset", timing="Maaliskuu")
    rotation = rotation_match(
        wish=wish,
        placement=placement,
        starts_on=datetime.date(2025, 3, 3),
        ends_on=datetime.date(2025, 3, 14),
    )
    Cost.objects.create(
        activity="rotation",
        rotation_period=rotation,
        category="travel",
        claimed_amount=Decimal("84"),
        claim_status="approved",
        amount_budgeted=Decimal("84.00"),
        date=rotation.starts_on,
        payee_type="person",
    )
    client.force_login(staff_user)
    response = client.get(reverse("rotation_agreement_pdf", args=[rotation.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Maija Virtanen",
        "Kaarinan kaupunginkirjasto",
        "Porin kaupunginkirjasto",
        "Olli Ohjaaja",
        "3.3.2025",
        "14.3.2025",
        "12",  # days
        "84,00",
        "satutunti",
    ):
        assert expected in text, expected


def test_a_staff_member_cannot_see_other_peoples_cost_claims(
    client, staff_user, other_library_user, libraries
):
    mine = period(staff_user, libraries["kaarina"], libraries["pori"], datetime.date(2025, 3, 3))
    theirs = period(other_library_user, libraries["pori"], libraries["kaarina"], datetime.date(2025, 3, 3))
    rotation_cost_claim_create(
        period=theirs,
        person=other_library_user,
        kind="lodging",
        claimed_amount=Decimal("310.00"),
        description="Hotelli Kaarina 5 yötä",
    )
    with pytest.raises(ServiceError):
        rotation_cost_claim_create(
            period=theirs, person=staff_user, kind="travel", claimed_amount=Decimal("1")
        )

    client.force_login(staff_user)
    assert client.get(reverse("rotation_period_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("rotation_agreement_pdf", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("rotation_period_detail", args=[theirs.pk]), {"kind": "travel", "claimed_amount": "5"}
    )
    assert response.status_code == 404
    index = client.get(reverse("rotation_index")).content.decode()
    assert "Hotelli Kaarina" not in index
    own = client.get(reverse("rotation_period_detail", args=[mine.pk])).content.decode()
    assert "Hotelli Kaarina" not in own
    assert Cost.objects.filter(rotation_period=theirs).count() == 1


def test_a_cost_claim_with_a_bad_amount_gets_a_message(client, staff_user, libraries):
    mine = period(staff_user, libraries["kaarina"], libraries["pori"], datetime.date(2025, 3, 3))
    client.force_login(staff_user)
    url = reverse("rotation_period_detail", args=[mine.pk])
    response = client.post(url, {"kind": "travel", "claimed_amount": "-5", "description": "Juna"})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Cost.objects.exists()
    response = client.post(url, {"kind": "travel", "claimed_amount": "42.50", "description": "Juna"})
    assert response.status_code == 302
    claim = Cost.objects.get()
    assert claim.claimed_amount == Decimal("42.50")
    # A claim waits for AKE's approval and commits nothing until then.
    assert (claim.activity, claim.category, claim.claim_status, claim.committed, claim.counts) == (
        "rotation",
        "travel",
        "pending",
        0,
        False,
    )
    assert claim.recorded_by == staff_user and claim.payee_type == "person"


def test_the_wish_form_and_the_index(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("rotation_wish")).status_code == 200
    response = client.post(reverse("rotation_wish"), {"interests": "", "timing": ""})
    assert response.status_code == 200 and not RotationWish.objects.exists()
    response = client.post(reverse("rotation_wish"), {"interests": "Musiikkipalvelut", "timing": "Syksy"})
    assert response.status_code == 302
    assert RotationWish.objects.get().home_library == staff_user.library


def test_b7_and_b8_count_periods_and_libraries(staff_user, other_library_user, libraries):
    kaarina, pori, turku = libraries["kaarina"], libraries["pori"], libraries["turku"]
    korppoo = Library.objects.get(name_fi="Korppoon kirjasto")
    there = period(staff_user, kaarina, pori, datetime.date(2024, 3, 4))
    back = period(other_library_user, pori, kaarina, datetime.date(2024, 3, 4))
    rotation_period_link_reciprocal(period=there, other=back)
    period(None, korppoo, lib("Laitila"), datetime.date(2024, 12, 31))
    period(None, turku, lib("Eura"), datetime.date(2024, 5, 1), status=RotationPeriod.Status.CANCELLED)
    period(None, turku, lib("Somero"), datetime.date(2023, 12, 31))
    period(None, turku, lib("Rauma"), datetime.date(2025, 1, 1))

    done = provider_for("B7")(year=2024, today=datetime.date(2025, 2, 1))
    assert done.value == 3  # the exchange counts two
    assert len(done.items) == 3
    b8 = provider_for("B8")(year=2024, today=datetime.date(2025, 2, 1))
    assert b8.library_ids == {kaarina.pk, pori.pk, lib("Parainen").pk, lib("Laitila").pk}

    running = provider_for("B7")(year=2024, today=datetime.date(2024, 6, 1))
    assert running.value == 2
    assert running.scheduled == 1


def test_erasing_a_person_keeps_the_period_counted(staff_user, libraries):
    rotation = period(staff_user, libraries["kaarina"], libraries["pori"], datetime.date(2024, 3, 4))
    Cost.objects.create(
        activity="rotation",
        rotation_period=rotation,
        category="travel",
        claimed_amount=Decimal("20"),
        claim_status="pending",
        date=rotation.starts_on,
        payee_type="person",
        recorded_by=staff_user,
    )
    rotation_wish_create(person=staff_user, interests="x", timing="y")
    user_erase(user=staff_user)
    rotation.refresh_from_db()
    assert rotation.person is None
    assert not RotationWish.objects.exists()
    assert provider_for("B7")(year=2024, today=datetime.date(2025, 1, 1)).value == 1
    # Its cost stays in the books, without the person.
    assert Cost.objects.get(rotation_period=rotation).recorded_by is None


def test_only_stories_with_consent_are_offered_for_publishing(staff_user, libraries):
    from networks.selectors import rotation_story_list_publishable

    shared = period(
        staff_user,
        libraries["kaarina"],
        libraries["pori"],
        datetime.date(2024, 3, 4),
        experience_story="Opin Porissa paljon.",
        story_may_be_published=True,
    )
    period(
        staff_user,
        libraries["kaarina"],
        libraries["turku"],
        datetime.date(2024, 5, 6),
        experience_story="Yksityinen.",
    )
    assert list(rotation_story_list_publishable(year=2024)) == [shared]
    user_erase(user=staff_user)
    assert list(rotation_story_list_publishable()) == []
