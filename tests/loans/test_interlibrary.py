"""Interlibrary loans: requests from libraries, the year's figures, import and export."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from loans.interlibrary_io import export_csv, export_xlsx, interlibrary_loans_import, read_rows
from loans.models import InterlibraryLoan, InterlibraryMonthlyTotal
from loans.selectors import interlibrary_year_figures
from loans.services import interlibrary_monthly_total_save
from networks.models import Library

pytestmark = pytest.mark.django_db

HEADER = (
    "id;requested_on;title;author;identifier;library;contact;status;sent_on;volumes;shipping_method;postage"
)
GOOD_ROWS = [
    "V-1;2024-01-03;Tuntematon sotilas;Linna, Väinö;9789510;Kaarinan kaupunginkirjasto;Maija;sent;"
    "2024-01-05;1;post;2,50",
    "V-2;4.1.2024;Sinuhe;Waltari;;Pori;;returned;8.1.2024;2;posti;3.10",
    "V-3;2024-01-10;Kalevala;;;Helsingin kaupunginkirjasto;Liisa;not supplied;;;;",
]


def csv_bytes(lines):
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def run_import(raw, name="export.csv"):
    return interlibrary_loans_import(rows=read_rows(name, raw))


# --------------------------------------------------------------------------- staff requests
def test_staff_send_a_request_and_follow_only_their_own_librarys(
    client, staff_user, other_library_user, libraries, mailbox, django_capture_on_commit_callbacks, settings
):
    client.force_login(staff_user)
    page = client.get(reverse("loans:interlibrary_request"))
    assert page.context["form"].initial["contact_email"] == staff_user.email
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("loans:interlibrary_request"),
            {
                "title": "Täällä Pohjantähden alla",
                "author": "Linna",
                "identifier": "978-951-0",
                "contact_name": "Maija Virtanen",
                "contact_email": staff_user.email,
            },
        )
    assert response.status_code == 302
    mine = InterlibraryLoan.objects.get()
    assert (mine.library, mine.requested_by, mine.status) == (libraries["kaarina"], staff_user, "received")
    assert len(mailbox.wait_for(1)) == 1 and mailbox.to(settings.AKE_CONTACT_EMAIL)
    InterlibraryLoan.objects.create(title="Porin pyyntö", library=libraries["pori"])
    listing = client.get(reverse("loans:my_interlibrary_loans"))
    assert [loan.pk for loan in listing.context["loans"]] == [mine.pk]
    client.force_login(other_library_user)
    listing = client.get(reverse("loans:my_interlibrary_loans"))
    assert [loan.title for loan in listing.context["loans"]] == ["Porin pyyntö"]


def test_request_form_needs_a_title_and_contact(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("loans:interlibrary_request"), {"title": "", "contact_email": "not-an-address"}
    )
    assert response.status_code == 400
    assert {"title", "contact_email", "contact_name"} <= set(response.context["form"].errors)
    assert not InterlibraryLoan.objects.exists()


# --------------------------------------------------------------------------- C7 rule, by hand
@pytest.fixture
def year_dataset(libraries):
    """2023 by hand: see the comment of each row for whether it counts (expected 27 volumes, 47.00 €)."""
    kaarina, pori = libraries["kaarina"], libraries["pori"]
    nakkila = Library.objects.get(municipality_fi="Nakkila")  # a branch of Pori
    salo = Library.objects.get(name_fi="Salon kaupunginkirjasto")

    def sent(library, day, volumes, postage, outside="", status="sent", **extra):
        return InterlibraryLoan.objects.create(
            title="x",
            library=library,
            outside_library=outside,
            status=status,
            sent_on=day,
            volumes=volumes,
            postage_cost=Decimal(postage),
            **extra,
        )

    d = datetime.date
    sent(kaarina, d(2023, 1, 15), 2, "3.00", status="returned", returned_on=d(2023, 2, 1))  # counts: 2
    sent(kaarina, d(2023, 3, 10), 1, "1.00")  # replaced by Kaarina's March total
    sent(pori, d(2023, 3, 20), 3, "4.50")  # counts: 3 (no total for Pori in March)
    sent(nakkila, d(2023, 4, 5), 1, "1.00")  # branch of Pori: replaced by Pori's April total
    sent(None, d(2023, 5, 2), 2, "2.00", outside="Helsingin kaupunginkirjasto")  # counts: 2
    sent(None, d(2023, 6, 2), 1, "1.00", outside="Tampereen kaupunginkirjasto")  # replaced by outside total
    InterlibraryLoan.objects.create(
        title="x", library=kaarina, status="not_supplied", not_supplied_reason="lainassa", volumes=1
    )  # never counts
    InterlibraryLoan.objects.create(title="x", library=pori, status="received", volumes=3)  # not sent yet
    sent(pori, d(2022, 12, 30), 4, "5.00", status="returned", returned_on=d(2023, 1, 10))  # 2022's
    sent(kaarina, d(2023, 12, 31), 2, "1.50", status="returned", returned_on=d(2024, 1, 5))  # counts: 2
    interlibrary_monthly_total_save(year=2023, month=3, library=kaarina, volumes=5, cost=Decimal("12.00"))
    interlibrary_monthly_total_save(year=2023, month=4, library=pori, volumes=4, cost=Decimal("8.00"))
    interlibrary_monthly_total_save(year=2023, month=6, library=None, volumes=3, cost=Decimal("6.00"))
    interlibrary_monthly_total_save(year=2023, month=9, library=salo, volumes=6, cost=Decimal("10.00"))
    interlibrary_monthly_total_save(year=2022, month=12, library=kaarina, volumes=10, cost=Decimal("9.00"))


def test_year_figures_add_loans_and_monthly_totals_without_double_counting(year_dataset):
    figures = interlibrary_year_figures(year=2023)
    # 2 + 5 (Kaarina March total) + 3 + 4 (Pori April total) + 2 + 3 (outside June total) + 2 + 6 (Salo)
    assert figures["volumes"] == 27
    assert figures["cost"] == Decimal("47.00")
    march = figures["months"][2]
    assert (march.volumes, march.loans, march.totals) == (8, 1, 1)
    assert interlibrary_year_figures(year=2022)["volumes"] == 14  # 4 sent on 30 Dec + Kaarina's 10


def test_c7_indicator_counts_the_volumes_sent_in_the_year(year_dataset):
    from ake.indicators import provider_for

    c7 = provider_for("C7")
    result = c7(year=2023, today=datetime.date(2024, 6, 1))
    assert result.value == Decimal(27)
    assert result.extra["cost_eur"] == Decimal("47.00")
    assert [item.label for item in result.items] == [
        "01/2023",
        "03/2023",
        "04/2023",
        "05/2023",
        "06/2023",
        "09/2023",
        "12/2023",
    ]
    assert c7(year=2021, today=datetime.date(2024, 6, 1)).value is None  # no data: not judged


def test_c7_for_the_running_year_counts_up_to_today(libraries):
    from ake.indicators import provider_for

    for day, volumes in ((datetime.date(2024, 3, 1), 2), (datetime.date(2024, 6, 20), 5)):
        InterlibraryLoan.objects.create(
            title="x", library=libraries["pori"], status="sent", sent_on=day, volumes=volumes
        )
    assert provider_for("C7")(year=2024, today=datetime.date(2024, 6, 1)).value == Decimal(2)


def test_a_months_total_is_entered_once_per_library(libraries):
    interlibrary_monthly_total_save(year=2024, month=2, library=None, volumes=3, cost=Decimal("5"))
    interlibrary_monthly_total_save(year=2024, month=2, library=None, volumes=4, cost=Decimal("6"))
    assert InterlibraryMonthlyTotal.objects.get().volumes == 4
    with pytest.raises(IntegrityError), transaction.atomic():
        InterlibraryMonthlyTotal.objects.create(year=2024, month=2, library=None, volumes=1)


# --------------------------------------------------------------------------- import
def test_import_creates_loans_and_reimporting_adds_nothing(libraries):
    result = run_import(csv_bytes(GOOD_ROWS))
    assert (result.ok, result.created, result.updated, result.unchanged) == (True, 3, 0, 0)
    first = InterlibraryLoan.objects.get(external_id="V-1")
    assert (first.library, first.volumes, first.postage_cost) == (libraries["kaarina"], 1, Decimal("2.50"))
    assert InterlibraryLoan.objects.get(external_id="V-2").library == libraries["pori"]  # by municipality
    outside = InterlibraryLoan.objects.get(external_id="V-3")
    assert (outside.library, outside.outside_library, outside.status) == (
        None,
        "Helsingin kaupunginkirjasto",
        "not_supplied",
    )
    again = run_import(csv_bytes(GOOD_ROWS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert InterlibraryLoan.objects.count() == 3
    changed = [GOOD_ROWS[0].replace(";1;post;", ";3;post;"), *GOOD_ROWS[1:]]
    third = run_import(csv_bytes(changed))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    assert InterlibraryLoan.objects.get(external_id="V-1").volumes == 3


def test_import_with_bad_rows_saves_nothing_and_lists_every_error():
    rows = [
        GOOD_ROWS[0],
        "V-4;2024-13-01;Nimeke;;;Pori;;sent;;x;lentokone;-2",
        ";2024-01-02;;;;;;;;;;",
        GOOD_ROWS[0].replace("V-1", "V-1"),
    ]
    result = run_import(csv_bytes(rows))
    assert not result.ok
    rows_with_errors = [row for row, _ in result.errors]
    assert rows_with_errors == [3, 4, 5]
    message = dict(result.errors)[3]
    for part in ("requested_on", "volumes", "shipping_method", "postage", "sent_on"):
        assert part in message
    assert "V-1" in dict(result.errors)[5]  # the same id twice in the file
    assert not InterlibraryLoan.objects.exists()


def test_import_reads_xlsx_with_date_cells_and_finnish_headers(libraries):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tunniste", "Pyyntöpäivä", "Nimeke", "Kirjasto", "Tila", "Lähetetty", "Niteet"])
    sheet.append(
        [
            "X-1",
            datetime.date(2024, 2, 1),
            "Seitsemän veljestä",
            "Åbo",
            "lähetetty",
            datetime.date(2024, 2, 3),
            4,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run_import(buffer.getvalue(), name="vuosi.xlsx")
    assert result.ok and result.created == 1
    loan = InterlibraryLoan.objects.get()
    assert (loan.library.name_fi, loan.sent_on, loan.volumes) == (
        "Turun kaupunginkirjasto",
        datetime.date(2024, 2, 3),
        4,
    )


def test_import_refuses_a_file_without_the_required_columns():
    from loans.interlibrary_io import ImportFileError

    with pytest.raises(ImportFileError, match="requested_on"):
        read_rows("x.csv", b"id;title;library\n1;a;b\n")
    with pytest.raises(ImportFileError):
        read_rows("x.xlsx", b"not a workbook")


def test_import_through_the_admin_reports_row_errors(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    upload = SimpleUploadedFile("loans.csv", csv_bytes([GOOD_ROWS[0], "V-9;eilen;;;;;;;;;;"]))
    response = client.post(reverse("interlibrary_loans:import"), {"file": upload})
    assert response.status_code == 400
    assert response.context["result"].errors[0][0] == 3
    assert not InterlibraryLoan.objects.exists()
    upload = SimpleUploadedFile("loans.csv", csv_bytes(GOOD_ROWS))
    assert client.post(reverse("interlibrary_loans:import"), {"file": upload}).status_code == 302
    assert InterlibraryLoan.objects.count() == 3


# --------------------------------------------------------------------------- export
def test_export_neutralises_formulas_and_round_trips(libraries):
    dangerous = InterlibraryLoan.objects.create(
        title='=HYPERLINK("http://evil.example","x")',
        author="+358401234567",
        identifier="@SUM(A1)",
        outside_library="-Jokin kirjasto",
        status="sent",
        sent_on=datetime.date(2024, 5, 2),
    )
    rows = list(csv.reader(io.StringIO(export_csv([dangerous]).decode("utf-8-sig")), delimiter=";"))
    title, author, identifier, library = rows[1][2], rows[1][3], rows[1][4], rows[1][5]
    assert title == '\'=HYPERLINK("http://evil.example","x")'
    assert (author, identifier, library) == ("'+358401234567", "'@SUM(A1)", "'-Jokin kirjasto")
    sheet = load_workbook(io.BytesIO(export_xlsx([dangerous]))).worksheets[0]
    assert sheet.cell(row=2, column=3).value.startswith("'=")
    assert sheet.cell(row=2, column=3).data_type == "s"
    # Importing the export gives the original text back, not the apostrophe.
    InterlibraryLoan.objects.all().delete()
    assert run_import(export_csv([dangerous])).ok
    assert InterlibraryLoan.objects.get().title == dangerous.title


def test_export_and_year_pages_in_the_admin(client, editor, year_dataset):
    client.force_login(editor)
    page = client.get(reverse("interlibrary_loans:year"), {"year": "2023"})
    assert page.status_code == 200 and page.context["figures"]["volumes"] == 27
    response = client.get(reverse("interlibrary_loans:export"), {"year": "2023", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('kaukolainat-2023.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 2
    response = client.get(reverse("interlibrary_loans:export"), {"year": "nonsense"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
