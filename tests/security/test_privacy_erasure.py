"""Account erasure, proven by looking everywhere: no table, no outbox row, no Redis key, no media file and
no log line keeps the person's name or address, while every yearly indicator stays exactly the same.

The person below does everything the site offers; the erasure runs through the real profile deletion
view; then traces.py scans every text/json/bytea column of every table (read from information_schema,
not a hand list), the Redis database, MEDIA_ROOT and the captured log output.
"""

import datetime
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.log_actions import log

from ake.indicators import provider_for, registered_codes
from extranet.models import Delivery, Subscription
from extranet.services import subscription_confirm, subscription_request
from loans.models import Delivery as KitDelivery
from loans.models import InterlibraryLoan, Kit, KitType, KitUnit
from loans.services import interlibrary_loan_request_create, kit_booking_create, kit_booking_hand_over
from networks.models import (
    AccessRequest,
    Campaign,
    LiboppiCompletion,
    LiboppiModule,
    LibraryVisit,
    RotationPlacement,
    User,
    WorkingGroup,
)
from networks.roles import AKE_ADMINS, AKE_EDITORS
from networks.services import (
    campaign_sign_up,
    group_join_request_create,
    group_membership_add,
    rotation_cost_claim_create,
    rotation_match,
    rotation_wish_create,
)
from reporting.models import IndicatorDefinition, PdfRender
from reporting.services import manual_value_set, report_freeze
from tests.conftest import make_user
from tests.extranet.conftest import make_notice
from tests.loans.conftest import ensure_game_rule
from tests.trainings.conftest import make_event
from trainings import services as trainings
from trainings.models import Material, Registration

from .traces import LogCapture, scan_database, scan_media, scan_redis

pytestmark = pytest.mark.django_db

FIRST, LAST = "Zyxwvu", "Qwertyson"
EMAIL = "zyxwvu.q@kaarina.fi"
PASSWORD = "correct-horse-battery"
# Name, address, the address's local part, and the case variants the person typed elsewhere.
NEEDLES = [FIRST, LAST, EMAIL, EMAIL.split("@")[0], "Zyxwvu.Q@Kaarina.fi", f"{FIRST} {LAST}"]


def make_notice_index():
    from extranet.models import HomePage, NoticeIndexPage

    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet", introduction="AKE:n tiedotteet")
    HomePage.objects.get(depth=2).add_child(instance=index)
    index.save_revision().publish()
    return index


def make_booking(person, *, pickup_in=10, return_in=20, booked_days_ago=0):
    """A game kit booked by the person for their library (pick-up and return relative to today)."""
    ensure_game_rule()
    kit = Kit.objects.create(name_fi="Pelisalkku", kit_type=KitType.GAME)
    KitUnit.objects.create(kit=kit, code="1")
    today = timezone.localdate()
    return kit_booking_create(
        kit=kit,
        library=person.library,
        booked_by=person,
        pickup_date=today + datetime.timedelta(days=pickup_in),
        return_date=today + datetime.timedelta(days=return_in),
        delivery=KitDelivery.COLLECTED,
        notes="Lukupiirille",
        today=today - datetime.timedelta(days=booked_days_ago),
    )


@pytest.fixture
def notices(db):
    return make_notice_index()


def _indicators(years: list[int], today: datetime.date) -> dict:
    """Every registered indicator for each year, reduced to what the report shows as figures."""
    values = {}
    for year in years:
        for code in registered_codes():
            result = provider_for(code)(year=year, today=today)
            values[(year, code)] = (
                result.value,
                result.scheduled,
                sorted(result.library_ids) if result.library_ids is not None else None,
                # counted_at is the moment of counting, not a figure.
                repr(sorted((k, v) for k, v in result.extra.items() if k != "counted_at")),
                len(result.items),
            )
    return values


