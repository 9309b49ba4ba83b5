"""The trainings app's translated model texts (django-modeltranslation; see ake/languages.py)."""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import GuestLibrary


@register(GuestLibrary)
class GuestLibraryTranslation(TranslationOptions):
    fields = ("name",)
