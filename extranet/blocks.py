"""StreamField blocks of the extranet's content pages.

Videos are plain links on purpose: embeds would load third-party players (cookies, CSP exceptions).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


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
    document = DocumentChooserBlock(label=_("document"))
    label = blocks.CharBlock(label=_("link text"), required=False)

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
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    document = DocumentBlock()
    video_link = VideoLinkBlock()
    quote = QuoteBlock()
