"""Admin pages of one event: registrations and waitlist, attendance, feedback, transport, copy,
cancel and exports; and publishing a material. Each validates, calls a service and redirects."""

import csv
import io
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ake.spreadsheets import cell
from networks.models import User
from networks.services import ServiceError

from . import selectors, services
from .forms import AddParticipantForm, AttendanceImportForm, CancelEventForm, ParticipantImportForm
from .models import Attendance, Event, EventMail, Material, Registration


def _event_manager(view):
    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        if not request.user.has_perm("trainings.change_event"):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=pk)
        return view(request, event, *args, **kwargs)

    return wrapper


def _render(request, template, event, context, status=200):
    return render(request, f"trainings/admin/{template}", {"event": event, **context}, status=status)


@_event_manager
@require_http_methods(["GET", "POST"])
def participants(request, event):
    add_form = AddParticipantForm(prefix="add")
    import_form = ParticipantImportForm(prefix="import")
    import_errors = []
    action = request.POST.get("action")
    if request.method == "POST" and action == "add":
        add_form = AddParticipantForm(request.POST, prefix="add")
        if add_form.is_valid():
            data = add_form.cleaned_data
            user = User.objects.filter(email__iexact=data["email"]).first()
            try:
                registration = services.registration_create(
                    event=event,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    library=data["library"],
                    guest_library=data["guest_library"],
                    guest_organisation=data["guest_organisation"],
                    guest_role=data["guest_role"],
                    user=user,
                    participation=data["participation"],
                    language=user.language if user else "fi",
                    source=Registration.Source.AKE,
                    registered_by=request.user,
                )
            except ServiceError as error:
                add_form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(name)s registered: %(status)s.")
                    % {"name": registration.full_name, "status": registration.get_status_display()},
                )
                return redirect("trainings_event:participants", event.pk)
    elif request.method == "POST" and action == "import":
        import_form = ParticipantImportForm(request.POST, request.FILES, prefix="import")
        if import_form.is_valid():
            try:
                created = services.participants_import(
                    event=event, rows=import_form.cleaned_data["file"], registered_by=request.user
                )
            except services.ImportRowErrors as error:
                import_errors = error.errors
                messages.error(request, str(error))
            else:
                waiting = sum(1 for r in created if r.status == Registration.Status.WAITLISTED)
                messages.success(
                    request,
                    _("%(count)s people imported (%(waiting)s of them on the waitlist).")
                    % {"count": len(created), "waiting": waiting},
                )
                return redirect("trainings_event:participants", event.pk)
    elif request.method == "POST" and (
        action in ("approve", "reject") or "approve_one" in request.POST or "reject_one" in request.POST
    ):
        approve = action == "approve" or "approve_one" in request.POST
        if action in ("approve", "reject"):
            chosen = request.POST.getlist("selected")
        else:
            chosen = [request.POST.get("approve_one") or request.POST.get("reject_one") or ""]
        ids = [int(pk) for pk in chosen if pk.isdigit()]
        if not ids:
            messages.error(request, _("Choose at least one registration first."))
            return redirect("trainings_event:participants", event.pk)
        decided = services.registrations_decide(
            event=event, registration_ids=ids, approve=approve, decided_by=request.user
        )
        if decided.done:
            done = ", ".join(r.full_name for r in decided.done)
            if approve:
                waiting = sum(1 for r in decided.done if r.status == Registration.Status.WAITLISTED)
                messages.success(
                    request,
                    _("Approved: %(names)s (%(waiting)s of them on the waitlist, the seats being taken).")
                    % {"names": done, "waiting": waiting}
                    if waiting
                    else _("Approved: %(names)s.") % {"names": done},
                )
            else:
                messages.success(request, _("Not approved: %(names)s.") % {"names": done})
        for refusal in decided.refused:
            messages.error(request, refusal)
        return redirect("trainings_event:participants", event.pk)
    elif request.method == "POST" and action == "cancel":
        pk = request.POST.get("registration", "")
        registration = get_object_or_404(Registration, pk=int(pk) if pk.isdigit() else 0, event=event)
        try:
            services.registration_cancel(registration=registration, by_ake=True)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Registration of %(name)s cancelled.") % {"name": registration.full_name}
            )
        return redirect("trainings_event:participants", event.pk)

    # A mail the outbox gave up on (a 5xx reply, or temporary failures past the attempt limit) is
    # shown beside the person, so the organiser can reach them some other way.
    undelivered = EventMail.objects.filter(
        registration=OuterRef("pk"), status=EventMail.Status.FAILED
    ).order_by("-pk")
    registrations = list(
        event.registrations.select_related(
            "library", "guest_library", "pickup_point", "viewing_room__host_library"
        )
        .prefetch_related("answers__question")
        .annotate(undelivered_mail_error=Subquery(undelivered.values("last_error")[:1]))
        .order_by("created_at", "pk")
    )
    by_status = {status: [] for status in Registration.Status.values}
    for registration in registrations:
        by_status[registration.status].append(registration)
    by_status[Registration.Status.WAITLISTED].sort(key=lambda r: (r.waitlisted_at, r.pk))
    # Approval mode: beside each waiting registration, how many places its library already has.
    approved_per_org: dict[int, int] = {}
    for registration in registrations:
        if registration.status in Registration.APPROVED and registration.library_id:
            org = registration.library.parent_id or registration.library_id
            approved_per_org[org] = approved_per_org.get(org, 0) + 1
    for registration in by_status[Registration.Status.AWAITING_APPROVAL]:
        if registration.library_id:
            org = registration.library.parent_id or registration.library_id
            registration.library_approved = approved_per_org.get(org, 0)
    return _render(
        request,
        "participants.html",
        event,
        {
            "confirmed": by_status[Registration.Status.CONFIRMED],
            "offered": by_status[Registration.Status.OFFERED],
            "waitlisted": by_status[Registration.Status.WAITLISTED],
            "awaiting": by_status[Registration.Status.AWAITING_APPROVAL],
            "inactive": by_status[Registration.Status.CANCELLED]
            + by_status[Registration.Status.DECLINED]
            + by_status[Registration.Status.EXPIRED]
            + by_status[Registration.Status.NOT_APPROVED],
            "add_form": add_form,
            "import_form": import_form,
            "import_errors": import_errors,
        },
        status=400 if import_errors else 200,
    )


