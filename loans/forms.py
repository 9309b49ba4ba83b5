import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from ake.uploads import validate_spreadsheet

from .models import Delivery, InterlibraryLoan


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class KitBookingForm(forms.Form):
    pickup_date = forms.DateField(
        label=_("Pick-up date"),
        widget=DateInput(),
        help_text=_("The day your library gets the kit."),
    )
    return_date = forms.DateField(
        label=_("Return date"),
        widget=DateInput(),
        help_text=_("The day your library sends or brings the kit back."),
    )
    delivery = forms.ChoiceField(
        label=_("Delivery"), choices=Delivery.choices, initial=Delivery.COURIER, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes for AKE"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. the event the kit is for, or a delivery address inside your library"),
    )

    def clean(self):
        cleaned = super().clean()
        pickup, return_ = cleaned.get("pickup_date"), cleaned.get("return_date")
        if pickup and return_ and return_ < pickup:
            self.add_error("return_date", _("The return date cannot be before the pick-up date."))
        return cleaned


class KitBookingExtendForm(forms.Form):
    return_date = forms.DateField(label=_("New return date"), widget=DateInput())


class KitBookingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MonthForm(forms.Form):
    """The month shown by a calendar, from ?month=YYYY-MM; anything else falls back to this month."""

    month = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)

    def month_start(self, today: datetime.date) -> datetime.date:
        if self.is_valid() and self.cleaned_data["month"]:
            year, month = map(int, self.cleaned_data["month"].split("-"))
            if 2000 <= year <= 2100:
                return datetime.date(year, month, 1)
        return today.replace(day=1)


class InterlibraryLoanRequestForm(forms.ModelForm):
    class Meta:
        model = InterlibraryLoan
        fields = ["title", "author", "identifier", "needed_by", "contact_name", "contact_email", "notes"]
        widgets = {
            "needed_by": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"notes": _("Message to Turku City Library")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].required = True
        self.fields["contact_email"].required = True


class InterlibraryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Export file (CSV or XLSX)"),
        help_text=_("The columns are listed below. At most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_spreadsheet(upload)
        return upload
