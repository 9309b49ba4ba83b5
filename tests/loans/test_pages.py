"""The kit pages, the booking form and a library's own bookings."""

import pytest
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape

from loans.models import Kit, KitBooking, KitUnit
from loans.services import kit_booking_create

from .conftest import COLLECTED, days, make_kit

pytestmark = pytest.mark.django_db

# The kit pages themselves, plus one query for the pages of the menu and the footer (kept per
# process afterwards: a warm page reads none, see tests/test_fast_pages.py), plus the logged-in
# user's row and, on a first page, its permissions and roles (kept in Redis for later requests,
# ake/auth_backends.py).
QUERY_BUDGET = 14
# The kit's own page also finds the first free dates its booking form offers (one query).
KIT_PAGE_QUERY_BUDGET = QUERY_BUDGET + 1


def book(kit, user, pickup, return_, delivery=COLLECTED):
    return kit_booking_create(
        kit=kit,
        library=user.library,
        booked_by=user,
        pickup_date=pickup,
        return_date=return_,
        delivery=delivery,
    )


def month_param(day):
    return day.strftime("%Y-%m")


@pytest.mark.parametrize("kit_count", [1, 50])
def test_kit_calendar_page_stays_within_the_query_budget(
    client, game_rule, staff_user, other_library_user, today, kit_count, django_assert_max_num_queries
):
    start = days(today, 40).replace(day=1)
    for number in range(kit_count):
        kit = make_kit(f"Salkku {number:02d}", units=1 + number % 3)
        book(kit, staff_user if number % 2 else other_library_user, days(start, 2), days(start, 8))
        book(kit, other_library_user, days(start, 15), days(start, 18))
    client.force_login(staff_user)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("loans:kit_calendar"), {"month": month_param(start)})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('scope="row"') == kit_count
    # A state is never told by colour alone: every cell carries a text for screen readers.
    assert "visually-hidden" in html and "✕" in html


