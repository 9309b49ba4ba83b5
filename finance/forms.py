from django import forms

from .models import Cost


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

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = "event"
        self.instance.event = event
