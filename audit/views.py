"""The admin's "Audit trail" (searchable by AKE admins) and each tracked record's "Change history"."""

import datetime

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pghistory.models import Events

from networks.models import User
from networks.roles import AKE_ADMINS, user_has_role

PAGE_SIZE = 50


def user_may_audit(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user_has_role(user, AKE_ADMINS))


def _require_auditor(request) -> None:
    if not user_may_audit(request.user):
        raise PermissionDenied


def audit_models() -> list:
    return [
        model for model in apps.get_app_config("audit").get_models() if hasattr(model, "pgh_tracked_model")
    ]


def tracked_models() -> dict[str, type]:
    """{"app_label.model": tracked model} for every model the trail follows (m2m rows under their table)."""
    found = {}
    for event_model in audit_models():
        tracked = event_model.pgh_tracked_model
        found[tracked._meta.label_lower] = tracked
    return found


def _model_choices():
    choices = [("", gettext_lazy("All records"))]
    for label, model in sorted(tracked_models().items()):
        choices.append((label, f"{model._meta.verbose_name} ({label})"))
    return choices


class AuditSearchForm(forms.Form):
    model = forms.ChoiceField(label=gettext_lazy("Record type"), required=False)
    object = forms.IntegerField(label=gettext_lazy("Record id"), required=False, min_value=1)
    event = forms.IntegerField(label=gettext_lazy("Training event id"), required=False, min_value=1)
    actor = forms.CharField(
        label=gettext_lazy("Changed by (email or id)"), required=False, max_length=254, strip=True
    )
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[
            ("", gettext_lazy("All actions")),
            ("create", gettext_lazy("created")),
            ("update", gettext_lazy("changed")),
            ("delete", gettext_lazy("deleted")),
            ("role added", gettext_lazy("role added")),
            ("role removed", gettext_lazy("role removed")),
            ("library added", gettext_lazy("library added")),
            ("library removed", gettext_lazy("library removed")),
        ],
    )
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label=gettext_lazy("Value contains"), required=False, max_length=200, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = _model_choices()

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return data


def _events(models=None):
    return Events.objects.across(*(models or audit_models())).order_by("-pgh_created_at", "-pgh_id")


def _actor_ids(value: str) -> list[int]:
    if value.isdigit():
        return [int(value)]
    return list(User.objects.filter(email__iexact=value).values_list("pk", flat=True)) or [-1]


def search(form: AuditSearchForm):
    data = form.cleaned_data
    models = audit_models()
    if data.get("model"):
        models = [m for m in models if m.pgh_tracked_model._meta.label_lower == data["model"]]
    events = _events(models)
    if data.get("object"):
        events = events.filter(pgh_obj_id=str(data["object"]))
    if data.get("event"):
        events = events.filter(pgh_data__event=data["event"])
    if data.get("actor"):
        events = events.filter(pgh_context__user__in=_actor_ids(data["actor"]))
    if data.get("action"):
        events = events.filter(pgh_label=data["action"])
    tz = timezone.get_current_timezone()
    if data.get("since"):
        events = events.filter(
            pgh_created_at__gte=datetime.datetime.combine(data["since"], datetime.time(), tz)
        )
    if data.get("until"):
        end = datetime.datetime.combine(data["until"] + datetime.timedelta(days=1), datetime.time(), tz)
        events = events.filter(pgh_created_at__lt=end)
    if data.get("q"):
        events = events.filter(pgh_data__icontains=data["q"])
    return events


def _field_label(model, name):
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a column the model no longer has keeps its raw name
        return name, None
    return str(getattr(field, "verbose_name", name)), field


