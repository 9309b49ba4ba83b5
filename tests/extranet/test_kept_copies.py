"""What keeping routes and page parts per process must not cost, and that nothing of a visitor is kept.

Wagtail routes and view restrictions (ake/wagtail_serve.py), rendered page parts ({% memo %}) and
lookups are kept per process while the versions of their content areas hold (ake/memo.py); the
session's user, its permissions and its own registration are read per request (the permissions and
roles from Redis, ake/auth_backends.py). These tests change the data the ways AKE does, and look
at the very next page. Most use a logged-in member, whose pages never come from the anonymous page
cache, so what they see is what the kept copies give.
"""

import datetime
import re

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import Group
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from networks.roles import AKE_EDITORS
from tests.trainings.conftest import make_event
from trainings.models import Event

from .conftest import make_notice

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def member(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def guide_page(home):
    from extranet.models import StandardPage

    page = StandardPage(title="Ohjeet 4410", slug="ohjeet-4410", introduction="Ohjeita kirjastoille.")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_an_unpublished_page_is_gone_and_a_republished_one_is_back_at_once(member, guide_page):
    url = guide_page.url
    assert "Ohjeet 4410" in _text(member, url)
    guide_page.unpublish()
    assert member.get(url).status_code == 404
    guide_page.refresh_from_db()
    guide_page.save_revision().publish()
    assert "Ohjeet 4410" in _text(member, url)


def test_a_renamed_page_answers_at_its_new_address_only(member, guide_page):
    old_url = guide_page.url
    _text(member, old_url)
    guide_page.slug = "ohjeet-uusi"
    guide_page.save_revision().publish()
    guide_page.refresh_from_db()
    assert guide_page.url != old_url
    assert "Ohjeet 4410" in _text(member, guide_page.url)
    assert member.get(old_url).status_code == 404


def test_a_view_restriction_applies_and_lifts_on_the_next_request(member, staff_user, guide_page):
    url = guide_page.url
    anonymous = Client()
    _text(anonymous, url)
    _text(member, url)
    restriction = PageViewRestriction.objects.create(
        page=guide_page, restriction_type=PageViewRestriction.LOGIN
    )
    response = anonymous.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Ohjeet 4410" in _text(member, url)

    # A group restriction: a member outside the group is turned away, one inside gets in.
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    editors = Group.objects.get(name=AKE_EDITORS)
    restriction.groups.set([editors])
    assert member.get(url).status_code == 302
    editors.user_set.add(staff_user)
    assert "Ohjeet 4410" in _text(member, url)

    restriction.delete()
    assert "Ohjeet 4410" in _text(anonymous, url)


@pytest.mark.parametrize("where", ["index", "home", "alias source"])
def test_a_restriction_above_a_page_or_on_its_source_applies_and_lifts_at_once(member, notice_index, where):
    """The route's query says whether any restriction applies (ake/wagtail_serve.py ``_restricted``):
    one on an ancestor (the index, the site's home) or, for a page-tree alias, on its source page,
    turns an anonymous visitor away on the next request and lifts on the next after its removal."""
    notice = make_notice(notice_index, "Tiedote 6620")
    url = notice.url
    if where == "alias source":
        from wagtail.models import Locale

        sv, _ = Locale.objects.get_or_create(language_code="sv")
        home = notice_index.get_parent()
        swedish_home = home.copy_for_translation(sv)
        swedish_home.save_revision().publish()
        swedish_index = notice_index.copy_for_translation(sv)
        swedish_index.save_revision().publish()
        alias = notice.create_alias(parent=swedish_index, update_locale=sv)
        url = alias.url
        restricted = notice
    else:
        restricted = notice_index if where == "index" else notice_index.get_parent()
    anonymous = Client()
    assert "Tiedote 6620" in _text(anonymous, url)
    assert "Tiedote 6620" in _text(member, url)
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.LOGIN
    )
    response = anonymous.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Tiedote 6620" in _text(member, url)
    restriction.delete()
    assert "Tiedote 6620" in _text(anonymous, url)


def test_notice_edits_show_on_the_notice_and_in_the_index_at_once(member, notice_index, categories):
    notice = make_notice(notice_index, "Alkuperäinen otsikko", categories=[categories["trainings"]])
    make_notice(notice_index, "Toinen tiedote", categories=[categories["groups"]])
    assert "Alkuperäinen otsikko" in _text(member, notice.url)
    assert "Alkuperäinen otsikko" in _text(member, notice_index.url)

    notice.title = "Korjattu otsikko"
    notice.save_revision().publish()
    assert "Korjattu otsikko" in _text(member, notice.url)
    index_html = _text(member, notice_index.url)
    assert "Korjattu otsikko" in index_html and "Alkuperäinen otsikko" not in index_html

    # Each query string has its own list.
    trainings_only = _text(member, notice_index.url + "?category=trainings")
    groups_only = _text(member, notice_index.url + "?category=groups")
    assert "Korjattu otsikko" in trainings_only and "Toinen tiedote" not in trainings_only
    assert "Toinen tiedote" in groups_only and "Korjattu otsikko" not in groups_only

    notice.unpublish()
    assert "Korjattu otsikko" not in _text(member, notice_index.url)
    assert member.get(notice.url).status_code == 404


def test_a_preview_shows_the_unsaved_draft_not_the_kept_live_page(member, notice_index):
    notice = make_notice(notice_index, "Julkaistu otsikko", lead="Julkaistu ingressi.")
    assert "Julkaistu otsikko" in _text(member, notice.url)
    assert "Julkaistu otsikko" in _text(Client(), notice.url)  # the anonymous page cache is filled too
    # The editor's live preview renders the form's values without saving anything.
    notice.title = "Luonnoksen otsikko"
    notice.lead = "Luonnoksen ingressi."
    html = notice.make_preview_request().content.decode()
    assert "Luonnoksen otsikko" in html and "Luonnoksen ingressi." in html
    assert "Julkaistu ingressi." not in html
    # The live page is unchanged.
    assert "Julkaistu otsikko" in _text(member, notice.url)


def test_the_language_switcher_follows_the_query_string(member):
    calendar = reverse("trainings:calendar")
    first = _text(member, calendar + "?kind=training")
    second = _text(member, calendar + "?kind=meeting")
    assert 'hreflang="sv"' in first
    assert "kind=training" in first.split('class="language-switcher"')[1].split("</nav>")[0]
    switcher = second.split('class="language-switcher"')[1].split("</nav>")[0]
    assert "kind=meeting" in switcher and "kind=training" not in switcher


def test_the_language_switcher_kept_per_path_gives_each_query_string_its_links(member):
    """The switcher is kept per path without its query string and the query string put in per
    request: the links are the ones Django's translate_url gives for the full path, escaped."""
    from django.urls import translate_url
    from django.utils.html import escape

    search = reverse("extranet:search")
    for query in ("q=kirjasto", "q=a%26b&x=%22%3C%27", "q=" + "ä" * 3, "q=<b>\"x\"&y='1'"):
        request_path = f"{search}?{query}"
        html = _text(member, request_path)
        switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
        full_path = member.get(request_path).wsgi_request.get_full_path()
        for code in ("fi", "sv", "en"):
            assert f'href="{escape(translate_url(full_path, code))}"' in switcher, (query, code)
    # A path without a query string is kept apart: no query string on its links.
    switcher = _text(member, search).split('class="language-switcher"')[1].split("</nav>")[0]
    assert "?" not in switcher


def test_a_deactivated_user_is_logged_out_on_the_next_request(member, staff_user):
    profile = reverse("profile")
    assert member.get(profile).status_code == 200
    staff_user.is_active = False
    staff_user.save()
    response = member.get(profile)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_password_changed_elsewhere_ends_the_session(member, staff_user):
    profile = reverse("profile")
    assert member.get(profile).status_code == 200
    staff_user.set_password("a-completely-new-passphrase-2026")
    staff_user.save()
    assert member.get(profile).status_code == 302