@_event_manager
@require_http_methods(["GET", "POST"])
def attendance(request, event):
    import_form = AttendanceImportForm(prefix="import")
    import_errors = []
    if request.method == "POST" and request.POST.get("action") == "checklist":
        listed = {int(pk) for pk in request.POST.getlist("listed") if pk.isdigit()}
        present = {int(pk) for pk in request.POST.getlist("present") if pk.isdigit()}
        added, removed = services.attendance_checklist_save(
            event=event, present_ids=present, listed_ids=listed, recorded_by=request.user
        )
        messages.success(
            request,
            _("Attendance saved: %(added)s marked, %(removed)s unmarked.")
            % {"added": added, "removed": removed},
        )
        return redirect("trainings_event:attendance", event.pk)
    if request.method == "POST" and request.POST.get("action") == "import":
        import_form = AttendanceImportForm(request.POST, request.FILES, prefix="import")
        if import_form.is_valid():
            try:
                added, already, guests = services.attendance_import(
                    event=event,
                    emails=import_form.cleaned_data["lines"],
                    recorded_by=request.user,
                    participation=import_form.cleaned_data["participation"],
                )
            except services.ImportRowErrors as error:
                import_errors = error.errors
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("%(added)s attendances added; %(already)s were marked already.")
                    % {"added": added, "already": already},
                )
                if guests:
                    messages.info(
                        request,
                        _(
                            "%(count)s of them are guests from outside the region, shown beside the "
                            "indicators and not counted in them: %(guests)s"
                        )
                        % {"count": len(guests), "guests": ", ".join(guests)},
                    )
                return redirect("trainings_event:attendance", event.pk)
    attended = {
        a.email: a for a in Attendance.objects.filter(event=event).select_related("library", "guest_library")
    }
    rows = list(
        (
            event.registrations.filter(status__in=Registration.SEAT_HOLDING)
            | event.registrations.filter(email__in=list(attended))
        ).select_related("library", "guest_library")
    )
    rows.sort(key=lambda r: (r.last_name.lower(), r.first_name.lower()))
    registered_emails = {r.email for r in rows}
    return _render(
        request,
        "attendance.html",
        event,
        {
            "rows": [(r, r.email in attended) for r in rows],
            "others": [a for email, a in attended.items() if email not in registered_emails],
            "attended_count": len(attended),
            "import_form": import_form,
            "import_errors": import_errors,
        },
        status=400 if import_errors else 200,
    )


@_event_manager
def feedback_results(request, event):
    return _render(
        request,
        "feedback_results.html",
        event,
        {
            "results": selectors.feedback_results(event=event),
            "survey": event.surveys.filter(kind="training").first(),
        },
    )


