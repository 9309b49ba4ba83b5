"""Wagtail admin for events and materials (the feedback questions are surveys: surveys/feedback.py)."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from ake.admin_listing import FastRowsMixin
from ake.languages import missing_languages_column, translated_panels

from . import admin_views, message_views
from .models import CountedGroups, Event, GuestLibrary, Material, ParticipantMessage
from .services import event_save, event_snapshot
from .viewsets_theme_weeks import ThemeWeekParticipationViewSet, ThemeWeekViewSet

EVENT_PAGES = [
    (_("Registrations and waitlist"), "participants", "group", 11),
    (_("Attendance"), "attendance", "tick", 12),
    (_("Feedback results"), "feedback", "pick", 13),
    (_("Feedback survey"), "feedback_survey", "form", 13),
    (_("Transport"), "transport", "site", 14),
    (_("Write to the participants"), "write", "mail", 16),
    (_("Copy as a new event"), "duplicate", "copy", 15),
    (_("Cancel the event"), "cancel", "cross", 25),
]


def _event_page_url(event, view) -> str:
    if view == "write":
        return reverse("trainings_message:add") + f"?event={event.pk}"
    return reverse(f"trainings_event:{view}", args=[event.pk])


def _event_page_buttons(event, button_class) -> list:
    return [
        button_class(label, url=_event_page_url(event, view), icon_name=icon, priority=rank)
        for label, view, icon, rank in EVENT_PAGES
    ]


class EventIndexView(FastRowsMixin, generic.IndexView):
    # Every row offers the same actions, each a link by the event's pk (permissions are the
    # editor's, not the event's): the buttons are built and rendered once per listing.
    rows_share_buttons = True

    def get_list_more_buttons(self, instance):
        # The same links as _event_page_url, each reversed once per listing (FastRowsMixin).
        def url(view):
            if view == "write":
                return self.row_url("trainings_message:add") + f"?event={instance.pk}"
            return self.row_url(f"trainings_event:{view}", instance.pk)

        return super().get_list_more_buttons(instance) + [
            MenuItem(label, url=url(view), icon_name=icon, priority=rank)
            for label, view, icon, rank in EVENT_PAGES
        ]


class EventCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        instance = super().save_instance()
        event_save(event=instance, previous=None)
        return instance


class EventEditView(generic.EditView):
    def get_object(self, queryset=None):
        event = super().get_object(queryset)
        # Taken before the form copies the posted values onto the instance.
        self.previous = event_snapshot(event)
        return event

    def save_instance(self):
        instance = super().save_instance()
        event_save(event=instance, previous=self.previous)
        return instance

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons + _event_page_buttons(self.object, Button)
        user = self.request.user
        # The event's costs (finance app): for those who record costs, of their own events unless
        # they may record any.
        if user.has_perm("finance.add_cost") or (
            user.has_perm("finance.record_event_cost") and self.object.created_by_id == user.pk
        ):
            buttons.append(
                Button(
                    _("Costs"),
                    url=reverse("finance_event_cost_record", args=[self.object.pk]),
                    icon_name="table",
                    priority=16,
                )
            )
        return buttons


class EventViewSet(ModelViewSet):
    model = Event
    icon = "date"
    menu_label = _("Events")
    index_view_class = EventIndexView
    add_view_class = EventCreateView
    edit_view_class = EventEditView
    copy_view_enabled = False  # "Copy as a new event" resets status, UID and registrations
    inspect_view_enabled = True
    list_display = ["title", "kind", "format", "start", "status", missing_languages_column()]
    list_filter = ["kind", "format", "language", "status", "start"]
    search_fields = [
        *("title_fi", "title_sv", "title_en", "summary_fi", "theme_fi", "venue_fi"),
        *("municipality_fi", "municipality_sv"),
    ]
    ordering = ["-start"]
    list_per_page = 50
    panels = [
        MultiFieldPanel(
            [
                *translated_panels("title", "summary"),
                *translated_panels("description", stacked=True),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("format"), FieldPanel("language")]),
                FieldPanel("audiences"),
                *translated_panels("theme"),
                FieldPanel("swedish_coplanned"),
            ],
            heading=_("Event"),
        ),
        MultiFieldPanel(
            [*translated_panels("organiser"), FieldPanel("co_organisers"), FieldPanel("working_group")],
            heading=_("Organisers"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("hours")]),
                *translated_panels("venue"),
                FieldPanel("address"),
                *translated_panels("municipality"),
                FieldPanel("host_library"),
                FieldPanel("online_url"),
            ],
            heading=_("Time and place"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration_required"), FieldPanel("open_to_guests")]),
                FieldPanel("approval_required"),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldRowPanel(
                    [FieldPanel("seats_on_site"), FieldPanel("seats_remote"), FieldPanel("max_per_library")]
                ),
                FieldPanel("offer_hours"),
                FieldRowPanel([FieldPanel("priority_group"), FieldPanel("open_to_all_from")]),
            ],
            heading=_("Registration"),
        ),
        InlinePanel(
            "registration_questions",
            heading=_("Registration questions"),
            label=_("registration question"),
            panels=[
                *translated_panels("text", "options"),
                FieldRowPanel([FieldPanel("type"), FieldPanel("required")]),
            ],
        ),
        InlinePanel(
            "viewing_rooms",
            heading=_("Viewing rooms (watch parties of a remote event)"),
            label=_("viewing room"),
            panels=[
                FieldPanel("host_library"),
                *translated_panels("address"),
                FieldRowPanel([FieldPanel("seats"), FieldPanel("support_person")]),
            ],
        ),
        InlinePanel(
            "pickup_points",
            heading=_("Shared transport"),
            label=_("pick-up point"),
            panels=[*translated_panels("name"), FieldPanel("departs_at"), FieldPanel("seats")],
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reminder_hours_before"), FieldPanel("feedback_hours_after")]),
                FieldPanel("feedback_enabled"),
                FieldPanel("purge_days_after"),
            ],
            heading=_("Mails and personal data"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), *translated_panels("cancellation_reason")],
            heading=_("Publication"),
        ),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/participants/", admin_views.participants, name="participants"),
            path("<int:pk>/attendance/", admin_views.attendance, name="attendance"),
            path("<int:pk>/feedback/", admin_views.feedback_results, name="feedback"),
            path("<int:pk>/feedback-survey/", admin_views.feedback_survey, name="feedback_survey"),
            path("<int:pk>/transport/", admin_views.transport, name="transport"),
            path("<int:pk>/duplicate/", admin_views.duplicate, name="duplicate"),
            path("<int:pk>/cancel/", admin_views.cancel, name="cancel"),
            path("<int:pk>/export.<str:fmt>", admin_views.export, name="export"),
        ]


class MaterialIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Publish or hide"),
                url=reverse("trainings_material:publish", args=[instance.pk]),
                icon_name="upload",
                priority=11,
            )
        )
        return buttons


class MaterialViewSet(ModelViewSet):
    model = Material
    icon = "media"
    menu_label = _("Materials and recordings")
    index_view_class = MaterialIndexView
    list_display = ["title", "event", "kind", "status", "review_date"]
    list_filter = ["kind", "status", "review_date"]
    search_fields = ["title_fi", "title_sv", "title_en", "event__title_fi"]
    ordering = ["-event__start"]
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [
        FieldPanel("event"),
        FieldPanel("kind"),
        *translated_panels("title"),
        FieldPanel("document"),
        FieldPanel("url"),
        FieldPanel("captions"),
        FieldRowPanel([FieldPanel("review_date"), FieldPanel("owner")]),
        InlinePanel(
            "consents",
            heading=_("Presenters' consents"),
            label=_("presenter"),
            panels=[
                FieldPanel("presenter"),
                FieldPanel("consent_given"),
                FieldRowPanel([FieldPanel("recorded_on"), FieldPanel("recorded_by")]),
            ],
        ),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/publish/", admin_views.material_publish, name="publish"),
        ]


class GuestLibraryViewSet(ModelViewSet):
    """The national list of libraries outside the region that guests choose from; AKE extends it."""

    model = GuestLibrary
    icon = "globe"
    menu_label = _("Libraries outside the region")
    list_display = ["name_fi", "name_sv", "name_en", missing_languages_column(), "municipality", "region"]
    search_fields = ["name_fi", "name_sv", "name_en", "municipality", "region"]
    ordering = ["name_fi"]
    copy_view_enabled = False
    edit_handler = ObjectList([*translated_panels("name"), FieldPanel("municipality"), FieldPanel("region")])


class CountedGroupsViewSet(ModelViewSet):
    """Which working groups indicator C1 covers in a year (default: the groups of the plan's section 3.2)."""

    model = CountedGroups
    icon = "group"
    menu_label = _("Groups counted in C1")
    list_display = ["year", "note"]
    copy_view_enabled = False
    form_fields = ["year", "groups", "note"]


class MessageCreateView(generic.CreateView):
    """Opened from an event, a working group, a campaign or a project: that source is filled in."""

    SOURCES = {
        "event": "event_id",
        "group": "working_group_id",
        "campaign": "campaign_id",
        "project": "project_id",
    }

    def get_initial_form_instance(self):
        instance = ParticipantMessage()
        for parameter, field in self.SOURCES.items():
            value = self.request.GET.get(parameter, "")
            if value.isdigit():
                setattr(instance, field, int(value))
        return instance

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_url(self):
        return reverse("trainings_message:preview", args=[self.object.pk])

    def get_success_message(self, instance):
        return _("Saved. Check the message as its recipients will see it, then send it.")


class MessageEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        # A sent message is a record of what went out: it is not changed afterwards.
        pk = kwargs.get("pk")
        if ParticipantMessage.objects.filter(pk=pk, sent_at__isnull=False).exists():
            return redirect("trainings_message:sent", pk)
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("trainings_message:preview", args=[self.object.pk])

    def get_success_message(self):
        return _("Saved. Check the message as its recipients will see it, then send it.")


class MessageIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("event", "working_group", "campaign", "project", "sent_by")
        )

    def get_edit_url(self, instance):
        if instance.sent_at is not None:
            return reverse("trainings_message:sent", args=[instance.pk])
        return reverse("trainings_message:preview", args=[instance.pk])


