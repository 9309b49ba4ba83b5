"""The moves of hand-written `x_fi`/`x_sv` fields to django-modeltranslation keep every value.

The migrations are walked forwards once from an empty database, in a database of its own, for this
file and the other files that check a move of old rows (tests/migration_walk.py, fixture ``walked``;
real PostgreSQL): at each move's `before` state its cases write a row through the historical model
with the old fields, and the walk goes on to the latest state. Each test then reads its rows with
the new model: the old Finnish and Swedish texts are the translation columns' values, the new
original column holds the Finnish text, and the active language reads with the one fallback rule.
(Migrating the test database back to each move and forward again took most of this file's minutes.)
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.utils import translation

from tests import migration_walk

# The walk commits its rows once for the run (in a database of its own); each test only reads them, in
# a transaction rolled back at its end.
pytestmark = pytest.mark.django_db


@dataclass
class Case:
    app: str
    before: str  # the last migration with the hand-written fields
    after: str  # the migration that moved them
    model: str
    old_values: dict  # written through the historical model before the move
    translated: tuple  # the fields now registered with modeltranslation
    extra: dict = field(default_factory=dict)  # other required values of the old row
    parents: object = None  # old_apps -> more required values (rows the old row points to)

    @property
    def move(self):
        return (self.app, self.before, self.after)

    @property
    def id(self):
        return f"{self.app}.{self.model}"


CASES = [
    Case(
        "extranet",
        "0005_issue15_legal_pages_and_messages",
        "0006_translated_texts",
        "NoticeCategory",
        {"name_fi": "Koulutukset", "name_sv": "Utbildningar", "name_en": "Trainings", "slug": "k"},
        ("name",),
    ),
    Case(
        "extranet",
        "0005_issue15_legal_pages_and_messages",
        "0006_translated_texts",
        "NoticeSeries",
        {
            "name_fi": "Kirjastojen kuulumiset",
            "name_sv": "Nytt från biblioteken",
            "description_fi": "Haastattelusarja.",
            "description_sv": "",
            "slug": "kuulumiset",
        },
        ("name", "description"),
    ),
    Case(
        "networks",
        "0013_merge_issue15",
        "0014_translated_texts",
        "Library",
        {
            "name_fi": "Testikylän kirjasto",
            "name_sv": "Testby bibliotek",
            "municipality_fi": "Parainen",
            "municipality_sv": "Pargas",
        },
        ("name", "municipality"),
        extra={"region": "varsinais-suomi", "consortium": "vaski"},
    ),
    Case(
        "networks",
        "0013_merge_issue15",
        "0014_translated_texts",
        "WorkingGroup",
        {
            "name_fi": "Pelityöryhmä",
            "name_sv": "",
            "description_fi": "Pelit kirjastoissa.",
            "description_sv": "Spel i biblioteken.",
            "slug": "pelit",
        },
        ("name", "description"),
        extra={"kind": "working_group"},
    ),
    Case(
        "loans",
        "0004_issue15_reminders_and_messages",
        "0005_translated_texts",
        "Kit",
        {
            "name_fi": "Pelisalkku",
            "name_sv": "Spelväska",
            "description_fi": "Pelejä peli-iltoihin.",
            "description_sv": "",
            "target_group_fi": "Kaikenikäiset",
            "target_group_sv": "Alla åldrar",
        },
        ("name", "description", "target_group"),
        extra={"kit_type": "game"},
    ),
    Case(
        "reporting",
        "0004_issue15_messages",
        "0005_translated_texts",
        "Goal",
        {"label_fi": "Testitavoite", "label_sv": "Testmål", "label_en": "Test goal"},
        ("label",),
        extra={"number": 99},
    ),
    Case(
        "reporting",
        "0004_issue15_messages",
        "0005_translated_texts",
        "StaffResource",
        {
            "title_fi": "informaatikko",
            "title_sv": "informatiker",
            "main_tasks_fi": "Koulutusten järjestäminen.",
            "main_tasks_sv": "",
        },
        ("title", "main_tasks"),
        extra={"year": 2031, "order": 1, "position_number": "T1", "fte_percent": 50},
    ),
    # Newly translated fields: the text so far is the Finnish one.
    Case(
        "networks",
        "0015_login_failure",
        "0016_translated_plans_and_campaigns",
        "Campaign",
        {"theme": "Iltasatu", "description": "Iltasatukampanja perheille."},
        ("theme", "description"),
        extra={"year": 2031},
    ),
    Case(
        "trainings",
        "0006_viewing_rooms",
        "0007_translated_texts",
        "FeedbackQuestion",
        {"text": "Sisältö oli hyödyllistä", "text_sv": "Innehållet var nyttigt", "text_en": ""},
        ("text",),
    ),
    Case(
        "trainings",
        "0006_viewing_rooms",
        "0007_translated_texts",
        "Event",
        {"title": "Digitaitoviikko", "summary": "Lyhyesti.", "venue": "Pääkirjasto"},
        ("title", "summary", "venue"),
        extra={
            "format": "remote",
            "start": datetime.datetime(2031, 5, 1, 9, tzinfo=datetime.UTC),
            "end": datetime.datetime(2031, 5, 1, 12, tzinfo=datetime.UTC),
        },
    ),
]


def _action_plan(old_apps):
    group, _created = old_apps.get_model("networks", "WorkingGroup").objects.get_or_create(
        slug="aikataulu", defaults={"name_fi": "Aikataulutyöryhmä", "kind": "working_group"}
    )
    plan, _created = old_apps.get_model("networks", "GroupActionPlan").objects.get_or_create(
        group=group, year=2031
    )
    return {"plan": plan}


def _kit(old_apps):
    return old_apps.get_model("loans", "Kit").objects.create(name_fi="Kuvasalkku", kit_type="game")


def _kit_photo(old_apps):
    image = old_apps.get_model("wagtailimages", "Image").objects.create(
        title="Salkku", file="original_images/salkku.png", width=10, height=10
    )
    return {"kit": _kit(old_apps), "image": image}


def _kit_document(old_apps):
    document = old_apps.get_model("wagtaildocs", "Document").objects.create(
        title="Ohje", file="documents/ohje.pdf"
    )
    return {"kit": _kit(old_apps), "document": document}


def _indicator(old_apps):
    return {"indicator": old_apps.get_model("reporting", "IndicatorDefinition").objects.get(code="A1")}


# The remaining record texts (issue #14): plain text so far, now the Finnish text.
CASES += [
    Case(
        "networks",
        "0020_project_plan_and_sign_ups",
        "0021_translated_schedule_partnerships_book_fair",
        "ActionPlanAction",
        {"timing": "helmikuu", "action": "Pelipäivä kirjastoissa", "responsible": "puheenjohtaja"},
        ("timing", "action", "responsible"),
        extra={"sort_order": 0},
        parents=_action_plan,
    ),
    Case(
        "networks",
        "0020_project_plan_and_sign_ups",
        "0021_translated_schedule_partnerships_book_fair",
        "ActionPlanCost",
        {"description": "Junaliput"},
        ("description",),
        extra={"kind": "travel", "amount": 120, "sort_order": 0},
        parents=_action_plan,
    ),
    Case(
        "networks",
        "0020_project_plan_and_sign_ups",
        "0021_translated_schedule_partnerships_book_fair",
        "Partnership",
        {"theme": "Lukudiplomit", "planned_actions": "Yhteinen lukudiplomi."},
        ("theme", "planned_actions"),
        extra={"starts_on": datetime.date(2031, 1, 1)},
    ),
    Case(
        "networks",
        "0020_project_plan_and_sign_ups",
        "0021_translated_schedule_partnerships_book_fair",
        "BookFair",
        {"notes": "Osasto B-hallissa."},
        ("notes",),
        extra={"year": 2031},
    ),
    Case(
        "loans",
        "0006_audit_triggers",
        "0007_translated_contents_captions_labels",
        "Kit",
        {"name_fi": "Sisältösalkku", "contents": "10 peliä\nohjekirja"},
        ("contents",),
        extra={"kit_type": "game"},
    ),
    Case(
        "loans",
        "0006_audit_triggers",
        "0007_translated_contents_captions_labels",
        "KitPhoto",
        {"caption": "Salkun sisältö"},
        ("caption",),
        extra={"sort_order": 0},
        parents=_kit_photo,
    ),
    Case(
        "loans",
        "0006_audit_triggers",
        "0007_translated_contents_captions_labels",
        "KitDocument",
        {"label": "Käyttöohje"},
        ("label",),
        extra={"sort_order": 0},
        parents=_kit_document,
    ),
    Case(
        "reporting",
        "0006_audit_triggers",
        "0007_translated_manual_value_note",
        "ManualValue",
        {"note": "Luku kirjastojen vuosikertomuksista."},
        ("note",),
        extra={"year": 2031, "value": 3},
        parents=_indicator,
    ),
    Case(
        "trainings",
        "0010_event_training_hours",
        "0011_translated_theme_organiser",
        "Event",
        {"title_fi": "Teemailta", "theme": "Digituki", "organiser": "Porin kaupunginkirjasto"},
        ("theme", "organiser"),
        extra={
            "format": "remote",
            "start": datetime.datetime(2031, 5, 1, 9, tzinfo=datetime.UTC),
            "end": datetime.datetime(2031, 5, 1, 12, tzinfo=datetime.UTC),
        },
    ),
]


def _project(old_apps):
    project, _created = old_apps.get_model("networks", "DevelopmentProject").objects.get_or_create(
        name_fi="Suunnitelmahanke", defaults={"name": "Suunnitelmahanke"}
    )
    return {"project": project}


# The project plan's texts (issue #18): plain text so far, now the Finnish text.
PLAN_BEFORE, PLAN_AFTER = "0023_library_names_in_swedish_and_english", "0024_translated_project_plan"
CASES += [
    Case(
        "networks",
        PLAN_BEFORE,
        PLAN_AFTER,
        "DevelopmentProject",
        {
            "purpose": "Mediataidot toiselle asteelle.",
            "resources": "AKE 20 %, kaksi pilottikirjastoa.",
            "partners": "Lukiot ja ammattiopistot.",
            "results": "Malli on käytössä kuudessa kirjastossa.",
        },
        ("purpose", "resources", "partners", "results"),
        extra={"name_fi": "Tulosten hanke", "name": "Tulosten hanke"},
    ),
    Case(
        "networks",
        PLAN_BEFORE,
        PLAN_AFTER,
        "ProjectObjective",
        {
            "objective": "Kirjastot kokeilevat mallia",
            "target": "10 kirjastoa toukokuuhun mennessä",
            "outcome": "12",
        },
        ("objective", "target", "outcome"),
        extra={"sort_order": 0},
        parents=_project,
    ),
    Case(
        "networks",
        PLAN_BEFORE,
        PLAN_AFTER,
        "ProjectMilestone",
        {"title": "Pilotit alkavat"},
        ("title",),
        extra={"sort_order": 0, "due_on": datetime.date(2031, 3, 1)},
        parents=_project,
    ),
]


def _viewing_room(old_apps):
    start = datetime.datetime(2031, 5, 1, 9, tzinfo=datetime.UTC)
    event = old_apps.get_model("trainings", "Event").objects.create(
        title_fi="Kielikylpy etänä", format="remote", start=start, end=start + datetime.timedelta(hours=2)
    )
    library = old_apps.get_model("networks", "Library").objects.get(name_fi="Paraisten kaupunginkirjasto")
    return {"event": event, "host_library": library}


# A viewing room's address (issue #14): a name as written so far, now the Finnish one of three.
CASES.append(
    Case(
        "trainings",
        "0017_translated_municipality",
        "0018_translated_viewing_room_address",
        "ViewingRoom",
        {"address": "Parainen, Kokoushuone"},
        ("address",),
        extra={"seats": 8, "sort_order": 0},
        parents=_viewing_room,
    )
)


# The municipality names (test_municipality_names_survive_...): Event.municipality becomes translated
# in trainings 0017, the libraries' English municipality is filled in networks 0026.
MUNICIPALITY_BEFORE = [
    ("trainings", "0016_feedback_questions_are_surveys"),
    ("networks", "0025_library_contact_person"),
]
MUNICIPALITY_AFTER = [
    ("trainings", "0017_translated_municipality"),
    ("networks", "0026_municipality_names_in_swedish_and_english"),
]


def _municipality_rows(old_apps):
    OldEvent = old_apps.get_model("trainings", "Event")  # noqa: N806 - a model class
    OldLibrary = old_apps.get_model("networks", "Library")  # noqa: N806 - a model class
    times = {
        "format": "in_person",
        "start": datetime.datetime(2031, 5, 1, 9, tzinfo=datetime.UTC),
        "end": datetime.datetime(2031, 5, 1, 12, tzinfo=datetime.UTC),
    }
    return {
        "known": OldEvent.objects.create(title_fi="Satupaja", municipality="Pomarkku", **times).pk,
        "unknown": OldEvent.objects.create(title_fi="Opintomatka", municipality="Kuusamo", **times).pk,
        "empty": OldEvent.objects.create(title_fi="Verkkokoulutus", municipality="", **times).pk,
        "library": OldLibrary.objects.create(
            name_fi="Muuttuneen kunnan kirjasto",
            municipality="Parainen",
            municipality_fi="Parainen",
            municipality_sv="Pargas stad",  # written by AKE: stays
            region="varsinais-suomi",
            consortium="blanka",
        ).pk,
    }


def _write_cases(indexes, old_apps) -> dict:
    """Each case's old row, written through the historical model of its move's `before` state."""
    pks = {}
    for index in indexes:
        case = CASES[index]
        OldModel = old_apps.get_model(case.app, case.model)  # noqa: N806 - a model class
        parents = case.parents(old_apps) if case.parents else {}
        pks[index] = OldModel.objects.create(**case.old_values, **case.extra, **parents).pk
    return pks


def _read_removed(indexes, new_apps, pks) -> dict | None:
    """A later migration moves these rows on (FeedbackQuestion became survey questions, checked by
    tests/surveys/test_feedback_migration.py): the move itself is read here, right after it."""
    removed = [index for index in indexes if _removed_since(CASES[index])]
    if not removed:
        return None  # the after state's models are not rendered: that costs seconds a move
    apps = new_apps()
    historical = {}
    for index in removed:
        case = CASES[index]
        row = apps.get_model(case.app, case.model).objects.get(pk=pks[index])
        historical[index] = {
            column: getattr(row, column)
            for name in case.translated
            for column in (name, f"{name}_fi", f"{name}_sv", f"{name}_en")
        }
    return historical


def _step_name(move) -> str:
    return f"language: {move[0]}.{move[2]}"


MUNICIPALITY_STEP = "language: municipality names"


@dataclass
class Walked:
    pks: dict = field(default_factory=dict)  # case index -> pk of its old row
    historical: dict = field(default_factory=dict)  # case index -> its row read right after the move
    municipality: dict = field(default_factory=dict)  # name -> pk


@pytest.fixture(scope="module")
def language_walk(walked) -> Walked:
    result = Walked(municipality=walked[MUNICIPALITY_STEP].written)
    for move in MOVES:
        step = walked[_step_name(move)]
        result.pks.update(step.written)
        result.historical.update(step.right_after or {})
    return result


MOVES = sorted({case.move for case in CASES})

for _move in MOVES:
    _indexes = [index for index, case in enumerate(CASES) if case.move == _move]
    migration_walk.register(
        migration_walk.Step(
            _step_name(_move),
            before=[(_move[0], _move[1])],
            after=[(_move[0], _move[2])],
            write=lambda old_apps, indexes=_indexes: _write_cases(indexes, old_apps),
            right_after=lambda new_apps, pks, indexes=_indexes: _read_removed(indexes, new_apps, pks),
        )
    )
migration_walk.register(
    migration_walk.Step(MUNICIPALITY_STEP, MUNICIPALITY_BEFORE, MUNICIPALITY_AFTER, _municipality_rows)
)


@pytest.mark.parametrize("move", MOVES, ids=lambda move: f"{move[0]}.{move[2]}")
def test_old_values_survive_the_move(move, language_walk):
    for index, case in enumerate(CASES):
        if case.move != move:
            continue
        if index in language_walk.historical:
            _check_historical(case, language_walk.historical[index])
        else:
            _check(case, language_walk.pks[index])


def _removed_since(case):
    from django.apps import apps

    try:
        apps.get_model(case.app, case.model)
    except LookupError:
        return True
    return False


def _check_historical(case, row):
    for name in case.translated:
        finnish = case.old_values.get(f"{name}_fi", case.old_values.get(name))
        assert row[name] == finnish, name  # the original column holds the Finnish text
        assert row[f"{name}_fi"] == finnish, name
        assert row[f"{name}_sv"] == (case.old_values.get(f"{name}_sv") or ""), name
        assert row[f"{name}_en"] == (case.old_values.get(f"{name}_en") or ""), name


def _check(case, pk):
    from django.apps import apps

    model = apps.get_model(case.app, case.model)
    row = model.objects.get(pk=pk)
    for name, value in case.old_values.items():
        assert getattr(row, name) == value, name
        if name in case.translated:  # a text so far untranslated: now the Finnish one
            assert getattr(row, f"{name}_fi") == value, name
    for name in case.translated:
        finnish = case.old_values.get(f"{name}_fi", case.old_values.get(name))
        # The original column holds the Finnish text.
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT "{model._meta.get_field(name).column}" FROM "{model._meta.db_table}" WHERE id = %s',
                [pk],
            )
            assert cursor.fetchone()[0] == finnish
        swedish = case.old_values.get(f"{name}_sv") or ""
        english = case.old_values.get(f"{name}_en") or ""
        with translation.override("sv"):
            assert getattr(row, name) == (swedish or finnish)
        with translation.override("en"):
            assert getattr(row, name) == (english or finnish)
        with translation.override("fi"):
            assert getattr(row, name) == finnish


def test_municipality_names_survive_and_get_their_swedish_and_english_names(language_walk):
    """Event.municipality becomes translated (trainings 0017) and the libraries' English municipality is
    filled (networks 0026): every old value stays, known names get their official Swedish name."""
    from networks.models import Library
    from trainings.models import Event

    known, unknown, empty = (language_walk.municipality[name] for name in ("known", "unknown", "empty"))
    rows = {pk: Event.objects.get(pk=pk) for pk in (known, unknown, empty)}
    names = {pk: (e.municipality_fi, e.municipality_sv, e.municipality_en) for pk, e in rows.items()}
    assert names == {
        known: ("Pomarkku", "Påmark", "Pomarkku"),
        unknown: ("Kuusamo", None, None),
        empty: ("", None, None),
    }
    with translation.override("sv"):
        assert [rows[pk].municipality for pk in (known, unknown)] == ["Påmark", "Kuusamo"]
    parainen = Library.objects.get(pk=language_walk.municipality["library"])
    assert (parainen.municipality_fi, parainen.municipality_sv, parainen.municipality_en) == (
        "Parainen",
        "Pargas stad",
        "Parainen",
    )
