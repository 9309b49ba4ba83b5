"""The surveys app's translated model texts (django-modeltranslation; see ake/languages.py)."""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import EvaluationNote, Question, Survey


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "options", "scale_low", "scale_high")


@register(EvaluationNote)
class EvaluationNoteTranslation(TranslationOptions):
    fields = ("successes", "improvements")