def test_a_name_change_shows_on_the_next_request(member, staff_user):
    profile = reverse("profile")
    assert "Uusinimi" not in _text(member, profile)
    staff_user.first_name = "Uusinimi"
    staff_user.save()
    assert "Uusinimi" in _text(member, profile)


def test_each_request_gets_its_own_copy_of_the_user(member, staff_user, rf):
    """A change made to request.user by one request (a bound form, say) never reaches another."""
    from django.conf import settings

    session_key = member.cookies[settings.SESSION_COOKIE_NAME].value

    def user_of_new_request():
        request = rf.get("/fi/")
        request.COOKIES[settings.SESSION_COOKIE_NAME] = session_key
        SessionMiddleware(lambda r: None).process_request(request)
        AuthenticationMiddleware(lambda r: None).process_request(request)
        return request.user

    first = user_of_new_request()
    assert first.is_authenticated and first.pk == staff_user.pk
    original = first.first_name
    first.first_name = "Tallentamaton muutos"
    second = user_of_new_request()
    assert second.first_name == original
    assert second is not first


def test_a_registration_and_its_cancellation_show_on_the_event_page_at_once(member, staff_user):
    from trainings import services

    event = make_event(title="Tapahtuma 6620", seats_on_site=10)
    url = event.get_absolute_url()
    assert "Ilmoittautumisesi:" not in _text(member, url)
    registration = services.registration_create(
        event=event,
        email=staff_user.email,
        first_name=staff_user.first_name,
        last_name=staff_user.last_name,
        library=staff_user.library,
        user=staff_user,
    )
    assert "Ilmoittautumisesi:" in _text(member, url)
    services.registration_cancel(registration=registration)
    assert "Ilmoittautumisesi:" not in _text(member, url)


def test_a_new_group_meeting_shows_on_the_group_page_at_once(member, db):
    from networks.models import WorkingGroup
    from trainings.models import EventKind

    group = WorkingGroup.objects.create(name_fi="Pelityöryhmä", slug="pelityoryhma", active=True)
    url = reverse("group_detail", args=[group.slug])
    anonymous = Client()
    assert "Kevään tapaaminen 3391" not in _text(anonymous, url)
    make_event(title="Kevään tapaaminen 3391", kind=EventKind.GROUP_MEETING, working_group=group)
    assert "Kevään tapaaminen 3391" in _text(anonymous, url)
    assert "Kevään tapaaminen 3391" in _text(member, url)
    group.active = False
    group.save()
    assert anonymous.get(url).status_code == 404


# --------------------------------------------------------------------------- content areas
# A write retires only the kept copies and cached pages of its content area (ake/areas.py). Each
# area's change shows on the next request; a write of another area leaves a page warm: the anonymous
# page comes from the page cache ("X-Page-Cache: hit"), and a logged-in page reads only its session
# and user rows.


def _warm(client, url) -> str:
    """Views the page until it is served from the page cache (anonymous) or kept copies (member)."""
    client.get(url)
    return _text(client, url)


def _served_warm(client, url) -> bool:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get("X-Page-Cache") == "hit"


@pytest.fixture
def pages(home, notice_index, db):
    """One page of each area, viewed once so that it is warm."""
    from extranet.models import MaterialBankPage
    from loans.models import KitType
    from networks.models import WorkingGroup
    from tests.loans.conftest import ensure_game_rule, make_kit

    bank = MaterialBankPage(title="Materiaalipankki 5501", slug="materiaalipankki-5501", show_kits=True)
    home.add_child(instance=bank)
    bank.save_revision().publish()
    notice = make_notice(notice_index, "Tiedote 5502")
    event = make_event(title="Koulutus 5503", seats_on_site=10)
    ensure_game_rule()
    kit = make_kit("Pelisalkku 5504", kit_type=KitType.GAME)
    group = WorkingGroup.objects.create(name_fi="Ryhmä 5505", slug="ryhma-5505", active=True)
    return {
        "material bank": bank.url,
        "notice index": notice_index.url,
        "notice": notice.url,
        "calendar": reverse("trainings:calendar"),
        "event": event.get_absolute_url(),
        "kit calendar": reverse("loans:kit_calendar"),
        "group": reverse("group_detail", args=[group.slug]),
        "_event": event,
        "_kit": kit,
        "_group": group,
        "_notice": notice,
    }


def _seats(html: str) -> str:
    return html.split('id="seats-heading"')[1].split("</ul>")[0]


def _assert_warm(client, pages, names):
    cold = [name for name in names if not _served_warm(client, pages[name])]
    assert not cold, f"made cold by an unrelated write: {cold}"


def _view_all(client, pages, names):
    for name in names:
        _warm(client, pages[name])


def test_a_registration_shows_on_the_event_page_and_leaves_other_areas_warm(pages, staff_user):
    from trainings import services

    anonymous = Client()
    unrelated = ["material bank", "notice index", "notice", "kit calendar"]
    _view_all(anonymous, pages, [*unrelated, "event", "calendar"])
    seats_before = _seats(_text(anonymous, pages["event"]))
    services.registration_create(
        event=pages["_event"],
        email="uusi.5503@kaarina.fi",
        first_name="Uusi",
        last_name="Osallistuja",
        library=staff_user.library,
    )
    _assert_warm(anonymous, pages, unrelated)
    # The seat count on the event page is current at once.
    assert _seats(_text(anonymous, pages["event"])) != seats_before


@pytest.fixture
def meeting(pages):
    """A group meeting with seats: listed on the home page, the group page, the calendar and in
    search results ("koulutus"), and the pages that show it."""
    from trainings.models import EventKind

    event = make_event(
        title="Tapaamiskoulutus 5520",
        kind=EventKind.GROUP_MEETING,
        working_group=pages["_group"],
        seats_on_site=1,
        start=timezone.now().replace(microsecond=0) + datetime.timedelta(days=2),
    )
    return {
        **pages,
        "home": "/fi/",
        "search": "/fi/search/?q=koulutus",
        "meeting": event.get_absolute_url(),
        "_meeting": event,
    }


def _register(event, email, library):
    from trainings import services

    return services.registration_create(
        event=event, email=email, first_name="Uusi", last_name="Osallistuja", library=library
    )


def test_a_registration_leaves_the_home_group_and_search_pages_warm(
    meeting, member, staff_user, django_assert_max_num_queries
):
    """Home, the group page and search results list events but no seat figure (they declare
    ``without`` seats, ake/areas.py): a registration for an event they list leaves them warm,
    anonymous from the page cache and logged in reading only the session's and the user's rows."""
    anonymous = Client()
    names = ["home", "group", "search"]
    for name in names:
        assert "Tapaamiskoulutus 5520" in _warm(anonymous, meeting[name]), name
        assert "Tapaamiskoulutus 5520" in _warm(member, meeting[name]), name
    _register(meeting["_meeting"], "uusi.5520@kaarina.fi", staff_user.library)
    _assert_warm(anonymous, meeting, names)
    for name in names:
        with django_assert_max_num_queries(2):
            assert "Tapaamiskoulutus 5520" in _text(member, meeting[name]), name


def test_an_event_edit_shows_on_every_page_that_lists_it_at_once(meeting, member):
    """The pages kept apart from the seat figures still follow the event itself: a renamed event
    shows on the next view of each, anonymous and logged in, in Finnish and Swedish."""
    anonymous = Client()
    names = ["home", "group", "search", "calendar", "meeting"]
    sv = {name: "/sv" + meeting[name].removeprefix("/fi") for name in names}
    for client in (anonymous, member):
        for name in names:
            _warm(client, meeting[name])
            _warm(client, sv[name])
    event = meeting["_meeting"]
    event.title_fi = "Uusi nimi 5521 koulutus"
    event.title_sv = "Nytt namn 5521 koulutus"
    event.save()
    for client in (anonymous, member):
        for name in names:
            fi, swedish = _text(client, meeting[name]), _text(client, sv[name])
            assert "Uusi nimi 5521" in fi and "Tapaamiskoulutus 5520" not in fi, name
            assert "Nytt namn 5521" in swedish and "Tapaamiskoulutus 5520" not in swedish, name


