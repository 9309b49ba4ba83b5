"""How the admin shows values of every app's models (registered with Wagtail's own extension points)."""

from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.fields import register_display_class


class YesNoDisplay(Component):
    """A yes/no field in the inspect views: "Kyllä"/"Ei", not Python's "True"/"False" (issue #15
    item 16: a training wish showed "Käsitelty: False")."""

    def __init__(self, value):
        self.value = value

    def render_html(self, parent_context=None):
        if self.value is None:
            return format_html("{}", "–")
        return format_html("{}", _("Yes") if self.value else _("No"))


register_display_class(models.BooleanField, display_class=YesNoDisplay)


def _yes_no_in_listings() -> None:
    """A yes/no field in the admin's listings: "Kyllä"/"Ei" as in the inspect views, not Python's
    "True"/"False" (found on a walk: the training wishes' "Käsitelty" column read "False"). Wagtail
    has no extension point for a listing's column of a field type, so its index view's column
    factory is wrapped once: a plain column of a BooleanField becomes a YesNoColumn."""
    from django.core.exceptions import FieldDoesNotExist
    from wagtail.admin.ui.tables import Column
    from wagtail.admin.views.generic import IndexView

    class YesNoColumn(Column):
        def get_value(self, instance):
            value = super().get_value(instance)
            return "–" if value is None else (_("Yes") if value else _("No"))

    original = IndexView._get_custom_column

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        if column_class is Column and self.model is not None:
            try:
                field = self.model._meta.get_field(field_name)
            except FieldDoesNotExist:
                field = None
            if isinstance(field, models.BooleanField):
                column_class = YesNoColumn
        return original(self, field_name, column_class, **kwargs)

    IndexView._get_custom_column = _get_custom_column


_yes_no_in_listings()
