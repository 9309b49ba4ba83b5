"""The loans app's translated model texts (django-modeltranslation; see ake/languages.py)."""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import Kit


@register(Kit)
class KitTranslation(TranslationOptions):
    fields = ("name", "description", "target_group")