# The seat figures as each language shows them: a card's badge in the calendar free / full, an event
# page's seats free (one left) / full.
SEAT_TEXTS = {
    "fi": (
        "Paikan päällä: paikkoja vapaana",
        "Paikan päällä: täynnä, varasijalle voi ilmoittautua",
        "1 paikka jäljellä",
        "täynnä – voit ilmoittautua varasijalle",
    ),
    "sv": (
        "På plats: lediga platser",
        "På plats: fullt, reservlistan öppen",
        "1 plats kvar",
        "fullt – du kan ställa dig på reservlistan",
    ),
}
PICKUP_NAMES = {"fi": ("Salon kirjasto", "Porin kirjasto"), "sv": ("Salo bibliotek", "Björneborgs bibliotek")}


def _card(html: str, title: str) -> str:
    start = html.index(f">{title}</a>")
    return html[start : html.index("</li>", start)]


def _pickup_taken(html: str, name: str) -> int:
    import re

    table = html.split('id="transport-heading"')[1].split("</table>")[0]
    return int(re.search(rf"<th scope=\"row\">{name}</th><td>[^<]*</td><td>\d+</td><td>(\d+)</td>", table)[1])


def test_registrations_cancellations_and_promotions_show_in_the_seat_figures_at_once(
    meeting, member, staff_user
):
    """The calendar's cards and an event page's facts are kept across registrations, their seat
    figures apart: every change of who holds a seat shows on the next view of the calendar's badge
    (full / seats available), the event page's seats and its pick-up points, in Finnish and Swedish,
    anonymous and logged in: a registration, one on the waitlist, a cancellation with the waitlist's
    first offered the seat, an offer expired (written with QuerySet.update()), a cancellation."""
    from trainings import services
    from trainings.models import PickupPoint, Registration

    event = meeting["_meeting"]  # one seat on site
    salo, pori = (
        PickupPoint.objects.create(event=event, name_fi=fi, name_sv=sv, seats=3, sort_order=order)
        for order, (fi, sv) in enumerate(zip(*PICKUP_NAMES.values(), strict=True))
    )
    library = staff_user.library
    anonymous = Client()
    path = meeting["meeting"].removeprefix("/fi")

    def shows(*, full: bool, salo_taken: int, pori_taken: int):
        for client in (anonymous, member):
            for language in ("fi", "sv"):
                free_badge, full_badge, free_seats, full_seats = SEAT_TEXTS[language]
                card = _card(_text(client, f"/{language}/events/"), "Tapaamiskoulutus 5520")
                page = _text(client, f"/{language}{path}")
                where = (language, client is member, full)
                if full:
                    assert "badge-warn" in card and full_badge in card and "badge-ok" not in card, where
                    assert full_seats in _seats(page) and free_seats not in _seats(page), where
                else:
                    assert "badge-ok" in card and free_badge in card and "badge-warn" not in card, where
                    assert free_seats in _seats(page) and full_seats not in _seats(page), where
                salo_name, pori_name = PICKUP_NAMES[language]
                taken = (_pickup_taken(page, salo_name), _pickup_taken(page, pori_name))
                assert taken == (salo_taken, pori_taken), where

    shows(full=False, salo_taken=0, pori_taken=0)
    first = services.registration_create(
        event=event,
        email="eka.5522@kaarina.fi",
        first_name="E",
        last_name="K",
        library=library,
        pickup_point=salo,
    )
    shows(full=True, salo_taken=1, pori_taken=0)
    second = services.registration_create(
        event=event,
        email="toka.5522@kaarina.fi",
        first_name="T",
        last_name="K",
        library=library,
        pickup_point=pori,
    )
    assert second.status == Registration.Status.WAITLISTED
    shows(full=True, salo_taken=1, pori_taken=0)
    services.registration_cancel(registration=first)
    second.refresh_from_db()
    assert second.status == Registration.Status.OFFERED  # the waitlist's first holds the seat now
    shows(full=True, salo_taken=0, pori_taken=1)
    assert services.offers_expire(now=second.offer_expires_at + datetime.timedelta(minutes=1)) == 1
    shows(full=False, salo_taken=0, pori_taken=0)
    third = services.registration_create(
        event=event, email="kolmas.5522@kaarina.fi", first_name="K", last_name="K", library=library
    )
    shows(full=True, salo_taken=0, pori_taken=0)
    services.registration_cancel(registration=third)
    shows(full=False, salo_taken=0, pori_taken=0)


def test_seats_freed_by_the_details_purge_and_an_erasure_show_at_once(member, staff_user):
    """The details purge after an event and a person's erasure free pick-up seats with
    QuerySet.update() (no signals): the event page shows it on the next view."""
    from trainings import services
    from trainings.models import Participation, PickupPoint, Registration

    # Held: the erasure anonymises its registrations (a registration still to come is cancelled).
    event = make_event(
        title="Opintomatka 5524",
        seats_on_site=10,
        start=timezone.now().replace(microsecond=0) - datetime.timedelta(days=3),
    )
    point = PickupPoint.objects.create(event=event, name_fi="Salon kirjasto", seats=5)
    people = [staff_user.email, "toinen.5524@kaarina.fi"]
    for email in people:
        Registration.objects.create(
            event=event,
            email=email,
            first_name="O",
            last_name="S",
            library=staff_user.library,
            participation=Participation.ON_SITE,
            status=Registration.Status.CONFIRMED,
            pickup_point=point,
            user=staff_user if email == staff_user.email else None,
        )
    anonymous, url = Client(), event.get_absolute_url()
    assert _pickup_taken(_warm(anonymous, url), "Salon kirjasto") == 2
    services.user_participation_erase(staff_user)
    assert _pickup_taken(_text(anonymous, url), "Salon kirjasto") == 1
    _warm(anonymous, url)
    after = event.end + datetime.timedelta(days=event.purge_days_after + 1)
    assert services.registration_details_purge(now=after) == 1
    assert _pickup_taken(_text(anonymous, url), "Salon kirjasto") == 0


def test_a_registration_reads_only_the_seat_figures_again(meeting, member, staff_user, monkeypatch):
    """After a registration the calendar's list and the event page's facts stay kept: the first view
    reads the seat figures (one query) and builds nothing else again; a member's view reads its
    session, its user (and on the event page its own registration) besides."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trainings import views

    built = []
    original = views._calendar_listing
    monkeypatch.setattr(views, "_calendar_listing", lambda *args: built.append(1) or original(*args))
    anonymous = Client()
    calendar, event_page = meeting["calendar"], meeting["meeting"]
    for url in (calendar, event_page):
        _warm(anonymous, url)
        _warm(member, url)
    assert len(built) == 1  # one list for everyone

    def queries(client, url) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200 and response.get("X-Page-Cache") != "hit"
        return [query["sql"] for query in captured]

    with CaptureQueriesContext(connection) as warm:
        member.get(event_page)
    _register(meeting["_meeting"], "uusi.5523@kaarina.fi", staff_user.library)
    for url, warm_count in ((calendar, 2), (event_page, len(warm))):
        found = queries(member, url)
        assert len(found) == warm_count + 1, found
        assert "trainings_registration" in found[-1] and "COUNT(*)" in found[-1]
        assert queries(anonymous, url) == []  # the seat figures are kept again already
    assert len(built) == 1


def test_a_group_edit_shows_in_an_event_pages_facts_and_another_renders_nothing_again(
    meeting, member, monkeypatch
):
    """The event page's facts name its working group: a rename shows on the next view in Finnish and
    Swedish, anonymous and logged in. Another group's edit (the registry area) makes the first view
    read the event's row again, with its library and groups (one query), and render none of the
    page's kept parts again while that row holds (trainings.selectors.event_page_event, issue #20)."""
    from networks.models import WorkingGroup
    from trainings.models import Event

    anonymous = Client()
    url = meeting["meeting"]
    sv = "/sv" + url.removeprefix("/fi")
    for client in (anonymous, member):
        _warm(client, url)
        _warm(client, sv)
    group = meeting["_group"]
    group.name_fi = "Uusi ryhmä 5530"
    group.name_sv = "Ny grupp 5530"
    group.save()
    for client in (anonymous, member):
        assert "Uusi ryhmä 5530" in _text(client, url)
        assert "Ny grupp 5530" in _text(client, sv)
    # The facts read the event's place: a render of them shows as a read.
    place, reads = Event.place, []
    monkeypatch.setattr(Event, "place", property(lambda event: reads.append(event.pk) or place.fget(event)))
    WorkingGroup.objects.create(name_fi="Toinen ryhmä 5531", slug="toinen-ryhma-5531", active=True)
    with CaptureQueriesContext(connection) as captured:
        response = anonymous.get(url)
    assert response.status_code == 200 and response.get("X-Page-Cache") != "hit"
    assert len(captured) == 1 and "trainings_event" in captured[0]["sql"], captured.captured_queries
    assert "Uusi ryhmä 5530" in response.content.decode()
    assert reads == []


