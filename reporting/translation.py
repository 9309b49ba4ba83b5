"""The report's translated texts: Table 1 labels and Table 2 rows (django-modeltranslation).

The report reads the columns label_fi/label_sv/label_en by name (its figures keep all three
languages), so the modeltranslation query rewriting never touches its aggregations.
"""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import Action, Goal, IndicatorDefinition, StaffResource


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("label",)


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("label",)


@register(IndicatorDefinition)
class IndicatorDefinitionTranslation(TranslationOptions):
    fields = ("label",)


@register(StaffResource)
class StaffResourceTranslation(TranslationOptions):
    fields = ("title", "main_tasks")
