"""The Wagtail admin of the loans app: kits, units, rules, bookings and interlibrary loans."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse, reverse_lazy
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem

from ake.languages import missing_languages_column, translated_panels, written_text_create_view
from networks.services import ServiceError

from . import interlibrary_io, services
from .admin_forms import ILL_ACTION_FORMS, CancelForm, EmptyForm, RefuseForm, ReturnForm
from .forms import InterlibraryImportForm
from .models import (
    InterlibraryLoan,
    InterlibraryMonthlyTotal,
    Kit,
    KitBooking,
    KitType,
    KitTypeRule,
    KitUnit,
)
from .selectors import (
    interlibrary_loan_list_export,
    interlibrary_year_figures,
    kit_booking_list_overdue,
    kit_history,
    kit_yearly_loan_counts,
)


def _errors_to_form(form, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error))


# --------------------------------------------------------------------------- kits
class KitIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Loans and history"),
                url=reverse("loans_kits:loans", args=[instance.pk]),
                icon_name="history",
                priority=15,
            )
        )
        return buttons


class KitLoansView(WagtailAdminTemplateMixin, TemplateView):
    """A kit's yearly loan counts and its whole booking history."""

    template_name = "loans/admin/kit_loans.html"
    header_icon = "history"

    def dispatch(self, request, pk):
        if not request.user.has_perm("loans.view_kit") and not request.user.has_perm("loans.change_kit"):
            raise PermissionDenied
        self.kit = get_object_or_404(Kit, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Loans and history")

    def get_page_subtitle(self):
        return str(self.kit)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            kit=self.kit,
            yearly_loans=kit_yearly_loan_counts(kit=self.kit),
            bookings=kit_history(kit=self.kit)[:500],
        )
        return context


class KitViewSet(ModelViewSet):
    model = Kit
    icon = "folder-open-inverse"
    menu_label = _("Kits")
    url_prefix = "loans/kits"
    index_view_class = KitIndexView
    list_display = ["name_fi", "kit_type", "active", missing_languages_column()]
    list_filter = ["kit_type", "active"]
    search_fields = ["name_fi", "name_sv", "name_en", "description_fi"]
    ordering = ["kit_type", "name_fi"]
    inspect_view_enabled = True
    panels = [
        MultiFieldPanel(
            [*translated_panels("name"), FieldPanel("kit_type")],
            heading=_("Name and type"),
        ),
        *translated_panels("description", "target_group"),
        *translated_panels("contents", stacked=True),
        FieldRowPanel([FieldPanel("default_loan_days"), FieldPanel("active")]),
        InlinePanel("photos", panels=[FieldPanel("image"), *translated_panels("caption")], label=_("Photos")),
        InlinePanel(
            "documents",
            panels=[FieldPanel("document"), *translated_panels("label")],
            label=_("Instructions (documents)"),
        ),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("loans/<int:pk>/", KitLoansView.as_view(), name="loans"),
        ]


class KitUnitViewSet(ModelViewSet):
    """Units are managed apart from the kit form: a unit with bookings is retired, never deleted."""

    model = KitUnit
    icon = "tag"
    menu_label = _("Kit units")
    url_prefix = "loans/units"
    list_display = ["kit", "code", "state"]
    list_filter = ["state", "kit__kit_type"]
    search_fields = ["kit__name_fi", "code"]
    form_fields = ["kit", "code", "state", "note"]


class KitTypeRuleViewSet(ModelViewSet):
    model = KitTypeRule
    icon = "cog"
    menu_label = _("Kit type rules")
    url_prefix = "loans/rules"
    list_display = [
        "kit_type",
        "longest_loan_days",
        "shortest_lead_days",
        "max_ahead_days",
        "transit_days",
        "checking_days",
    ]
    form_fields = [
        "kit_type",
        "longest_loan_days",
        "shortest_lead_days",
        "max_ahead_days",
        "transit_days",
        "checking_days",
    ]


