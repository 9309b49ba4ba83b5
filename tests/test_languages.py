"""Model texts in Finnish, Swedish and English through django-modeltranslation (issue #14).

One fallback rule in one place (settings.AKE_LANGUAGE_FALLBACKS), every registered model's texts in
three columns, no hand-written per-language field left, a Swedish page that shows the Swedish text
and falls back to Finnish, and an admin form that takes the three languages (Finnish required).
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from modeltranslation.fields import TranslationField

from ake import languages

OUR_APPS = ("ake", "networks", "extranet", "trainings", "loans", "reporting", "finance", "surveys")

# Every model with user-visible texts, with the texts that must be translatable. A new model with
# texts is added here (and in its app's translation.py).
EXPECTED = {
    "extranet.NoticeCategory": ("name",),
    "extranet.NoticeSeries": ("name", "description"),
    "networks.Library": ("name", "municipality"),
    "networks.WorkingGroup": ("name", "description"),
    "networks.GroupActionPlan": ("basic_activity", "development_goals", "resources"),
    "networks.RotationPlacement": ("title", "description", "onboarding_plan"),
    "networks.DevelopmentProject": ("name", "description", "purpose", "resources", "partners", "results"),
    "networks.ProjectObjective": ("objective", "target", "outcome"),
    "networks.ProjectMilestone": ("title",),
    "networks.Campaign": ("theme", "description"),
    "networks.ActionPlanAction": ("timing", "action", "responsible"),
    "networks.ActionPlanCost": ("description",),
    "networks.Partnership": ("theme", "planned_actions"),
    "networks.BookFair": ("notes",),
    "loans.Kit": ("name", "description", "target_group", "contents"),
    "loans.KitPhoto": ("caption",),
    "loans.KitDocument": ("label",),
    "reporting.Goal": ("label",),
    "reporting.Action": ("label",),
    "reporting.IndicatorDefinition": ("label",),
    "reporting.StaffResource": ("title", "main_tasks"),
    "reporting.ManualValue": ("note",),
    "trainings.GuestLibrary": ("name",),
    "trainings.Event": (
        "title",
        "summary",
        "description",
        "venue",
        "cancellation_reason",
        "theme",
        "organiser",
        "municipality",
    ),
    "trainings.PickupPoint": ("name",),
    "trainings.ViewingRoom": ("address",),
    "trainings.Material": ("title",),
    "trainings.RegistrationQuestion": ("text", "options"),
    "trainings.ThemeWeek": ("name",),
    "trainings.ParticipantMessage": ("subject", "body"),
    "surveys.Survey": ("title", "intro"),
    "surveys.Question": ("text", "help_text", "options", "scale_low", "scale_high"),
    "surveys.EvaluationNote": ("successes", "improvements"),
}

# Free texts (CharField/TextField without choices) deliberately NOT translated, with the reason. A new
# text field of one of our models is either registered in <app>/translation.py (and listed above) or
# listed here; test_every_text_field_is_translated_or_deliberately_not fails otherwise.
IDENTIFIER = "an identifier, key, token, hash or code"
WRITTEN_AS_IS = "written by one person in their own language and read as written"
NAME = "a person's or organisation's name, an address or a place as written"
RENDERED = "already rendered in the recipient's language"
INTERNAL = "AKE's own bookkeeping, read by AKE only"
DELIBERATELY_UNTRANSLATED = {
    "ake.DemoDataLoad": {"key": IDENTIFIER},
    "ake.OutboxMail": dict.fromkeys(
        ("key", "purpose", "from_email", "subject", "body", "html", "last_error"), RENDERED
    ),
    "networks.Library": {"source_note": INTERNAL},
    "networks.LibraryEmailDomain": {"domain": IDENTIFIER},
    "networks.CountedLibraries": {"note": INTERNAL},
    "networks.User": {
        "password": IDENTIFIER,
        **dict.fromkeys(("first_name", "last_name", "title", "phone"), NAME),
    },
    "networks.AccessRequest": {
        **dict.fromkeys(("first_name", "last_name", "organisation", "password_hash"), NAME),
        "reason": WRITTEN_AS_IS,
        "decision_note": WRITTEN_AS_IS,
    },
    "networks.LoginFailure": {"client": IDENTIFIER, "key": IDENTIFIER},
    "networks.PartnerVisit": {"participants": NAME},
    "networks.FundingApplication": {"funder": NAME},
    # The platform's own module name, the key of the Liboppi CSV import.
    "networks.LiboppiModule": {"title": IDENTIFIER},
    "networks.LiboppiCompletion": {"person_ref": IDENTIFIER},
    "networks.GroupJoinRequest": {"message": WRITTEN_AS_IS, "decision_note": WRITTEN_AS_IS},
    "networks.RotationWish": {"interests": WRITTEN_AS_IS, "timing": WRITTEN_AS_IS},
    "networks.RotationPeriod": {
        "person_ref": IDENTIFIER,
        "home_supervisor": NAME,
        "host_supervisor": NAME,
        "onboarding_plan": WRITTEN_AS_IS,
        "experience_story": WRITTEN_AS_IS,
    },
    "networks.LibraryVisit": {"summary": WRITTEN_AS_IS, "internal_notes": INTERNAL},
    "extranet.TrainingWish": {"text": WRITTEN_AS_IS},
    "extranet.Subscription": {"token_key": IDENTIFIER, "undeliverable_reason": INTERNAL},
    "extranet.Delivery": {"last_error": INTERNAL},
    "trainings.GuestLibrary": {"municipality": NAME, "region": NAME},
    "trainings.Event": {"co_organisers": NAME, "address": NAME},
    "trainings.CountedGroups": {"note": INTERNAL},
    "trainings.ViewingRoom": {"support_person": NAME},
    "trainings.Registration": {
        **dict.fromkeys(("guest_organisation", "first_name", "last_name", "phone", "language"), NAME),
        **dict.fromkeys(("diet", "accessibility", "emergency_contact"), WRITTEN_AS_IS),
    },
    "trainings.RegistrationAnswer": {"value": WRITTEN_AS_IS},
    "trainings.Attendance": {"guest_organisation": NAME, "name": NAME, "language": IDENTIFIER},
    "trainings.PresenterConsent": {"presenter": NAME, "recorded_by": NAME},
    "trainings.EventMail": {"language": IDENTIFIER, "last_error": INTERNAL},
    "trainings.CalendarFeedToken": {"token": IDENTIFIER},
    "trainings.ThemeWeekParticipation": {"note": WRITTEN_AS_IS},
    "trainings.MessageRecipient": {"name": NAME, "language": IDENTIFIER},
    "loans.KitUnit": {"code": IDENTIFIER, "note": INTERNAL},
    "loans.KitBooking": dict.fromkeys(
        ("notes", "rule_notes", "decision_reason", "condition_notes", "missing_contents"), WRITTEN_AS_IS
    ),
    "loans.KitBookingEvent": {"note": WRITTEN_AS_IS},
    "loans.KitReminder": {"last_error": INTERNAL},
    # A loan's bibliographic data and correspondence are records of the loan as it was.
    "loans.InterlibraryLoan": dict.fromkeys(
        (
            "title",
            "author",
            "identifier",
            "outside_library",
            "contact_name",
            "not_supplied_reason",
            "notes",
            "external_id",
        ),
        NAME,
    ),
    "loans.InterlibraryMonthlyTotal": {"note": INTERNAL},
    # plan_wording quotes the Finnish plan word for word (shown with lang="fi").
    "reporting.IndicatorDefinition": {"code": IDENTIFIER, "plan_wording": "a quotation of the Finnish plan"},
    "reporting.ManualValue": {"entered_by_name": NAME},
    "reporting.StaffResource": {"position_number": IDENTIFIER},
    "reporting.ReportSnapshot": {"content_hash": IDENTIFIER, "frozen_by_name": NAME},
    "reporting.FreezeLogEntry": {"by_name": NAME},
    "reporting.PdfRender": {"language": IDENTIFIER, "content_hash": IDENTIFIER, "error": INTERNAL},
    "finance.Cost": {"description": INTERNAL, "payee": NAME},
    "finance.BudgetLine": {"note": INTERNAL},
    "surveys.Survey": {"link_key": IDENTIFIER},
    # A condition names an earlier question's short name and an answer's number, yes or no.
    "surveys.Question": {"show_if_key": IDENTIFIER, "show_if_answer": IDENTIFIER},
    "surveys.Invitation": {"language": IDENTIFIER, "nonce": IDENTIFIER},
    "surveys.Answer": {"text": WRITTEN_AS_IS},
}
# The development projects' plan texts are being moved by another change (issue #14, project plans).
PENDING: dict[str, set] = {}

# Hand-written per-language fields still waiting for their move (the list only shrinks).
NOT_YET_MOVED: dict[str, tuple] = {}


def test_the_fallback_rule_is_one_setting():
    assert settings.MODELTRANSLATION_FALLBACK_LANGUAGES is settings.AKE_LANGUAGE_FALLBACKS
    assert settings.MODELTRANSLATION_DEFAULT_LANGUAGE == "fi"
    assert languages.LANGUAGES == ("fi", "sv", "en")
    # Swedish and English fall back to Finnish first; the remaining language is the last resort.
    assert languages.fallback_chain("sv") == ("sv", "fi", "en")
    assert languages.fallback_chain("en") == ("en", "fi", "sv")
    assert languages.fallback_chain("fi") == ("fi", "sv", "en")
    assert languages.fallback_chain("de") == ("fi", "sv", "en")


def test_the_fallback_rule_changes_in_that_one_place(settings):
    settings.AKE_LANGUAGE_FALLBACKS = {"default": ("fi",), "sv": ("fi",), "en": ("sv", "fi")}
    assert languages.fallback_chain("en") == ("en", "sv", "fi")
    assert languages.fallback_chain("sv") == ("sv", "fi")


@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_every_listed_model_has_its_texts_in_three_languages(label):
    model = apps.get_model(label)
    assert set(EXPECTED[label]) <= set(languages.translated_fields(model)), label
    for name in EXPECTED[label]:
        for code in ("fi", "sv", "en"):
            field = model._meta.get_field(f"{name}_{code}")
            assert isinstance(field, TranslationField), f"{label}.{name}_{code}"
        # Finnish is required where the text is; Swedish and English are never.
        original = model._meta.get_field(name)
        assert model._meta.get_field(f"{name}_fi").blank == original.blank
        assert model._meta.get_field(f"{name}_sv").blank
        assert model._meta.get_field(f"{name}_en").blank


def test_every_registered_model_is_listed_and_has_three_columns():
    registered = {model._meta.label: model for model in languages.translated_models()}
    ours = {label for label in registered if label.split(".")[0] in OUR_APPS}
    assert ours == set(EXPECTED)
    for label in ours:
        for name in languages.translated_fields(registered[label]):
            for code in languages.LANGUAGES:
                registered[label]._meta.get_field(f"{name}_{code}")


def test_no_hand_written_language_field_is_left():
    """A field named like `x_sv` that modeltranslation does not manage is a hand-written translation."""
    left = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.name.endswith(("_fi", "_sv", "_en")) and not isinstance(field, TranslationField):
                if field.name[:-3] in NOT_YET_MOVED.get(model._meta.label, ()):
                    continue
                left.append(f"{model._meta.label}.{field.name}")
    assert left == [], "use <app>/translation.py instead"


def _free_text_fields(model):
    from wagtail.models import Page

    if issubclass(model, Page):  # pages are translated by Wagtail's locales, one page per language
        return []
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, (TranslationField, models.EmailField, models.URLField, models.SlugField))
        and not field.choices
    ]


def test_every_text_field_is_translated_or_deliberately_not():
    undecided = []
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in OUR_APPS:
            continue
        translated = set(languages.translated_fields(model))
        for name in _free_text_fields(model):
            if name in translated or name in DELIBERATELY_UNTRANSLATED.get(label, {}):
                continue
            if name in PENDING.get(label, ()):
                continue
            undecided.append(f"{label}.{name}")
    assert undecided == [], "register in <app>/translation.py or list in DELIBERATELY_UNTRANSLATED"
    # The list is not stale: a field named there exists and is not translated after all.
    for label, fields in DELIBERATELY_UNTRANSLATED.items():
        model = apps.get_model(label)
        for name in fields:
            assert name in _free_text_fields(model), f"{label}.{name}"
            assert name not in languages.translated_fields(model), f"{label}.{name}"


@pytest.mark.django_db
def test_missing_languages_and_finnish_only():
    from extranet.models import NoticeSeries

    series = NoticeSeries.objects.create(name_fi="Digivinkit", name_sv="Digitips", slug="digi")
    assert languages.missing_languages(series) == ["en"]
    series.name_en = "Digital tips"
    assert languages.missing_languages(series) == []
    series.description_fi = "Vinkkejä."
    assert languages.missing_languages(series) == ["sv", "en"]
    with translation.override("sv"):
        assert series.name == "Digitips"
        assert series.description == "Vinkkejä."  # falls back to Finnish
    with translation.override("en"):
        assert series.name == "Digital tips"
    assert languages.text(series, "description", "sv") == "Vinkkejä."


@pytest.mark.django_db
def test_creating_with_the_plain_name_fills_finnish_whatever_the_active_language():
    from extranet.models import NoticeCategory

    with translation.override("sv"):
        category = NoticeCategory.objects.create(name="Utbildningar", slug="utb")
    category.refresh_from_db()
    assert category.name_sv == "Utbildningar"
    assert category.name_fi == "Utbildningar"  # never a record without Finnish


@pytest.mark.django_db
def test_a_swedish_page_shows_swedish_texts_and_falls_back_to_finnish(client):
    from extranet.models import NoticeCategory

    NoticeCategory.objects.create(name_fi="Koulutukset", name_sv="Utbildningar", slug="koulutukset")
    NoticeCategory.objects.create(name_fi="Työryhmät", slug="tyoryhmat")
    with translation.override("sv"):
        url = reverse("extranet:subscribe")
    assert url.startswith("/sv/")
    page = client.get(url).content.decode()
    assert "Utbildningar" in page and "Koulutukset" not in page
    assert "Työryhmät" in page  # no Swedish name: the Finnish one
    with translation.override("en"):
        page = client.get(reverse("extranet:subscribe")).content.decode()
    assert "Koulutukset" in page  # no English name: the Finnish one


@pytest.mark.django_db
def test_the_admin_form_takes_three_languages_and_requires_finnish(client, editor):
    from extranet.models import NoticeCategory

    client.force_login(editor)
    url = reverse("wagtailsnippets_extranet_noticecategory:add")
    form = client.get(url).content.decode()
    for code in ("fi", "sv", "en"):
        assert f'name="name_{code}"' in form
    data = {"name_fi": "", "name_sv": "Utbildningar", "name_en": "Trainings", "slug": "k", "sort_order": 1}
    response = client.post(url, data)
    assert response.status_code == 200  # refused: Finnish is required
    assert not NoticeCategory.objects.filter(slug="k").exists()
    client.post(url, {**data, "name_fi": "Koulutukset"})
    category = NoticeCategory.objects.get(slug="k")
    names = (category.name_fi, category.name_sv, category.name_en)
    assert names == ("Koulutukset", "Utbildningar", "Trainings")


def test_translated_fields_are_plain_columns():
    """No query per row: the translations are columns of the model's own table."""
    for model in languages.translated_models():
        for name in languages.translated_fields(model):
            field = model._meta.get_field(f"{name}_sv")
            assert field.concrete and not isinstance(field, models.ForeignObject)


