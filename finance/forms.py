from django import forms

from .models import EVENT_COST_CATEGORIES, Cost


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
        # An event's own kinds of cost; a line recorded earlier in another category keeps it.
        choices = list(EVENT_COST_CATEGORIES)
        current = self.instance.category
        if current and current not in dict(choices):
            choices.append((current, self.instance.get_category_display()))
        self.fields["category"].choices = [("", "---------"), *choices]
