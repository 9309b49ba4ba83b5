"""Document links inside rich text carry the document's language (issue #14).

Wagtail's own handler writes ``<a href="…">``; ours adds ``hreflang`` when the document
(extranet.DocumentLanguage) is in another language than the page being shown. The link text is the
editor's, written in the page's language, so it gets no ``lang``. One query for the languages of all
the document links of a text (Wagtail expands a text's links of one type together).
"""

from django.db.models import prefetch_related_objects
from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler


class LanguageDocumentLinkHandler(DocumentLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        from ake.languages import active_language

        from .models import document_language

        documents = cls.get_many(attrs_list)
        prefetch_related_objects([document for document in documents if document], "language_info")
        page_language = active_language()
        links = []
        for document in documents:
            if document is None:
                links.append("<a>")
                continue
            language = document_language(document)
            hreflang = f' hreflang="{language}"' if language != page_language else ""
            links.append(f'<a href="{escape(document.url)}"{hreflang}>')
        return links
