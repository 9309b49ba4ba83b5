"""Complete page trees in every content language (issue #14).

Every page of the default (Finnish) tree exists in the Swedish and English trees too: as a real
translation where AKE has written one, otherwise as a Wagtail *alias* of the Finnish page
(``copy_for_translation(alias=True)``, the same mechanism as ``wagtail.contrib.simple_translation``'s
page-tree sync, which only runs when an editor creates a page in the admin). An alias follows its
Finnish page on every publish, so the language switcher and the menus always find the page in the
visitor's language; the page's templates mark the Finnish text with ``lang="fi"`` and show a note
"not yet translated" in the visitor's language. Editors turn an alias into a translation with
Wagtail's "Translate" action (or by editing the alias and confirming the conversion).
"""

import logging

from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)


def content_locales():
    """The Wagtail locales of WAGTAIL_CONTENT_LANGUAGES, created where missing."""
    from wagtail.models import Locale

    return [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    ]


def page_trees_sync() -> list:
    """Creates an alias in every other content locale for each page of the default locale's tree that
    has no page there yet (parents first, so each alias goes under its parent's counterpart).
    Returns the pages created."""
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    home = site.root_page
    locales = [locale for locale in content_locales() if locale.pk != home.locale_id]
    if not locales:
        return []
    existing = set(Page.objects.filter(locale__in=locales).values_list("translation_key", "locale_id"))
    created = []
    for page in home.get_descendants(inclusive=True).filter(locale_id=home.locale_id).order_by("path"):
        for locale in locales:
            if (page.translation_key, locale.pk) in existing:
                continue
            alias = page.specific.copy_for_translation(locale, copy_parents=True, alias=True)
            existing.add((page.translation_key, locale.pk))
            created.append(alias)
    if created:
        logger.info(
            "page trees: %s aliases created in %s", len(created), ", ".join(str(lo) for lo in locales)
        )
    return created


def page_aliases_ensure(page, languages) -> list:
    """Gives one page an alias in each of `languages` where it has no page yet (its parents too).

    Wagtail's simple_translation does this only for pages created in the admin (and
    ``page_trees_sync`` for the whole tree when it runs): a notice created in code (a test, a
    script) had no Swedish or English page, and its mail linked Swedish and English readers to the
    Finnish page. Returns the aliases created."""
    from wagtail.models import Locale

    if page.alias_of_id is not None:
        return []
    present = set(
        type(page)
        .objects.filter(translation_key=page.translation_key)
        .values_list("locale__language_code", flat=True)
    )
    missing = [code for code in dict.fromkeys(languages) if code not in present]
    created = []
    for code in missing:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        created.append(page.specific.copy_for_translation(locale, copy_parents=True, alias=True))
    return created


def page_translate(page, language_code: str, *, tags=None, **fields):
    """The page's translation in ``language_code`` filled with ``fields`` and published: made with
    Wagtail's copy_for_translation, or converted from the page-tree alias. A real translation that
    already exists is AKE's to edit and is returned untouched.

    ``tags``: the translation's own tags in its language (a copy starts with the Finnish page's)."""
    from wagtail.actions.convert_alias import ConvertAliasPageAction
    from wagtail.models import Locale

    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    translation = page.get_translation_or_none(locale)
    if translation is not None and translation.alias_of_id is None:
        return translation.specific
    if translation is not None:
        ConvertAliasPageAction(translation).execute(skip_permission_checks=True)
        translation = type(page.specific).objects.get(pk=translation.pk)
    else:
        translation = page.specific.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    if "title" in fields:
        translation.draft_title = fields["title"]
    if tags is not None:
        translation.tags.set(list(tags))
    translation.save()
    # A revision holds the translated text (the admin edits the latest revision); it goes live
    # without Wagtail's publish signal, so translating a notice sends no second mail.
    revision = translation.save_revision(clean=False)
    translation.live = page.live
    translation.has_unpublished_changes = not page.live
    translation.live_revision = revision if page.live else None
    translation.save(clean=False)
    return translation


def untranslated_language(page) -> str:
    """The language of the text a page shows when it is not its own: for an alias of a page in
    another locale, that page's language; otherwise ''. Kept on the page object (one query)."""
    if page is None or getattr(page, "alias_of_id", None) is None:
        return ""
    cached = getattr(page, "_untranslated_language", None)
    if cached is None:
        from wagtail.models import Page

        # The source's locale and language in one query; the alias's own locale is on the page.
        source = (
            Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", "locale__language_code").first()
        )
        cached = source[1] if source and source[0] != page.locale_id else ""
        page._untranslated_language = cached
    return cached


def page_trees_sync_after_migrate(sender, **kwargs) -> None:
    """post_migrate receiver (development: AKE_PAGE_TREES_SYNC_AFTER_MIGRATE): runs once, after the
    last app's migrations."""
    from django.apps import apps

    if not getattr(settings, "AKE_PAGE_TREES_SYNC_AFTER_MIGRATE", False):
        return
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    try:
        page_trees_sync()
    except DatabaseError:
        logger.warning("page trees not synced: the database does not match the models")
