from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the current page in each language: the page's translation where one exists."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    translations = {}
    if page is not None and hasattr(page, "get_translations"):
        translations = _translation_urls(page, request)
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code]
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


def _translation_urls(page, request) -> dict[str, str]:
    """Language code -> URL of the page's live translations, in one light query per content version.

    Builds URLs from url_path and the (cached) site root paths instead of loading every translation
    as a page object, which took most of a page's rendering time. The language switcher and the
    hreflang links both use it.
    """
    from ake.memo import memoized

    return memoized(
        request, ("translation_urls", page.translation_key), lambda: _query_translation_urls(page)
    )


def _query_translation_urls(page) -> dict[str, str]:
    from wagtail.models import Page, Site

    rows = Page.objects.filter(translation_key=page.translation_key, live=True).values_list(
        "locale__language_code", "url_path"
    )
    root_paths = Site.get_site_root_paths()
    urls = {}
    for language_code, url_path in rows:
        for root in root_paths:
            if url_path.startswith(root.root_path) and (root.language_code or language_code) == language_code:
                urls[language_code] = iri_to_uri(f"/{language_code}/{url_path[len(root.root_path) :]}")
                break
    return urls


@register.simple_tag(takes_context=True)
def optional_url(context, name, *args):
    """The URL of a named route, or '' while the app that provides it has none yet."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def sanitized_richtext(value):
    """Wagtail rich text, expanded and then cleaned: for fields that code or imports may also write."""
    from django.utils.safestring import mark_safe
    from wagtail.rich_text import expand_db_html

    from ake.sanitize import clean_html

    return mark_safe(clean_html(expand_db_html(value or "")))  # noqa: S308 - cleaned by nh3 just above


@register.filter
def safe_url(value):
    """A stored link for an href: only web, mail and phone links, or links within the site.

    URL fields are validated in forms, but a value written by code, a data migration or the ORM is not;
    a javascript: or data: link would run script in the reader's session when clicked.
    """
    from ake.sanitize import is_safe_url

    text = str(value or "").strip()
    return text if is_safe_url(text) else ""
