import contextlib
import csv
import datetime
import io

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ake.inputs import validate_phone
from ake.uploads import limited_rows, validate_spreadsheet
from networks.models import Library

from .models import (
    Audience,
    EventFormat,
    EventKind,
    EventLanguage,
    GuestLibrary,
    GuestRole,
    Participation,
    RegistrationQuestion,
)

RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]


def _month_choices(now: datetime.datetime) -> list[tuple[str, str]]:
    from django.utils.formats import date_format

    today = timezone.localdate(now)
    choices = [("", _("Upcoming"))]
    year, month = today.year, today.month
    for offset in range(-6, 13):
        y, m = divmod(month - 1 + offset, 12)
        day = datetime.date(year + y, m + 1, 1)
        choices.append((day.strftime("%Y-%m"), date_format(day, "YEAR_MONTH_FORMAT")))
    return choices


class CalendarFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds"))] + EventKind.choices
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All formats"))] + EventFormat.choices
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages"))] + EventLanguage.choices
    )
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[("", _("Everyone"))] + Audience.choices
    )
    month = forms.ChoiceField(label=_("Month"), required=False)
    past = forms.BooleanField(label=_("Past events"), required=False)

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = _month_choices(now or timezone.now())

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return datetime.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Choose a month from the list.")) from None

    def selector_kwargs(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q", ""),
            "kind": data.get("kind", ""),
            "format": data.get("format", ""),
            "language": data.get("language", ""),
            "audience": data.get("audience", ""),
            "month": data.get("month"),
            "past": data.get("past", False),
        }


class GuestOrganisationMixin:
    """A guest from outside the region: a library of the national list or an organisation as text."""

    def _guest_fields(self, *, role: bool):
        self.fields["guest_library"] = forms.ModelChoiceField(
            label=_("Library outside the region"),
            queryset=GuestLibrary.objects.order_by("name_fi"),
            required=False,
            empty_label=_("Not on the list"),
        )
        self.fields["guest_organisation"] = forms.CharField(
            label=_("Other organisation"),
            required=False,
            max_length=200,
            help_text=_("e.g. the regional state agency (AVI) or a university library"),
        )
        if role:
            self.fields["guest_role"] = forms.ChoiceField(
                label=_("Role"), choices=GuestRole.choices, initial=GuestRole.PARTICIPANT, required=False
            )

    def _clean_guest(self, data, *, required: bool):
        organisation = (data.get("guest_organisation") or "").strip()
        data["guest_organisation"] = organisation
        if required and not data.get("guest_library") and not organisation:
            self.add_error(
                "guest_organisation", _("Choose your library from the list or write your organisation.")
            )
        if data.get("guest_library") and organisation:
            self.add_error(
                "guest_organisation", _("Choose a library from the list or write an organisation, not both.")
            )
        return data


