"""Forms of AKE's admin actions on bookings and interlibrary loans."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import DateInput
from .models import InterlibraryLoan, ShippingMethod


class EmptyForm(forms.Form):
    pass


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The library sees the reason."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Returned on"), widget=DateInput(), initial=timezone.localdate)
    missing_items = forms.MultipleChoiceField(
        label=_("Missing from the contents checklist"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    missing_other = forms.CharField(
        label=_("Other missing or broken contents"), required=False, max_length=1000
    )
    condition_notes = forms.CharField(
        label=_("Condition notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, contents: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing_items"].choices = [(item, item) for item in contents]

    @property
    def missing_contents(self) -> str:
        items = list(self.cleaned_data["missing_items"])
        if self.cleaned_data["missing_other"]:
            items.append(self.cleaned_data["missing_other"])
        return "; ".join(items)


class IllSendForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput(), initial=timezone.localdate)
    volumes = forms.IntegerField(label=_("Volumes"), min_value=1, max_value=500, initial=1)
    shipping_method = forms.ChoiceField(label=_("Shipping method"), choices=ShippingMethod.choices)
    postage_cost = forms.DecimalField(
        label=_("Postage cost (€)"), min_value=0, max_digits=8, decimal_places=2, initial=0
    )


class IllReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Returned on"), widget=DateInput(), initial=timezone.localdate)


class IllNotSuppliedForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


ILL_ACTION_FORMS = {
    "send": (IllSendForm, (InterlibraryLoan.Status.RECEIVED,)),
    "return": (IllReturnForm, (InterlibraryLoan.Status.SENT,)),
    "not_supplied": (IllNotSuppliedForm, (InterlibraryLoan.Status.RECEIVED,)),
}
