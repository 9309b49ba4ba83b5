"""Wording helpers shared by the apps."""

from django.utils.translation import ngettext


def days_text(count: int) -> str:
    """A number of days with the noun in the right form: "1 dag", "2 dagar" (never "1 dagar")."""
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}
