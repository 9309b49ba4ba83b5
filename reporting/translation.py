"""The report's translated texts: Table 1 labels and Table 2 rows (django-modeltranslation).

The report reads the columns label_fi/label_sv/label_en by name (its figures keep all three
languages), so the modeltranslation query rewriting never touches its aggregations.
"""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import Action, Goal, IndicatorDefinition, ManualValue, StaffResource


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("label",)


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("label",)


# IndicatorDefinition.plan_wording is not translated: it quotes the Finnish plan word for word
# (shown with lang="fi"); the code is an identifier.
@register(IndicatorDefinition)
class IndicatorDefinitionTranslation(TranslationOptions):
    fields = ("label",)


# The note AKE gives with a value entered by hand is shown beside the value in the report and its
# drill-down; the snapshot keeps it in all three languages like the labels.
@register(ManualValue)
class ManualValueTranslation(TranslationOptions):
    fields = ("note",)


@register(StaffResource)
class StaffResourceTranslation(TranslationOptions):
    fields = ("title", "main_tasks")
