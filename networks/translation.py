"""The networks app's translated model texts (django-modeltranslation; see ake/languages.py)."""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import Campaign, DevelopmentProject, GroupActionPlan, Library, RotationPlacement, WorkingGroup


@register(Library)
class LibraryTranslation(TranslationOptions):
    fields = ("name", "municipality")


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("name", "description")


# Newly translated (the text so far became the Finnish one). Staff forms write the language the
# writer uses; the fallback chain shows it in the other languages until someone translates it.
@register(GroupActionPlan)
class GroupActionPlanTranslation(TranslationOptions):
    fields = ("basic_activity", "development_goals", "resources")


@register(RotationPlacement)
class RotationPlacementTranslation(TranslationOptions):
    fields = ("title", "description", "onboarding_plan")


@register(DevelopmentProject)
class DevelopmentProjectTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("theme", "description")
