from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ake.areas import REPORT


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Costs against the grant")

    # What each model's rows can show in (ake/areas.py): the follow-up page and, as they come, the
    # project pages' funding; never an anonymous page.
    content_areas = {"cost": REPORT, "budgetline": REPORT}
