from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ake.areas import EVENTS, REPORT, SEATS


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings and events")

    # What each model's rows can show in (ake/areas.py; None: no page shows them). A model left out
    # fails the tests (AKE_CHECK_CONTENT_AREAS): see README, "Content areas".
    content_areas = {
        "event": EVENTS,
        "pickuppoint": EVENTS,
        "registration": SEATS,
        "attendance": EVENTS,
        "feedbackreceipt": None,
        "feedbackresponse": None,
        "feedbackanswer": None,
        "material": EVENTS,
        "presenterconsent": EVENTS,
        "scheduledmailing": None,
        "eventmail": None,
        "calendarfeedtoken": None,
        # The national list guests choose from: shown on the registration form and in lists.
        "guestlibrary": EVENTS,
        "viewingroom": EVENTS,
        "registrationquestion": EVENTS,
        "registrationanswer": SEATS,
        # Which groups C1 covers: read by the report only.
        "countedgroups": REPORT,
        # Theme weeks: their staff page and the report's figure beside Table 1.
        "themeweek": (EVENTS, REPORT),
        "themeweekparticipation": (EVENTS, REPORT),
        # Messages to participants and their log: shown in the admin only, which reads them live.
        "participantmessage": None,
        "messagerecipient": None,
    }

    def ready(self):
        from networks.privacy import register_eraser, register_exporter, register_retention_job

        from . import indicators, providers  # noqa: F401 - registers the indicators and page providers
        from .records import register_record_types
        from .services import (
            event_mails_after_event,
            recordings_purge,
            user_participation_erase,
            user_participation_export,
        )

        register_exporter("trainings", user_participation_export)
        register_eraser("trainings", user_participation_erase)
        register_record_types()
        register_retention_job("event_mails", event_mails_after_event)
        register_retention_job("recordings", recordings_purge)
