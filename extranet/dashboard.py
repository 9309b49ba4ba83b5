"""The translation panel on AKE's dashboard (ake/dashboard.py): pages and records missing a language."""

from django.urls import reverse
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from ake.areas import EVENTS, KITS, NOTICES, REGISTRY, REPORT, USERS
from ake.dashboard import DashboardPanel, Line, Urgency
from ake.memo import memoized

from .admin_views import translation_gap_counts


class TranslationGapsPanel(DashboardPanel):
    name = "ake-translation-gaps"
    heading = _("Missing translations")
    permission = "wagtailadmin.access_admin"
    empty_text = _("Every page and record has its Swedish and English text.")

    def get_lines(self):
        url = reverse("extranet_translation_gaps")
        lines = []
        # Kept per process while no content area changed (ake/memo.py): translated texts live in
        # every area, and the counts change only when a text is written, never with the clock.
        gaps = memoized(
            self.request,
            ("dashboard-translation-gaps",),
            translation_gap_counts,
            areas=(NOTICES, EVENTS, KITS, REGISTRY, USERS, REPORT),
        )
        for code, counts in gaps.items():
            language = get_language_info(code)["name_translated"]
            if counts["pages"]:
                lines.append(
                    Line(
                        text=ngettext(
                            "%(count)s page without %(language)s",
                            "%(count)s pages without %(language)s",
                            counts["pages"],
                        )
                        % {"count": counts["pages"], "language": language.lower()},
                        url=f"{url}?language={code}&kind=pages",
                        urgency=Urgency.TRANSLATION,
                    )
                )
            if counts["records"]:
                lines.append(
                    Line(
                        text=ngettext(
                            "%(count)s record without %(language)s",
                            "%(count)s records without %(language)s",
                            counts["records"],
                        )
                        % {"count": counts["records"], "language": language.lower()},
                        url=f"{url}?language={code}&kind=records",
                        urgency=Urgency.TRANSLATION,
                    )
                )
        return lines