def _the_person_does_everything(client, second_browser, libraries, ake_admin, mailbox, notices) -> User:
    kaarina, pori = libraries["kaarina"], libraries["pori"]
    # The access request that got the person in, decided by AKE.
    AccessRequest.objects.create(
        email=EMAIL,
        first_name=FIRST,
        last_name=LAST,
        library=kaarina,
        reason=f"Olen {FIRST} {LAST}, Kaarinan kirjastosta.",
        language="fi",
        status=AccessRequest.Status.APPROVED,
        decided_by=ake_admin,
        decided_at=timezone.now(),
    )
    person = make_user(EMAIL, library=kaarina, first_name=FIRST, last_name=LAST, title="Kirjastonhoitaja")
    person.phone = "+358 40 1234567"
    person.save()
    # Edits pages, and as AKE admin enters report figures and freezes a year.
    person.groups.add(Group.objects.get(name=AKE_EDITORS), Group.objects.get(name=AKE_ADMINS))
    other_address = EmailAddress.objects.create(user=person, email="Zyxwvu.Q@kaarina-koti.fi", verified=False)
    EmailConfirmation.create(other_address).save()

    # Logs in through the real form (session, last_login, allauth's rate-limit counters), one wrong
    # password first, and from a second browser whose session outlives the first one's logout.
    client.post(reverse("account_login"), {"login": EMAIL, "password": "wrong-password-1"})
    response = client.post(reverse("account_login"), {"login": EMAIL.upper(), "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    second_browser.force_login(person)
    client.get("/")
    assert client.get(reverse("profile")).status_code == 200
    # Then sets up two-factor authentication (TOTP and recovery codes).
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "a1b2c3", "used_mask": 0}
    )

    # Trainings: a past event attended with feedback, a full event with the person on the waitlist.
    past_start = (timezone.now() - datetime.timedelta(days=20)).replace(microsecond=0)
    attended = make_event(title="Menneet päivät", start=past_start, seats_on_site=10, created_by=person)
    full = make_event(title="Täysi koulutus", seats_on_site=1)
    holding = make_event(title="Paikka varattu", seats_on_site=1)
    registrant = make_user("toinen@pori.fi", library=pori)
    order = ((attended, person), (full, registrant), (full, person), (holding, person), (holding, registrant))
    for event, who in order:
        trainings.registration_create(
            event=event,
            user=who,
            email=who.email,
            first_name=who.first_name,
            last_name=who.last_name,
            library=who.library,
            phone="+358 40 1234567",
            diet=f"{who.first_name} ei syö pähkinöitä",
            emergency_contact=f"Puoliso {who.last_name}, 040 7654321",
            source=Registration.Source.AKE if event is attended else Registration.Source.SELF,
            registered_by=ake_admin if event is attended else None,
        )
    assert Registration.objects.get(event=full, email=EMAIL).status == Registration.Status.WAITLISTED
    assert Registration.objects.get(event=holding, email=EMAIL).status == Registration.Status.CONFIRMED
    trainings.attendance_import(event=attended, emails=[EMAIL.upper()], recorded_by=ake_admin)
    trainings.feedback_submit(event=attended, email=EMAIL, overall=4, answers={})
    trainings.calendar_token_get(user=person)
    Material.objects.create(
        event=attended, kind=Material.Kind.SLIDES, title="Kalvot", url="https://example.org/k", owner=person
    )

    # Notices: a subscription confirmed, a notice delivered, a delivery that bounced with the address.
    subscription = subscription_request(email=EMAIL, user=person)
    subscription_confirm(subscription=subscription)
    # Subscribed since last year, so that last year's A4 (31 December) counts the address.
    last_year = timezone.now().replace(year=timezone.now().year - 1, month=6, day=1)
    subscription.periods.update(subscribed_at=last_year, confirmed_at=last_year)
    make_notice(notices, "Tiedote kaikille")
    subscription.refresh_from_db()
    assert subscription.deliveries.exists()
    Delivery.objects.filter(subscription=subscription).update(
        last_error=f"450 4.2.1 <{EMAIL}>: Mailbox busy ({FIRST} {LAST})"
    )
    Subscription.objects.filter(pk=subscription.pk).update(undeliverable_reason=f"550 <{EMAIL}> unknown")
    pending = Subscription.objects.create(email="Zyxwvu.Q@Kaarina.fi", status=Subscription.Status.PENDING)
    assert pending.pk

    # Loans: a kit booking handed over, an interlibrary-loan request with the person as contact.
    booking = make_booking(person, pickup_in=-10, return_in=5, booked_days_ago=30)
    today = timezone.localdate()
    kit_booking_hand_over(booking=booking, by=ake_admin)
    booking.reminders.update(last_error=f"450 <{EMAIL}>: try again later")
    assert booking.reminders.exists()
    loan = interlibrary_loan_request_create(
        user=person, title="Kirja", contact_name=f"{FIRST} {LAST}", contact_email=EMAIL
    )
    InterlibraryLoan.objects.filter(pk=loan.pk).update(status="sent", sent_on=today, volumes=1)

    # Cooperation: a visit, rotation (wish, placement contact, period, story, cost), groups, campaign,
    # a Liboppi completion.
    visit = LibraryVisit.objects.create(date=today - datetime.timedelta(days=3), place=pori)
    visit.ake_participants.add(person)
    wish = rotation_wish_create(person=person, interests="Musiikkikirjasto", timing="Keväällä")
    placement = RotationPlacement.objects.create(
        host_library=pori,
        title="Lastenpalvelut",
        contact=person,
        window_starts=today - datetime.timedelta(days=60),
        window_ends=today + datetime.timedelta(days=60),
        description="Kaksi viikkoa.",
    )
    period = rotation_match(
        wish=wish,
        placement=placement,
        starts_on=today - datetime.timedelta(days=40),
        ends_on=today - datetime.timedelta(days=30),
    )
    period.experience_story = f"Minä, {FIRST}, opin paljon."
    period.home_supervisor = f"{LAST} senior"
    period.save()
    rotation_cost_claim_create(
        period=period, person=person, kind="travel", claimed_amount=Decimal("12.50"), description="Bussi"
    )
    groups = list(WorkingGroup.objects.order_by("pk"))
    open_group = next(group for group in groups if group.open_to_join)
    closed_group = next(group for group in groups if not group.open_to_join)
    group_membership_add(group=open_group, user=person)
    group_join_request_create(group=closed_group, user=person, message=f"Terveisin {FIRST} {LAST}")
    campaign = Campaign.objects.create(year=today.year, theme="Lukuviikko")
    campaign_sign_up(campaign=campaign, library=kaarina, signed_up_by=person)
    module = LiboppiModule.objects.create(title="Moduuli 1", first_offered_on=today)
    LiboppiCompletion.objects.create(module=module, library=kaarina, completed_on=today, person_ref=EMAIL)

    # Wagtail: the person uploads a document and edits a notice; AKE edits the person's account.
    document = Document.objects.create(title="Esitys", uploaded_by_user=person)
    document.file.save("esitys.pdf", ContentFile(b"%PDF-1.4 slides"), save=True)
    notice = make_notice(notices, "Toinen tiedote", publish=False)
    notice.lead = "Muokattu"
    revision = notice.save_revision(user=person, log_action=True)
    revision.publish(user=person)
    log(instance=person, action="wagtail.edit", user=ake_admin)

    # Reporting: a manual figure for last year, then the year frozen (its PDFs queued).
    last_year = today.year - 1
    manual_value_set(
        indicator=IndicatorDefinition.objects.get(code="A6"),
        year=last_year,
        value=Decimal("3"),
        note="Laskettu käsin",
        override=False,
        user=person,
    )
    report_freeze(year=last_year, user=person, today=today)
    assert PdfRender.objects.filter(year=last_year).exists()
    log(instance=person, action="wagtail.create", user=person)
    return person


