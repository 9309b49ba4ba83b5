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
