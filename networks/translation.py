"""The networks app's translated model texts (django-modeltranslation; see ake/languages.py)."""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import Library, WorkingGroup


@register(Library)
class LibraryTranslation(TranslationOptions):
    fields = ("name", "municipality")


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("name", "description")