def _shown(field, value):
    if value is None or value == "":
        return "–"
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _row(event, users: dict, models_by_label: dict):
    model = models_by_label.get(event.pgh_obj_model.lower()) if event.pgh_obj_model else None
    if model is None:
        event_model = apps.get_model(event.pgh_model)
        model = event_model.pgh_tracked_model
    changes = []
    skip = {"id"}
    if event.pgh_diff:
        for name, (before, after) in sorted(event.pgh_diff.items()):
            label, field = _field_label(model, name.removesuffix("_id"))
            changes.append((label, _shown(field, before), _shown(field, after)))
    else:
        for name, value in sorted((event.pgh_data or {}).items()):
            if name in skip:
                continue
            label, field = _field_label(model, name.removesuffix("_id"))
            before, after = (
                ("", _shown(field, value)) if event.pgh_label != "delete" else (_shown(field, value), "")
            )
            changes.append((label, before, after))
    context = event.pgh_context or {}
    actor_id = context.get("user")
    if actor_id is None:
        actor = _("system (task or command)")
    elif actor_id in users:
        actor = users[actor_id]
    else:
        actor = _("erased account #%(id)s") % {"id": actor_id}
    return {
        "when": event.pgh_created_at,
        "model": model._meta.verbose_name,
        "model_label": model._meta.label_lower,
        "object_id": event.pgh_obj_id or (event.pgh_data or {}).get("user") or "",
        "action": event.pgh_label,
        "changes": changes,
        "actor": actor,
        "path": context.get("url", ""),
    }


def rows(events):
    events = list(events)
    actor_ids = {(e.pgh_context or {}).get("user") for e in events} - {None}
    users = {
        u.pk: f"{u.get_full_name() or u.email} <{u.email}>" for u in User.objects.filter(pk__in=actor_ids)
    }
    models_by_label = tracked_models()
    return [_row(event, users, models_by_label) for event in events]


def audit_trail(request):
    _require_auditor(request)
    form = AuditSearchForm(request.GET or None)
    page = None
    if form.is_bound and not form.is_valid():
        events = Events.objects.none()
    else:
        if not form.is_bound:
            form = AuditSearchForm({})
            form.is_valid()
        events = search(form)
    paginator = Paginator(events, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "audit/trail.html",
        {
            "page_title": _("Audit trail"),
            "form": form,
            "page": page,
            "rows": rows(page.object_list),
            "query": query.urlencode(),
        },
    )


def change_history(request, model_label: str, pk: int):
    _require_auditor(request)
    model = tracked_models().get(model_label)
    if model is None:
        raise Http404
    event_models = [m for m in audit_models() if m.pgh_tracked_model is model]
    events = _events(event_models).filter(pgh_obj_id=str(pk))
    paginator = Paginator(events, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("p"))
    instance = model._default_manager.filter(pk=pk).first()
    title = _("Change history: %(record)s") % {"record": instance if instance is not None else f"#{pk}"}
    return render(
        request,
        "audit/trail.html",
        {
            "page_title": title,
            "form": None,
            "page": page,
            "rows": rows(page.object_list),
            "query": "",
            "record_type": model._meta.verbose_name,
        },
    )


def history_url(instance) -> str | None:
    label = instance._meta.label_lower
    if label not in tracked_models():
        return None
    return reverse("audit_change_history", args=[label, instance.pk])


def install_history_buttons() -> None:
    """A "Change history" item in the "More" menu of every Wagtail edit view of a tracked record
    (bookings, interlibrary loans, manual values, targets, counted libraries, accounts), and on a
    training event's edit view the trail of its registrations and attendance. Shown to AKE admins."""
    from wagtail.admin.views.generic.models import EditView
    from wagtail.admin.widgets.button import Button

    if getattr(EditView, "_audit_buttons_installed", False):
        return
    original = EditView.get_header_more_buttons

    def get_header_more_buttons(self):
        buttons = list(original(self))
        instance = getattr(self, "object", None)
        if instance is None or instance.pk is None or not user_may_audit(self.request.user):
            return buttons
        url = history_url(instance)
        if url is None and instance._meta.label_lower == "trainings.event":
            url = reverse("audit_trail") + f"?event={instance.pk}"
        if url:
            buttons.append(Button(_("Change history"), url=url, icon_name="history", priority=90))
        return sorted(buttons)

    EditView.get_header_more_buttons = get_header_more_buttons
    EditView._audit_buttons_installed = True
