from django import template
from django.utils.html import format_html, format_html_join

from ake.templatetags.ake_tags import _translation_urls, translation_areas

register = template.Library()


@register.simple_tag(takes_context=True)
def hreflang_links(context, page):
    """<link rel="alternate" hreflang> for every live translation of the page (itself included); a
    page-tree alias shows the Finnish text, so it is no alternate."""
    request = context.get("request")
    if page is None or not hasattr(page, "get_translations"):
        return ""
    if request is None:
        return _hreflang_links(page, request, "")
    from ake.memo import kept_by_value, memoized

    # Kept per process with the translations' URLs it is made of (the same area): joining and escaping
    # the links anew was the part of a warm page that grew with its translations (README,
    # "Instructions per request", scale 10). The host is in the key, nothing of the visitor.
    site_root = request.build_absolute_uri("/").rstrip("/")
    areas = translation_areas(page, request)

    def make() -> str:
        translations = _translation_urls(page, request, real_only=True)
        if areas != "site":
            return _hreflang_html(translations, site_root)
        # A top page's translations come with the top of the page tree (ake/site_top.py, no query):
        # when the site's structure changes the links are written again only if their URLs did (not
        # for a section renamed).
        return kept_by_value(
            request,
            ("hreflang_links", site_root, tuple(translations.items())),
            lambda: _hreflang_html(translations, site_root),
        )

    return memoized(request, ("hreflang_links", page.translation_key, site_root), make, areas=areas)


def _hreflang_links(page, request, site_root: str) -> str:
    return _hreflang_html(_translation_urls(page, request, real_only=True), site_root)


def _hreflang_html(translations: dict, site_root: str) -> str:
    if len(translations) < 2:
        return ""
    links = [(code, site_root + url) for code, url in translations.items()]
    default = next((url for code, url in links if code == "fi"), links[0][1])
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', links) + format_html(
        '\n<link rel="alternate" hreflang="x-default" href="{}">', default
    )
