"""The loans app's translated model texts (django-modeltranslation; see ake/languages.py)."""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import Kit, KitDocument, KitPhoto


@register(Kit)
class KitTranslation(TranslationOptions):
    fields = ("name", "description", "target_group", "contents")


@register(KitPhoto)
class KitPhotoTranslation(TranslationOptions):
    fields = ("caption",)


@register(KitDocument)
class KitDocumentTranslation(TranslationOptions):
    fields = ("label",)


# Not translated, on purpose: KitUnit.code (an identifier), KitUnit.note, KitBooking's notes and
# reasons (written between a library and AKE about one loan), InterlibraryLoan's bibliographic data and
# InterlibraryMonthlyTotal.note (records of a loan as it was, not texts shown to readers).
