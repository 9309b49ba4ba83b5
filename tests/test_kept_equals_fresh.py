"""A kept page is always the page a fresh process would render.

Every cache of the public pages (ake/memo.py ``memoized``, ``from_rows``, ``kept_by_value`` and
``{% kept %}``, the seat and booking parts, the top of the page tree in ake/site_top.py, the
anonymous page cache) is checked here against no cache at all: a seeded random sequence of the
writes users and editors make (registrations, cancellations with the waitlist's promotion, kit
bookings and cancellations, notices published, edited, unpublished and translated, events, kits and
groups renamed, a group meeting added, a menu section renamed) and after each write every page, in
Finnish and Swedish, anonymous and logged in, as served with the process's kept copies as they are
must equal, byte for byte, the page rendered after every per-process store and the page cache are
emptied. Only what differs per request by design is masked (CSRF tokens, CSP nonces).
"""

import datetime
import difflib
import random
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from networks.services import ServiceError
from tests import test_cold_budgets
from tests.extranet.conftest import make_notice
from tests.loans.conftest import make_kit
from tests.trainings.conftest import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

site = test_cold_budgets.site  # the demo-like page tree (the fixture of the cold budgets)

SEED = 20261207
# A waitlist's promotion (3 steps), each kind of write once (16), then at random.
STEPS = 20
MASKS = (
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*"'), rb'\1CSRF"'),
    (re.compile(rb'(name="csrf-token" content=")[^"]*"'), rb'\1CSRF"'),
    (re.compile(rb'(nonce=")[^"]*"'), rb'\1NONCE"'),
)


def _masked(content: bytes) -> bytes:
    for pattern, replacement in MASKS:
        content = pattern.sub(replacement, content)
    return content


def _clear_kept_copies() -> None:
    """Every per-process store a cold process starts without: ake.memo's copies (memoized,
    kept_by_value, {% kept %}, the site top, the seat and booking parts all live there), the rows'
    copies (from_rows), the locales' codes and the words' stems of search."""
    from ake import memo
    from extranet import search_backend

    memo._values.clear()
    memo._from_rows.clear()
    search_backend._LOCALE_CODES.clear()
    search_backend._stem_roots.cache_clear()


def _page_cache_keys(urls) -> list[str]:
    return [f"pagecache:page:testserver:{url}" for url in urls]


@pytest.fixture
def world(site, libraries, staff_user):
    """Demo-like data, small: notices in the index and the Swedish tree, a material bank with kits,
    events with registrations, one event with few seats and two pick-up points, kits with bookings,
    a working group with meetings."""
    from trainings.models import PickupPoint

    made = test_cold_budgets.grow(site, libraries, 2)
    event = make_event(
        title="Koulutus pienryhmälle", title_sv="Utbildning för en liten grupp", seats_on_site=1
    )
    points = [
        PickupPoint.objects.create(event=event, name_fi=fi, name_sv=sv, seats=1, sort_order=order)
        for order, (fi, sv) in enumerate((("Salo", "Salo sv"), ("Pori", "Björneborg")))
    ]
    kit = make_kit("Pelisalkku tarkkailtava", units=1)
    return {**site, **made, "event": event, "points": points, "kit": kit, "libraries": libraries}


def _pages(world) -> dict:
    """Name -> URL: every public page, in Finnish and Swedish."""
    from wagtail.models import Locale

    swedish = Locale.objects.get(language_code="sv")
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).strftime("%Y-%m")
    pages = {}
    for language in ("fi", "sv"):
        with translation.override(language):
            urls = {
                "home": f"/{language}/",
                "calendar": reverse("trainings:calendar"),
                "event page": world["event"].get_absolute_url(),
                "kit calendar": reverse("loans:kit_calendar"),
                "kit list": reverse("loans:kit_list"),
                "kit page": reverse("loans:kit_detail", args=[world["kit"].pk]),
                "group page": reverse("group_detail", args=[world["group"].slug]),
                "search": reverse("extranet:search")
                + ("?q=koulutus" if language == "fi" else "?q=utbildning"),
                "kit calendar next month": reverse("loans:kit_calendar") + f"?month={next_month}",
            }
        for name, page in (
            ("notice index", world["index"]),
            ("notice", world["notice"]),
            ("material bank", world["bank"]),
        ):
            page = page if language == "fi" else page.get_translation(swedish)
            urls[name] = page.url
        urls["notice index by category"] = urls["notice index"] + "?category=koulutukset"
        pages.update({f"{name} {language}": url for name, url in urls.items()})
    return pages


