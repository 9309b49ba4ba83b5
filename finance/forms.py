from django import forms
from django.utils.translation import gettext_lazy as _

from ake.uploads import validate_upload

from .models import EVENT_COST_CATEGORIES, Cost

RECEIPT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")


class EventCostForm(forms.ModelForm):
    """A cost an editor records for an event of theirs; the event comes from the address."""

    class Meta:
        model = Cost
        fields = [
            "category",
            "description",
            "date",
            "amount_budgeted",
            "amount_paid",
            "payee_type",
            "payee",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    receipt_file = forms.FileField(
        label=_("Receipt"),
        required=False,
        help_text=_(
            "A PDF or a photo (JPG, PNG) of the receipt. It is kept in a private collection that only "
            "AKE admins and the planning group can open."
        ),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = "event"
        self.instance.event = event
        # An event's own kinds of cost; a line recorded earlier in another category keeps it.
        choices = list(EVENT_COST_CATEGORIES)
        current = self.instance.category
        if current and current not in dict(choices):
            choices.append((current, self.instance.get_category_display()))
        self.fields["category"].choices = [("", "---------"), *choices]

    def clean_receipt_file(self):
        upload = self.cleaned_data.get("receipt_file")
        if upload:
            validate_upload(upload, extensions=RECEIPT_EXTENSIONS)
        return upload
