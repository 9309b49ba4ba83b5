"""A document's language (issue #14): chosen on Wagtail's document form, named in the material bank in
the reader's language, and marked with ``lang`` where it is not the page's language.

Wagtail's documents have no language field; extranet.DocumentLanguage keeps it (README, "Documents have
a language"). A document without one is Finnish.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document
from wagtail.models import Collection

from extranet.models import DocumentLanguage, MaterialBankPage
from extranet.page_trees import page_translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(home):
    collection = Collection.get_first_root_node().add_child(name="Oppaat")
    page = MaterialBankPage(title="Materiaalipankki", slug="materiaalipankki", collection=collection)
    home.add_child(instance=page)
    page.save_revision().publish()
    swedish_page = page_translate(page, "sv", title="Materialbanken", slug="materialbanken")
    documents = {}
    for title, language in (("Pelikasvatusopas", None), ("Spelfostran – en guide", "sv")):
        document = Document(
            title=title, collection=collection, file=SimpleUploadedFile("opas.pdf", b"%PDF-1.7")
        )
        document.save()
        if language:
            DocumentLanguage.objects.create(document=document, language=language)
        documents[title] = document
    return page, swedish_page


def _row(html, title):
    return html.split(title, 1)[0].rsplit("<tr>", 1)[1] + title + html.split(title, 1)[1].split("</tr>", 1)[0]


def test_the_swedish_bank_names_each_documents_language_and_marks_the_finnish_one(client, bank):
    _page, swedish_page = bank
    html = client.get(swedish_page.url).content.decode()
    finnish_row, swedish_row = _row(html, "Pelikasvatusopas"), _row(html, "Spelfostran – en guide")
    # " lang=": the language of the title, not the link's hreflang.
    assert ' lang="fi"' in finnish_row and 'hreflang="fi"' in finnish_row and "finska" in finnish_row
    assert ' lang="' not in swedish_row and 'hreflang="sv"' in swedish_row and "svenska" in swedish_row


def test_the_finnish_bank_marks_the_swedish_document(client, bank):
    page, _swedish_page = bank
    html = client.get(page.url).content.decode()
    assert ' lang="sv"' in _row(html, "Spelfostran – en guide")
    finnish_row = _row(html, "Pelikasvatusopas")
    assert ' lang="' not in finnish_row and "suomi" in finnish_row.lower()


def test_the_documents_language_costs_no_query_of_its_own(client, bank):
    from extranet.selectors import _material_documents

    page, _swedish_page = bank
    with CaptureQueriesContext(connection) as queries:
        documents, _restrictions = _material_documents(page)
    assert len(queries) == 2
    assert {d.title: d.language_code for d in documents} == {
        "Pelikasvatusopas": "fi",
        "Spelfostran – en guide": "sv",
    }


def test_an_editor_chooses_the_language_on_the_document_form(client, editor):
    client.force_login(editor)
    root = Collection.get_first_root_node()
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.7\n%real")
    response = client.post(
        "/admin/documents/add/", {"title": "Guide", "file": upload, "collection": root.pk, "language": "en"}
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Guide")
    assert document.language_info.language == "en"
    edit = f"/admin/documents/edit/{document.pk}/"
    assert 'value="en" selected' in client.get(edit).content.decode()
    client.post(edit, {"title": "Guide", "collection": root.pk, "language": "sv"})
    document.refresh_from_db()
    assert DocumentLanguage.objects.get(document=document).language == "sv"


def _body_page(bank, *, document_blocks: int = 1):
    """The Finnish bank with a body linking the Swedish guide as blocks and inside rich text."""
    page, _swedish_page = bank
    swedish = Document.objects.get(title="Spelfostran – en guide")
    finnish = Document.objects.get(title="Pelikasvatusopas")
    blocks = [("document", {"document": finnish, "label": ""})]
    blocks += [("document", {"document": swedish, "label": ""})] * document_blocks
    blocks.append(("document", {"document": swedish, "label": "Ruotsinkielinen opas"}))
    blocks.append(("text", f'<p>Lue <a linktype="document" id="{swedish.pk}">opas ruotsiksi</a>.</p>'))
    page.body = blocks
    page.save_revision().publish()
    return page


def _link(html, text):
    """The opening <a …> tag of the link whose text is `text` inside the page body."""
    before = html.split(">" + text + "</a>", 1)[0]
    return before[before.rindex("<a ") :]


def test_a_document_in_a_page_body_carries_its_language_where_it_is_not_the_pages(client, bank):
    page = _body_page(bank)
    html = client.get(page.url).content.decode()
    body = html.split('class="document-link"', 1)[1]
    # The Swedish guide's own title: hreflang and lang; with a Finnish label written for the page only
    # hreflang; the Finnish guide on the Finnish page neither.
    titled = _link(body, "Spelfostran – en guide")
    assert 'hreflang="sv"' in titled and ' lang="sv"' in titled
    labelled = _link(body, "Ruotsinkielinen opas")
    assert 'hreflang="sv"' in labelled and ' lang="' not in labelled
    finnish = _link(html.split('class="document-link"', 1)[0] + "class=" + body, "Pelikasvatusopas")
    assert "hreflang" not in finnish and ' lang="' not in finnish
    # A document link inside rich text: the editor's words, the document's language as hreflang.
    in_text = _link(html, "opas ruotsiksi")
    assert 'hreflang="sv"' in in_text and ' lang="' not in in_text


def test_more_document_blocks_cost_no_more_queries(client, bank):
    page = _body_page(bank, document_blocks=1)
    client.get(page.url)  # the menu, the footer and the route kept warm for both counts
    counts = []
    for blocks in (1, 5):
        page = _body_page(bank, document_blocks=blocks)  # publishing retires the kept body
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
