"""HTML written outside the Wagtail editor (forms, imports, our own code) is cleaned with nh3.

Wagtail cleans rich text only when it comes through its editor widget (RELIABILITY.md #8); anything
else rendered with |richtext or |safe passes through here first.
"""

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    # hreflang/lang: a link to a document in another language than the page says so (extranet/rich_text.py).
    "a": {"href", "title", "hreflang", "lang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def is_safe_url(url: str) -> bool:
    """True for http(s), mailto and tel links and for links within the site (relative, no scheme)."""
    # Browsers ignore tabs, newlines and other control characters inside a scheme ("java\tscript:").
    compact = "".join(character for character in url if character > " ").lower()
    scheme, colon, _ = compact.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return True
    return scheme in ALLOWED_URL_SCHEMES


# Wagtail's stored rich-text format: the same tags, plus its own link references (<a linktype="page"
# id="3">) and the block keys its editor adds to every block.
STORED_RICH_TEXT_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "a": {"href", "title", "linktype", "id"},
    "*": {"data-block-key"},
}


def clean_rich_text_source(html: str) -> str:
    """Rich text as Wagtail stores it, cleaned and made well-formed.

    Wagtail's editor cannot open rich text with unbalanced tags (its converter raises on them, so the
    edit view would answer 500), and stored text may come from an import or code rather than the editor.
    """
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=STORED_RICH_TEXT_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
    )


def header_text(value) -> str:
    """Text for a mail header (a subject made of titles and names): one line, whitespace collapsed.

    Django refuses a header with a line break (BadHeaderError) rather than sending it, so a title with
    one would stop the mail altogether; other line separators (U+2028, NEL, vertical tab) pass Django
    but break lines in some mail readers.
    """
    return " ".join(str(value).split())