# --------------------------------------------------------------------------- bookings
class KitBookingFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    kit__kit_type = django_filters.ChoiceFilter(label=_("Kit type"), choices=KitType.choices)
    pickup_date = django_filters.DateFromToRangeFilter(label=_("Pick-up date"), widget=DateRangePickerWidget)

    class Meta:
        model = KitBooking
        fields = ["status", "delivery", "kit", "library"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=KitBooking.Status.HANDED_OVER, return_date__lt=timezone.localdate())
        if value is True:
            return queryset.filter(overdue)
        if value is False:
            return queryset.exclude(overdue)
        return queryset


# (action, label, statuses in which it applies, form class)
# What happened, said after each action (the button's own words, "Hand over: …", told nothing).
BOOKING_DONE = {
    "approve": _("The booking of %(kit)s for %(library)s was approved; the library was told by email."),
    "refuse": _("The booking of %(kit)s for %(library)s was refused; the library was told by email."),
    "hand_over": _(
        "%(kit)s (unit %(unit)s) was handed over to %(library)s. It is due back on %(return_date)s."
    ),
    "return": _("The return of %(kit)s (unit %(unit)s) from %(library)s was recorded."),
    "cancel": _("The booking of %(kit)s for %(library)s (%(pickup_date)s–%(return_date)s) was cancelled."),
}


def _booking_words(booking) -> dict:
    return {
        "kit": booking.kit.name,
        "unit": booking.unit.code if booking.unit_id else "–",
        "library": booking.library.name,
        "pickup_date": formats.date_format(booking.pickup_date, "SHORT_DATE_FORMAT"),
        "return_date": formats.date_format(booking.return_date, "SHORT_DATE_FORMAT"),
    }


BOOKING_ACTIONS = [
    ("approve", _("Approve"), (KitBooking.Status.REQUESTED,), EmptyForm),
    ("refuse", _("Refuse"), (KitBooking.Status.REQUESTED,), RefuseForm),
    ("hand_over", _("Hand over"), (KitBooking.Status.CONFIRMED,), EmptyForm),
    ("return", _("Record return"), (KitBooking.Status.HANDED_OVER,), ReturnForm),
    ("cancel", pgettext_lazy("booking", "Cancel"), KitBooking.OPEN_STATUSES, CancelForm),
]


class KitBookingIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("kit", "unit", "library", "booked_by")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (action, label, statuses, _form) in enumerate(BOOKING_ACTIONS, start=1):
            if instance.status in statuses:
                buttons.append(
                    MenuItem(
                        label,
                        url=reverse(f"kit_bookings:{action}", args=[instance.pk]),
                        icon_name="arrow-right",
                        priority=priority,
                    )
                )
        return buttons


