from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportPermissions(models.Model):
    """Holds the permission to read the indicator report (the planning group's role); no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_indicator_report", _("Can view the indicator report"))]

    def __str__(self):
        return "report permissions"