def test_an_edit_of_an_event_not_listed_renders_no_card_or_home_item_again(meeting, monkeypatch):
    """The calendar and home read their events' rows again after any event's edit (one compiled
    statement each) but write only what changed: an event edited beyond the home's next five and
    the calendar's first page leaves every card and item kept; a listed one's rename writes its
    own card alone (trainings.views._calendar_listing_from_rows, trainings.providers.upcoming_events)."""
    from trainings import providers, views

    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    for number in range(25):
        make_event(title=f"Lähikoulutus {number}", start=soon + datetime.timedelta(hours=number))
    far = make_event(title="Kaukainen 5540", start=soon + datetime.timedelta(days=300))
    anonymous = Client()
    urls = {"home": "/fi/", "calendar": meeting["calendar"]}
    for url in urls.values():
        _warm(anonymous, url)
    items, cards = [], []
    item, card = providers._item, views._card
    monkeypatch.setattr(providers, "_item", lambda event: items.append(event.pk) or item(event))
    monkeypatch.setattr(views, "_card", lambda query, row: cards.append(row[0]) or card(query, row))
    far.title_fi = "Kaukainen 5541"
    far.save()
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = anonymous.get(url)
        assert response.status_code == 200 and response.get("X-Page-Cache") != "hit"
        # The calendar reads its page's rows and its cards' seat figures.
        assert len(captured) == {"home": 1, "calendar": 2}[name], captured.captured_queries
    assert items == [] and cards == []
    listed = Event.objects.get(title_fi="Lähikoulutus 0")
    listed.title_fi = "Lähikoulutus 0 uusi"
    listed.save()
    for url in urls.values():
        assert "Lähikoulutus 0 uusi" in _text(anonymous, url)
    assert cards == [listed.pk]
    assert items == [
        event.pk for event in Event.objects.filter(status="published").order_by("start", "pk")[:5]
    ]


def test_a_materials_replaced_document_shows_on_the_event_page_at_once(pages):
    """An event's material links to its document, whose address carries the file's name: a
    document replaced in the admin (the notices area: documents) shows its new address on the
    event page's next view, anonymous and kept."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    from trainings import services
    from trainings.models import Material

    document = get_document_model().objects.create(
        title="Diat 5550", file=SimpleUploadedFile("diat-5550.pdf", b"content")
    )
    slides = Material.objects.create(
        event=pages["_event"], kind="slides", title="Diat 5550", document=document
    )
    services.material_publish(material=slides)
    anonymous = Client()
    assert "diat-5550.pdf" in _warm(anonymous, pages["event"])
    document.file = SimpleUploadedFile("diat-5551.pdf", b"new content")
    document.save()
    html = _text(anonymous, pages["event"])
    assert "diat-5551.pdf" in html and "diat-5550.pdf" not in html


def test_a_kits_replaced_document_and_photo_show_on_its_pages_at_once(pages):
    """A kit's page links to its documents by the file's name and its photos by their renditions,
    and the kit list shows its first photo: a document or an image replaced in the admin (the
    notices area) shows its new address on the next anonymous view, not only after a kit's write."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from loans.models import KitDocument, KitPhoto

    kit = pages["_kit"]
    document = get_document_model().objects.create(
        title="Ohje 5560", file=SimpleUploadedFile("ohje-5560.pdf", b"content")
    )
    KitDocument.objects.create(kit=kit, document=document)
    image = get_image_model().objects.create(
        title="Kuva 5561", file=get_test_image_file(filename="kuva-5561.png")
    )
    KitPhoto.objects.create(kit=kit, image=image)
    anonymous = Client()
    kit_page, kit_list = reverse("loans:kit_detail", args=[kit.pk]), reverse("loans:kit_list")
    assert "ohje-5560.pdf" in _warm(anonymous, kit_page)
    assert "kuva-5561" in _warm(anonymous, kit_list)

    document.file = SimpleUploadedFile("ohje-5562.pdf", b"new content")
    document.save()
    html = _text(anonymous, kit_page)
    assert "ohje-5562.pdf" in html and "ohje-5560.pdf" not in html

    # As Wagtail's image edit view replaces a file: the old renditions go, then the image is saved.
    image.renditions.all().delete()
    image.file = get_test_image_file(filename="kuva-5563.png")
    image.save()
    for url in (kit_page, kit_list):
        html = _text(anonymous, url)
        assert "kuva-5563" in html and "kuva-5561" not in html, url


def test_a_booking_shows_in_the_kit_calendar_and_leaves_other_areas_warm(pages, staff_user):
    from loans import services

    anonymous = Client()
    pickup = timezone.localdate() + datetime.timedelta(days=5)
    url = reverse("loans:kit_calendar") + f"?month={pickup:%Y-%m}"
    pages["kit month"] = url
    # The material bank lists the kits, not their booked days.
    unrelated = ["material bank", "notice index", "notice", "calendar", "event", "group"]
    _view_all(anonymous, pages, [*unrelated, "kit month"])
    before = _text(anonymous, url)
    services.kit_booking_create(
        kit=pages["_kit"],
        library=staff_user.library,
        booked_by=staff_user,
        pickup_date=pickup,
        return_date=pickup + datetime.timedelta(days=3),
        delivery="collected",
    )
    _assert_warm(anonymous, pages, unrelated)
    after = _text(anonymous, url)
    assert after.count('class="day-booked"') > before.count('class="day-booked"')


def test_a_published_notice_shows_in_the_index_and_leaves_other_areas_warm(
    pages, notice_index, member, django_assert_max_num_queries
):
    """Every page shows the menu and the footer, but they follow only the top of the page tree (the
    site's structure): a notice below the index leaves the pages of other areas warm, for anonymous
    visitors (from the page cache) and members (their session's and user's rows only)."""
    anonymous = Client()
    unrelated = ["calendar", "event", "kit calendar", "group"]
    _view_all(anonymous, pages, [*unrelated, "notice index"])
    _warm(member, pages["kit calendar"])
    make_notice(notice_index, "Uusi tiedote 5506")
    _assert_warm(anonymous, pages, unrelated)
    assert "Uusi tiedote 5506" in _text(anonymous, pages["notice index"])
    with django_assert_max_num_queries(2):
        member.get(pages["kit calendar"])


def _menu(html: str) -> str:
    return html.split('id="main-menu"')[1].split("</nav>")[0]


def _footer(html: str) -> str:
    return html.split('class="site-footer"')[1]