def test_erasure_leaves_the_name_and_address_nowhere_and_the_indicators_unchanged(
    client, libraries, ake_admin, mailbox, notices, capsys
):
    with LogCapture() as logs:
        second_browser = client.__class__()
        person = _the_person_does_everything(client, second_browser, libraries, ake_admin, mailbox, notices)
        before_scan = scan_database(NEEDLES)
        # The scan must see what it looks for: the person is all over the database before erasure.
        seen_in = {hit.where.split(".")[0] for hit in before_scan.hits}
        assert {"networks_user", "trainings_registration", "account_emailaddress"} <= seen_in

        today = timezone.localdate()
        years = [today.year - 1, today.year]
        indicators_before = _indicators(years, today)
        counted = sum(1 for value in indicators_before.values() if value[0] is not None or value[2])

        response = client.get(reverse("profile_delete"))
        assert response.status_code == 200
        response = client.post(reverse("profile_delete"), {"confirm": "on"}, follow=True)
        assert response.status_code == 200
        assert not User.objects.filter(pk=person.pk).exists()
        # The seat the person held in a coming event goes to the next in line; their waitlist place
        # elsewhere is given up rather than left to be offered to an address nobody reads.
        statuses = dict(
            Registration.objects.filter(event__title="Paikka varattu").values_list("email", "status")
        )
        assert statuses["toinen@pori.fi"] == Registration.Status.OFFERED
        assert (
            not Registration.objects.filter(event__start__gt=timezone.now())
            .exclude(email="toinen@pori.fi")
            .active()
            .exists()
        )
        # The second browser's session is gone too, not merely orphaned.
        assert not [
            s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(person.pk)
        ]
        assert second_browser.get(reverse("profile")).status_code == 302

        indicators_after = _indicators(years, today)
        db = scan_database(NEEDLES)
        redis_keys, redis_hits = scan_redis(NEEDLES)
        media_files, media_hits = scan_media(NEEDLES)
    # Nothing the site logged, while the person used it or while they were erased, names them.
    log_hits = logs.hits(NEEDLES)

    hits = db.hits + redis_hits + media_hits + log_hits
    unchanged = sum(1 for key in indicators_before if indicators_before[key] == indicators_after[key])
    today = timezone.localdate()
    with capsys.disabled():
        print(
            f"\n[privacy-erasure] tables scanned {db.tables}, columns scanned {db.columns}, "
            f"redis keys {redis_keys}, media files {media_files}, log lines {logs.lines()}, "
            f"hits {len(hits)}, indicators unchanged {unchanged}/{len(indicators_before)} "
            f"({counted} with data; this year's A4 'now' and B3 'still scheduled' are 1 lower: "
            f"the address left, its coming seat freed)"
        )
    assert not hits, "\n".join(map(str, hits))
    changed = {key: (indicators_before[key], indicators_after[key]) for key in indicators_before}
    changed = {key: pair for key, pair in changed.items() if pair[0] != pair[1]}
    # A4 of the running year is counted "now" (DOMAIN.md): the erased address, like any address that
    # unsubscribes, no longer counts from this moment on. Every other figure, and last year's A4
    # (31 December), stays exactly the same.
    a4_now = changed.pop((today.year, "A4"), None)
    assert a4_now is None or a4_now[1][0] == a4_now[0][0] - 1, a4_now
    # The seat the person held in a coming event is freed (their waitlist place too): the running
    # year's forecast of what is still scheduled loses that one seat, and only it. What took place,
    # the value, stays.
    forecast = changed.pop((today.year, "B3"), None)
    if forecast is not None:
        (value, scheduled, *rest), (value_after, scheduled_after, *rest_after) = forecast
        assert (value_after, rest_after) == (value, rest)
        assert scheduled_after == scheduled - 1, forecast
    assert indicators_before[(today.year - 1, "A4")][0] >= 1
    assert not changed, changed
    assert counted >= 8  # the person's activity shows in the figures, so "unchanged" means something
