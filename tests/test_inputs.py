"""What every form accepts (issue #15, items 7 and 8): dates within a sane window, text without
control characters, each refused with a message next to the field instead of a server error or an
export that fails later.

The rules live in ake/inputs.py as default validators of Django's form fields. The first tests walk
every form the project defines and every admin form Wagtail builds for our models and pages; the
others follow the defects as the users met them.
"""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from ake.inputs import EARLIEST_DATE, LATEST_DATE
from tests.loans.conftest import days, ensure_game_rule, make_kit
from tests.trainings.test_admin import _form_data

pytestmark = pytest.mark.django_db

OUR_APPS = ("ake", "networks", "extranet", "trainings", "loans", "reporting", "finance", "surveys")


def _import_project_modules() -> None:
    for app in OUR_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if any(part in module.name for part in (".migrations", ".settings", ".wsgi", ".asgi")):
                continue
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_form_classes() -> list[type]:
    _import_project_modules()
    return sorted(
        {
            form
            for form in _subclasses(forms.BaseForm)
            if form.__module__.split(".")[0] in OUR_APPS and "base_fields" in dir(form)
        },
        key=lambda form: f"{form.__module__}.{form.__qualname__}",
    )


def _admin_form_classes() -> list[tuple[str, type]]:
    """The create/edit forms Wagtail builds for our models (viewsets, snippets) and page types."""
    from wagtail.admin.viewsets import viewsets
    from wagtail.models import Page

    found = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            model = apps.get_model(model)
        if model is None or model._meta.app_label not in OUR_APPS or not hasattr(viewset, "get_form_class"):
            continue
        found.append((f"admin {model._meta.label}", viewset.get_form_class()))
    for model in apps.get_models():
        if issubclass(model, Page) and model._meta.app_label in OUR_APPS:
            found.append((f"page {model._meta.label}", model.get_edit_handler().get_form_class()))
    return found


def _all_form_classes():
    return [(f"{f.__module__}.{f.__qualname__}", f) for f in _project_form_classes()] + _admin_form_classes()


def _fields(form_class):
    yield from form_class.base_fields.items()


def _date_samples(field):
    early = EARLIEST_DATE - datetime.timedelta(days=1)
    late = LATEST_DATE + datetime.timedelta(days=1)
    if isinstance(field, forms.SplitDateTimeField):
        return [["0001-01-01", "00:00"], [late.isoformat(), "12:00"], ["9999-12-31", "23:59"]]
    if isinstance(field, forms.DateTimeField):
        return ["0001-01-01 00:00", f"{early.isoformat()} 12:00", "9999-12-31 23:59"]
    return ["0001-01-01", early.isoformat(), late.isoformat(), "9999-12-31"]


def _codes(error) -> set:
    return {e.code for e in error.error_list}


def test_every_date_field_of_every_form_refuses_dates_outside_the_window():
    checked, failures = 0, []
    for name, form_class in _all_form_classes():
        for field_name, field in _fields(form_class):
            if not isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField):
                continue
            for value in _date_samples(field):
                checked += 1
                try:
                    field.clean(value)
                except forms.ValidationError as error:
                    if "date_out_of_range" not in _codes(error):
                        failures.append(f"{name}.{field_name} {value!r}: {error.messages}")
                except Exception as error:  # noqa: BLE001 - any other exception is the failure
                    failures.append(f"{name}.{field_name} {value!r}: {error!r}")
                else:
                    failures.append(f"{name}.{field_name} accepted {value!r}")
    assert checked > 100
    assert failures == []


def test_every_text_field_of_every_form_refuses_control_characters():
    checked, failures = 0, []
    for name, form_class in _all_form_classes():
        for field_name, field in _fields(form_class):
            if not isinstance(field, forms.CharField) or isinstance(field, forms.EmailField | forms.URLField):
                continue
            checked += 1
            try:
                field.clean("Kaukolaina\x01\x1b[31m")
            except forms.ValidationError as error:
                if "control_characters" not in _codes(error):
                    failures.append(f"{name}.{field_name}: {error.messages}")
            except Exception as error:  # noqa: BLE001 - any other exception is the failure
                failures.append(f"{name}.{field_name}: {error!r}")
            else:
                failures.append(f"{name}.{field_name} accepted a control character")
    assert checked > 100
    assert failures == []


def test_text_with_line_breaks_and_tabs_is_still_accepted():
    assert forms.CharField().clean("Rivi 1\r\nRivi 2\tsarake") == "Rivi 1\r\nRivi 2\tsarake"
    assert forms.DateField().clean(EARLIEST_DATE.isoformat()) == EARLIEST_DATE


# --------------------------------------------------------------------------- the defects as met
def test_a_kit_booking_returned_in_year_9999_gets_a_message_not_a_server_error(client, staff_user):
    """Item 7: OverflowError in KitTypeRule.blocked_range, on the booking and on its edit."""
    ensure_game_rule()
    kit = make_kit()
    client.force_login(staff_user)
    today = timezone.localdate()
    url = reverse("loans:kit_detail", args=[kit.pk])
    data = {"pickup_date": days(today, 10).isoformat(), "return_date": "9999-12-30", "delivery": "courier"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "return_date" in response.context["form"].errors
    ok = {**data, "return_date": days(today, 14).isoformat()}
    assert client.post(url, ok).status_code == 302
    booking = kit.bookings.get()
    response = client.post(reverse("loans:booking_edit", args=[booking.pk]), data)
    assert response.status_code == 400 and "return_date" in response.context["form"].errors
    response = client.post(reverse("loans:booking_extend", args=[booking.pk]), {"return_date": "9999-12-30"})
    assert response.status_code == 400 and "return_date" in response.context["form"].errors


def test_the_services_refuse_dates_outside_the_window_too(staff_user):
    """The admin and imports reach the booking services without the public form."""
    from django.core.exceptions import ValidationError

    from loans.services import kit_booking_create

    ensure_game_rule()
    kit = make_kit()
    with pytest.raises(ValidationError) as caught:
        kit_booking_create(
            kit=kit,
            library=staff_user.library,
            booked_by=staff_user,
            pickup_date=datetime.date(9999, 12, 1),
            return_date=datetime.date(9999, 12, 31),
            delivery="courier",
        )
    assert "pickup_date" in caught.value.message_dict or "return_date" in caught.value.message_dict


def test_year_one_in_the_event_admin_form_is_a_field_error(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("trainings_event:add"), _form_data(start="0001-01-01 10:00", end="0001-01-01 12:00")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"start", "end"} <= set(form.errors)
    assert "2000" in form.errors["start"][0]


def test_a_control_character_in_an_interlibrary_loan_title_is_refused(client, staff_user):
    """Item 8: the title `\\x01\\x1b[31m` was stored and broke the year's XLSX export."""
    from loans.models import InterlibraryLoan

    client.force_login(staff_user)
    response = client.post(
        reverse("loans:interlibrary_request"),
        {
            "title": "\x01\x1b[31mPunainen kirja",
            "contact_name": "Maija",
            "contact_email": "maija@kaarina.fi",
        },
    )
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert not InterlibraryLoan.objects.exists()


def test_a_control_character_in_a_phone_number_is_refused(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("profile"),
        {
            "first_name": "Maija",
            "last_name": "Virtanen",
            "phone": "040\x07123",
            "library": staff_user.library_id,
            "language": "fi",
        },
    )
    assert "phone" in response.context["form"].errors
    staff_user.refresh_from_db()
    assert "\x07" not in staff_user.phone
