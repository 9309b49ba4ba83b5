"""Wagtail admin for surveys: AKE builds a survey with its questions on one page, previews it, sends
the invitations and reminders, follows the response rate and reads the results."""

from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from ake.languages import missing_languages_column, translated_panels

from . import admin_views
from .feedback import OVERALL
from .models import EvaluationNote, QuestionKind, Survey, SurveyKind

CONDITION_KINDS = (QuestionKind.SCALE, QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO)
SURVEY_PAGES = [
    (_("Results"), "results", "view", 11),
    (_("Send invitations"), "send", "mail", 12),
    (_("Preview"), "preview", "search", 13),
]


def _buttons(survey, button_class) -> list:
    buttons = []
    for label, view, icon, rank in SURVEY_PAGES:
        if view in ("preview", "results"):
            url = reverse(f"surveys:{view}", args=[survey.pk])
        else:
            url = reverse(f"surveys_survey:{view}", args=[survey.pk])
        buttons.append(button_class(label, url=url, icon_name=icon, priority=rank))
    return buttons


class SurveyForm(WagtailAdminModelForm):
    """Short names unique, and a condition names an earlier question that can be answered.

    Checked after the questions' own forms are cleaned (the cluster form cleans its formsets after
    the survey's fields), with the message next to the field of the question concerned.
    """

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("questions")
        if formset is None:
            return valid
        forms = [form for form in formset.forms if getattr(form, "cleaned_data", None)]
        forms = [form for form in forms if not form.cleaned_data.get("DELETE")]
        forms.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        seen: dict[str, str] = {}
        for form in forms:
            data = form.cleaned_data
            # Django's formset check of the unique constraint removes a repeated key from
            # cleaned_data (with a generic message at the top): the typed value says which.
            key = data.get("key") or (form.data.get(form.add_prefix("key")) or "").strip()
            if key and key in seen:
                if "key" in form.cleaned_data:
                    form.add_error("key", _("Another question already has this short name."))
                else:
                    form.errors.setdefault("key", form.error_class()).append(
                        _("Another question already has this short name.")
                    )
                valid = False
            condition = data.get("show_if_key")
            if condition and "show_if_key" not in form.errors:
                kind = seen.get(condition)
                if kind is None:
                    form.add_error("show_if_key", _("Give the short name of an earlier question."))
                    valid = False
                elif kind not in CONDITION_KINDS:
                    form.add_error(
                        "show_if_key",
                        _("A condition can refer to a scale, a choice or a yes/no question only."),
                    )
                    valid = False
            if key and key not in seen:
                seen[key] = data.get("kind")
            training = self.cleaned_data.get("kind") == SurveyKind.TRAINING
            if (
                training
                and key == OVERALL
                and data.get("kind") != QuestionKind.SCALE
                and "kind" not in form.errors
            ):
                form.add_error("kind", _("The overall rating of a training feedback is a scale 1–5."))
                valid = False
        if self.cleaned_data.get("kind") == SurveyKind.TRAINING and OVERALL not in seen:
            # B4 averages the overall rating of every training's feedback (surveys/feedback.py).
            self.add_error(
                "kind", _("A training feedback needs its overall rating: a scale question 'overall'.")
            )
            valid = False
        return valid


class SurveyIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The response rate beside each survey, counted in the listing's one query.
        return (
            super()
            .get_base_queryset()
            .annotate(
                invited=Count("invitations", distinct=True),
                answered=Count("invitations", filter=Q(invitations__answered=True), distinct=True),
                response_count=Count("responses", distinct=True),
            )
        )

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + _buttons(instance, MenuItem)


class SurveyEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        return super().header_more_buttons + _buttons(self.object, Button)


def _rate(survey) -> str:
    if not survey.invited:
        return f"{survey.response_count}"
    return f"{survey.answered}/{survey.invited} ({round(survey.answered / survey.invited * 100)} %)"


class SurveyViewSet(ModelViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Surveys")
    index_view_class = SurveyIndexView
    edit_view_class = SurveyEditView
    inspect_view_enabled = False
    list_display = [
        "title",
        "kind",
        "year",
        "opens_at",
        "closes_at",
        # Capitalised like the model fields' headings beside it (Wagtail capitalises those).
        Column("rate", label=capfirst(_("answered / invited")), accessor=_rate),
        missing_languages_column(),
    ]
    list_filter = ["kind", "year"]
    search_fields = ["title_fi", "title_sv", "title_en"]
    ordering = ["-opens_at"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("year")]),
                    *translated_panels("title"),
                    *translated_panels("intro", stacked=True),
                ],
                heading=_("Survey"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("activity"),
                    FieldPanel("event"),
                    FieldPanel("coffee_hour_year"),
                    FieldPanel("campaign"),
                    FieldPanel("project"),
                    FieldPanel("partnership"),
                    FieldPanel("group"),
                    FieldPanel("feedback_for_kind"),
                ],
                heading=_("The activity it evaluates (pilot survey, training feedback)"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                    FieldRowPanel([FieldPanel("open_by_link"), FieldPanel("threshold")]),
                ],
                heading=_("Answering"),
            ),
            InlinePanel(
                "questions",
                heading=_("Questions, in order (a section heading starts a new section)"),
                label=_("question"),
                panels=[
                    FieldRowPanel(
                        [
                            FieldPanel("kind"),
                            FieldPanel("key"),
                            FieldPanel("required"),
                            FieldPanel("headline"),
                        ]
                    ),
                    *translated_panels("text", "help_text"),
                    *translated_panels("options", stacked=True),
                    *translated_panels("scale_low", "scale_high"),
                    FieldRowPanel([FieldPanel("show_if_key"), FieldPanel("show_if_answer")]),
                ],
            ),
        ],
        base_form_class=SurveyForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/send/", admin_views.send, name="send"),
        ]


class EvaluationNoteViewSet(ModelViewSet):
    """AKE's "successes / to improve" of a year, shown in the report's evaluation section."""

    model = EvaluationNote
    icon = "doc-full"
    menu_label = _("Evaluation in the report")
    list_display = ["year", missing_languages_column()]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [FieldPanel("year"), *translated_panels("successes", "improvements", stacked=True)]
    )


class SurveysMenuGroup(ViewSetGroup):
    menu_label = _("Surveys")
    menu_icon = "form"
    menu_order = 260
    items = (SurveyViewSet("surveys_survey"), EvaluationNoteViewSet("surveys_evaluation"))
