"""Importing earlier years' notices and subscriptions (docs/examples, docs/records.md): A3 and A4."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from ake.indicators import provider_for
from ake.records import import_file, record_type_for
from extranet.models import NoticePage, Subscription, SubscriptionPeriod

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def swedish_index(home, notice_index):
    from wagtail.models import Locale

    sv, _ = Locale.objects.get_or_create(language_code="sv")
    swedish_home = home.copy_for_translation(sv)
    swedish_home.live = True
    swedish_home.save()
    index = notice_index.copy_for_translation(sv)
    index.slug, index.live = "meddelanden", True
    index.save()
    return index


def _import(name: str, path: Path | None = None):
    return import_file(path or EXAMPLES / f"{name}.csv", record_type_for(name))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_notices_are_live_pages_counted_by_a3_without_mailing_anyone(
    notice_index, swedish_index, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _import("notices")
    assert first.ok, [str(problem) for problem in first.errors]
    assert first.created == 3
    notice = NoticePage.objects.child_of(notice_index).get(slug="n-2023-001")
    assert notice.live and notice.lead.startswith("Ilmoittaudu")
    assert notice.first_published_at.date() == datetime.date(2023, 3, 1)
    swedish = NoticePage.objects.child_of(swedish_index).get()
    assert swedish.title == "Anmälan till biblioteksdagen är öppen"
    assert swedish.translation_key == notice.translation_key
    # A translation is the same notice: counted once.
    a3 = provider_for("A3")(year=2023, today=TODAY)
    assert a3.value == Decimal(2)
    assert provider_for("A3")(year=2022, today=TODAY).value == Decimal(1)
    # The report names the notice in its reader's language where it has one (issue #14).
    labels = [item.label for item in a3.items]
    assert {"fi": notice.title, "sv": swedish.title, "en": notice.title} in labels
    second = _import("notices")
    assert (second.created, second.skipped) == (0, 3)
    assert NoticePage.objects.count() == 4
    assert mailbox.messages == []


def test_a_bad_notice_row_imports_nothing(notice_index, tmp_path):
    path = _write(
        tmp_path,
        "notices",
        "external_id,title_fi,title_sv,published_on\nn-1,Tiedote,,2022-02-02\n"
        "n-2,Toinen,Ett annat,2022-02-03\nn-3,,,2022-02-04\n",
    )
    result = _import("notices", path)
    assert [str(problem) for problem in result.errors] == [
        "line 3, column title_sv: The site has no Swedish notice index for the Swedish title; "
        "translate the index first.",
        "line 4, column title_fi: A value is required.",
    ]
    assert not NoticePage.objects.exists()


def test_subscriptions_keep_their_history_for_a4():
    first = _import("subscriptions")
    assert first.ok, [str(problem) for problem in first.errors]
    assert first.created == 4
    # 2022: Maija and Pekka (Anna left on 1.2.2022); 2023: Maija and Anna again (Pekka left in June).
    assert provider_for("A4")(year=2022, today=TODAY).value == Decimal(2)
    assert provider_for("A4")(year=2023, today=TODAY).value == Decimal(2)
    assert provider_for("A4")(year=2021, today=TODAY).value == Decimal(2)
    anna = Subscription.objects.get(email="anna.berg@parainen.fi")
    assert anna.status == Subscription.Status.ACTIVE and anna.language == "sv"
    assert anna.periods.count() == 2
    assert Subscription.objects.get(email="pekka.salo@pori.fi").status == Subscription.Status.UNSUBSCRIBED
    second = _import("subscriptions")
    assert (second.created, second.skipped) == (0, 4)
    assert SubscriptionPeriod.objects.count() == 4


def test_an_overlapping_subscription_row_imports_nothing(tmp_path):
    path = _write(
        tmp_path,
        "subscriptions",
        "email,confirmed_on,unsubscribed_on\nliisa@masku.fi,2021-01-01,\nliisa@masku.fi,2022-05-01,2022-06-01\n"
        "ei-osoite,2022-01-01,\n",
    )
    result = _import("subscriptions", path)
    assert [str(problem) for problem in result.errors] == [
        "line 4, column email: “ei-osoite” is not an email address."
    ]
    path = _write(
        tmp_path,
        "subscriptions",
        "email,confirmed_on,unsubscribed_on\nliisa@masku.fi,2021-01-01,\nliisa@masku.fi,2022-05-01,2022-06-01\n",
    )
    result = _import("subscriptions", path)
    assert [str(problem) for problem in result.errors] == [
        "line 3, column confirmed_on: The address already has a subscription for some of these days."
    ]
    assert not Subscription.objects.exists()
