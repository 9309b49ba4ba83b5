"""Spreadsheet cells that cannot run as formulas (OWASP "CSV injection").

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return followed by one) as a formula: ``=HYPERLINK("http://evil","x")``
typed into a name field would become a live link in the file an administrator opens. Every export
puts an apostrophe before such a value, which spreadsheets show as plain text.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with a leading apostrophe when a spreadsheet would take it for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell(value):
    """A value for any export cell (CSV or XLSX): control characters dropped, formulas neutralised.

    Forms refuse control characters (ake/inputs.py), but rows saved before that, imports and code
    may still hold them, and openpyxl refuses to write them at all: one such title made the whole
    year's XLSX export fail.
    """
    from .inputs import without_control_characters

    return neutralise(without_control_characters(value))


def protect_wagtail_exports() -> None:
    """Wagtail's own CSV exports (the admin reports such as site history and aging pages, and any
    ModelViewSet with ``list_export``) write text cells as they are; its XLSX export only turns
    formula cells back into strings. Neutralise every cell of both, once, at start-up."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        if isinstance(value, bool) and export_format == "csv":
            # XLSX keeps a real TRUE/FALSE cell; a CSV cell said "True"/"False" in every language.
            from django.utils.translation import gettext

            value = gettext("Yes") if value else gettext("No")
        return cell(value)

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
