"""Every model is in a content area (ake/areas.py), and forgetting one fails loudly and helpfully."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.template import Template, TemplateSyntaxError

from ake import areas


def test_every_model_is_declared_in_a_content_area():
    missing = [areas.missing_message(model) for model in areas.undeclared_models()]
    assert not missing, "\n".join(missing)


def test_an_undeclared_model_fails_with_what_to_add_where(monkeypatch, settings):
    config = apps.get_app_config("extranet")
    declared = dict(config.content_areas)
    del declared["dailyusage"]
    monkeypatch.setattr(config, "content_areas", declared)
    monkeypatch.setattr(areas, "_resolved", {})
    model = apps.get_model("extranet", "dailyusage")
    settings.AKE_CHECK_CONTENT_AREAS = True
    with pytest.raises(ImproperlyConfigured) as error:
        areas.areas_of(model)
    message = str(error.value)
    assert 'add "dailyusage": <area> to content_areas of ExtranetConfig in extranet/apps.py' in message
    assert "None when no page shows them" in message and "README" in message
    # Without the check (production) an undeclared model retires every area.
    settings.AKE_CHECK_CONTENT_AREAS = False
    assert areas.areas_of(model) == areas.AREAS


def test_a_third_party_model_names_the_table_in_ake_areas(monkeypatch):
    monkeypatch.delitem(areas.THIRD_PARTY_AREAS, "taggit.tag")
    message = areas.missing_message(apps.get_model("taggit", "tag"))
    assert 'add "taggit.tag": <area> to THIRD_PARTY_AREAS in ake/areas.py' in message


def test_many_to_many_tables_and_page_types_follow_their_model():
    through = apps.get_model("networks", "user").groups.through
    assert areas.areas_of(through) == (areas.USERS,)
    assert areas.areas_of(apps.get_model("extranet", "noticepage")) == (areas.NOTICES,)
    assert areas.areas_of(apps.get_model("trainings", "eventmail")) is None


def test_memo_without_areas_is_refused():
    with pytest.raises(TemplateSyntaxError, match='needs areas="..."'):
        Template('{% load ake_tags %}{% memo "x" %}y{% endmemo %}')
    with pytest.raises(TemplateSyntaxError, match="content areas must be some of"):
        Template('{% load ake_tags %}{% memo "x" areas="notices,nosuch" %}y{% endmemo %}')
    Template('{% load ake_tags %}{% memo "x" areas="notices,events" %}y{% endmemo %}')


def test_memoized_needs_areas():
    from ake.memo import memoized

    with pytest.raises(TypeError):
        memoized(None, ("k",), lambda: 1)
    assert memoized(None, ("k",), lambda: 1, areas="events") == 1


def test_the_busiest_writes_retire_only_their_part_of_an_area():
    """A registration changes an event's seat figures, a booking a kit's booked days: their rows are
    parts of EVENTS and KITS (ake/areas.py "Parts of an area"), which an event's or kit's own edit
    retires along with everything else of the area."""
    registration = apps.get_model("trainings", "registration")
    assert areas.areas_of(registration) == (areas.SEATS,)
    assert areas.areas_of(apps.get_model("trainings", "registrationanswer")) == (areas.SEATS,)
    assert areas.areas_of(apps.get_model("loans", "kitbooking")) == (areas.BOOKINGS,)
    assert areas.areas_of(apps.get_model("trainings", "event")) == (areas.EVENTS, areas.SEATS)
    assert areas.areas_of(apps.get_model("loans", "kit")) == (areas.KITS, areas.BOOKINGS)


def test_a_part_is_shown_wherever_its_area_is_unless_declared_without():
    assert areas.normalize("events,registry") == (areas.EVENTS, areas.SEATS, areas.REGISTRY)
    assert areas.normalize("events,registry", "seats") == (areas.EVENTS, areas.REGISTRY)
    assert areas.normalize((areas.KITS,), (areas.BOOKINGS,)) == (areas.KITS,)
    assert areas.normalize("seats") == (areas.SEATS,)
    # without= names a part of a declared area, nothing else: a typo or a whole area is refused.
    for areas_, without in (("events", "bookings"), ("notices", "seats"), ("events", "events")):
        with pytest.raises(ValueError, match="without= names only parts"):
            areas.normalize(areas_, without)
    with pytest.raises(TemplateSyntaxError, match="without= names only parts"):
        Template('{% load ake_tags %}{% memo "x" areas="notices" without="seats" %}y{% endmemo %}')


@pytest.mark.redis
def test_a_copy_without_seats_outlives_a_registration_but_not_an_event_edit(rf, settings):
    """What ``without`` buys and what it never loses: the calendar's list of events (no seat figures)
    stays after a registration; the seat figures and everything declared with plain EVENTS go; an
    edit of the event itself retires both."""
    from ake.memo import memoized
    from ake.page_cache import content_changed

    computed = []

    def view(key, **declared):
        request = rf.get("/")
        return memoized(
            request, ("parts-test", key), lambda: computed.append(key) or len(computed), **declared
        )

    def views():
        return (
            view("list", areas=areas.EVENTS, without=areas.SEATS),
            view("seats", areas=areas.EVENTS),
            view("tag", areas="events,registry"),
        )

    first = views()
    assert views() == first  # kept
    content_changed(areas.SEATS)  # what a registration's signals do
    after_registration = views()
    assert after_registration[0] == first[0]
    assert after_registration[1] != first[1] and after_registration[2] != first[2]
    content_changed(areas.EVENTS)  # an event edited
    after_edit = views()
    assert all(new != old for new, old in zip(after_edit, after_registration, strict=True))


@pytest.mark.redis
def test_a_memo_block_without_seats_outlives_a_registration(rf):
    """``{% memo ... without="seats" %}`` keeps its block across a registration (the tag once passed
    its areas to the copies with the parts added back, so every such block retired on one)."""
    from django.template import Context

    from ake.page_cache import content_changed

    template = Template(
        '{% load ake_tags %}{% memo "parts-tag" areas="events,registry" without="seats" %}'
        "{{ value }}{% endmemo %}|"
        '{% memo "parts-tag-seats" areas="events" %}{{ value }}{% endmemo %}'
    )

    def render(value):
        request = rf.get("/")
        return template.render(Context({"request": request, "value": value})), request._ake_shown_areas

    assert render(1) == ("1|1", {areas.EVENTS, areas.SEATS, areas.REGISTRY})
    content_changed(areas.SEATS)
    assert render(2)[0] == "1|2"
    content_changed(areas.EVENTS)
    assert render(3)[0] == "3|3"
