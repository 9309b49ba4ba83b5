"""The trainings app's translated model texts (django-modeltranslation; see ake/languages.py)."""

from modeltranslation.translator import register

from ake.languages import TranslationOptions

from .models import (
    Event,
    GuestLibrary,
    Material,
    ParticipantMessage,
    PickupPoint,
    RegistrationQuestion,
    ThemeWeek,
    ViewingRoom,
)


@register(GuestLibrary)
class GuestLibraryTranslation(TranslationOptions):
    fields = ("name",)


@register(Event)
class EventTranslation(TranslationOptions):
    # The language of instruction stays its own field (`language`): a Swedish training may have a
    # Finnish description for Finnish speakers who want to practise Swedish.
    # The theme and the organiser are shown on the event page ("AKE / Turun kaupunginkirjasto" is
    # "AKE / Åbo stadsbibliotek" in Swedish); co-organisers and the address are names as written. The
    # municipality has its official name in each language (Pomarkku is Påmark in Swedish), filled from
    # the Finnish one by Event.save (networks/municipalities.py).
    fields = (
        "title",
        "summary",
        "description",
        "venue",
        "cancellation_reason",
        "theme",
        "organiser",
        "municipality",
    )
    # modeltranslation takes a value equal to the field's default as "not translated" and falls back:
    # the Finnish organiser "AKE / Turun kaupunginkirjasto" (the default) then showed as the Swedish
    # "AKE / Åbo stadsbibliotek" on a Finnish certificate. Only an empty organiser falls back.
    fallback_undefined = {"organiser": ""}


# modeltranslation gives every language's column the original field's default: without this, an event
# made without its Swedish and English organiser showed "AKE / Turun kaupunginkirjasto" as Swedish and
# English text (found by the Swedish staff journey's mail check, issue #14).
ORGANISER_DEFAULTS = {"sv": "AKE / Åbo stadsbibliotek", "en": "AKE / Turku City Library"}
for _code, _default in ORGANISER_DEFAULTS.items():
    Event._meta.get_field(f"organiser_{_code}").default = _default


@register(PickupPoint)
class PickupPointTranslation(TranslationOptions):
    fields = ("name",)


# A viewing room is named where it is ("Pargas, Mötesrummet" on a Swedish page, "Parainen,
# Kokoushuone" on a Finnish one); the support person is a name as written.
@register(ViewingRoom)
class ViewingRoomTranslation(TranslationOptions):
    fields = ("address",)


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("title",)


@register(RegistrationQuestion)
class RegistrationQuestionTranslation(TranslationOptions):
    fields = ("text", "options")


@register(ThemeWeek)
class ThemeWeekTranslation(TranslationOptions):
    fields = ("name",)


@register(ParticipantMessage)
class ParticipantMessageTranslation(TranslationOptions):
    # Written in one language or in several; each recipient gets theirs (ParticipantMessage.version_for).
    fields = ("subject", "body")