class RegistrationForm(GuestOrganisationMixin, forms.Form):
    """What a person tells about their own registration. The library is not asked: a staff member
        registers for the library of their profile, which the seat cap and the indicators count (AKE
        registers anyone for any library in the admin). A person without a library of the region (an
    account from outside it) registers as a guest for an event open to guests and names their
    organisation (``guest=True``)."""

    phone = forms.CharField(label=_("Phone"), required=False, max_length=40, validators=[validate_phone])
    participation = forms.ChoiceField(
        label=_("I take part"), choices=Participation.choices, widget=forms.RadioSelect, required=False
    )
    pickup_point = forms.ModelChoiceField(
        label=_("Shared transport"),
        queryset=None,
        required=False,
        empty_label=_("I travel on my own"),
        help_text=_("Ask for a seat in the shared transport from a pick-up point."),
    )
    diet = forms.CharField(label=_("Dietary needs"), required=False, max_length=300)
    accessibility = forms.CharField(label=_("Accessibility needs"), required=False, max_length=300)
    emergency_contact = forms.CharField(
        label=_("Emergency contact (name and phone)"), required=False, max_length=200
    )

    def __init__(
        self,
        *args,
        event,
        pickup_points=(),
        viewing_rooms=(),
        guest=False,
        questions=(),
        language="fi",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.event = event
        self.guest = guest
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = self._question_field(question, language)
        self.viewing_rooms = {str(room.pk): room for room in viewing_rooms}
        if viewing_rooms and event.has_remote:
            self.fields["viewing_room"] = forms.ChoiceField(
                label=_("Where do you follow the event?"),
                choices=[("", _("At my desk"))]
                + [
                    (
                        str(room.pk),
                        _("%(room)s (%(free)s seats left; support: %(support)s)")
                        % {
                            "room": room,
                            "free": max(room.seats - room.taken, 0),
                            "support": room.support_person or "–",
                        },
                    )
                    for room in viewing_rooms
                ],
                required=False,
                widget=forms.RadioSelect,
                help_text=_("A viewing room: follow the event together with others in a library."),
            )
        if guest:
            self._guest_fields(role=False)
            # The organisation first: it decides whether the person may register at all.
            order = ["guest_library", "guest_organisation"]
            self.order_fields(order + [name for name in self.fields if name not in order])
        if event.format != EventFormat.HYBRID:
            del self.fields["participation"]
        else:
            self.fields["participation"].required = True
        if not event.has_on_site:
            del self.fields["diet"]
        if event.kind != EventKind.STUDY_TRIP:
            del self.fields["emergency_contact"]
        if pickup_points:
            self.fields["pickup_point"].queryset = event.pickup_points.all()
            self.fields["pickup_point"].label_from_instance = self._pickup_label(pickup_points)
        else:
            del self.fields["pickup_point"]

    @staticmethod
    def _question_field(question: RegistrationQuestion, language: str) -> forms.Field:
        label = getattr(question, f"text_{language}", "") or question.text_fi or question.text
        if question.type == RegistrationQuestion.Type.CHOICE:
            options = question.option_list(language)
            return forms.ChoiceField(
                label=label,
                choices=[("", "---------")] + [(str(i), text) for i, text in enumerate(options)],
                required=question.required,
            )
        if question.type == RegistrationQuestion.Type.YES_NO:
            return forms.ChoiceField(
                label=label,
                choices=[("yes", _("yes")), ("no", _("no"))],
                widget=forms.RadioSelect,
                required=question.required,
            )
        return forms.CharField(label=label, max_length=1000, required=question.required)

    def answers(self) -> dict[int, str]:
        """The answers by question id: a choice as its Finnish option, yes/no as "yes" or "no"."""
        answers = {}
        for question in self.questions:
            value = (self.cleaned_data.get(f"q{question.pk}") or "").strip()
            if question.type == RegistrationQuestion.Type.CHOICE and value:
                options = question.option_list("fi")
                value = options[int(value)] if value.isdigit() and int(value) < len(options) else ""
            if value:
                answers[question.pk] = value
        return answers

    @staticmethod
    def _pickup_label(points):
        free = {p.pk: p.seats - p.taken for p in points}

        def label(point):
            departs = ""
            if point.departs_at:
                departs = f" {timezone.localtime(point.departs_at):%H:%M}"
            return _("%(name)s%(departs)s (%(free)s seats left)") % {
                "name": point.name,
                "departs": departs,
                "free": max(free.get(point.pk, 0), 0),
            }

        return label

    def clean(self):
        data = super().clean()
        if data.get("pickup_point") and data.get("participation") == Participation.REMOTE:
            self.add_error("pickup_point", _("Transport is only for those who take part on site."))
        if self.guest:
            self._clean_guest(data, required=True)
        room = self.viewing_rooms.get(data.get("viewing_room") or "")
        data["viewing_room"] = room
        if room is not None and data.get("participation") == Participation.ON_SITE:
            self.add_error("viewing_room", _("A viewing room is only for those who take part remotely."))
        return data


# --------------------------------------------------------------------------- admin forms
def _read_table(upload) -> list[list[str]]:
    """Rows of a CSV (comma or semicolon, UTF-8) or XLSX file; a header row is dropped."""
    name = upload.name.lower()
    validate_spreadsheet(upload, extensions=("csv", "txt", "xlsx"))
    if name.endswith(".xlsx"):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds of errors for a broken file
            raise forms.ValidationError(_("The file could not be read as an Excel workbook.")) from error
        try:
            rows = limited_rows(
                ["" if cell is None else str(cell) for cell in row]
                for row in workbook.worksheets[0].iter_rows(values_only=True)
            )
        finally:
            workbook.close()
    elif name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Save the CSV file as UTF-8 and try again.")) from None
        dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        rows = limited_rows(csv.reader(io.StringIO(text), dialect))
    else:
        raise forms.ValidationError(_("Upload a CSV or XLSX file."))
    header_words = ("mail", "posti", "name", "nimi", "namn")
    first_row = " ".join(rows[0]).lower() if rows else ""
    if first_row and "@" not in first_row and any(word in first_row for word in header_words):
        rows = rows[1:]
    return rows


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label=_("Participant list (CSV or XLSX)"),
        help_text=_("Columns: name, email, library. A header row is allowed."),
    )

    def clean_file(self):
        return _read_table(self.cleaned_data["file"])


class AttendanceImportForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses of those who attended"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line, e.g. copied from the attendance report of the remote meeting."),
    )
    file = forms.FileField(label=_("…or an attendance file (CSV or XLSX)"), required=False)
    participation = forms.ChoiceField(
        label=_("Mark them as taking part"), choices=Participation.choices, initial=Participation.REMOTE
    )

    def clean(self):
        data = super().clean()
        lines = [line for line in (data.get("emails") or "").splitlines() if line.strip()]
        if data.get("file"):
            for row in _read_table(data["file"]):
                found = next((cell for cell in row if "@" in cell), "")
                if found or any(cell.strip() for cell in row):
                    lines.append(found or row[0])
        if not lines:
            raise forms.ValidationError(_("Give the addresses or a file."))
        data["lines"] = lines
        return data


class AddParticipantForm(GuestOrganisationMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email address"))
    library = forms.ModelChoiceField(
        label=_("Library"),
        queryset=Library.objects.order_by("name_fi"),
        required=False,
        empty_label=_("A guest from outside the region"),
        help_text=_("For a guest, leave this empty and give their organisation below."),
    )
    participation = forms.ChoiceField(label=_("Takes part"), choices=Participation.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._guest_fields(role=True)

    def clean(self):
        data = super().clean()
        if data.get("library"):
            if data.get("guest_library") or (data.get("guest_organisation") or "").strip():
                self.add_error(
                    "library", _("Give either a library of the region or, for a guest, their organisation.")
                )
            data["guest_library"], data["guest_organisation"], data["guest_role"] = None, "", ""
            return data
        if "library" in self.errors:
            return data
        return self._clean_guest(data, required=True)


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the registrants)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