class Writes:
    """The writes of users and editors, through the services and models they use."""

    def __init__(self, world, staff_user, rng):
        self.world, self.user, self.rng = world, staff_user, rng
        self.number = 0

    def _n(self) -> int:
        self.number += 1
        return self.number

    def _events(self):
        from trainings.models import Event

        return list(Event.objects.filter(status=Event.Status.PUBLISHED).order_by("pk"))

    def register(self, event=None) -> str:
        from trainings import services

        event = event or self.rng.choice(self._events())
        point = self.rng.choice([None, *event.pickup_points.all()]) if event.pickup_points.exists() else None
        number = self._n()
        library = self.rng.choice(list(self.world["libraries"].values()))
        for chosen in dict.fromkeys([point, None]):  # a full pick-up point: without one
            try:
                registration = services.registration_create(
                    event=event,
                    email=f"osallistuja.{number}@example.fi",
                    first_name="Osa",
                    last_name=f"Ottaja {number}",
                    library=library,
                    pickup_point=chosen,
                )
            except ServiceError as refused:
                answer = f"register on {event.pk} refused: {refused}"
                continue
            return f"register on {event.pk} ({registration.status}, point {chosen and chosen.pk})"
        return answer

    def register_on_the_watched_event(self) -> str:
        # One seat: the next registrations wait, a cancellation offers the seat to the first.
        return self.register(self.world["event"])

    def cancel_registration(self) -> str:
        from trainings import services
        from trainings.models import Registration

        active = list(
            Registration.objects.filter(
                status__in=[
                    Registration.Status.CONFIRMED,
                    Registration.Status.WAITLISTED,
                    Registration.Status.OFFERED,
                ]
            ).order_by("pk")
        )
        ours = [registration for registration in active if registration.event_id == self.world["event"].pk]
        ours = [
            registration for registration in ours if registration.status != Registration.Status.WAITLISTED
        ] or ours
        registration = self.rng.choice(ours or active)
        services.registration_cancel(registration=registration)
        return f"cancel registration {registration.pk} of {registration.event_id}"

    def expire_offers(self) -> str:
        from trainings import services

        later = timezone.now() + datetime.timedelta(days=30)  # the task's run once the offers are old
        return f"expire offers ({services.offers_expire(now=later)})"

    def edit_watched_seats(self) -> str:
        from trainings import services

        event = self.world["event"]
        event.refresh_from_db()
        previous = services.event_snapshot(event)
        event.seats_on_site = self.rng.choice([1, 2, 3])
        event.save()
        services.event_save(event=event, previous=previous)  # a seat more is offered to the waitlist
        return f"watched event seats {event.seats_on_site}"

    def book(self) -> str:
        from loans import services
        from loans.models import Kit

        kit = self.rng.choice([self.world["kit"], self.world["kit"], *Kit.objects.order_by("pk")])
        today = timezone.localdate()
        for _attempt in range(10):
            pickup = today + datetime.timedelta(days=self.rng.randrange(3, 40))
            try:
                booking = services.kit_booking_create(
                    kit=kit,
                    library=self.user.library,
                    booked_by=self.user,
                    pickup_date=pickup,
                    return_date=pickup + datetime.timedelta(days=self.rng.randrange(1, 6)),
                    delivery="collected",
                )
            except Exception:  # noqa: BLE001 - no free unit on those days: try others
                continue
            return f"book kit {kit.pk} from {pickup} ({booking.status})"
        return f"book kit {kit.pk}: no free days"

    def cancel_booking(self) -> str:
        from loans import services
        from loans.models import KitBooking

        open_ = [booking for booking in KitBooking.objects.order_by("pk") if booking.is_open]
        if not open_:
            return self.book()
        booking = self.rng.choice(open_)
        services.kit_booking_cancel(booking=booking, by=self.user)
        return f"cancel booking {booking.pk} of kit {booking.kit_id}"

    def publish_notice(self) -> str:
        number = self._n()
        notice = make_notice(
            self.world["index"],
            f"Koulutus tiedote {number}",
            categories=self.world["categories"][: self.rng.randrange(3)],
            tags=("pelit",),
            series=self.rng.choice([None, self.world["series"]]),
        )
        return f"publish notice {notice.pk}"

    def _notices(self, *, live=True):
        from extranet.models import NoticePage

        return list(NoticePage.objects.filter(live=live, locale__language_code="fi").order_by("pk"))

    def edit_notice(self) -> str:
        notices = self._notices()
        notice = self.rng.choice([self.world["notice"], *notices]).specific
        notice.refresh_from_db()
        notice.title = f"{notice.title.split(' / ')[0]} / muokattu {self._n()}"
        notice.lead = f"Uusi ingressi {self.number}."
        notice.save_revision().publish()
        return f"edit notice {notice.pk}"

    def unpublish_notice(self) -> str:
        notices = [notice for notice in self._notices() if notice.pk != self.world["notice"].pk]
        if not notices:
            return self.publish_notice()
        notice = self.rng.choice(notices)
        notice.unpublish()
        return f"unpublish notice {notice.pk}"

    def edit_event(self) -> str:
        from trainings import services

        event = self.rng.choice([self.world["event"], *self._events()])
        event.refresh_from_db()
        previous = services.event_snapshot(event)
        number = self._n()
        if self.rng.random() < 0.5:
            event.title_fi = f"Koulutus muutettu {number}"
            event.title_sv = f"Utbildning ändrad {number}"
            what = "title"
        else:
            event.seats_on_site = max(1, (event.seats_on_site or 1) + self.rng.choice([-1, 1, 2]))
            what = f"seats {event.seats_on_site}"
        event.save()
        services.event_save(event=event, previous=previous)
        return f"edit event {event.pk} {what}"

    def rename_kit(self) -> str:
        """A kit renamed and its units changed (one added, or one put in repair or back): the kit
        list's cards, the calendar's rows and a kit's page are kept by the values they show
        (loans/views.py), the units' count included."""
        from loans.models import Kit, KitUnit

        kit = self.rng.choice([self.world["kit"], *Kit.objects.order_by("pk")])
        kit.refresh_from_db()
        number = self._n()
        kit.name_fi, kit.name_sv = f"Salkku uusi {number}", f"Väska ny {number}"
        kit.save()
        unit = self.rng.choice([None, *kit.units.order_by("pk")])
        if unit is None:
            KitUnit.objects.create(kit=kit, code=f"u{number}")
            return f"rename kit {kit.pk}, a unit added"
        available = unit.state == KitUnit.State.AVAILABLE
        unit.state = KitUnit.State.IN_REPAIR if available else KitUnit.State.AVAILABLE
        unit.save()
        return f"rename kit {kit.pk}, unit {unit.pk} {unit.state}"

    def rename_group(self) -> str:
        group = self.world["group"]
        group.refresh_from_db()
        number = self._n()
        group.name_fi, group.name_sv = f"Pelityöryhmä {number}", f"Spelgruppen {number}"
        group.save()
        return f"rename group {group.pk}"

    def add_meeting(self) -> str:
        from trainings.models import EventKind

        number = self._n()
        start = (timezone.now() + datetime.timedelta(days=self.rng.randrange(2, 30))).replace(microsecond=0)
        event = make_event(
            title=f"Tapaaminen uusi {number}",
            kind=EventKind.GROUP_MEETING,
            working_group=self.world["group"],
            start=start,
            end=start + datetime.timedelta(hours=2),
        )
        return f"add group meeting {event.pk}"

    def rename_section(self) -> str:
        from extranet.models import StandardPage

        section = StandardPage.objects.get(slug="toteutussuunnitelma", locale__language_code="fi")
        section.title = f"Toteutussuunnitelma {self._n()}"
        section.save_revision().publish()
        return f"rename menu section {section.pk}"

    def translate_notice(self) -> str:
        from extranet.page_trees import page_translate

        untranslated = [
            notice
            for notice in self._notices()
            if (sv := notice.get_translation_or_none(_swedish())) is None or sv.alias_of_id is not None
        ]
        if not untranslated:
            return self.edit_notice()
        notice = self.rng.choice(untranslated)
        page_translate(notice, "sv", title=f"Meddelande om utbildning {self._n()}", lead="Kort ingress.")
        return f"translate notice {notice.pk} to Swedish"

    KINDS = (
        "register",
        "register_on_the_watched_event",
        "register_on_the_watched_event",
        "cancel_registration",
        "cancel_registration",
        "expire_offers",
        "edit_watched_seats",
        "book",
        "cancel_booking",
        "publish_notice",
        "edit_notice",
        "unpublish_notice",
        "edit_event",
        "rename_kit",
        "rename_group",
        "add_meeting",
        "rename_section",
        "translate_notice",
    )

    def sequence(self, steps: int):
        # A waitlist's promotion first, then each kind at least once, then at random.
        kinds = list(dict.fromkeys(self.KINDS))
        self.rng.shuffle(kinds)
        kinds = ["register_on_the_watched_event"] * 2 + ["cancel_registration", *kinds]
        kinds += [self.rng.choice(self.KINDS) for _ in range(steps - len(kinds))]
        return kinds


