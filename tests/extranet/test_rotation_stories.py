"""A consented job-rotation experience story becomes a draft notice in one admin action."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext, override

from extranet.models import Delivery, NoticePage
from extranet.services import notice_draft_from_rotation_story
from networks.models import RotationPeriod
from tests.extranet.conftest import make_subscription

pytestmark = pytest.mark.django_db


def admin_text(message: str) -> str:
    """The admin speaks Finnish to these users (the site's default language)."""
    with override("fi"):
        return gettext(message)


STORY = (
    "Kaksi viikkoa Porin musiikkiosastolla opetti minulle paljon.\n\n"
    "Opin järjestämään soitinlainauksen ja vein idean kotikirjastooni."
)


@pytest.fixture
def period(staff_user, libraries):
    staff_user.first_name, staff_user.last_name = "Maija", "Virtanen"
    staff_user.save()
    return RotationPeriod.objects.create(
        person=staff_user,
        home_library=libraries["kaarina"],
        host_library=libraries["pori"],
        starts_on=datetime.date(2024, 3, 4),
        ends_on=datetime.date(2024, 3, 15),
        status=RotationPeriod.Status.DONE,
        experience_story=STORY,
        story_may_be_published=True,
    )


def test_consented_story_becomes_a_draft_notice_and_no_mail_is_sent(
    notice_index, period, editor, libraries, mailbox, django_capture_on_commit_callbacks
):
    make_subscription("lukija@kaarina.fi")
    with django_capture_on_commit_callbacks(execute=True):
        draft = notice_draft_from_rotation_story(period=period, user=editor)
    notice = NoticePage.objects.get(pk=draft.notice.pk)
    assert draft.created and not notice.live and notice.has_unpublished_changes
    assert notice.get_parent().pk == notice_index.pk
    assert "Porin kaupunginkirjasto" in notice.title
    assert notice.lead == "Kaksi viikkoa Porin musiikkiosastolla opetti minulle paljon."
    body = str(notice.body)
    assert "soitinlainauksen" in body
    assert notice.featured_library == libraries["pori"]
    # Only the consented story goes out: not the participant's name or home library.
    everything = f"{notice.title} {notice.lead} {body}"
    assert "Virtanen" not in everything and "Kaarina" not in everything
    assert notice.latest_revision is not None and notice.owner == editor
    assert Delivery.objects.count() == 0 and mailbox.messages == []

    # The editor publishes it with the normal workflow: only then do subscribers get it.
    with django_capture_on_commit_callbacks(execute=True):
        notice.latest_revision.publish(user=editor)
    assert Delivery.objects.filter(notice=notice).count() == 1


def test_story_without_consent_is_refused_with_a_clear_message(notice_index, period, editor, client):
    period.story_may_be_published = False
    period.save()
    refusal = "The participant has not agreed to publishing the story, so it cannot become a notice."
    with override("en"), pytest.raises(ValidationError) as error:
        notice_draft_from_rotation_story(period=period, user=editor)
    with override("en"):
        assert error.value.messages == [refusal]
    client.force_login(editor)
    response = client.post(reverse("extranet_rotation_story_notice", args=[period.pk]), follow=True)
    assert admin_text(refusal).replace("'", "&#x27;") in response.content.decode()
    assert not NoticePage.objects.exists()


def test_running_it_twice_gives_the_same_draft(notice_index, period, editor, client):
    first = notice_draft_from_rotation_story(period=period, user=editor)
    second = notice_draft_from_rotation_story(period=period, user=editor)
    assert first.created and not second.created and first.notice.pk == second.notice.pk
    client.force_login(editor)
    response = client.post(reverse("extranet_rotation_story_notice", args=[period.pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[first.notice.pk])
    assert NoticePage.objects.filter(alias_of__isnull=True).count() == 1


def test_admin_lists_consented_stories_with_a_button_and_then_the_draft(
    notice_index, period, editor, staff_user, client, libraries
):
    hidden = RotationPeriod.objects.create(
        person=staff_user,
        home_library=libraries["pori"],
        host_library=libraries["turku"],
        starts_on=datetime.date(2024, 5, 6),
        ends_on=datetime.date(2024, 5, 10),
        experience_story="Salainen kokemus Turussa.",
    )
    url = reverse("extranet_rotation_stories")
    client.force_login(staff_user)
    assert client.get(url).status_code in (302, 403)
    client.post(reverse("extranet_rotation_story_notice", args=[period.pk]))
    assert not NoticePage.objects.exists()

    client.force_login(editor)
    html = client.get(url).content.decode()
    assert "musiikkiosastolla" in html and "Salainen kokemus" not in html
    assert reverse("extranet_rotation_story_notice", args=[period.pk]) in html
    assert reverse("extranet_rotation_story_notice", args=[hidden.pk]) not in html
    response = client.post(reverse("extranet_rotation_story_notice", args=[period.pk]), follow=True)
    created = admin_text("A draft notice was created from the story. Review it and publish it.")
    assert created in response.content.decode()
    html = client.get(url).content.decode()
    assert reverse("extranet_rotation_story_notice", args=[period.pk]) not in html
    assert "Porin kaupunginkirjasto" in html and f"({admin_text('draft')})" in html


def test_a_swedish_story_becomes_a_draft_in_the_swedish_tree(notice_index, period, editor, libraries, client):
    """Issue #14: the draft is made in the story's language, so that the Swedish story is a Swedish
    notice (its title in Swedish, its page in the Swedish tree), which the Finnish and English trees
    show as aliases marked Swedish until someone translates it."""
    from extranet.page_trees import page_aliases_ensure, untranslated_language

    page_aliases_ensure(notice_index, ["sv", "en"])  # the trees as page_trees_sync makes them
    period.experience_story = "Två veckor på musikavdelningen i Björneborg lärde mig mycket."
    period.story_language = "sv"
    period.save()
    draft = notice_draft_from_rotation_story(period=period, user=editor)
    notice = NoticePage.objects.get(pk=draft.notice.pk)
    assert notice.locale.language_code == "sv" and notice.alias_of_id is None
    assert notice.get_parent().locale.language_code == "sv"
    with override("sv"):
        expected = gettext("Job rotation at %(library)s") % {"library": libraries["pori"].name_sv}
    assert notice.title == expected and libraries["pori"].name_sv != libraries["pori"].name_fi
    aliases = {page.locale.language_code: page for page in NoticePage.objects.filter(alias_of=notice)}
    assert set(aliases) == {"fi", "en"}
    assert untranslated_language(aliases["fi"]) == "sv"
    # Asked again, the same draft; the list of stories links it (not an alias).
    assert notice_draft_from_rotation_story(period=period, user=editor).notice.pk == notice.pk
    client.force_login(editor)
    html = client.get(reverse("extranet_rotation_stories")).content.decode()
    assert f'<a href="{reverse("wagtailadmin_pages:edit", args=[notice.pk])}" lang="sv">' in html


def test_the_notice_lists_mark_an_alias_of_a_swedish_notice_as_swedish(notice_index, period, editor, client):
    """The lists marked every alias as Finnish (every alias followed a Finnish page until notices were
    made from Swedish stories): the Finnish list marks the alias of the Swedish notice lang="sv"."""
    import re

    from extranet.page_trees import page_aliases_ensure

    page_aliases_ensure(notice_index, ["sv", "en"])
    period.experience_story = "Två veckor på musikavdelningen i Björneborg lärde mig mycket."
    period.story_language = "sv"
    period.save()
    draft = notice_draft_from_rotation_story(period=period, user=editor)
    draft.notice.latest_revision.publish(user=editor)
    finnish = NoticePage.objects.get(alias_of=draft.notice, locale__language_code="fi")
    assert finnish.live
    page = client.get(notice_index.url).content.decode()
    heading = re.search(r"<h2([^>]*)><a [^>]*>" + re.escape(draft.notice.title), page)
    assert heading and heading.group(1) == ' lang="sv"', heading
    # The Finnish page says in Finnish that it is shown in Swedish ("ruotsiksi", not "kielellä ruotsi").
    with override("fi"):
        note = gettext("This page is not yet translated. It is shown in Swedish.")
    assert note.endswith("ruotsiksi.") and note in client.get(finnish.url).content.decode()


def test_the_first_paragraph_is_the_lead_and_the_body_goes_on_from_the_second(notice_index, period, editor):
    """The notice page shows the lead above the body: the story's first paragraph was both, so a
    reader saw it twice. A first paragraph too long for a lead stays whole in the body."""
    notice = notice_draft_from_rotation_story(period=period, user=editor).notice
    body = str(notice.body)
    assert notice.lead == "Kaksi viikkoa Porin musiikkiosastolla opetti minulle paljon."
    assert "Kaksi viikkoa" not in body and "soitinlainauksen" in body

    long_first = "Kaksi viikkoa Porissa. " + "Opin paljon uutta joka päivä. " * 15
    later = RotationPeriod.objects.create(
        person=period.person,
        home_library=period.home_library,
        host_library=period.host_library,
        starts_on=datetime.date(2024, 9, 2),
        ends_on=datetime.date(2024, 9, 13),
        status=RotationPeriod.Status.DONE,
        experience_story=long_first + "\n\nToinen kappale.",
        story_may_be_published=True,
    )
    notice = notice_draft_from_rotation_story(period=later, user=editor).notice
    body = str(notice.body)
    assert notice.lead.endswith("…") and len(notice.lead) <= 300
    assert long_first.strip() in body and "Toinen kappale." in body


def test_a_swedish_original_notice_is_a_gap_in_finnish_and_english_until_translated(
    notice_index, period, editor, client
):
    """The translation gaps report counted only Finnish pages as originals, so a notice made from a
    Swedish story (a page of the Swedish tree with aliases in the Finnish and English trees) never
    showed as lacking Finnish or English."""
    from extranet.admin_views import pages_missing_translation, translation_gap_counts
    from extranet.page_trees import page_aliases_ensure, page_translate

    page_aliases_ensure(notice_index, ["sv", "en"])
    period.experience_story = "Två veckor på musikavdelningen i Björneborg lärde mig mycket."
    period.story_language = "sv"
    period.save()
    notice = notice_draft_from_rotation_story(period=period, user=editor).notice
    client.force_login(editor)

    def listed(language, title=notice.title):
        html = client.get(f"/admin/reports/translation-gaps/?language={language}").content.decode()
        return 'id="gap-pages"' in html and f">{title}</a>" in html.split('id="gap-pages"', 1)[1]

    assert listed("fi") and listed("en") and not listed("sv")
    counts = translation_gap_counts()
    for code in ("fi", "sv", "en"):
        assert counts[code]["pages"] == pages_missing_translation(target=code).count()
    assert list(pages_missing_translation(target="fi")) == [notice.page_ptr]

    page_translate(notice, "fi", title="Työkierto Porissa", lead="Kaksi viikkoa Porissa.")
    # Listed once for English, by its Finnish page now (the default language first), not twice.
    assert not listed("fi") and listed("en", "Työkierto Porissa") and not listed("en")
    rows = pages_missing_translation(target="en").filter(translation_key=notice.translation_key)
    assert [page.locale.language_code for page in rows] == ["fi"]
    assert translation_gap_counts()["fi"]["pages"] == 0
    page_translate(notice, "en", title="Job rotation in Pori", lead="Two weeks in Pori.")
    assert not listed("en", "Työkierto Porissa") and not listed("en") and not listed("fi")
