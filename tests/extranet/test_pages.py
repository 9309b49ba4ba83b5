import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ake import extensions

from .conftest import bulk_notices, make_notice

pytestmark = pytest.mark.django_db


def test_home_shows_latest_notices_quick_links_subscribe_box_and_empty_events(client, notice_index):
    make_notice(notice_index, "Digitaitoviikko alkaa")
    html = client.get("/fi/").content.decode()
    assert "Digitaitoviikko alkaa" in html
    assert 'action="/fi/subscribe/"' in html
    assert 'value="a@b.fi"' in client.get("/fi/subscribe/?email=a@b.fi").content.decode()
    assert "/fi/training-wish/" in html
    assert 'id="events-empty"' in html


def test_home_lists_events_from_the_trainings_provider(client, home, monkeypatch):
    class Event:
        title = "Pelikoulutus"
        url = "/fi/events/1/"
        start = timezone.now() + datetime.timedelta(days=3)
        place = "Turku"

    monkeypatch.setitem(extensions._providers, "upcoming_events", [lambda *, limit, user: [Event()]])
    html = client.get("/fi/").content.decode()
    assert "Pelikoulutus" in html and "/fi/events/1/" in html


def test_notice_index_filters_by_category_tag_series_and_year(client, notice_index, categories):
    from extranet.models import NoticeSeries

    series = NoticeSeries.objects.create(name_fi="Kirjastojen kuulumiset", slug="kuulumiset")
    make_notice(notice_index, "Koulutus A", categories=[categories["trainings"]], tags=["pelit"])
    make_notice(notice_index, "Ryhmä B", categories=[categories["groups"]], series=series)
    make_notice(
        notice_index,
        "Vanha C",
        categories=[categories["groups"]],
        published_at=timezone.now().replace(year=2023),
    )
    url = notice_index.url

    def titles(query):
        html = client.get(url + query).content.decode()
        return {t for t in ("Koulutus A", "Ryhmä B", "Vanha C") if t in html}

    assert titles("") == {"Koulutus A", "Ryhmä B", "Vanha C"}
    assert titles("?category=trainings") == {"Koulutus A"}
    assert titles("?tag=pelit") == {"Koulutus A"}
    assert titles("?series=kuulumiset") == {"Ryhmä B"}
    assert titles("?year=2023") == {"Vanha C"}
    # An unknown filter value is a friendly form error, not a 500.
    response = client.get(url + "?category=nope&year=abc")
    assert response.status_code == 200


def test_notice_index_pages_twenty_at_a_time(client, notice_index):
    bulk_notices(notice_index, 45)
    first = client.get(notice_index.url).content.decode()
    assert "Tiedote 44" in first and "Tiedote 24" not in first
    third = client.get(notice_index.url + "?page=3").content.decode()
    assert "Tiedote 0<" in third or "Tiedote 0\n" in third or ">Tiedote 0</a>" in third
    assert client.get(notice_index.url + "?page=999").status_code == 200


@pytest.mark.parametrize("count", [10, 300])
def test_notice_index_and_notice_page_stay_within_query_budget(
    client, notice_index, categories, count, libraries, django_assert_max_num_queries
):
    from extranet.models import NoticeSeries

    notices = bulk_notices(notice_index, count, categories=list(categories.values()))
    series = NoticeSeries.objects.create(name_fi="Kirjastojen kuulumiset", slug="kuulumiset")
    for number, notice in enumerate(notices[-5:]):
        notice.series = series
        notice.featured_library = libraries["pori" if number % 2 else "kaarina"]
        notice.tags.add("haastattelu", f"tagi{number}")
        notice.categories.add(categories["general"])
        notice.save()
    client.get(notice_index.url)  # warm the site root cache as any running server has it
    with django_assert_max_num_queries(12):
        response = client.get(notice_index.url)
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(notices[-1].url)
    assert response.status_code == 200 and notices[-1].title in response.content.decode()


def test_series_notice_lists_libraries_not_yet_featured(client, notice_index, libraries):
    from extranet.models import NoticeSeries

    series = NoticeSeries.objects.create(name_fi="Kirjastojen kuulumiset", slug="kuulumiset")
    make_notice(notice_index, "Kuulumisia Kaarinasta", series=series, library=libraries["kaarina"])
    notice = make_notice(notice_index, "Kuulumisia Porista", series=series, library=libraries["pori"])
    html = client.get(notice.url).content.decode()
    listed = html.split('id="libraries-not-featured"')[1].split("</ul>")[0]
    assert "Turun kaupunginkirjasto" in listed
    assert "Kaarinan kaupunginkirjasto" not in listed and "Porin kaupunginkirjasto" not in listed


