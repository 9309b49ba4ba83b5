"""The networks app's translated model texts (django-modeltranslation; see ake/languages.py)."""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import (
    ActionPlanAction,
    ActionPlanCost,
    BookFair,
    Campaign,
    DevelopmentProject,
    GroupActionPlan,
    Library,
    Partnership,
    ProjectMilestone,
    ProjectObjective,
    RotationPlacement,
    WorkingGroup,
)


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
    # The project plan and its results are on the public project page in fi/sv/en (issue #18).
    fields = ("name", "description", "purpose", "resources", "partners", "results")


@register(ProjectObjective)
class ProjectObjectiveTranslation(TranslationOptions):
    fields = ("objective", "target", "outcome")


@register(ProjectMilestone)
class ProjectMilestoneTranslation(TranslationOptions):
    fields = ("title",)


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("theme", "description")


# The schedule and costs of a group's action plan are shown with the plan, in every language.
@register(ActionPlanAction)
class ActionPlanActionTranslation(TranslationOptions):
    fields = ("timing", "action", "responsible")


@register(ActionPlanCost)
class ActionPlanCostTranslation(TranslationOptions):
    fields = ("description",)


# Not translated, on purpose: PartnerVisit.participants (people's names), LiboppiModule.title (the
# platform's own module name, the key of the Liboppi CSV import), CountedLibraries.note (AKE's own
# decision record, shown to no one else), LibraryVisit.summary/internal_notes, RotationWish and
# RotationPeriod texts, GroupJoinRequest.message, AccessRequest texts (written by one person in their
# own language, read as written), FundingApplication.funder (a proper name).
@register(Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("theme", "planned_actions")


@register(BookFair)
class BookFairTranslation(TranslationOptions):
    fields = ("notes",)
