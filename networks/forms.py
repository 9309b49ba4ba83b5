from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ake.inputs import validate_phone
from ake.languages import LanguageSelect
from ake.uploads import validate_spreadsheet

from .models import Library, User
from .roles import LIBRARY_STAFF
from .selectors import library_for_email
from .services import access_request_create


def validate_one_line(value: str) -> None:
    """Names and titles go into mail, lists and exports as one line; a line break there is a mistake
    (or an attempt to add mail headers)."""
    if value and len(value.splitlines()) > 1:
        raise forms.ValidationError(_("Write this on one line, without line breaks."), code="line_break")


class LibraryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.parent_id:
            return f"{obj.name} ({obj.parent.name})"
        return obj.name


def _library_queryset():
    return Library.objects.select_related("parent").order_by("name_fi")


class LibrarySignupForm(SignupForm):
    """Sign-up by email. Addresses of a library's mail domain get an account; others an access request."""

    first_name = forms.CharField(label=_("First name"), max_length=150, validators=[validate_one_line])
    last_name = forms.CharField(label=_("Last name"), max_length=150, validators=[validate_one_line])
    library = LibraryChoiceField(
        label=_("Library"),
        queryset=Library.objects.none(),
        required=False,
        help_text=_("Leave empty to use the library of your email address."),
    )
    reason = forms.CharField(
        label=_("If your address is not a library address, tell AKE who you are"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = ["first_name", "last_name", "email", "library", "password1", "password2", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = _library_queryset()

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("library")
        by_domain = library_for_email(cleaned["email"]) if cleaned.get("email") else None
        # A branch of the address's library may be chosen; another organisation is an error, not
        # something to replace quietly with the address's library.
        if (
            chosen is not None
            and by_domain is not None
            and chosen.organisation_id != by_domain.organisation_id
        ):
            self.add_error(
                "library",
                _("Your address belongs to %(library)s: choose it, one of its branches, or nothing.")
                % {"library": by_domain.organisation},
            )
        return cleaned

    def try_save(self, request):
        email = self.cleaned_data["email"]
        if self.account_already_exists:
            # A new address costs a password hash (a third of a second in production), a taken one
            # nothing: hash here too, so the answer's timing does not tell which it was (issue #15
            # item 22). The "you already have an account" mail is an outbox row, sent by a task.
            make_password(self.cleaned_data.get("password1") or "")
        if library_for_email(email) is None:
            # Same answer whether or not the address already has an account (no enumeration).
            if self.account_already_exists:
                get_adapter(request).send_account_already_exists_mail(email)
            elif not (
                allauth_settings.SIGNUP_FORM_HONEYPOT_FIELD
                and self.cleaned_data.get(allauth_settings.SIGNUP_FORM_HONEYPOT_FIELD)
            ):
                access_request_create(
                    email=email,
                    first_name=self.cleaned_data["first_name"],
                    last_name=self.cleaned_data["last_name"],
                    library=self.cleaned_data.get("library"),
                    reason=self.cleaned_data.get("reason", ""),
                    raw_password=self.cleaned_data["password1"],
                    language=(get_language() or "fi")[:2],
                )
            return None, redirect("access_request_received")
        return super().try_save(request)

    def signup(self, request, user):
        chosen = self.cleaned_data.get("library")
        by_domain = library_for_email(user.email)
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.library = chosen or by_domain
        user.language = (get_language() or "fi")[:2]
        user.save()
        user.groups.add(Group.objects.get(name=LIBRARY_STAFF))


class ProfileForm(forms.ModelForm):
    library = LibraryChoiceField(label=_("Library"), queryset=Library.objects.none(), required=False)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "title", "phone", "library", "language"]
        widgets = {"language": LanguageSelect()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.library
        if current is not None:
            # Staff may move between the branches of their own organisation; AKE moves anyone further.
            organisation_id = current.organisation_id
            self.fields["library"].queryset = _library_queryset().filter(
                Q(pk=organisation_id) | Q(parent_id=organisation_id)
            )
            self.fields["library"].required = True
        else:
            self.fields["library"].disabled = True
            self.fields["library"].help_text = _("AKE sets your library when it approves your access.")
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        for name in ("first_name", "last_name", "title", "phone"):
            self.fields[name].validators.append(validate_one_line)
        self.fields["phone"].validators.append(validate_phone)


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be deleted permanently."),
        required=True,
    )


class GroupJoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to AKE (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RotationWishForm(forms.Form):
    interests = forms.CharField(
        label=_("What would you like to learn or see?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    timing = forms.CharField(
        label=_("When would suit you?"), max_length=200, help_text=_("e.g. two weeks in March-April 2025")
    )
    preferred_libraries = forms.ModelMultipleChoiceField(
        label=_("Libraries you would like to visit (optional)"),
        queryset=Library.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_libraries"].queryset = Library.objects.organisations().order_by("name_fi")


class RotationCostClaimForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of cost"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    claimed_amount = forms.DecimalField(
        label=_("Amount (EUR)"), min_value=0, max_value=10000, max_digits=9, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        from finance.models import ROTATION_CLAIM_CATEGORIES

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ROTATION_CLAIM_CATEGORIES


class RotationMatchForm(forms.Form):
    placement = forms.ModelChoiceField(label=_("Placement"), queryset=Library.objects.none())
    starts_on = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from .models import RotationPlacement

        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = RotationPlacement.objects.filter(
            status=RotationPlacement.Status.OPEN
        ).select_related("host_library")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return cleaned


class SimilarLibrariesForm(forms.Form):
    library = forms.ModelChoiceField(label=_("Library"), queryset=Library.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = Library.objects.organisations().order_by("name_fi")


class LiboppiImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: email or name, library, course, completed_on (d.m.yyyy). UTF-8, comma or semicolon."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_spreadsheet(upload, extensions=("csv", "txt"))
        return upload