class KitBookingCreateView(CreateView):
    """AKE books for a library through the same service as the site, so the same rules hold."""

    def form_valid(self, form):
        self.form = form
        data = form.cleaned_data
        try:
            self.object = services.kit_booking_create(
                kit=data["kit"],
                library=data["library"],
                booked_by=self.request.user,
                pickup_date=data["pickup_date"],
                return_date=data["return_date"],
                delivery=data["delivery"],
                notes=data.get("notes", ""),
            )
        except (ServiceError, ValidationError) as error:
            _errors_to_form(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return self.save_action()


class KitBookingEditView(EditView):
    def form_valid(self, form):
        self.form = form
        data = form.cleaned_data
        try:
            self.object = services.kit_booking_update(
                booking=KitBooking.objects.get(pk=self.object.pk),
                by=self.request.user,
                pickup_date=data["pickup_date"],
                return_date=data["return_date"],
                delivery=data["delivery"],
                notes=data.get("notes", ""),
            )
        except (ServiceError, ValidationError) as error:
            _errors_to_form(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return self.save_action()


class KitBookingActionView(WagtailAdminTemplateMixin, TemplateView):
    """One status change of a booking (approve, refuse, hand over, return, cancel)."""

    template_name = "loans/admin/booking_action.html"
    header_icon = "date"
    action = ""

    def dispatch(self, request, pk, action):
        if not request.user.has_perm("loans.change_kitbooking"):
            raise PermissionDenied
        self.booking = get_object_or_404(
            KitBooking.objects.select_related("kit", "unit", "library", "booked_by"), pk=pk
        )
        matching = [entry for entry in BOOKING_ACTIONS if entry[0] == action]
        if not matching:
            raise PermissionDenied
        self.action, self.label, self.statuses, self.form_class = matching[0]
        return super().dispatch(request, pk, action)

    def get_page_title(self):
        return self.label

    def get_page_subtitle(self):
        return str(self.booking)

    def make_form(self, data=None):
        if self.form_class is ReturnForm:
            return ReturnForm(data, contents=self.booking.kit.contents_list)
        return self.form_class(data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.make_form())
        context.update(
            booking=self.booking,
            label=self.label,
            allowed=self.booking.status in self.statuses,
            index_url=reverse("kit_bookings:index"),
        )
        return context

    def post(self, request, pk, action):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        booking, by = self.booking, request.user
        try:
            if action == "approve":
                services.kit_booking_approve(booking=booking, by=by)
            elif action == "refuse":
                services.kit_booking_refuse(booking=booking, by=by, reason=form.cleaned_data["reason"])
            elif action == "hand_over":
                services.kit_booking_hand_over(booking=booking, by=by)
            elif action == "return":
                services.kit_booking_return(
                    booking=booking,
                    by=by,
                    returned_on=form.cleaned_data["returned_on"],
                    condition_notes=form.cleaned_data["condition_notes"],
                    missing_contents=form.missing_contents,
                )
            elif action == "cancel":
                services.kit_booking_cancel(booking=booking, by=by, reason=form.cleaned_data["reason"])
        except (ServiceError, ValidationError) as error:
            _errors_to_form(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        booking.refresh_from_db()
        messages.success(request, BOOKING_DONE[action] % _booking_words(booking))
        return redirect("kit_bookings:index")


class OverdueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "loans/admin/overdue.html"
    header_icon = "warning"
    page_title = _("Overdue kits")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("loans.view_kitbooking") and not request.user.has_perm(
            "loans.change_kitbooking"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bookings"] = kit_booking_list_overdue()
        context["today"] = timezone.localdate()
        return context


class KitBookingViewSet(ModelViewSet):
    model = KitBooking
    icon = "date"
    menu_label = _("Kit bookings")
    url_prefix = "loans/bookings"
    index_view_class = KitBookingIndexView
    add_view_class = KitBookingCreateView
    edit_view_class = KitBookingEditView
    filterset_class = KitBookingFilterSet
    list_display = [
        "kit",
        Column("unit", label=pgettext_lazy("kit", "unit"), accessor="unit.code"),
        "library",
        "pickup_date",
        "return_date",
        "delivery",
        "status",
    ]
    search_fields = ["kit__name_fi", "library__name_fi", "booked_by__email", "booked_by__last_name", "notes"]
    ordering = ["-pickup_date"]
    inspect_view_enabled = True
    form_fields = ["kit", "library", "pickup_date", "return_date", "delivery", "notes"]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        if for_update:
            form_class.base_fields["kit"].disabled = True
            form_class.base_fields["library"].disabled = True
        return form_class

    def get_urlpatterns(self):
        return (
            super().get_urlpatterns()
            + [
                path("overdue/", OverdueView.as_view(), name="overdue"),
            ]
            + [
                path(f"<int:pk>/{action}/", KitBookingActionView.as_view(), {"action": action}, name=action)
                for action, *_rest in BOOKING_ACTIONS
            ]
        )


# --------------------------------------------------------------------------- interlibrary loans
class InterlibraryLoanFilterSet(WagtailFilterSet):
    sent_on = django_filters.DateFromToRangeFilter(label=_("Sent on"), widget=DateRangePickerWidget)
    requested_on = django_filters.DateFromToRangeFilter(label=_("Request date"), widget=DateRangePickerWidget)

    class Meta:
        model = InterlibraryLoan
        fields = ["status", "shipping_method", "library"]


class InterlibraryLoanIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("library")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        labels = {"send": _("Mark sent"), "return": _("Mark returned"), "not_supplied": _("Not supplied")}
        for priority, (action, (_form, statuses)) in enumerate(ILL_ACTION_FORMS.items(), start=1):
            if instance.status in statuses:
                buttons.append(
                    MenuItem(
                        labels[action],
                        url=reverse(f"interlibrary_loans:{action}", args=[instance.pk]),
                        icon_name="arrow-right",
                        priority=priority,
                    )
                )
        return buttons


class InterlibraryLoanActionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "loans/admin/ill_action.html"
    header_icon = "mail"
    titles = {"send": _("Mark sent"), "return": _("Mark returned"), "not_supplied": _("Not supplied")}
    done = {
        "send": _("“%(title)s” for %(library)s was marked sent."),
        "return": _("“%(title)s” from %(library)s was marked returned."),
        "not_supplied": _("“%(title)s” for %(library)s was marked not supplied; the reason is kept with it."),
    }

    def dispatch(self, request, pk, action):
        if not request.user.has_perm("loans.change_interlibraryloan"):
            raise PermissionDenied
        self.loan = get_object_or_404(InterlibraryLoan.objects.select_related("library"), pk=pk)
        if action not in ILL_ACTION_FORMS:
            raise PermissionDenied
        self.action = action
        self.form_class, self.statuses = ILL_ACTION_FORMS[action]
        return super().dispatch(request, pk, action)

    def get_page_title(self):
        return self.titles[self.action]

    def get_page_subtitle(self):
        return str(self.loan)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form_class())
        context.update(
            loan=self.loan,
            allowed=self.loan.status in self.statuses,
            label=self.titles[self.action],
            index_url=reverse("interlibrary_loans:index"),
        )
        return context

    def post(self, request, pk, action):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            if action == "send":
                services.interlibrary_loan_send(loan=self.loan, **form.cleaned_data)
            elif action == "return":
                services.interlibrary_loan_return(
                    loan=self.loan, returned_on=form.cleaned_data["returned_on"]
                )
            else:
                services.interlibrary_loan_not_supplied(
                    loan=self.loan, reason=form.cleaned_data["reason"], by=request.user
                )
        except (ServiceError, ValidationError) as error:
            _errors_to_form(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        library = self.loan.library.name if self.loan.library_id else self.loan.outside_library
        messages.success(request, self.done[action] % {"title": self.loan.title, "library": library})
        return redirect("interlibrary_loans:index")


class InterlibraryImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "loans/admin/ill_import.html"
    header_icon = "upload"
    page_title = _("Import interlibrary loans")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("loans.add_interlibraryloan"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", InterlibraryImportForm())
        context["columns_doc"] = interlibrary_io.__doc__
        context["index_url"] = reverse("interlibrary_loans:index")
        return context

    def post(self, request):
        form = InterlibraryImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            rows = interlibrary_io.read_rows(upload.name, upload.read())
        except interlibrary_io.ImportFileError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        result = interlibrary_io.interlibrary_loans_import(rows=rows)
        if not result.ok:
            return self.render_to_response(self.get_context_data(form=form, result=result), status=400)
        messages.success(
            request,
            _("Import done: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("interlibrary_loans:index")


def _year_from(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


class InterlibraryYearView(WagtailAdminTemplateMixin, TemplateView):
    """Volumes and costs of a year by month: per-loan rows and monthly totals combined."""

    template_name = "loans/admin/ill_year.html"
    header_icon = "table"
    page_title = _("Interlibrary loans by year")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("loans.view_interlibraryloan") and not request.user.has_perm(
            "loans.change_interlibraryloan"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year_from(self.request)
        context.update(
            year=year,
            figures=interlibrary_year_figures(year=year),
            previous=interlibrary_year_figures(year=year - 1),
            previous_year=year - 1,
            next_year=year + 1,
        )
        return context


class InterlibraryExportView(InterlibraryYearView):
    def get(self, request, *args, **kwargs):
        year = _year_from(request)
        loans = interlibrary_loan_list_export(year=year)
        if request.GET.get("format") == "xlsx":
            content = interlibrary_io.export_xlsx(
                loans, months=interlibrary_year_figures(year=year)["months"]
            )
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            extension = "xlsx"
        else:
            content = interlibrary_io.export_csv(loans)
            content_type = "text/csv; charset=utf-8"
            extension = "csv"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="kaukolainat-{year}.{extension}"'
        return response


class InterlibraryLoanViewSet(ModelViewSet):
    model = InterlibraryLoan
    add_view_class = written_text_create_view()
    icon = "mail"
    menu_label = _("Interlibrary loans")
    url_prefix = "loans/interlibrary"
    index_view_class = InterlibraryLoanIndexView
    filterset_class = InterlibraryLoanFilterSet
    list_display = [
        "title",
        "requesting_library_name",
        "requested_on",
        "status",
        "sent_on",
        "volumes",
        "postage_cost",
    ]
    search_fields = ["title", "author", "identifier", "outside_library", "library__name_fi", "contact_name"]
    ordering = ["-requested_on"]
    inspect_view_enabled = True
    form_fields = [
        "title",
        "author",
        "identifier",
        "library",
        "outside_library",
        "contact_name",
        "contact_email",
        "requested_on",
        "needed_by",
        "status",
        "sent_on",
        "volumes",
        "shipping_method",
        "postage_cost",
        "returned_on",
        "not_supplied_reason",
        "notes",
        "notes_language",
        "reason_language",
    ]

    def get_urlpatterns(self):
        return (
            super().get_urlpatterns()
            + [
                path("import/", InterlibraryImportView.as_view(), name="import"),
                path("year/", InterlibraryYearView.as_view(), name="year"),
                path("export/", InterlibraryExportView.as_view(), name="export"),
            ]
            + [
                path(
                    f"<int:pk>/{action}/",
                    InterlibraryLoanActionView.as_view(),
                    {"action": action},
                    name=action,
                )
                for action in ILL_ACTION_FORMS
            ]
        )


class InterlibraryMonthlyTotalViewSet(ModelViewSet):
    model = InterlibraryMonthlyTotal
    icon = "table"
    menu_label = _("Monthly totals")
    url_prefix = "loans/interlibrary-totals"
    list_display = ["year", "month", "library", "volumes", "cost"]
    list_filter = ["year", "month"]
    search_fields = ["library__name_fi", "note"]
    form_fields = ["year", "month", "library", "volumes", "cost", "note"]


class PermissionMenuItem(AdminMenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class LendingGroup(ViewSetGroup):
    menu_label = _("Lending")
    menu_icon = "folder-open-inverse"
    menu_order = 350

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.insert(
            1,
            PermissionMenuItem(
                _("Overdue kits"),
                reverse_lazy("kit_bookings:overdue"),
                icon_name="warning",
                order=2,
                permission="loans.view_kitbooking",
            ),
        )
        items.append(
            PermissionMenuItem(
                _("Interlibrary loans by year"),
                reverse_lazy("interlibrary_loans:year"),
                icon_name="table",
                order=len(items) + 1,
                permission="loans.view_interlibraryloan",
            )
        )
        items.append(
            PermissionMenuItem(
                _("Import interlibrary loans"),
                reverse_lazy("interlibrary_loans:import"),
                icon_name="upload",
                order=len(items) + 1,
                permission="loans.add_interlibraryloan",
            )
        )
        return items

    items = (
        KitBookingViewSet("kit_bookings"),
        KitViewSet("loans_kits"),
        KitUnitViewSet("kit_units"),
        KitTypeRuleViewSet("kit_type_rules"),
        InterlibraryLoanViewSet("interlibrary_loans"),
        InterlibraryMonthlyTotalViewSet("interlibrary_totals"),
    )
