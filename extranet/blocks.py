"""StreamField blocks of the extranet's content pages.

Videos are plain links on purpose: embeds would load third-party players (cookies, CSP exceptions).
"""

from django.db.models import prefetch_related_objects
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText, expand_db_html

from ake.sanitize import clean_html, clean_rich_text_source

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class SanitizedRichText(RichText):
    """Rich text that is cleaned with nh3 when it is loaded and again when it is rendered.

    Wagtail filters rich text only on its way through the editor widget (RELIABILITY.md #8); a body
    written by an import, a migration or our own code would otherwise reach the page as it was stored,
    scripts and javascript: links included, and unbalanced tags would make the editor fail to open it.
    """

    def __init__(self, source):
        super().__init__(clean_rich_text_source(source))

    def __html__(self):
        return mark_safe(clean_html(expand_db_html(self.source)))  # noqa: S308 - cleaned by nh3 just here


class SanitizedRichTextBlock(blocks.RichTextBlock):
    def to_python(self, value):
        return SanitizedRichText(value)

    def normalize(self, value):
        if isinstance(value, RichText):
            return SanitizedRichText(value.source)
        return SanitizedRichText(value and str(value))

    def value_from_form(self, value):
        return SanitizedRichText(super().value_from_form(value).source)

    def render_basic(self, value, context=None):
        return SanitizedRichText(value.source if isinstance(value, RichText) else value).__html__()


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        help_text=_("Describe the image for screen-reader users; leave empty if it is decorative."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "extranet/blocks/image_block.html"


class DocumentBlock(blocks.StructBlock):
    """A link to a document. Its template marks the link with the document's language
    (extranet.DocumentLanguage) where that is not the page's: ``hreflang`` always, ``lang`` when the
    link text is the document's own title rather than a label written for the page."""

    document = DocumentChooserBlock(label=_("document"))
    label = blocks.CharBlock(label=_("link text"), required=False)

    def bulk_to_python(self, values):
        # The languages of all the body's documents in one query, not one per document block.
        structs = super().bulk_to_python(values)
        documents = [struct["document"] for struct in structs if struct.get("document") is not None]
        prefetch_related_objects(documents, "language_info")
        return structs

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "extranet/blocks/document_block.html"


class VideoLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("video address"))
    title = blocks.CharBlock(label=_("title"))
    captions = blocks.BooleanBlock(
        label=_("has captions"), required=False, help_text=_("Recordings must be captioned (WCAG 2.1 AA).")
    )
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "media"
        label = _("Video link")
        template = "extranet/blocks/video_link_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "extranet/blocks/quote_block.html"


class ExtranetStreamBlock(blocks.StreamBlock):
    text = SanitizedRichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    document = DocumentBlock()
    video_link = VideoLinkBlock()
    quote = QuoteBlock()
