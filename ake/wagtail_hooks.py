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
