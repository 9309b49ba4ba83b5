"""The trainings app's translated model texts (django-modeltranslation; see ake/languages.py)."""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import (
    Event,
    FeedbackQuestion,
    GuestLibrary,
    Material,
    ParticipantMessage,
    PickupPoint,
    RegistrationQuestion,
)


@register(GuestLibrary)
class GuestLibraryTranslation(TranslationOptions):
    fields = ("name",)


@register(Event)
class EventTranslation(TranslationOptions):
    # The language of instruction stays its own field (`language`): a Swedish training may have a
    # Finnish description for Finnish speakers who want to practise Swedish.
    # The theme and the organiser are shown on the event page ("AKE / Turun kaupunginkirjasto" is
    # "AKE / Åbo stadsbibliotek" in Swedish); co-organisers, address and municipality are names as written.
    fields = ("title", "summary", "description", "venue", "cancellation_reason", "theme", "organiser")


@register(PickupPoint)
class PickupPointTranslation(TranslationOptions):
    fields = ("name",)


@register(FeedbackQuestion)
class FeedbackQuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("title",)


@register(RegistrationQuestion)
class RegistrationQuestionTranslation(TranslationOptions):
    fields = ("text", "options")


@register(ParticipantMessage)
class ParticipantMessageTranslation(TranslationOptions):
    # Written in one language or in several; each recipient gets theirs (ParticipantMessage.version_for).
    fields = ("subject", "body")