@pytest.mark.django_db
def test_saving_only_the_original_field_saves_the_active_language():
    """`save(update_fields=["cancellation_reason"])`, as the services do, stores the active language."""
    import datetime

    from trainings.models import Event

    start = datetime.datetime(2031, 5, 1, 9, tzinfo=datetime.UTC)
    event = Event.objects.create(title="Koulutus", format="remote", start=start, end=start)
    with translation.override("sv"):
        event.cancellation_reason = "Utbildaren är sjuk."
        event.save(update_fields=["cancellation_reason"])
    event.refresh_from_db()
    assert event.cancellation_reason_sv == "Utbildaren är sjuk."
    with translation.override("en"):
        assert event.cancellation_reason == "Utbildaren är sjuk."  # no English, no Finnish: the Swedish


@pytest.mark.django_db
def test_grouping_a_translated_model_ignores_its_default_ordering():
    """modeltranslation issue #559: the default ordering must not split a GROUP BY into single rows."""
    import datetime

    from django.db.models import Count

    from trainings.models import Event

    start = datetime.datetime(2031, 5, 1, 9, tzinfo=datetime.UTC)
    for hours in range(3):
        moment = start + datetime.timedelta(hours=hours)
        Event.objects.create(title=f"Koulutus {hours}", format="remote", start=moment, end=moment)
    assert dict(Event.objects.values_list("kind").annotate(n=Count("pk"))) == {"training": 3}
