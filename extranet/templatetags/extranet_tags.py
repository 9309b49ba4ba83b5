from django import template
from django.utils.html import format_html, format_html_join

from ake.templatetags.ake_tags import _translation_urls

register = template.Library()


@register.simple_tag(takes_context=True)
def hreflang_links(context, page):
    """<link rel="alternate" hreflang> for every live translation of the page (itself included); a
    page-tree alias shows the Finnish text, so it is no alternate."""
    request = context.get("request")
    if page is None or not hasattr(page, "get_translations"):
        return ""
    translations = _translation_urls(page, request, real_only=True)
    if len(translations) < 2:
        return ""
    site_root = request.build_absolute_uri("/").rstrip("/") if request else ""
    links = [(code, site_root + url) for code, url in translations.items()]
    default = next((url for code, url in links if code == "fi"), links[0][1])
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', links) + format_html(
        '\n<link rel="alternate" hreflang="x-default" href="{}">', default
    )