def test_notice_body_renders_text_quote_and_video_link_without_embed(client, notice_index):
    body = [
        ("text", "<p>Tervetuloa koulutukseen</p>"),
        ("quote", {"quote": "Kirjasto on kaikkien", "attribution": "Maija"}),
        (
            "video_link",
            {"url": "https://video.example.fi/1", "title": "Tallenne", "captions": True, "description": ""},
        ),
    ]
    notice = make_notice(notice_index, "Rikas tiedote", body=body)
    html = client.get(notice.url).content.decode()
    assert "Tervetuloa koulutukseen" in html and "Kirjasto on kaikkien" in html
    assert 'href="https://video.example.fi/1"' in html and "<iframe" not in html


def test_named_urls_redirect_to_the_live_pages_of_the_language(client, notice_index, home):
    from extranet.models import MaterialBankPage

    assert client.get("/fi/notices/").url == notice_index.url
    assert client.get("/fi/materials/").status_code == 404
    bank = MaterialBankPage(title="Materiaalipankki", slug="materiaalipankki")
    home.add_child(instance=bank)
    bank.save_revision().publish()
    assert client.get("/fi/materials/").url == bank.url


def test_standard_page_renders(client, home):
    from extranet.models import StandardPage

    page = StandardPage(
        title="Toteutussuunnitelma",
        slug="suunnitelma",
        introduction="AKE 2024",
        body=[("text", "<p>Tavoitteet</p>")],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Toteutussuunnitelma" in html and "Tavoitteet" in html


# --------------------------------------------------------------------------- material bank
def _document(collection, title, name, content):
    from wagtail.documents.models import Document

    document = Document(title=title, collection=collection, file=SimpleUploadedFile(name, content))
    document.save()
    return document


@pytest.fixture
def material_bank(home):
    from wagtail.models import Collection, CollectionViewRestriction

    from extranet.models import MaterialBankPage

    root = Collection.get_first_root_node()
    public = root.add_child(name="Oppaat")
    staff = public.add_child(name="Vain henkilökunnalle")
    CollectionViewRestriction.objects.create(
        collection=staff, restriction_type=CollectionViewRestriction.LOGIN
    )
    page = MaterialBankPage(
        title="Materiaalipankki", slug="materiaalipankki", collection=public, show_kits=True
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    guide = _document(public, "Pelikasvatusopas", "opas.pdf", b"%PDF-1.7 guide")
    secret = _document(staff, "Sisäinen ohje", "sisainen.pdf", b"%PDF-1.7 internal")
    return page, guide, secret


def test_material_bank_lists_public_documents_and_hides_staff_only_from_anonymous(
    client, material_bank, staff_user
):
    page, guide, secret = material_bank
    html = client.get(page.url).content.decode()
    assert "Pelikasvatusopas" in html and "Sisäinen ohje" not in html
    client.force_login(staff_user)
    html = client.get(page.url).content.decode()
    assert "Sisäinen ohje" in html


def test_staff_only_documents_are_refused_to_anonymous_users_and_served_as_attachments(
    client, material_bank, staff_user
):
    _page, guide, secret = material_bank
    public = client.get(guide.url)
    assert public.status_code == 200
    assert public["Content-Disposition"].startswith("attachment")
    assert public["X-Content-Type-Options"] == "nosniff"
    refused = client.get(secret.url)
    assert refused.status_code == 302 and "login" in refused.url
    client.force_login(staff_user)
    allowed = client.get(secret.url)
    assert allowed.status_code == 200 and b"internal" in b"".join(allowed.streaming_content)


def test_material_bank_lists_kits_from_the_loans_provider(client, material_bank, monkeypatch):
    from django.utils.safestring import mark_safe

    from ake.page_cache import content_changed

    page, _guide, _secret = material_bank
    assert "Pelisalkku 1" not in client.get(page.url).content.decode()
    item = mark_safe('<li><a href="/fi/kits/1/">Pelisalkku 1</a> <span class="meta">Pelisalkku</span></li>')
    monkeypatch.setitem(extensions._providers, "material_kits", [lambda request: [item]])
    content_changed()  # what saving a real kit does; the page is otherwise served from the cache
    assert "Pelisalkku 1" in client.get(page.url).content.decode()


def test_an_html_file_named_pdf_is_refused_on_upload(client, editor):
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    client.force_login(editor)
    root = Collection.get_first_root_node()
    html_as_pdf = SimpleUploadedFile("ohje.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    response = client.post(
        "/admin/documents/add/", {"title": "Ohje", "file": html_as_pdf, "collection": root.pk}
    )
    assert response.status_code == 200
    assert not Document.objects.filter(title="Ohje").exists()
    real_pdf = SimpleUploadedFile("ohje.pdf", b"%PDF-1.7\n%real")
    response = client.post(
        "/admin/documents/add/", {"title": "Ohje", "file": real_pdf, "collection": root.pk}
    )
    assert response.status_code == 302
    assert Document.objects.filter(title="Ohje").exists()


def test_upload_checks_size_and_text_types(settings):
    from django import forms

    from extranet.forms import validate_uploaded_document

    settings.MAX_UPLOAD_SIZE = 10
    with pytest.raises(forms.ValidationError):
        validate_uploaded_document(SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 20))
    settings.MAX_UPLOAD_SIZE = 1024
    validate_uploaded_document(SimpleUploadedFile("a.csv", b"kirjasto;lainat\nTurku;12\n"))
    with pytest.raises(forms.ValidationError):
        validate_uploaded_document(SimpleUploadedFile("a.txt", b"<svg onload=alert(1)>"))
    with pytest.raises(forms.ValidationError):
        validate_uploaded_document(SimpleUploadedFile("slides.pptx", b"%PDF-1.7"))


# --------------------------------------------------------------------------- training archive and wishes
def test_training_archive_filters_by_year_and_theme_through_the_provider(client, home, monkeypatch):
    from extranet.models import TrainingArchivePage

    archive = TrainingArchivePage(title="Koulutusarkisto", slug="arkisto")
    home.add_child(instance=archive)
    archive.save_revision().publish()
    # Without a provider (the trainings app absent) the page says the archive is being built.
    monkeypatch.setitem(extensions._providers, "training_archive", [])
    assert 'id="archive-empty"' in client.get(archive.url).content.decode()
    calls = []

    class Entry:
        title = "Mediakasvatus 2024"
        url = "/fi/events/7/"
        date = datetime.date(2024, 2, 5)
        theme = "media"
        materials = [{"title": "Diat", "lang": "", "kind": "diat", "url": "/documents/1/diat.pdf"}]

    def provider(*, year, theme):
        calls.append((year, theme))
        return [Entry()]

    monkeypatch.setitem(extensions._providers, "training_archive", [provider])
    html = client.get(archive.url + "?year=2024&theme=media").content.decode()
    assert calls[-1] == (2024, "media")
    assert "Mediakasvatus 2024" in html and "Diat" in html


def test_training_wish_stores_only_the_text_and_the_day(client):
    from extranet.models import TrainingWish

    response = client.post(
        "/fi/training-wish/",
        {"text": "Koulutusta pelikasvatuksesta", "website": ""},
        REMOTE_ADDR="10.1.2.3",
        HTTP_USER_AGENT="Firefox",
    )
    assert response.status_code == 302
    wish = TrainingWish.objects.get()
    assert wish.text == "Koulutusta pelikasvatuksesta" and wish.created_on == timezone.localdate()
    stored = {field.name for field in TrainingWish._meta.get_fields()}
    # The language is the page's (issue #14), which the text itself shows as well.
    assert stored == {"id", "text", "text_language", "created_on", "handled"}
    assert "10.1.2.3" not in str(TrainingWish.objects.values().get())


def test_training_wish_honeypot_and_rate_limit_store_nothing_more(client):
    from extranet.models import TrainingWish

    client.post("/fi/training-wish/", {"text": "Osta halvalla", "website": "http://spam.example"})
    assert TrainingWish.objects.count() == 0
    for number in range(8):
        response = client.post("/fi/training-wish/", {"text": f"Toive {number}"})
        assert response.status_code == 302
    assert TrainingWish.objects.count() == 5
    # Another browser is not affected by the first one's limit.
    client.post("/fi/training-wish/", {"text": "Toinen selain"}, REMOTE_ADDR="10.9.9.9")
    assert TrainingWish.objects.filter(text="Toinen selain").exists()


def test_training_wish_requires_text(client):
    response = client.post("/fi/training-wish/", {"text": ""})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
