"""What every form of the site accepts, decided in one place (issue #15, items 7 and 8).

* **Dates and times** lie between ``EARLIEST_DATE`` and ``LATEST_DATE``. A typo such as 9999-12-31 or
  year 1 is otherwise accepted by Django's form fields and ends in a server error further on: date
  arithmetic overflows (a kit's blocked days), and a year-1 time cannot be converted to UTC. The
  report counts nothing before 2000, and nothing the region plans lies past 2100.
* **Text** holds no control characters other than tab, line feed and carriage return. Such
  characters (``\\x01``, the escape of ``\\x1b[31m``) are invisible, never typed on purpose, and not
  allowed in XML: a single one stored in a title made every XLSX export of the year answer 500.
  Django itself refuses only NUL.

* **Nothing typed is replaced** (item 14). The date pickers of the Wagtail admin (jQuery
  datetimepicker) replace text they cannot parse with the current date when the field loses focus:
  "32.13.2026" typed into a visit was saved as today. They are told to leave the text as typed, so
  that the form field refuses it with a message.

Both are checked in the ``validate()`` step of Django's form fields, so every form gets them: ours,
the Wagtail admin's forms built from our models and pages, allauth's, and fields created before
start-up finished as well (a class attribute such as ``default_validators`` reaches only the fields
made after it is set). ``install()`` runs once at start-up (``AkeConfig.ready``). Exports stay
robust to what an earlier version let in: see ``ake.spreadsheets.cell``.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)

# C0 controls except tab, line feed and carriage return; DEL; the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

DATE_OUT_OF_RANGE = _("Enter a date between %(earliest)s and %(latest)s.")
CONTROL_CHARACTER_FOUND = _(
    "The text contains invisible control characters (often left by copying and pasting). "
    "Remove them and try again."
)


# A phone number as people write it: an optional "+" (or "00") and digits, grouped by spaces, hyphens,
# dots, slashes or an area code in parentheses: "040 123 4567", "+358 40 123 4567", "(02) 262 0000".
PHONE_CHARACTERS = re.compile(r"^\+?[0-9(][0-9 ()./-]*$")
PHONE_DIGITS = (6, 15)  # a Finnish service number has 6 at least; E.164 allows 15 at most
PHONE_INVALID = _("Enter a phone number in digits, for example 040 123 4567 or +358 40 123 4567.")


def validate_phone(value) -> None:
    """A phone number someone can call: digits and the usual separators, 6 to 15 digits."""
    if not value:
        return
    digits = sum(character.isdigit() for character in value)
    if not PHONE_CHARACTERS.match(value.strip()) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        raise ValidationError(PHONE_INVALID, code="phone")


def validate_date_window(value) -> None:
    """A date or date-time between EARLIEST_DATE and LATEST_DATE (its local calendar day)."""
    if value is None or value in ("", [], ()):
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not isinstance(day, datetime.date):
        return
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            DATE_OUT_OF_RANGE,
            code="date_out_of_range",
            params={
                "earliest": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
                "latest": date_format(LATEST_DATE, "SHORT_DATE_FORMAT"),
            },
        )


def validate_dates_in_window(**dates) -> None:
    """For services: ``ValidationError({name: message})`` for each named date outside the window."""
    errors = {}
    for name, value in dates.items():
        try:
            validate_date_window(value)
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)


def validate_no_control_characters(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(CONTROL_CHARACTER_FOUND, code="control_characters")


def without_control_characters(value):
    """Text for an export or a document: control characters dropped (stored before they were refused)."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return value


def _add_check(field_class, check) -> None:
    original = field_class.validate
    if getattr(original, "ake_checks", ()) and check in original.ake_checks:
        return

    def validate(self, value):
        original(self, value)
        check(value)

    validate.ake_checks = (*getattr(original, "ake_checks", ()), check)
    field_class.validate = validate


def _keep_typed_text(widget_class) -> None:
    original = widget_class.get_config
    if getattr(original, "keeps_typed_text", False):
        return

    def get_config(self):
        # The picker's default (validateOnBlur) puts the current date in place of unparsable text.
        return {**original(self), "validateOnBlur": False}

    get_config.keeps_typed_text = True
    widget_class.get_config = get_config


def install() -> None:
    """Adds the rules to Django's form fields and Wagtail's date widgets (idempotent)."""
    from wagtail.admin.widgets import datetime as wagtail_datetime

    for field_class in (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField):
        _add_check(field_class, validate_date_window)
    _add_check(forms.CharField, validate_no_control_characters)
    for widget_class in (
        wagtail_datetime.AdminDateInput,
        wagtail_datetime.AdminTimeInput,
        wagtail_datetime.AdminDateTimeInput,
    ):
        _keep_typed_text(widget_class)