@pytest.mark.parametrize("kit_count", [1, 50])
def test_kit_list_stays_within_the_query_budget(client, game_rule, kit_count, django_assert_max_num_queries):
    for number in range(kit_count):
        make_kit(f"Salkku {number:02d}", units=2)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(reverse("loans:kit_list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == kit_count


def test_kit_page_shows_free_and_booked_days_in_words(
    client, kit, staff_user, today, django_assert_max_num_queries
):
    start = days(today, 40).replace(day=1)
    book(kit, staff_user, days(start, 4), days(start, 6))  # blocks the 5th..9th (two checking days)
    client.force_login(staff_user)
    with django_assert_max_num_queries(KIT_PAGE_QUERY_BUDGET):
        response = client.get(reverse("loans:kit_detail", args=[kit.pk]), {"month": month_param(start)})
    assert response.status_code == 200
    cells = response.context["weeks"]
    states = {day.date.day: day.state for week in cells for day in week if day}
    assert [states[d] for d in (4, 5, 9, 10)] == ["free", "booked", "booked", "free"]
    html = response.content.decode()
    assert "<caption>" in html and 'scope="col"' in html
    # The form posts back to the kit's own page, so a refused booking stays on an address that a
    # reload or the language switcher can open.
    assert 'action="{}?month='.format(reverse("loans:kit_detail", args=[kit.pk])) in html


def test_anonymous_visitor_sees_the_kit_but_is_asked_to_log_in_to_book(client, kit):
    response = client.get(reverse("loans:kit_detail", args=[kit.pk]))
    assert response.status_code == 200
    assert reverse("account_login") in response.content.decode()
    assert client.post(reverse("loans:kit_book", args=[kit.pk])).status_code == 302
    assert not KitBooking.objects.exists()


def test_booking_form_books_the_kit_and_shows_it_in_my_bookings(client, kit, staff_user, today):
    client.force_login(staff_user)
    pickup = days(today, 10)
    response = client.post(
        reverse("loans:kit_book", args=[kit.pk]),
        {
            "pickup_date": pickup.isoformat(),
            "return_date": days(pickup, 6).isoformat(),
            "delivery": "courier",
        },
    )
    assert response.status_code == 302 and response.url == reverse("loans:my_bookings")
    booking = KitBooking.objects.get()
    assert booking.status == KitBooking.Status.CONFIRMED and booking.library == staff_user.library
    page = client.get(reverse("loans:my_bookings"))
    assert kit.name_fi in page.content.decode()


def test_booking_form_refusal_names_the_next_free_dates_and_offers_them(
    client, kit, staff_user, other_library_user, today
):
    book(kit, other_library_user, days(today, 10), days(today, 16))  # blocked to today+18
    client.force_login(staff_user)
    response = client.post(
        reverse("loans:kit_book", args=[kit.pk]),
        {
            "pickup_date": days(today, 12).isoformat(),
            "return_date": days(today, 13).isoformat(),
            "delivery": "collected",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert formats.date_format(days(today, 19), "SHORT_DATE_FORMAT") in html
    assert f"pickup={days(today, 19).isoformat()}" in html
    assert KitBooking.objects.count() == 1


def test_a_refused_booking_stays_on_an_address_that_reloads_and_switches_language(
    client, kit, staff_user, other_library_user, today
):
    """Issue #15 item 5: the refused form is shown at the kit's own address, and the old POST-only
    address leads there on a GET instead of answering 405."""
    book(kit, other_library_user, days(today, 10), days(today, 16))
    client.force_login(staff_user)
    page = reverse("loans:kit_detail", args=[kit.pk])
    data = {"pickup_date": days(today, 12).isoformat(), "return_date": days(today, 13).isoformat()}
    response = client.post(page, {**data, "delivery": "collected"})
    assert response.status_code == 400 and "form-suggestion" in response.content.decode()
    assert client.get(page).status_code == 200
    assert client.get(page.replace("/fi/", "/sv/", 1)).status_code == 200
    old = client.get(reverse("loans:kit_book", args=[kit.pk]).replace("/fi/", "/sv/", 1))
    assert old.status_code == 302 and old.url == page.replace("/fi/", "/sv/", 1)


def test_booking_form_rejects_bad_dates_without_a_server_error(client, kit, staff_user, today):
    client.force_login(staff_user)
    url = reverse("loans:kit_book", args=[kit.pk])
    response = client.post(url, {"pickup_date": "31.2.2024", "return_date": "", "delivery": "x"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"pickup_date", "return_date", "delivery"}
    response = client.post(
        url,
        {
            "pickup_date": days(today, -3).isoformat(),
            "return_date": days(today, 2).isoformat(),
            "delivery": "collected",
        },
    )
    assert response.status_code == 400 and "pickup_date" in response.context["form"].errors
    assert not KitBooking.objects.exists()


def test_booking_outside_the_rules_becomes_a_request_with_a_message(client, kit, staff_user, today):
    client.force_login(staff_user)
    response = client.post(
        reverse("loans:kit_book", args=[kit.pk]),
        {
            "pickup_date": days(today, 1).isoformat(),
            "return_date": days(today, 2).isoformat(),
            "delivery": "collected",
        },
        follow=True,
    )
    assert KitBooking.objects.get().status == KitBooking.Status.REQUESTED
    assert response.status_code == 200
    assert "AKE" in response.content.decode()


def test_staff_see_and_change_only_their_own_librarys_bookings(
    client, game_rule, staff_user, other_library_user, libraries, today
):
    from tests.conftest import make_user

    kit = make_kit(units=2)
    colleague = make_user("colleague@kaarina.fi", library=libraries["kaarina"])
    mine = book(kit, colleague, days(today, 10), days(today, 14))
    theirs = book(kit, other_library_user, days(today, 10), days(today, 14))
    client.force_login(staff_user)
    page = client.get(reverse("loans:my_bookings"))
    assert [b.pk for b in page.context["current"]] == [mine.pk]  # a colleague's booking is the library's
    for name in ("loans:booking_edit", "loans:booking_cancel", "loans:booking_extend"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
        assert client.post(reverse(name, args=[theirs.pk]), {"reason": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == KitBooking.Status.CONFIRMED
    response = client.post(
        reverse("loans:booking_edit", args=[mine.pk]),
        {
            "pickup_date": days(today, 11).isoformat(),
            "return_date": days(today, 15).isoformat(),
            "delivery": "courier",
            "notes": "Satutunnille",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.pickup_date, mine.delivery, mine.notes) == (days(today, 11), "courier", "Satutunnille")
    assert client.post(reverse("loans:booking_cancel", args=[mine.pk]), {"reason": ""}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == KitBooking.Status.CANCELLED


def test_a_branch_librarian_sees_the_organisations_bookings(client, kit, libraries, today):
    from networks.models import Library
    from tests.conftest import make_user

    branch = Library.objects.filter(parent__isnull=False).select_related("parent").first()
    branch_user = make_user("branch@example.fi", library=branch)
    main_user = make_user("main@example.fi", library=branch.parent)
    booking = book(kit, main_user, days(today, 10), days(today, 12))
    client.force_login(branch_user)
    assert [b.pk for b in client.get(reverse("loans:my_bookings")).context["current"]] == [booking.pk]


def test_extension_page_grants_or_explains(client, kit, staff_user, other_library_user, today):
    mine = book(kit, staff_user, days(today, 10), days(today, 14))
    book(kit, other_library_user, days(today, 20), days(today, 22))
    client.force_login(staff_user)
    url = reverse("loans:booking_extend", args=[mine.pk])
    assert client.post(url, {"return_date": days(today, 16).isoformat()}).status_code == 302
    response = client.post(url, {"return_date": days(today, 19).isoformat()})
    assert response.status_code == 400
    assert "booked" in response.content.decode() or "varattu" in response.content.decode()
    mine.refresh_from_db()
    assert mine.return_date == days(today, 16)


def test_my_bookings_without_a_library_says_so(client, db):
    from tests.conftest import make_user

    user = make_user("nolibrary@example.org")
    client.force_login(user)
    response = client.get(reverse("loans:my_bookings"))
    assert response.status_code == 200 and response.context["no_library"]


def test_kit_in_repair_is_shown_without_free_days(client, game_rule, today):
    kit = make_kit(units=1)
    kit.units.update(state=KitUnit.State.IN_REPAIR)
    response = client.get(reverse("loans:kit_detail", args=[kit.pk]))
    states = {day.state for week in response.context["weeks"] for day in week if day}
    assert states == {"none"}


def test_material_bank_lists_the_kits_through_the_provider(game_rule):
    from ake import extensions

    make_kit("Muistelusalkku: koulu", kit_type="reminiscence")
    make_kit("Vanha salkku", active=False)
    provider = extensions.first("material_kits")
    kits = provider(None)
    assert len(kits) == 1 and "Muistelusalkku: koulu" in kits[0] and "Vanha salkku" not in kits[0]
    assert f'/kits/{Kit.objects.get(name_fi="Muistelusalkku: koulu").pk}/"' in kits[0]


def _material_bank_kits_as_the_template_made_them() -> str:
    """The material bank's kit items as its template made them before each was kept by value (until
    8 Dec 2026): every active kit read with the ORM, its link, name and type's name."""
    return "".join(
        f'<li><a href="{reverse("loans:kit_detail", args=[kit.pk])}">{conditional_escape(kit.name)}</a>'
        f' <span class="meta">{conditional_escape(kit.get_kit_type_display())}</span></li>'
        for kit in Kit.objects.filter(active=True).order_by("kit_type", "name_fi", "pk")
    )


@pytest.mark.redis
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_material_banks_kits_kept_by_value_are_the_templates_to_the_byte_and_one_is_rebuilt(
    game_rule, rf, monkeypatch, language
):
    """The bank's kit items read by the kit list's compiled query and kept by value are what its
    template made of a fresh read, to the byte, also after an edit; an edit builds that kit's item
    alone."""
    from django.utils import translation

    from loans import views

    make_kit("Muistelusalkku: koulu & <koti>", kit_type="reminiscence")
    edited = make_kit("Pelisalkku 8801")
    make_kit("Pelisalkku 8802")
    request = rf.get("/")
    with translation.override(language):
        for _view in range(2):  # made, then kept
            assert (
                "".join(views.material_bank_kits(request)) == _material_bank_kits_as_the_template_made_them()
            )
        built = []
        instances = views.ACTIVE_KITS.instances
        monkeypatch.setattr(
            views.ACTIVE_KITS,
            "instances",
            lambda rows: built.extend(row[0] for row in rows) or instances(rows),
        )
        edited.name_fi = edited.name_sv = "Pelisalkku 8803"
        edited.save()
        assert "".join(views.material_bank_kits(request)) == _material_bank_kits_as_the_template_made_them()
        assert built == [edited.pk]


@pytest.mark.parametrize("month", ["abc", "2024-13", "9999-01", "2024-1"])
def test_a_bad_month_shows_this_month_instead_of_an_error(client, kit, today, month):
    response = client.get(reverse("loans:kit_calendar"), {"month": month})
    assert response.status_code == 200
    assert response.context["month_start"] == today.replace(day=1)
    assert client.get(reverse("loans:kit_detail", args=[kit.pk]), {"month": month}).status_code == 200


def _kit_calendar_table_as_the_template_makes_it(month_start) -> str:
    """The kit calendar's table as the template alone made it before the table was kept in parts
    (until 7 Dec 2026): every kit's row rendered together from a fresh read of the month."""
    from django.db.models import Count, Prefetch, Q
    from django.template.loader import render_to_string

    from loans.models import Kit, KitPhoto, KitUnit
    from loans.selectors import kit_month_availability
    from loans.views import _day_cells, _day_marks

    # The active kits read the ORM's way, as the page read them before ACTIVE_KITS.
    kits = list(
        Kit.objects.filter(active=True)
        .annotate(
            available_units=Count("units", filter=Q(units__state=KitUnit.State.AVAILABLE), distinct=True)
        )
        .prefetch_related(
            Prefetch("photos", queryset=KitPhoto.objects.select_related("image").order_by("sort_order"))
        )
        .order_by("kit_type", "name_fi")
    )
    availability = kit_month_availability(
        kit_ids=[kit.pk for kit in kits], year=month_start.year, month=month_start.month
    )
    rows = [(kit, _day_cells(availability[kit.pk], _day_marks())) for kit in kits]
    return render_to_string(
        "loans/_kit_calendar_table.html",
        {"rows": rows, "days": availability[kits[0].pk] if kits else [], "month_start": month_start},
    )


@pytest.mark.redis
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_kit_calendar_assembled_from_kept_rows_is_the_templates_to_the_byte(
    client, game_rule, staff_user, today, language
):
    """The table is kept as a frame (its head, each kit's name and link) and each kit's cells by
    their availability, and put together per request: the page is what the template gave, to the
    byte, before and after bookings (a partly booked kit, a booked one, a kit without units), a
    booking's cancellation and a renamed kit, on the first view after each write and on the kept one."""
    import datetime

    from django.utils import translation

    from loans.services import kit_booking_cancel

    pickup = (today.replace(day=1) + datetime.timedelta(days=40)).replace(day=9)
    month_start = pickup.replace(day=1)
    pair = make_kit("Pelisalkku A 7701", units=2)
    single = make_kit("Pelisalkku B 7702", units=1)
    make_kit("Pelisalkku C 7703", units=0)
    with translation.override(language):
        url = reverse("loans:kit_calendar") + f"?month={month_param(pickup)}"

    def assert_as_the_template():
        for _view in range(2):  # the first view after a write, then the kept page
            html = client.get(url).content.decode()
            with translation.override(language):
                table = _kit_calendar_table_as_the_template_makes_it(month_start)
            assert html.count("</p>\n" + table + "\n") == 1

    assert_as_the_template()
    book(pair, staff_user, pickup, days(pickup, 3))
    assert_as_the_template()
    booking = book(single, staff_user, days(pickup, 2), days(pickup, 6))
    assert_as_the_template()
    book(pair, staff_user, days(pickup, 1), days(pickup, 4))
    assert_as_the_template()
    kit_booking_cancel(booking=booking, by=staff_user)
    assert_as_the_template()
    single.name_fi = single.name_sv = "Pelisalkku <B> & 7704"
    single.save()
    assert_as_the_template()
    assert "Pelisalkku &lt;B&gt; &amp; 7704" in client.get(url).content.decode()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_kit_pages_month_calendar_written_into_its_kept_frame_is_the_templates_to_the_byte(
    game_rule, staff_user, today, language
):
    """The kit page's month calendar is the template's text kept per month, day and language with
    each day's state put in: the same bytes as the template, for free, partly booked, booked days
    and a kit without units, with today in the month or not."""
    import datetime

    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import translation
    from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

    from loans.selectors import calendar_weeks, kit_month_availability
    from loans.views import _month_calendar_html

    pair = make_kit("Pelisalkku A 7711", units=2)
    empty = make_kit("Pelisalkku B 7712", units=0)
    pickup = today + datetime.timedelta(days=5)
    book(pair, staff_user, pickup, days(pickup, 2))
    book(pair, staff_user, days(pickup, 1), days(pickup, 3))
    request = RequestFactory().get("/")
    seen = set()
    for month_start in (
        today.replace(day=1),
        pickup.replace(day=1),
        (today + datetime.timedelta(days=40)).replace(day=1),
    ):
        for kit in (pair, empty):
            found = kit_month_availability(kit_ids=[kit.pk], year=month_start.year, month=month_start.month)
            weeks = calendar_weeks(found[kit.pk])
            with translation.override(language):
                expected = render_to_string(
                    "loans/_month_calendar.html",
                    {
                        "weeks": weeks,
                        "today": today,
                        "month_start": month_start,
                        "weekdays": [(WEEKDAYS_ABBR[day], WEEKDAYS[day]) for day in range(7)],
                    },
                )
                for _view in range(2):  # the frame made, then kept
                    assert _month_calendar_html(request, weeks, today, month_start) == expected
            seen |= {day.state for week in weeks for day in week if day}
    assert seen == {"free", "partly", "booked", "none"}


@pytest.mark.redis
def test_a_kits_edit_builds_that_kits_card_and_calendar_row_alone(
    client, game_rule, monkeypatch, settings, tmp_path
):
    """After a kit's edit the kit list and the kit calendar read the kits again (one query) but
    build only the edited kit's card and row: the others are kept by their rows. A unit added
    builds the kit's card again (its count) and a photo shows on the next view."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from loans import views
    from loans.models import KitPhoto

    first = make_kit("Pelisalkku A 7721", units=1)
    second = make_kit("Pelisalkku B 7722", units=2)
    urls = (reverse("loans:kit_list"), reverse("loans:kit_calendar"))
    for url in urls:
        client.get(url)
    built = []
    instances = views.ACTIVE_KITS.instances
    monkeypatch.setattr(
        views.ACTIVE_KITS, "instances", lambda rows: built.extend(row[0] for row in rows) or instances(rows)
    )
    second.name_fi = "Pelisalkku B 7723"
    second.save()
    pages = [client.get(url).content.decode() for url in urls]
    assert all("Pelisalkku B 7723" in page and "Pelisalkku A 7721" in page for page in pages)
    assert built == [second.pk, second.pk]  # its card, its row of the calendar

    built.clear()
    KitUnit.objects.create(kit=first, code="9")
    assert "2 kappaletta lainattavana" in client.get(urls[0]).content.decode()
    assert built == [first.pk]  # the calendar's row shows no count: its cells were built again

    settings.MEDIA_ROOT = str(tmp_path)
    image = get_image_model().objects.create(title="Kuva 7724", file=get_test_image_file())
    KitPhoto.objects.create(kit=first, image=image)
    assert client.get(urls[0]).content.decode().count('<div class="kit-photo"><img') == 1


@pytest.mark.redis
def test_another_kits_edit_renders_nothing_of_a_kits_page_and_its_own_edits_show(
    client, game_rule, monkeypatch, settings, tmp_path
):
    """A kit's page is kept by its own row, its photos' and its documents': another kit's edit makes
    its first view read them again (one compiled query) and render nothing of its description part
    again; its own description, a photo and a unit added show on the next view."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from loans import views
    from loans.models import KitPhoto

    kit = make_kit("Pelisalkku A 7731", units=1)
    other = make_kit("Pelisalkku B 7732", units=1)
    url = reverse("loans:kit_detail", args=[kit.pk])
    client.get(url)
    read = []
    photos = views.kit_photos
    monkeypatch.setattr(views, "kit_photos", lambda *, kit_id: read.append(kit_id) or photos(kit_id=kit_id))
    other.name_fi = "Pelisalkku B 7733"
    other.save()
    assert "Pelisalkku A 7731" in client.get(url).content.decode()
    assert read == []

    kit.description_fi = "Kuvaus 7734"
    kit.save()
    assert "Kuvaus 7734" in client.get(url).content.decode()
    assert read == [kit.pk]

    settings.MEDIA_ROOT = str(tmp_path)
    image = get_image_model().objects.create(title="Kuva 7735", file=get_test_image_file())
    KitPhoto.objects.create(kit=kit, image=image, caption_fi="Kuvateksti 7736")
    assert "<figcaption>Kuvateksti 7736</figcaption>" in client.get(url).content.decode()
    KitUnit.objects.create(kit=kit, code="2")
    assert "2 kappaletta" in client.get(url).content.decode()


def test_the_kit_calendars_taken_units_are_each_kits_availability(game_rule, staff_user, today):
    """The kit calendar counts the units taken per day from the bookings' first and last days
    (``kit_month_taken``): the same figures as ``kit_month_availability``, with bookings over a
    month's end, two units of a kit taken on the same days, a unit in repair and a cancellation."""
    import datetime

    from loans.selectors import kit_month_availability, kit_month_taken
    from loans.services import kit_booking_cancel

    triple = make_kit("Pelisalkku A 7741", units=3)
    single = make_kit("Pelisalkku B 7742", units=1)
    month_end = (today.replace(day=1) + datetime.timedelta(days=70)).replace(day=1) - datetime.timedelta(
        days=1
    )
    book(triple, staff_user, days(month_end, -2), days(month_end, 3))
    book(triple, staff_user, days(month_end, -1), days(month_end, 1))
    book(triple, staff_user, days(month_end, -12), days(month_end, -9))
    cancelled = book(single, staff_user, days(month_end, -5), days(month_end, -3))
    book(single, staff_user, days(month_end, 2), days(month_end, 4))
    kit_booking_cancel(booking=cancelled, by=staff_user)
    repair = triple.units.order_by("code").last()
    repair.state = KitUnit.State.IN_REPAIR
    repair.save()
    units = {
        kit.pk: frozenset(kit.units.filter(state=KitUnit.State.AVAILABLE).values_list("pk", flat=True))
        for kit in (triple, single)
    }
    for month_start in (month_end.replace(day=1), month_end + datetime.timedelta(days=1)):
        taken = kit_month_taken(units=units, year=month_start.year, month=month_start.month)
        found = kit_month_availability(kit_ids=list(units), year=month_start.year, month=month_start.month)
        for kit_id, availability in found.items():
            expected = [day.total_units - day.free_units for day in availability]
            assert taken.get(kit_id, [0] * len(expected)) == expected
        assert any(taken.values())