def _swedish():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="sv")


def _views(clients: dict, pages: dict, order: tuple) -> dict:
    return {
        (visitor, name): (response.status_code, _masked(response.content))
        for language in order
        for visitor, client in clients.items()
        for name, url in pages.items()
        if name.endswith(f" {language}")
        for response in [client.get(url)]
    }


def _fresh_views(clients: dict, pages: dict, order: tuple, step: int) -> dict:
    """Each page as a new process renders it: nothing kept, the page cache bypassed; the other
    visitor's view of the same address follows with what that first view made (after the write
    too), and who comes first alternates by step, so each is rendered from nothing every other
    step. The process's copies are put back afterwards, as the next write finds them in a busy
    process."""
    from ake import memo

    saved = [(store, store.copy()) for store in (memo._values, memo._from_rows)]
    visitors = list(clients.items())
    visitors = visitors if step % 2 == 0 else visitors[::-1]
    found = {}
    for language in order:
        for name, url in pages.items():
            if not name.endswith(f" {language}"):
                continue
            _clear_kept_copies()
            for visitor, client in visitors:
                cache.delete_many(_page_cache_keys([url]))
                response = client.get(url)
                assert response.get("X-Page-Cache") != "hit", url
                found[(visitor, name)] = (response.status_code, _masked(response.content))
    for store, copy in saved:
        store.clear()
        store.update(copy)
    return found


