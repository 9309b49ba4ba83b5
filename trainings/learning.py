"""A person's learning: the events they attended, with hours, per year; certificates of attendance.

"Attended" means an attendance recorded by AKE (the list of who took part, not a registration), in
the person's own address or through their registration. Working-group meetings are not learning and
cancelled events never count. Hours: ``Event.training_hours`` (README, "Training hours").

Only the person themselves sees their list and downloads their certificates: the queryset below is
always filtered by the signed-in user, so another person's attendance is simply not found (404), for
every role.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.conf import settings
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ake import languages
from ake.spreadsheets import cell

from .models import Attendance, Event, EventKind

NOT_LEARNING = (EventKind.GROUP_MEETING,)


def my_attendances(*, user) -> QuerySet[Attendance]:
    """The user's attendances at events that count as learning, newest first (one query)."""
    return (
        Attendance.objects.filter(Q(email=user.email.lower()) | Q(registration__user=user))
        .exclude(event__status=Event.Status.CANCELLED)
        .exclude(event__kind__in=NOT_LEARNING)
        .select_related("event")
        .order_by("-event__start", "-pk")
    )


@dataclass
class LearningYear:
    year: int
    attendances: list = field(default_factory=list)

    @property
    def total_hours(self) -> Decimal:
        return sum((a.event.training_hours for a in self.attendances), Decimal("0"))


def learning_by_year(*, user) -> list[LearningYear]:
    attendances = list(my_attendances(user=user))
    return [
        LearningYear(year, list(rows))
        for year, rows in groupby(attendances, key=lambda a: timezone.localdate(a.event.start).year)
    ]


def event_dates(event: Event) -> str:
    """ "3.2.2026" or "3.2.–4.2.2026" (the local dates of the event)."""
    start, end = timezone.localdate(event.start), timezone.localdate(event.end)
    if start == end:
        return f"{start.day}.{start.month}.{start.year}"
    if start.year == end.year:
        return f"{start.day}.{start.month}.–{end.day}.{end.month}.{end.year}"
    return f"{start.day}.{start.month}.{start.year}–{end.day}.{end.month}.{end.year}"


def format_hours(hours: Decimal) -> str:
    """1.5 as "1,5" in Finnish and Swedish, "1.5" in English; 3.0 as "3"."""
    text = str(int(hours)) if hours == hours.to_integral() else f"{hours:.1f}"
    if (translation.get_language() or "fi") in ("fi", "sv"):
        text = text.replace(".", ",")
    return text


def organiser_text(event: Event) -> str:
    return ", ".join(part for part in (event.organiser, event.co_organisers) if part)


def export_rows(years: list[LearningYear]) -> list[list]:
    rows = [
        [
            _("Year"),
            _("Event"),
            _("Kind"),
            _("Date"),
            _("Hours"),
            _("Participation"),
            _("Organiser"),
        ]
    ]
    for learning_year in years:
        for attendance in learning_year.attendances:
            event = attendance.event
            rows.append(
                [
                    learning_year.year,
                    cell(event.title),
                    str(event.get_kind_display()),
                    event_dates(event),
                    float(event.training_hours),
                    str(attendance.get_participation_display()),
                    cell(organiser_text(event)),
                ]
            )
        rows.append([learning_year.year, _("Total"), "", "", float(learning_year.total_hours), "", ""])
    return rows


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        # A decimal comma in Finnish and Swedish, as the hours are shown on the page.
        writer.writerow([format_hours(Decimal(str(v))) if isinstance(v, float) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("My learning")[:31]
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def certificate_context(attendance: Attendance, *, user, language: str) -> dict:
    event = attendance.event
    return {
        "language": language,
        "name": user.get_full_name() or attendance.name or user.email,
        "event": event,
        "title": languages.text(event, "title", language),
        "kind": event.get_kind_display(),
        "dates": event_dates(event),
        "hours": format_hours(event.training_hours),
        # The plural form: "1 hour", but "0,5 hours" and "1,5 hours".
        "hours_count": 1 if event.training_hours == 1 else 2,
        "organiser": organiser_text(event),
        "place": event.place,
        "participation": attendance.get_participation_display(),
        "issued_on": timezone.localdate(),
        "stylesheet": (settings.BASE_DIR / "static" / "trainings" / "certificate.css").read_text(
            encoding="utf-8"
        ),
    }


def certificate_pdf(attendance: Attendance, *, user, language: str) -> bytes:
    """The certificate as a tagged A4 PDF (PDF/UA-1, like the report) in ``language``."""
    import weasyprint

    with translation.override(language):
        html = render_to_string(
            "trainings/certificate.html", certificate_context(attendance, user=user, language=language)
        )
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    # PDF/UA-1 makes WeasyPrint tag the structure (headings, paragraphs) for assistive technology.
    return document.write_pdf(pdf_variant="pdf/ua-1")
