"""The extranet's translated model texts (django-modeltranslation; see ake/languages.py)."""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import NoticeCategory, NoticeSeries


@register(NoticeCategory)
class NoticeCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(NoticeSeries)
class NoticeSeriesTranslation(TranslationOptions):
    fields = ("name", "description")
