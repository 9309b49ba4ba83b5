"""Costs against the grant (issue #18): hand-computed totals, the one-activity rule, input checks,
receipts kept private, and the exports.

The year of the ``year_data`` fixture, computed by hand:

budget lines 2025: travel 1000 (grant) + 200 (city) = 1200, catering 500 (grant); total 1700.
costs 2025:
  event, travel,   10 Mar: budgeted 300, paid 280
  event, catering, 12 Mar: budgeted 150, not paid        -> committed 150
  rotation, travel, 2 May: budgeted 120, paid 120
  postage, postage, 20 May: budgeted 40, paid 40
(a 2024 postage cost of 77 and a 2024 budget line are outside the year)

travel:   budget 1200, budgeted 420, paid 400, committed 0,   left 800
catering: budget 500,  budgeted 150, paid 0,   committed 150, left 350
postage:  budget 0,    budgeted 40,  paid 40,  committed 0,   left -40
total:    budget 1700, budgeted 610, paid 440, committed 150, left 1110
by activity: the event 450 / 280 / 150, the rotation period 120 / 120 / 0, postage 40 / 40 / 0
March: budgeted 450, paid 280, committed 150; May: budgeted 160, paid 160, committed 0.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from finance.models import Activity, Category, Cost, PayeeType
from finance.selectors import follow_up, table_rows

from .conftest import YEAR

pytestmark = pytest.mark.django_db

D = Decimal


def _category(data, value):
    return next(row for row in data.categories if row.category == value)


def test_totals_per_category_are_the_hand_computed_ones(year_data):
    data = follow_up(YEAR)
    travel = _category(data, Category.TRAVEL)
    assert (
        travel.budget,
        travel.totals.budgeted,
        travel.totals.paid,
        travel.totals.committed,
        travel.left,
    ) == (
        D("1200"),
        D("420"),
        D("400"),
        D("0"),
        D("800"),
    )
    assert travel.budget_by_source == {"grant": D("1000"), "city": D("200")}
    catering = _category(data, Category.CATERING)
    assert (catering.budget, catering.totals.paid, catering.totals.committed, catering.left) == (
        D("500"),
        D("0"),
        D("150"),
        D("350"),
    )
    postage = _category(data, Category.POSTAGE)
    assert (postage.budget, postage.totals.paid, postage.left) == (D("0"), D("40"), D("-40"))
    assert (data.budget_total, data.total.budgeted, data.total.paid, data.total.committed, data.left) == (
        D("1700"),
        D("610"),
        D("440"),
        D("150"),
        D("1110"),
    )
    assert data.budget_by_source == {"grant": D("1500"), "city": D("200"), "project": D("0")}
    assert data.cost_count == 4
    assert all(isinstance(value, Decimal) for value in (data.total.paid, data.left, travel.left))


def test_totals_per_activity_and_month_are_the_hand_computed_ones(year_data):
    data = follow_up(YEAR)
    by_activity = {(row.activity, row.label): row.totals for row in data.activities}
    event = year_data["event"]
    assert by_activity[("event", str(event))].budgeted == D("450")
    assert by_activity[("event", str(event))].paid == D("280")
    assert by_activity[("event", str(event))].committed == D("150")
    assert by_activity[("rotation", str(year_data["period"]))].paid == D("120")
    postage = [row for row in data.activities if row.activity == "postage"]
    assert len(postage) == 1 and postage[0].totals.paid == D("40")
    months = {row.month: row.totals for row in data.months}
    assert (months[3].budgeted, months[3].paid, months[3].committed) == (D("450"), D("280"), D("150"))
    assert (months[5].budgeted, months[5].paid, months[5].committed) == (D("160"), D("160"), D("0"))
    assert all(months[m].budgeted == 0 for m in (1, 2, 4, 6, 7, 8, 9, 10, 11, 12))


def test_a_cost_belongs_to_exactly_the_record_its_activity_names(year_data, libraries):
    cost = Cost(
        activity=Activity.EVENT,
        category=Category.TRAVEL,
        date=datetime.date(YEAR, 1, 1),
        payee_type=PayeeType.COMPANY,
    )
    with translation.override("fi"):
        with pytest.raises(ValidationError) as error:
            cost.full_clean()
        assert "tapahtuma" in error.value.message_dict["event"][0].lower()

    # A key of another activity left in the form is cleared, not saved beside the right one.
    cost.event = year_data["event"]
    cost.rotation_period = year_data["period"]
    cost.full_clean()
    assert cost.rotation_period_id is None

    # The database refuses two records, or none, whatever the code does.
    with pytest.raises(IntegrityError), transaction.atomic():
        Cost.objects.create(
            activity=Activity.EVENT,
            category=Category.TRAVEL,
            date=datetime.date(YEAR, 1, 1),
            payee_type=PayeeType.COMPANY,
            event=year_data["event"],
            rotation_period=year_data["period"],
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Cost.objects.create(
            activity=Activity.POSTAGE,
            category=Category.POSTAGE,
            date=datetime.date(YEAR, 1, 1),
            payee_type=PayeeType.COMPANY,
            event=year_data["event"],
        )


@pytest.mark.parametrize(
    "payee",
    ["FI21 1234 5600 0007 85", "FI2112345600000785", "Maija Virtanen, tili 12345678901"],
)
def test_a_payee_with_bank_details_is_refused_by_the_field(payee):
    cost = Cost(
        activity=Activity.POSTAGE,
        category=Category.POSTAGE,
        date=datetime.date(YEAR, 1, 1),
        payee_type=PayeeType.PERSON,
        payee=payee,
    )
    with translation.override("sv"):
        with pytest.raises(ValidationError) as error:
            cost.full_clean()
        assert "bankuppgifter" in error.value.message_dict["payee"][0]


def test_a_negative_amount_is_a_translated_error_on_its_field():
    cost = Cost(
        activity=Activity.POSTAGE,
        category=Category.POSTAGE,
        date=datetime.date(YEAR, 1, 1),
        payee_type=PayeeType.COMPANY,
        amount_budgeted=D("-1"),
    )
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        cost.full_clean()
    assert "amount_budgeted" in error.value.message_dict


def test_a_receipt_is_moved_into_the_private_collection(year_data):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    Document = get_document_model()
    document = Document(title="Kuitti", collection=Collection.get_first_root_node())
    document.file.save("kuitti.pdf", ContentFile(b"%PDF-1.4 receipt"), save=False)
    document.save()
    cost = year_data["costs"][0]
    cost.receipt = document
    cost.save()
    document.refresh_from_db()
    restriction = CollectionViewRestriction.objects.get(collection=document.collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert sorted(restriction.groups.values_list("name", flat=True)) == ["AKE admins", "Planning group"]


def test_the_csv_xlsx_and_pdf_carry_the_same_figures(client, planning_member, year_data):
    client.force_login(planning_member)
    response = client.get(reverse("finance:follow_up_csv", args=[YEAR]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    total = next(row for row in rows if row and row[0] in ("Yhteensä", "Total"))
    assert total[-5:] == ["1700.00", "610.00", "440.00", "150.00", "1110.00"]

    from openpyxl import load_workbook

    response = client.get(reverse("finance:follow_up_xlsx", args=[YEAR]))
    workbook = load_workbook(io.BytesIO(response.content))
    first = workbook.worksheets[0]
    last = [cell.value for cell in list(first.iter_rows())[-1]]
    assert [D(str(value)) for value in last[-5:]] == [D("1700"), D("610"), D("440"), D("150"), D("1110")]
    assert len(workbook.worksheets) == 3

    response = client.get(reverse("finance:follow_up_pdf", args=[YEAR]))
    assert response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "1 110,00" in text.replace("\xa0", " ") or "1110,00" in text


def test_the_table_rows_have_decimals_not_floats(year_data):
    rows = table_rows(follow_up(YEAR))
    assert all(not isinstance(value, float) for table in rows.values() for row in table for value in row)


def test_the_follow_up_page_in_finnish_and_swedish(client, planning_member, year_data):
    client.force_login(planning_member)
    page = client.get(reverse("finance:follow_up", args=[YEAR]), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Kulut ja avustus 2025" in page
    assert "1 110,00" in page.replace("\xa0", " ")
    with translation.override("sv"):
        url = reverse("finance:follow_up", args=[YEAR])
    page = client.get(url).content.decode()
    assert 'lang="sv"' in page and "Kostnader mot understödet 2025" in page and "Bundet" in page