@_event_manager
def feedback_survey(request, event):
    """The event's feedback survey in the survey builder, made from the standard feedback of its
    kind the first time (surveys/feedback.py)."""
    from surveys.feedback import feedback_survey as survey_of

    return redirect("surveys_survey:edit", survey_of(event).pk)


@_event_manager
def transport(request, event):
    return _render(
        request, "transport.html", event, {"points": selectors.passengers_by_pickup_point(event=event)}
    )


@_event_manager
@require_http_methods(["GET", "POST"])
def duplicate(request, event):
    if request.method == "POST":
        copy = services.event_copy(event=event, user=request.user)
        messages.success(request, _("A draft copy was made; set its dates and publish it."))
        return redirect("trainings_event:edit", copy.pk)
    return _render(request, "confirm.html", event, {"action": "duplicate"})


@_event_manager
@require_http_methods(["GET", "POST"])
def cancel(request, event):
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.event_cancel(event=event, reason=form.cleaned_data["reason"])
        messages.success(request, _("The event was cancelled and its registrants are being notified."))
        return redirect("trainings_event:index")
    active = Registration.objects.active().filter(event=event).count()
    return _render(request, "confirm.html", event, {"action": "cancel", "form": form, "active": active})


EXPORT_COLUMNS = [
    ("last_name", lambda r: r.last_name),
    ("first_name", lambda r: r.first_name),
    ("email", lambda r: r.email),
    ("phone", lambda r: r.phone),
    ("library", lambda r: r.library.name_fi if r.library_id else r.organisation_name),
    # A guest from outside the region: their role, empty for the region's staff.
    ("guest_role", lambda r: r.get_guest_role_display()),
    ("participation", lambda r: r.get_participation_display()),
    ("status", lambda r: r.get_status_display()),
    ("diet", lambda r: r.diet),
    ("accessibility", lambda r: r.accessibility),
    ("emergency_contact", lambda r: r.emergency_contact),
    ("pickup_point", lambda r: r.pickup_point.name if r.pickup_point else ""),
    ("viewing_room", lambda r: str(r.viewing_room) if r.viewing_room_id else ""),
    ("registered", lambda r: timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")),
    # Marked in the attendance checklist or imported from the meeting's attendance list.
    ("attended", lambda r: str(_("yes")) if r.attended else str(_("no"))),
]


def _export_headings():
    field = Registration._meta.get_field
    labels = {
        "registered": _("registered"),
        "pickup_point": _("transport from"),
        "attended": _("attended"),
    }
    return [str(labels.get(name) or field(name).verbose_name) for name, _getter in EXPORT_COLUMNS]


@_event_manager
def export(request, event, fmt):
    """Participants (seat holders and the waitlist) for name lists and transport, as CSV or XLSX."""
    attended = Attendance.objects.filter(event=event, email=OuterRef("email"))
    registrations = (
        event.registrations.filter(status__in=Registration.ACTIVE)
        .select_related("library", "guest_library", "pickup_point", "viewing_room__host_library")
        .annotate(attended=Exists(attended))
        .order_by("status", "last_name", "first_name")
    )
    # The event's registration questions, one column each, after the fixed ones.
    questions = list(event.registration_questions.all())
    registrations = registrations.prefetch_related("answers__question")

    def answer_cells(registration):
        given = {answer.question_id: answer.display_value for answer in registration.answers.all()}
        return [given.get(question.pk, "") for question in questions]

    # Names and notes are typed by the registrants: no cell may run as a formula in a spreadsheet.
    rows = [
        [cell(value) for value in [getter(r) for _name, getter in EXPORT_COLUMNS] + answer_cells(r)]
        for r in registrations
    ]
    headings = _export_headings() + [question.text for question in questions]
    filename = f"{slugify(event.title)[:40] or 'event'}-{timezone.localdate(event.start):%Y-%m-%d}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(headings)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = _("Participants")[:31]
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    return HttpResponse(status=404)


@require_http_methods(["GET", "POST"])
def material_publish(request, pk):
    if not request.user.has_perm("trainings.change_material"):
        raise PermissionDenied
    material = get_object_or_404(Material.objects.select_related("event"), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unpublish":
                services.material_unpublish(material=material)
                messages.success(
                    request, _("“%(title)s” is no longer published.") % {"title": material.title}
                )
            else:
                services.material_publish(material=material)
                messages.success(
                    request, _("“%(title)s” is published in the archive.") % {"title": material.title}
                )
        except ServiceError as error:
            messages.error(request, str(error))
        return redirect("trainings_material:index")
    return render(
        request,
        "trainings/admin/material_publish.html",
        {"material": material, "missing": services.material_missing(material)},
    )