def _diff(kept: bytes, fresh: bytes) -> str:
    lines = difflib.unified_diff(
        fresh.decode(errors="replace").splitlines(),
        kept.decode(errors="replace").splitlines(),
        "fresh",
        "kept",
        n=2,
        lineterm="",
    )
    return "\n".join(list(lines)[:40])


def _run(world, staff_user, order: tuple) -> list[str]:
    member = Client()
    member.force_login(staff_user)
    clients = {"anonymous": Client(), "member": member}
    writes = Writes(world, staff_user, random.Random(SEED))
    pages = _pages(world)
    stale = []
    # The copies as a busy process holds them: every page viewed (first in ``order``'s first
    # language), then viewed again after each write.
    _views(clients, pages, order)
    for step, kind in enumerate(["(none)", *writes.sequence(STEPS)]):
        what = kind if kind == "(none)" else getattr(writes, kind)()
        print(f"step {step}: {what}")
        pages = _pages(world)
        kept = _views(clients, pages, order)
        fresh = _fresh_views(clients, pages, order, step)
        for key, (status, content) in kept.items():
            if (status, content) != fresh[key]:
                report = (
                    f"STALE step {step} ({what}), {key[0]} {key[1]} {pages[key[1]]}: "
                    f"status kept {status} fresh {fresh[key][0]}\n{_diff(content, fresh[key][1])}"
                )
                print(report)
                stale.append(report)
    return stale


def test_every_kept_page_is_what_a_fresh_process_renders_after_each_write(world, staff_user):
    stale = _run(world, staff_user, ("fi", "sv"))
    assert not stale, "\n\n".join(stale[:5])


def test_copies_kept_in_swedish_first_give_the_fresh_finnish_pages(world, staff_user):
    stale = _run(world, staff_user, ("sv", "fi"))
    assert not stale, "\n\n".join(stale[:5])