def test_every_change_of_the_menu_and_footer_shows_on_pages_of_other_areas_at_once(pages, home, member):
    """The site's structure (ake/areas.py SITE): a new, renamed, moved or unpublished section and a
    renamed footer page show in the menu and footer of the very next view of a page of another area,
    anonymous (page cache) and logged in (kept copies)."""
    from extranet.models import MaterialBankPage, PrivacyNoticePage, StandardPage

    anonymous = Client()
    calendar = pages["calendar"]
    clients = (anonymous, member)

    def menus() -> list[str]:
        return [_menu(_warm(client, calendar)) for client in clients]

    assert all("Ohjeet 5510" not in menu for menu in menus())
    section = StandardPage(title="Ohjeet 5510", slug="ohjeet-5510", show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    assert all("Ohjeet 5510" in _menu(_text(client, calendar)) for client in clients)

    menus()
    section.title = "Ohjeet uusi 5511"
    section.save_revision().publish()
    found = [_menu(_text(client, calendar)) for client in clients]
    assert all("Ohjeet uusi 5511" in menu and "Ohjeet 5510" not in menu for menu in found)

    menus()
    section.unpublish()
    assert all("Ohjeet uusi 5511" not in _menu(_text(client, calendar)) for client in clients)

    # A page moved up from below the material bank to the home page becomes a section of the menu.
    bank = MaterialBankPage.objects.get(url_path__endswith="/materiaalipankki-5501/")
    below = StandardPage(title="Siirretty 5512", slug="siirretty-5512", show_in_menus=True)
    bank.add_child(instance=below)
    below.save_revision().publish()
    assert all("Siirretty 5512" not in menu for menu in menus())
    below.move(home, pos="last-child")
    assert all("Siirretty 5512" in _menu(_text(client, calendar)) for client in clients)

    privacy = PrivacyNoticePage.objects.child_of(home).first()
    if privacy is None:
        privacy = PrivacyNoticePage(title="Tietosuojaseloste", slug="tietosuoja")
        home.add_child(instance=privacy)
        privacy.save_revision().publish()
    for client in clients:
        _warm(client, calendar)
    privacy.title = "Tietosuoja 5513"
    privacy.save_revision().publish()
    assert all("Tietosuoja 5513" in _footer(_text(client, calendar)) for client in clients)


def _switcher(html: str) -> str:
    return html.split('class="language-switcher"')[1].split("</nav>")[0]


def test_every_change_of_the_site_structure_shows_in_finnish_and_swedish_at_once(pages, home, member):
    """The site's structure is read once per change (ake/site_top.py) for the site lookup, the menu,
    the footer and a top page's language switcher and hreflang links: a section added in a new
    language's tree, renamed, given a new address or unpublished, a new root of the site and a
    site's hostname show on the very next view, in Finnish and Swedish, anonymous (page cache) and
    logged in (kept copies)."""
    from django.utils import translation
    from wagtail.models import Page, Site

    from ake.site_top import site_top
    from extranet.models import HomePage, StandardPage
    from extranet.page_trees import page_translate

    clients = (Client(), member)
    with translation.override("sv"):
        calendars = {"fi": pages["calendar"], "sv": reverse("trainings:calendar")}

    def menus(language: str, **headers) -> list[str]:
        """The menu of the next view of the calendar in the language, for each client."""
        return [_menu(_text_on(client, calendars[language], **headers)) for client in clients]

    def warm(*urls, **headers):
        for client in clients:
            for url in urls or calendars.values():
                client.get(url, **headers)
                _text_on(client, url, **headers)

    def _text_on(client, url, **headers) -> str:
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        return response.content.decode()

    # The Swedish tree is new (its locale has no page yet): a section and its translation.
    assert not Page.objects.filter(locale__language_code="sv").exists()
    warm()
    section = StandardPage(title="Osio 5520", slug="osio-5520", show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    warm(section.url)
    swedish = page_translate(section, "sv", title="Avdelning 5520", slug="avdelning-5520")
    assert all("Osio 5520" in menu for menu in menus("fi"))
    assert all("Avdelning 5520" in menu and "Osio 5520" not in menu for menu in menus("sv"))
    # The Finnish section's switcher and hreflang links follow its new translation.
    for client in clients:
        html = _text(client, section.url)
        assert 'href="/sv/avdelning-5520/"' in _switcher(html)
        assert '<link rel="alternate" hreflang="sv" href="http://testserver/sv/avdelning-5520/">' in html

    warm(section.url)
    section.title = "Osio uusi 5521"
    section.save_revision().publish()
    swedish.title = "Avdelning ny 5521"
    swedish.slug = "avdelning-5521"
    swedish.save_revision().publish()
    assert all("Osio uusi 5521" in menu and "Osio 5520" not in menu for menu in menus("fi"))
    assert all("Avdelning ny 5521" in menu and 'href="/sv/avdelning-5521/"' in menu for menu in menus("sv"))
    assert all('href="/sv/avdelning-5521/"' in _switcher(_text(client, section.url)) for client in clients)

    warm()
    section.unpublish()
    assert all("Osio uusi 5521" not in menu for menu in menus("fi"))
    assert all("Avdelning ny 5521" not in menu for menu in menus("sv"))

    # A new root of the site: its sections are the menu's (shown in Finnish on Swedish pages).
    old_home = Site.objects.get(is_default_site=True).root_page
    old_section = StandardPage(title="Vanha osio 5522", slug="vanha-osio-5522", show_in_menus=True)
    old_home.add_child(instance=old_section)
    old_section.save_revision().publish()
    new_home = HomePage(title="Uusi koti 5523", slug="uusi-koti-5523")
    Page.get_first_root_node().add_child(instance=new_home)
    new_home.save_revision().publish()
    new_section = StandardPage(title="Uusi osio 5524", slug="uusi-osio-5524", show_in_menus=True)
    new_home.add_child(instance=new_section)
    new_section.save_revision().publish()
    warm()
    site = Site.objects.get(is_default_site=True)
    site.root_page = new_home
    site.save()
    for language in ("fi", "sv"):
        assert all("Uusi osio 5524" in menu and "Vanha osio 5522" not in menu for menu in menus(language))

    # The former root on a hostname of its own; then that site's hostname changes.
    host = {"HTTP_HOST": "vanha.example"}
    warm(**host)
    other = Site.objects.create(hostname="vanha.example", port=80, root_page=old_home)
    for language in ("fi", "sv"):
        assert all("Vanha osio 5522" in menu for menu in menus(language, **host))
        assert all("Uusi osio 5524" in menu for menu in menus(language))
    other.hostname = "toinen.example"
    other.save()
    for language in ("fi", "sv"):
        assert all(
            "Uusi osio 5524" in menu and "Vanha osio 5522" not in menu for menu in menus(language, **host)
        )
    assert site_top(None).site_for("toinen.example", "80").pk == other.pk


def test_a_renamed_group_shows_on_its_page_and_leaves_other_areas_warm(pages, member):
    anonymous = Client()
    # The calendar and home list events, whose cards show no library or group.
    unrelated = ["material bank", "notice index", "kit calendar", "calendar", "home"]
    pages = {**pages, "home": "/fi/"}
    _view_all(anonymous, pages, [*unrelated, "group"])
    _warm(member, pages["group"])
    group = pages["_group"]
    group.name_fi = "Uudelleennimetty ryhmä 5507"
    group.save()
    _assert_warm(anonymous, pages, unrelated)
    assert "Uudelleennimetty ryhmä 5507" in _text(anonymous, pages["group"])
    assert "Uudelleennimetty ryhmä 5507" in _text(member, pages["group"])


def test_a_user_change_shows_to_that_user_and_leaves_public_pages_warm(pages, member, staff_user):
    anonymous = Client()
    unrelated = ["material bank", "notice index", "notice", "calendar", "event", "kit calendar", "group"]
    _view_all(anonymous, pages, unrelated)
    staff_user.first_name = "Vaihdettu 5508"
    staff_user.save()
    _assert_warm(anonymous, pages, unrelated)
    assert "Vaihdettu 5508" in _text(member, reverse("profile"))


def test_report_data_leaves_every_page_warm(pages, staff_user):
    from reporting.models import Goal

    anonymous = Client()
    names = ["material bank", "notice index", "notice", "calendar", "event", "kit calendar", "group"]
    _view_all(anonymous, pages, names)
    Goal.objects.create(number=99, label_fi="Tavoite 5509", label_sv="Mål 5509", label_en="Goal 5509")
    _assert_warm(anonymous, pages, names)


def test_a_login_retires_nothing(pages, staff_user, django_assert_max_num_queries):
    from django.core.cache import cache

    from ake.page_cache import AREA_KEY_LIST

    anonymous = Client()
    names = ["material bank", "notice index", "notice", "calendar", "event", "kit calendar", "group"]
    _view_all(anonymous, pages, names)
    before = cache.get_many(AREA_KEY_LIST)
    member = Client()
    assert member.login(email=staff_user.email, password="correct-horse-battery")
    staff_user.refresh_from_db()
    assert staff_user.last_login is not None
    assert cache.get_many(AREA_KEY_LIST) == before
    _assert_warm(anonymous, pages, names)
    # The member's own kept copies stay warm across another member's login too.
    _warm(member, pages["kit calendar"])
    Client().force_login(staff_user)
    with django_assert_max_num_queries(2):
        member.get(pages["kit calendar"])


def test_a_registration_leaves_a_members_material_bank_warm(
    pages, member, staff_user, django_assert_max_num_queries
):
    from trainings import services

    _warm(member, pages["material bank"])
    with django_assert_max_num_queries(2) as warm:
        member.get(pages["material bank"])
    services.registration_create(
        event=pages["_event"],
        email="toinen.5503@kaarina.fi",
        first_name="Toinen",
        last_name="Osallistuja",
        library=staff_user.library,
    )
    with django_assert_max_num_queries(len(warm.captured_queries)):
        member.get(pages["material bank"])


def test_search_results_show_a_new_notice_and_event_and_an_unpublished_notice_goes(
    notice_index, member, django_assert_max_num_queries
):
    """A repeated search is kept rendered per query (extranet/views.py search): a notice or an event
    published since shows on the next search, an unpublished notice is gone from it, and a write
    of another area leaves the kept results (a login's session and user rows are the member's only
    queries)."""
    from loans.models import KitType
    from tests.loans.conftest import ensure_game_rule, make_kit

    url = "/fi/search/?q=pelikasvatus"
    anonymous = Client()
    clients = (anonymous, member)
    for client in clients:
        assert "Pelikasvatuksen ilta 5514" not in _warm(client, url)
    notice = make_notice(notice_index, "Pelikasvatuksen ilta 5514", lead="Pelikasvatus kirjastossa.")
    assert all("Pelikasvatuksen ilta 5514" in _text(client, url) for client in clients)
    make_event(title="Pelikasvatus-koulutus 5515", seats_on_site=10)
    assert all("Pelikasvatus-koulutus 5515" in _text(client, url) for client in clients)
    ensure_game_rule()
    make_kit("Pelisalkku 5516", kit_type=KitType.GAME)
    with django_assert_max_num_queries(2):
        assert "Pelikasvatuksen ilta 5514" in _text(member, url)
    notice.unpublish()
    assert all("Pelikasvatuksen ilta 5514" not in _text(client, url) for client in clients)
    # The events' part is kept apart from the pages': a notice's publication searches the pages again,
    # not the events (the anonymous page from the page cache aside: the member's view runs the view).
    _text(member, url)
    make_notice(notice_index, "Pelikasvatuksen aamu 5517", lead="Pelikasvatus aamulla.")
    with CaptureQueriesContext(connection) as captured:
        html = _text(member, url)
    assert "Pelikasvatuksen aamu 5517" in html and "Pelikasvatus-koulutus 5515" in html
    searched = " ".join(query["sql"] for query in captured)
    assert "trainings_event" not in searched and "wagtailsearch" in searched.lower()


# --------------------------------------------------------------------------- nothing of the visitor
# Per-process copies are shared by every request of a process: nothing in them may be about the
# visitor who happened to fill them (ake/memo.py). Visitors with ids no other row can have, so that
# an id found in a kept key or value can only be theirs.
VISITOR_IDS = (7_770_001, 7_770_002, 7_770_003)
PROJECT_APPS = (
    "ake",
    "extranet",
    "trainings",
    "loans",
    "networks",
    "finance",
    "surveys",
    "reporting",
    "audit",
)


def _kept_stores() -> dict:
    """Every per-process store of the project: ake.memo's copies and any module-level container."""
    import sys

    stores = {}
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in PROJECT_APPS:
            continue
        for attr, value in vars(module).items():
            if isinstance(value, (dict, list, set)) and not attr.startswith("__"):
                stores[f"{name}.{attr}"] = value
    return stores


def _texts(value, seen, depth=0):
    """Every string, number and model instance reachable from ``value`` (keys, rows, rendered HTML)."""
    from django.db.models import Model

    if id(value) in seen or depth > 12:
        return
    seen.add(id(value))
    if isinstance(value, (str, int)):
        yield value
    elif isinstance(value, bytes):
        yield value.decode("utf-8", "replace")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key, seen, depth + 1)
            yield from _texts(item, seen, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _texts(item, seen, depth + 1)
    elif isinstance(value, Model):
        yield value
        yield from _texts(vars(value), seen, depth + 1)
    elif hasattr(value, "__dict__") and not isinstance(value, type) and not callable(value):
        yield from _texts(vars(value), seen, depth + 1)


def test_the_kept_copies_hold_nothing_of_the_visitor(libraries, monkeypatch):
    """A member with a registration and two editors browse public pages in Finnish and Swedish and
    the admin; afterwards no kept copy holds their names, emails or ids, their own registration, or
    an entry of its own for one of them: the second editor (same role) adds no entry at all."""
    from django.contrib.auth import get_user_model

    from ake import memo
    from networks.models import GroupJoinRequest, WorkingGroup
    from networks.roles import AKE_EDITORS
    from tests.conftest import make_user
    from trainings import services
    from trainings.models import Registration

    # The clock's minute is part of some keys: held still, so that the two editors' pages compare.
    minute = memo.current_minute()
    for module in ("ake.memo", "extranet.views", "trainings.views", "networks.group_views"):
        monkeypatch.setattr(f"{module}.current_minute", lambda: minute)

    member_user = make_user(
        "ilmari.ainutlaatuinen@kaarina.fi",
        library=libraries["kaarina"],
        id=VISITOR_IDS[0],
        first_name="Ilmari",
        last_name="Ainutlaatuinen",
    )
    editors = [
        make_user(
            email,
            library=libraries["turku"],
            role=AKE_EDITORS,
            id=user_id,
            first_name=first,
            last_name=last,
        )
        for email, user_id, first, last in (
            ("eveliina.erikoinen@turku.fi", VISITOR_IDS[1], "Eveliina", "Erikoinen"),
            ("oskari.omalaatuinen@turku.fi", VISITOR_IDS[2], "Oskari", "Omalaatuinen"),
        )
    ]
    event = make_event(title="Tapahtuma 7781", seats_on_site=10)
    services.registration_create(
        event=event,
        email=member_user.email,
        first_name=member_user.first_name,
        last_name=member_user.last_name,
        library=member_user.library,
        user=member_user,
    )
    # A working group the member asked to join: their pending request shows on its page.
    group = WorkingGroup.objects.create(name_fi="Ryhmä 7782", slug="ryhma-7782", active=True)
    GroupJoinRequest.objects.create(group=group, user=member_user, library=member_user.library)
    public = [
        reverse("trainings:calendar"),
        event.get_absolute_url(),
        reverse("group_detail", args=[group.slug]),
        reverse("profile"),
        "/fi/",
        "/sv/",
    ]
    admin = [reverse("wagtailadmin_home"), reverse("trainings_event:index"), reverse("wagtailadmin_account")]

    def browse(user, urls, language):
        client = Client()
        client.force_login(user)
        client.cookies["django_language"] = language
        html = ""
        for url in urls:
            if language == "sv" and url.startswith("/fi/"):
                url = "/sv/" + url[4:]
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (url, response.status_code)
            html += response.content.decode()
        return html

    memo._values.clear()
    for language in ("fi", "sv"):
        seen_by_member = browse(member_user, public, language)
        # The member does see their own registration and request (the pages showed them).
        assert ("Ilmoittautumisesi:" if language == "fi" else "Din anmälan:") in seen_by_member
        assert ("Liittymispyyntösi odottaa" if language == "fi" else "Din begäran om att gå med") in (
            seen_by_member
        )
    browse(editors[0], public + admin, "fi")
    browse(editors[0], admin, "sv")
    keys_after_first_editor = set(memo._values)
    browse(editors[1], public + admin, "fi")
    browse(editors[1], admin, "sv")
    assert set(memo._values) - keys_after_first_editor == set(), "entries of the second editor's own"
    assert memo._values, "nothing was kept: the pages did not go through the kept copies"

    users = [member_user, *editors]
    needles = ["Ilmoittautumisesi", "Din anmälan", "Your registration", "Liittymispyyntösi"]
    for user in users:
        needles += [user.email, user.first_name, user.last_name, user.email.split("@")[0]]
    found = []
    for name, store in _kept_stores().items():
        for text in _texts(store, set()):
            if isinstance(text, (get_user_model(), Registration)):
                found.append((name, repr(text)))
            elif isinstance(text, int) and not isinstance(text, bool) and text in VISITOR_IDS:
                found.append((name, text))
            elif isinstance(text, str):
                found += [(name, needle) for needle in needles if needle in text]
                found += [(name, str(user_id)) for user_id in VISITOR_IDS if str(user_id) in text]
    assert not found, found


def test_the_calendar_filters_are_not_built_again_after_a_write(member, monkeypatch):
    """The calendar's filter form shows no stored rows (fixed choices, the query string, the day's
    months): the first view after a write of events reads the new list but does not build the form
    again; another query string or language has its own form."""
    from trainings import views

    built = []
    original = views._calendar_filters
    monkeypatch.setattr(views, "_calendar_filters", lambda request: built.append(1) or original(request))
    url = reverse("trainings:calendar") + "?q=koulutus+6601&kind=training"
    assert "Koulutus 6601" not in _text(member, url)
    make_event(title="Koulutus 6601", kind="training")
    page = _text(member, url)
    assert "Koulutus 6601" in page  # the list is fresh
    assert '<option value="training" selected>' in page
    assert len(built) == 1
    page = _text(member, url.replace("kind=training", "kind=coffee_hour"))
    assert '<option value="coffee_hour" selected>' in page and len(built) == 2
    page = _text(member, "/sv" + url.removeprefix("/fi"))
    assert "Koulutus 6601" in page and "Alla former" in page and len(built) == 3


# --------------------------------------------------------------------------- notices, finer grained
@pytest.fixture
def notice_site(home, notice_index):
    """The Finnish site with a notice index, a material bank with a section, and their Swedish
    translations (the home page, the index and the bank), all published."""
    from wagtail.models import Locale

    from extranet.models import MaterialBankPage, StandardPage

    bank = MaterialBankPage(title="Materiaalipankki 6601", slug="materiaalipankki-6601")
    home.add_child(instance=bank)
    bank.save_revision().publish()
    section = StandardPage(title="Osio 6602", slug="osio-6602", introduction="Osion johdanto.")
    bank.add_child(instance=section)
    section.save_revision().publish()
    sv, _ = Locale.objects.get_or_create(language_code="sv")
    swedish = {}
    for page, slug in ((home, None), (notice_index, "meddelanden"), (bank, "materialbank-6601")):
        translation = page.copy_for_translation(sv)
        if slug:
            translation.slug = slug
        translation.save_revision().publish()
        swedish[page.pk] = translation.specific.__class__.objects.get(pk=translation.pk)
    return {
        "home": home,
        "index": notice_index,
        "bank": bank,
        "section": section,
        "sv": sv,
        "sv home": swedish[home.pk],
        "sv index": swedish[notice_index.pk],
        "sv bank": swedish[bank.pk],
    }


def _urls(site, language):
    if language == "fi":
        return {"index": site["index"].url, "home": "/fi/", "bank": site["bank"].url}
    return {"index": site["sv index"].url, "home": "/sv/", "bank": site["sv bank"].url}


def _notice_in(site, language):
    return site["index"] if language == "fi" else site["sv index"]


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("visitor", ["anonymous", "member"])
def test_every_notice_change_shows_on_the_next_request_of_the_index_page_home_and_bank(
    notice_site, staff_user, language, visitor
):
    """Publishing, editing, unpublishing, moving, deleting a notice and publishing its translation:
    the very next view of the index, the notice, the home page and the material bank shows it, for
    a visitor from the page cache and a member from the kept copies (the rows each cold view reads
    again; the items, routes and fragments kept by those rows)."""
    client = Client()
    if visitor == "member":
        client.force_login(staff_user)
    urls = _urls(notice_site, language)
    index = _notice_in(notice_site, language)
    for url in urls.values():
        _warm(client, url)

    first = make_notice(index, "Ensimmäinen 6603")
    second = make_notice(index, "Toinen 6604")
    for name in ("index", "home"):
        html = _text(client, urls[name])
        assert "Ensimmäinen 6603" in html and "Toinen 6604" in html, name
    assert "Ensimmäinen 6603" in _text(client, first.url)

    # An edit of one notice: the other's item is kept, the edited one shows its new text.
    first.title = "Korjattu 6605"
    first.lead = "Uusi ingressi 6606."
    first.save_revision().publish()
    for name in ("index", "home"):
        html = _text(client, urls[name])
        assert "Korjattu 6605" in html and "Ensimmäinen 6603" not in html and "Toinen 6604" in html, name
    page = _text(client, first.url)
    assert "Korjattu 6605" in page and "Uusi ingressi 6606." in page

    # The section of the material bank: its edit shows in the bank's list of sections.
    if language == "fi":
        section = notice_site["section"]
        section.title = "Osio korjattu 6607"
        section.save_revision().publish()
        assert "Osio korjattu 6607" in _text(client, urls["bank"])

    first.unpublish()
    for name in ("index", "home"):
        assert "Korjattu 6605" not in _text(client, urls[name]), name
    assert client.get(first.url).status_code == 404
    first.save_revision().publish()
    assert "Korjattu 6605" in _text(client, urls["index"])

    # Moved under another index (below the material bank): gone from the first, shown in the other.
    from extranet.models import NoticeIndexPage

    bank = notice_site["bank"] if language == "fi" else notice_site["sv bank"]
    other = NoticeIndexPage(title="Arkisto 6608", slug="arkisto-6608")
    bank.add_child(instance=other)
    other.save_revision().publish()
    old_url = first.url
    first.refresh_from_db()
    first.move(other, pos="last-child")
    first.refresh_from_db()
    assert "Korjattu 6605" not in _text(client, urls["index"])
    assert "Korjattu 6605" in _text(client, other.url)
    assert client.get(old_url).status_code != 200  # Wagtail's redirect to the new address, or none
    assert "Korjattu 6605" in _text(client, first.url)

    second_url = second.url
    second.delete()
    for name in ("index", "home"):
        assert "Toinen 6604" not in _text(client, urls[name]), name
    assert client.get(second_url).status_code == 404


@pytest.mark.parametrize("visitor", ["anonymous", "member"])
def test_a_notices_translation_shows_in_the_swedish_index_and_the_finnish_pages_hreflang(
    notice_site, staff_user, visitor
):
    client = Client()
    if visitor == "member":
        client.force_login(staff_user)
    notice = make_notice(notice_site["index"], "Tiedote 6609")
    sv_index_url = notice_site["sv index"].url
    for url in (notice.url, sv_index_url, "/sv/"):
        _warm(client, url)
    assert 'rel="alternate" hreflang="sv"' not in _text(client, notice.url)
    translation = notice.copy_for_translation(notice_site["sv"])
    translation.title = "Meddelande 6610"
    translation.save_revision().publish()
    assert "Meddelande 6610" in _text(client, sv_index_url)
    assert "Meddelande 6610" in _text(client, "/sv/")
    assert 'rel="alternate" hreflang="sv"' in _text(client, notice.url)
    translation = translation.specific.__class__.objects.get(pk=translation.pk)
    translation.title = "Meddelande rättat 6611"
    translation.save_revision().publish()
    assert "Meddelande rättat 6611" in _text(client, sv_index_url)
    assert "Meddelande rättat 6611" in _text(client, translation.url)


def test_another_notices_publication_writes_only_the_new_item_of_the_index(notice_site, member, monkeypatch):
    """The first view of the index after a publication reads the list again (one query) but writes
    only the item of the new notice; the others are kept by their rows. A changed category name
    writes every item that shows it again."""
    from extranet import models

    written = []
    original = models.notice_list_items_html

    def counting(notices, request):
        written.extend(notice.title for notice in notices)
        return original(notices, request)

    monkeypatch.setattr(models, "notice_list_items_html", counting)
    from extranet.models import NoticeCategory

    category = NoticeCategory.objects.create(name_fi="Koulutukset 6612", slug="koulutukset-6612")
    for number in range(3):
        make_notice(notice_site["index"], f"Vanha {number} 6613", categories=[category])
    url = notice_site["index"].url
    assert "Vanha 2 6613" in _text(member, url)
    written.clear()
    make_notice(notice_site["index"], "Uusi 6614")
    html = _text(member, url)
    assert "Uusi 6614" in html and "Vanha 0 6613" in html
    assert written == ["Uusi 6614"]
    written.clear()
    category.name_fi = "Koulutukset uusi 6615"
    category.save()
    html = _text(member, url)
    assert html.count("Koulutukset uusi 6615") >= 3
    assert sorted(written) == [f"Vanha {number} 6613" for number in range(3)]


# --------------------------------------------------------------------------- kit bookings
# A booking changes one kit's days: the kit calendar and the kit's page show it on the next request,
# the pages that show no booked days (the kit list, the material bank's kits) stay warm; a kit's own
# edit shows everywhere.


def _kit_states(html: str, kit) -> list[str]:
    """The day states of the kit's row in the kit calendar."""
    row = html.split(f"/kits/{kit.pk}/?month=")[1].split("</th>", 1)[1].split("</tr>")[0]
    return re.findall(r'<td class="day-(\w+)"', row)


def _kit_page_states(html: str) -> list[str]:
    table = html.split('<table class="calendar"')[1].split("</table>")[0]
    return re.findall(r'<td class="day-(\w+)', table)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def kit_month():
    """A day in the middle of next month: a loan, its extension and its move stay in that month."""
    return (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(day=9)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_booking_its_extension_change_and_cancellation_show_at_once_on_the_kit_pages(
    pages, staff_user, member, kit_month, language
):
    """Each write shows in the kit calendar and on the kit's page on the next request, anonymous
    (page cache) and logged in (kept copies), in Finnish and Swedish; the kit list and the material
    bank stay warm (anonymous: from the page cache; member: no more queries than warm)."""
    from django.utils import translation

    from loans import services
    from loans.selectors import kit_month_availability

    kit = pages["_kit"]
    pickup = kit_month
    with translation.override(language):
        calendar = reverse("loans:kit_calendar") + f"?month={pickup:%Y-%m}"
        kit_page = reverse("loans:kit_detail", args=[kit.pk]) + f"?month={pickup:%Y-%m}"
        kit_list = reverse("loans:kit_list")
    anonymous = Client()
    clients = (anonymous, member)
    unbooked = [kit_list, pages["material bank"]]
    warm_queries = {}
    for url in unbooked:
        _warm(anonymous, url)
        _warm(member, url)
        warm_queries[url] = _queries(member, url)

    def expected() -> list[str]:
        found = kit_month_availability(kit_ids=[kit.pk], year=pickup.year, month=pickup.month)[kit.pk]
        return [day.state for day in found]

    def view_warm():
        for client in clients:
            _warm(client, calendar)
            _warm(client, kit_page)
        return expected()

    def assert_shown(before):
        states = expected()
        assert states != before  # the write changed the month: a stale page would fail below
        for client in clients:
            assert _kit_states(_text(client, calendar), kit) == states
            assert _kit_page_states(_text(client, kit_page)) == states
        for url in unbooked:
            assert _served_warm(anonymous, url), url
            assert _queries(member, url) <= warm_queries[url], url

    before = view_warm()
    booking = services.kit_booking_create(
        kit=kit,
        library=staff_user.library,
        booked_by=staff_user,
        pickup_date=pickup,
        return_date=pickup + datetime.timedelta(days=3),
        delivery="collected",
    )
    assert_shown(before)

    before = view_warm()
    decision = services.kit_booking_extend(
        booking=booking, by=staff_user, return_date=pickup + datetime.timedelta(days=6)
    )
    assert decision.granted
    assert_shown(before)

    before = view_warm()
    booking = services.kit_booking_update(
        booking=booking,
        by=staff_user,
        pickup_date=pickup + datetime.timedelta(days=8),
        return_date=pickup + datetime.timedelta(days=10),
        delivery="collected",
        notes="",
    )
    assert_shown(before)

    before = view_warm()
    services.kit_booking_cancel(booking=booking, by=staff_user)
    assert_shown(before)
    assert "booked" not in expected()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_kits_edits_show_at_once_on_every_kit_page(pages, staff_user, member, kit_month, language):
    """A renamed kit, a unit added and a deactivated kit show on the next view of the kit calendar,
    the kit's page, the kit list and the material bank, anonymous and logged in."""
    from django.utils import translation
    from django.utils.translation import ngettext

    from loans import services
    from loans.models import KitUnit

    kit = pages["_kit"]
    pickup = kit_month
    services.kit_booking_create(
        kit=kit,
        library=staff_user.library,
        booked_by=staff_user,
        pickup_date=pickup,
        return_date=pickup + datetime.timedelta(days=3),
        delivery="collected",
    )
    with translation.override(language):
        calendar = reverse("loans:kit_calendar") + f"?month={pickup:%Y-%m}"
        kit_page = reverse("loans:kit_detail", args=[kit.pk]) + f"?month={pickup:%Y-%m}"
        kit_list = reverse("loans:kit_list")
    urls = [calendar, kit_page, kit_list, pages["material bank"]]
    clients = (Client(), member)

    def view_warm():
        for client in clients:
            for url in urls:
                _warm(client, url)

    view_warm()
    kit.name_fi = kit.name_sv = "Uusi nimi 5520"
    kit.save()
    for client in clients:
        for url in urls:
            assert "Uusi nimi 5520" in _text(client, url), url

    view_warm()
    KitUnit.objects.create(kit=kit, code="2")
    with translation.override(language):
        two_units = ngettext("%(units)s unit to lend", "%(units)s units to lend", 2) % {"units": 2}
    for client in clients:
        assert "partly" in _kit_states(_text(client, calendar), kit)
        assert "booked" not in _kit_states(_text(client, calendar), kit)
        assert "partly" in _kit_page_states(_text(client, kit_page))
        assert two_units in _text(client, kit_list)

    view_warm()
    kit.active = False
    kit.save()
    for client in clients:
        for url in (calendar, kit_list, pages["material bank"]):
            assert "Uusi nimi 5520" not in _text(client, url), url
        assert client.get(kit_page).status_code == 404


def test_a_new_notice_leaves_the_other_notices_text_kept_and_an_edit_shows(notice_site, member, monkeypatch):
    """A new notice changes its index's row (its number of children) but not its siblings': the
    first view of another notice reads its rows again and renders its body again only after its own
    edit (ake/wagtail_serve.py: each page of the route built again by its own row)."""
    from wagtail.blocks import StreamValue

    older = make_notice(notice_site["index"], "Vanhempi 6630", body=[("text", "<p>Runko 6631</p>")])
    assert "Runko 6631" in _text(member, older.url)
    rendered = []
    original = StreamValue.__iter__
    monkeypatch.setattr(StreamValue, "__iter__", lambda self: rendered.append(1) or original(self))
    make_notice(notice_site["index"], "Uudempi 6632")
    rendered.clear()  # publishing reads bodies too (revisions, the search index)
    assert "Runko 6631" in _text(member, older.url)
    assert rendered == []
    older = older.specific.__class__.objects.get(pk=older.pk)
    older.body = [("text", "<p>Runko muutettu 6633</p>")]
    older.save_revision().publish()
    rendered.clear()
    html = _text(member, older.url)
    assert "Runko muutettu 6633" in html and "Runko 6631" not in html
    assert rendered