class ParticipantMessageViewSet(ModelViewSet):
    """Messages to participants, and the log of what was sent to whom and when."""

    model = ParticipantMessage
    icon = "mail"
    menu_label = _("Messages to participants")
    add_view_class = MessageCreateView
    edit_view_class = MessageEditView
    index_view_class = MessageIndexView
    list_display = ["__str__", "source_label", "sent_at", "recipient_count"]
    list_filter = ["sent_at"]
    search_fields = ["subject_fi", "subject_sv", "subject_en"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("event"), FieldPanel("audience")]),
                    FieldPanel("working_group"),
                    FieldPanel("campaign"),
                    FieldPanel("project"),
                ],
                heading=_("To whom"),
            ),
            MultiFieldPanel(
                [*translated_panels("subject"), *translated_panels("body", stacked=True)],
                heading=_("The message (in one language or several: each recipient gets theirs)"),
            ),
        ]
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/preview/", message_views.preview, name="preview"),
            path("<int:pk>/sent/", message_views.sent, name="sent"),
        ]


class EventsMenuGroup(ViewSetGroup):
    menu_label = _("Events")
    menu_icon = "date"
    menu_order = 200
    items = (
        EventViewSet("trainings_event"),
        MaterialViewSet("trainings_material"),
        GuestLibraryViewSet("trainings_guest_library"),
        CountedGroupsViewSet("trainings_counted_groups"),
        ThemeWeekViewSet("trainings_theme_week"),
        ThemeWeekParticipationViewSet("trainings_theme_week_participation"),
        ParticipantMessageViewSet("trainings_message"),
    )
