"""The Finnish and Swedish the site shows are our catalogs' (issue #15, item 12).

Django merges every catalog into one per language, and the first one with a msgid wins: Wagtail's
"Otsikko" stood for a job title in the profile and the report's staff table, "inställd" (called off)
for a cancelled registration, Django's abbreviation "touko" for May in the month list. Our catalogs
are listed in LOCALE_PATHS (they win over installed apps), a msgid that means different things gets
a context, and the same msgid has one translation in all our catalogs.
"""

import datetime
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

CATALOGS = sorted(Path(settings.BASE_DIR).glob("*/locale/*/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_message_of_ours_shows_our_own_translation(language):
    shown_otherwise = []
    with translation.override(language):
        for path in CATALOGS:
            if path.parts[-3] != language:
                continue
            for entry in polib.pofile(str(path)):
                if entry.obsolete or entry.msgid_plural or not entry.msgstr:
                    continue
                if entry.msgctxt:
                    shown = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    shown = translation.gettext(entry.msgid)
                if shown != entry.msgstr:
                    shown_otherwise.append(
                        f"{path.parts[-5]}: {entry.msgid!r} → {shown!r}, not {entry.msgstr!r}"
                    )
    assert shown_otherwise == []


def test_the_finnish_month_list_says_toukokuu(client):
    from trainings.forms import _month_choices

    with translation.override("fi"):
        labels = [
            label for _value, label in _month_choices(datetime.datetime(2027, 3, 1, tzinfo=datetime.UTC))
        ]
    assert "toukokuu 2027" in labels and "touko 2027" not in labels


def test_a_job_title_is_tehtavanimike_in_the_profile_and_the_staff_table(client, staff_user, planning_member):
    client.force_login(staff_user)
    assert "Tehtävänimike" in client.get(reverse("profile")).content.decode()
    with translation.override("fi"):
        assert translation.gettext("Job title") == "Tehtävänimike"


def test_a_cancelled_registration_is_avbokad_and_a_cancelled_event_installt():
    from trainings.models import Event, Registration

    with translation.override("sv"):
        assert str(Registration.Status.CANCELLED.label) == "avbokad"
        assert str(Event.Status.CANCELLED.label) == "inställt"


def _wagtail_catalogs(language):
    import wagtail

    root = Path(wagtail.__file__).parent
    return {path.relative_to(root): path for path in root.glob(f"**/locale/{language}/LC_MESSAGES/django.po")}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_wagtail_admin_texts_are_translated(language):
    """Every text of Wagtail's own catalogs has a Finnish and a Swedish translation: Wagtail's, or ours
    where Wagtail's lacks it (ake/locale_overrides.py, WAGTAIL_GAPS). A Wagtail upgrade that brings
    new English texts fails here with the list to translate."""
    ours = polib.pofile(str(Path(settings.BASE_DIR) / f"ake/locale/{language}/LC_MESSAGES/django.po"))
    have = {(entry.msgctxt, entry.msgid) for entry in ours.translated_entries()}
    catalogs = _wagtail_catalogs(language)
    translated = {rel.parent.parent.parent: polib.pofile(str(path)) for rel, path in catalogs.items()}
    untranslated = []
    for relative, path in _wagtail_catalogs("en").items():
        app = relative.parent.parent.parent
        wagtails = translated.get(app)
        for entry in polib.pofile(str(path)):
            if entry.obsolete or (entry.msgctxt, entry.msgid) in have:
                continue
            found = wagtails.find(entry.msgid, msgctxt=entry.msgctxt) if wagtails else None
            if found is None or not found.translated():
                untranslated.append(f"{app}: {entry.msgid!r}")
    assert untranslated == []


def test_the_finnish_admin_home_searches_in_finnish(client, editor):
    client.force_login(editor)
    with translation.override("fi"):
        page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Hae kaikilta sivuilta…" in page
    assert "Search all pages" not in page and "editor guide" not in page


def test_the_swedish_admin_home_searches_in_swedish(client, editor):
    editor.language = "sv"
    editor.save(update_fields=["language"])
    client.force_login(editor)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Sök bland alla sidor…" in page and "redaktörsguide" in page
    assert "Search all pages" not in page and "editor guide" not in page
    # The welcome heading names the site in Swedish (issue #14), not Wagtail's one Finnish site name.
    heading = page.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "Extranät för biblioteken i sydvästra Finland" in heading
    assert "Lounais-Suomen" not in heading
