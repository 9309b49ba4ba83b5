"""Importers of earlier years' records kept by networks (ake/records.py, docs/records.md): visits,
rotation periods, partnerships, campaigns, development projects and Liboppi.

The lookups here (libraries by name, people by email) are shared with the other apps' importers,
which may import networks.
"""

from django.conf import settings
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from ake.records import Column, RecordType, RowError, per_file, register

from .liboppi_import import _library_index
from .models import (
    Campaign,
    CampaignParticipation,
    DevelopmentProject,
    FundingApplication,
    LiboppiCompletion,
    LiboppiModule,
    Library,
    LibraryVisit,
    Partnership,
    RotationPeriod,
    User,
    WorkingGroup,
)


# --------------------------------------------------------------------------- shared lookups
def library_from_row(row: dict, column: str, *, required: bool = True) -> Library | None:
    """The library a cell names: Finnish or Swedish name, or a municipality for its organisation."""
    name = (row.get(column) or "").strip()
    if not name:
        if required:
            raise RowError(_("A value is required."), column)
        return None
    library = per_file("networks:libraries", _library_index).get(name.lower())
    if library is None:
        raise RowError(_("“%(value)s” is not a library in the registry.") % {"value": name}, column)
    return library


def libraries_from_row(row: dict, column: str) -> list[Library]:
    """Several libraries in one cell, separated by semicolons."""
    names = [name.strip() for name in (row.get(column) or "").split(";") if name.strip()]
    return [library_from_row({column: name}, column) for name in names]


def user_by_email(email: str | None) -> User | None:
    if not email:
        return None
    users = per_file(
        "networks:users",
        lambda: {address: pk for pk, address in User.objects.values_list("pk", Lower("email"))},
    )
    pk = users.get(email.strip().lower())
    return User(pk=pk) if pk else None


def working_group_from_row(row: dict, column: str, *, required: bool = True) -> WorkingGroup | None:
    slug = (row.get(column) or "").strip()
    if not slug:
        if required:
            raise RowError(_("A value is required."), column)
        return None
    groups = per_file("networks:groups", lambda: {group.slug: group for group in WorkingGroup.objects.all()})
    group = groups.get(slug.lower())
    if group is None:
        raise RowError(
            _("“%(value)s” is not a working group (use its slug, e.g. %(example)s).")
            % {"value": slug, "example": ", ".join(sorted(groups)[:3])},
            column,
        )
    return group


def choice_from_row(row: dict, column: str, aliases: dict[str, str], default: str | None = None) -> str:
    value = (row.get(column) or "").strip().lower()
    if not value and default is not None:
        return default
    if value not in aliases:
        raise RowError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": row.get(column) or "", "choices": ", ".join(sorted(set(aliases)))},
            column,
        )
    return aliases[value]


def dates_in_order(row: dict, start: str, end: str) -> None:
    if row.get(start) and row.get(end) and row[end] < row[start]:
        raise RowError(_("The end cannot be before the start."), end)


def not_in_future(row: dict, column: str) -> None:
    if row.get(column) and row[column] > timezone.localdate():
        raise RowError(_("The date is in the future; import only what has happened."), column)


# --------------------------------------------------------------------------- visits (C4)
VISIT_KINDS = {
    "ake_informaticians": LibraryVisit.Kind.INFORMATICIANS,
    "informaticians": LibraryVisit.Kind.INFORMATICIANS,
    "director_with_avi": LibraryVisit.Kind.DIRECTOR_AVI,
    "director_avi": LibraryVisit.Kind.DIRECTOR_AVI,
}


def validate_visit(row: dict) -> dict:
    not_in_future(row, "visited_on")
    return {
        **row,
        "library": library_from_row(row, "library"),
        "other_libraries": libraries_from_row(row, "other_libraries"),
        "kind": choice_from_row(row, "kind", VISIT_KINDS, default=LibraryVisit.Kind.INFORMATICIANS),
    }


def create_visit(row: dict) -> None:
    visit = LibraryVisit(date=row["visited_on"], place=row["library"], kind=row["kind"])
    visit.full_clean()
    visit.save()
    visit.participating_libraries.set(row["other_libraries"])


# --------------------------------------------------------------------------- rotation periods (B7, B8)
ROTATION_STATUSES = {status.value: status.value for status in RotationPeriod.Status}


def validate_rotation(row: dict) -> dict:
    row = {
        **row,
        "person_ref": (row["person_email"] or "").strip().lower(),
        "home_library": library_from_row(row, "home_library"),
        "host_library": library_from_row(row, "host_library"),
        "status": choice_from_row(row, "status", ROTATION_STATUSES, default=RotationPeriod.Status.DONE),
    }
    if row["home_library"] == row["host_library"]:
        raise RowError(_("The host library must be another library than the home library."), "host_library")
    dates_in_order(row, "starts_on", "ends_on")
    return row


def rotation_key(row: dict) -> tuple:
    """Both libraries, the start and the person: two people's periods between the same libraries
    on the same day are two periods."""
    return (row["home_library"].pk, row["host_library"].pk, row["starts_on"], row["person_ref"])


def existing_rotation_keys() -> set[tuple]:
    from django.db.models import CharField, Value
    from django.db.models.functions import Coalesce, Lower, NullIf

    return set(
        RotationPeriod.objects.annotate(
            ref=Coalesce(
                NullIf("person_ref", Value("")), Lower("person__email"), Value(""), output_field=CharField()
            )
        ).values_list("home_library_id", "host_library_id", "starts_on", "ref")
    )


def create_rotation(row: dict) -> None:
    period = RotationPeriod(
        person=user_by_email(row["person_email"]),
        person_ref=row["person_ref"],
        home_library=row["home_library"],
        host_library=row["host_library"],
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        status=row["status"],
    )
    period.full_clean()
    period.save()
    if row["exchange_id"]:
        # The two halves of a reciprocal exchange share an exchange_id within the file.
        halves = per_file("networks:exchanges", dict)
        other = halves.get(row["exchange_id"])
        if other is None:
            halves[row["exchange_id"]] = period
        elif other == "linked":
            raise RowError(
                _("An exchange has two periods; this exchange_id is used more often."), "exchange_id"
            )
        else:
            period.reciprocal = other
            period.save(update_fields=["reciprocal"])
            halves[row["exchange_id"]] = "linked"


# --------------------------------------------------------------------------- partnerships (C3)
def validate_partnership(row: dict) -> dict:
    library = library_from_row(row, "library")
    partners = libraries_from_row(row, "partner_library")
    if not partners:
        raise RowError(_("A value is required."), "partner_library")
    if library in partners:
        raise RowError(_("A library cannot be its own partner."), "partner_library")
    dates_in_order(row, "starts_on", "ends_on")
    return {**row, "libraries": [library, *partners]}


def partnership_key(row: dict) -> tuple:
    """The theme, the start and the libraries: two pairs of libraries may share a theme and a day."""
    return (
        row["theme"].strip().lower(),
        row["starts_on"],
        tuple(sorted(library.pk for library in row["libraries"])),
    )


def existing_partnership_keys() -> set[tuple]:
    from django.contrib.postgres.aggregates import ArrayAgg

    partnerships = Partnership.objects.annotate(members=ArrayAgg("libraries", default=[])).values_list(
        "theme", "starts_on", "members"
    )
    return {
        (theme.strip().lower(), starts_on, tuple(sorted(pk for pk in members if pk is not None)))
        for theme, starts_on, members in partnerships
    }


def create_partnership(row: dict) -> None:
    partnership = Partnership(theme=row["theme"], starts_on=row["starts_on"], ends_on=row["ends_on"])
    partnership.full_clean(exclude=["libraries"])
    partnership.save()
    partnership.libraries.set(row["libraries"])


# --------------------------------------------------------------------------- campaigns (A7)
def validate_campaign(row: dict) -> dict:
    if not 2000 <= row["year"] <= 2100:
        raise RowError(_("The year must be between 2000 and 2100."), "year")
    return {**row, "library": library_from_row(row, "library")}


def create_campaign_participation(row: dict) -> None:
    campaign = Campaign.objects.filter(year=row["year"], theme_fi=row["campaign"]).first()
    if campaign is None:
        campaign = Campaign(year=row["year"], theme=row["campaign"], sign_up_open=False)
        campaign.full_clean()
        campaign.save()
    CampaignParticipation.objects.create(campaign=campaign, library=row["library"])


# --------------------------------------------------------------------------- projects (A1, A2)
PROJECT_STATUSES = {status.value: status.value for status in DevelopmentProject.Status}
PROJECT_SCOPES = {scope.value: scope.value for scope in DevelopmentProject.Scope}
FUNDER_LANGUAGES = {code: code for code, _name in settings.LANGUAGES}


def validate_project(row: dict) -> dict:
    dates_in_order(row, "starts_on", "ends_on")
    if row["status"]:
        status = choice_from_row(row, "status", PROJECT_STATUSES)
    elif row["starts_on"]:
        ended = row["ends_on"] and row["ends_on"] < timezone.localdate()
        status = DevelopmentProject.Status.ENDED if ended else DevelopmentProject.Status.RUNNING
    elif row["submitted_on"]:
        status = DevelopmentProject.Status.APPLIED
    else:
        raise RowError(
            _("Give the date the application was submitted or the running period."), "submitted_on"
        )
    project = DevelopmentProject(
        name=row["name"],
        status=status,
        scope=choice_from_row(row, "scope", PROJECT_SCOPES, default=DevelopmentProject.Scope.REGIONAL),
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
    )
    _full_clean(project, exclude=["pilot_libraries"])
    application = None
    if row["submitted_on"]:
        application = FundingApplication(
            funder=row["funder"] or "",
            funder_language=choice_from_row(row, "funder_language", FUNDER_LANGUAGES, default="fi"),
            submitted_on=row["submitted_on"],
        )
        _full_clean(application, exclude=["project", "funder"])
    return {**row, "project": project, "application": application}


def _full_clean(instance, **kwargs) -> None:
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        column = {"submitted_on": "submitted_on"}.get(field, field)
        raise RowError(" ".join(messages), "" if column == "__all__" else column) from error


def create_project(row: dict) -> None:
    row["project"].save()
    if row.get("application") is not None:
        row["application"].project = row["project"]
        row["application"].save()


# --------------------------------------------------------------------------- Liboppi (B9, B10)
LIBOPPI_SCOPES = {scope.value: scope.value for scope in LiboppiModule.Scope}


def validate_liboppi_module(row: dict) -> dict:
    return {
        **row,
        "scope": choice_from_row(row, "scope", LIBOPPI_SCOPES, default=LiboppiModule.Scope.NATIONAL),
    }


def create_liboppi_module(row: dict) -> None:
    module = LiboppiModule(title=row["name"], first_offered_on=row["first_offered_on"], scope=row["scope"])
    module.full_clean()
    module.save()


def validate_liboppi_completion(row: dict) -> dict:
    # The same lookups and natural key as the platform-export import (networks.liboppi_import).
    modules = per_file(
        "networks:liboppi_modules",
        lambda: {module.title.strip().lower(): module for module in LiboppiModule.objects.all()},
    )
    module = modules.get(row["course"].strip().lower())
    if module is None:
        raise RowError(
            _("“%(value)s” is not a Liboppi module; import it in liboppi_modules first.")
            % {"value": row["course"]},
            "course",
        )
    not_in_future(row, "completed_on")
    completions = row["completions"] if row["completions"] is not None else 1
    if completions < 1:
        raise RowError(_("The number of completions must be at least 1."), "completions")
    person = (row["person"] or "").strip().lower()
    return {
        **row,
        "module": module,
        "library": library_from_row(row, "library"),
        "completions": completions,
        "person": person,
    }


def liboppi_completion_key(row: dict) -> tuple:
    return (row["module"].pk, row["library"].pk, row["completed_on"], row["person"])


def create_liboppi_completion(row: dict) -> None:
    LiboppiCompletion.objects.create(
        module=row["module"],
        library=row["library"],
        completed_on=row["completed_on"],
        person=user_by_email(row["person"]) if "@" in row["person"] else None,
        person_ref=row["person"],
        count=row["completions"],
        source=LiboppiCompletion.Source.IMPORT,
    )


def register_record_types() -> None:
    register(
        RecordType(
            name="visits",
            label="AKE's library visits",
            columns=[
                Column("visited_on", "date", required=True),
                Column("library", required=True),
                Column("kind", help="ake_informaticians / director_with_avi"),
                Column("other_libraries", help="libraries whose staff joined, separated by ;"),
            ],
            validate=validate_visit,
            natural_key=lambda row: (row["visited_on"], row["library"].pk, row["kind"]),
            existing_keys=lambda: set(LibraryVisit.objects.values_list("date", "place_id", "kind")),
            create=create_visit,
            order=20,
        )
    )
    register(
        RecordType(
            name="rotation_periods",
            label="Job rotation periods",
            columns=[
                Column("person_email"),
                Column("home_library", required=True),
                Column("host_library", required=True),
                Column("starts_on", "date", required=True),
                Column("ends_on", "date", required=True),
                Column("status", help="planned / agreed / done / cancelled (empty: done)"),
                Column("exchange_id", help="the same for both halves of a reciprocal exchange"),
            ],
            validate=validate_rotation,
            natural_key=rotation_key,
            existing_keys=existing_rotation_keys,
            create=create_rotation,
            order=20,
        )
    )
    register(
        RecordType(
            name="partnerships",
            label="Partner libraries",
            columns=[
                Column("library", required=True),
                Column("partner_library", required=True, help="several separated by ;"),
                Column("theme", required=True),
                Column("starts_on", "date", required=True),
                Column("ends_on", "date"),
            ],
            validate=validate_partnership,
            natural_key=partnership_key,
            existing_keys=existing_partnership_keys,
            create=create_partnership,
            order=20,
        )
    )
    register(
        RecordType(
            name="campaigns",
            label="Communication campaigns and the libraries taking part",
            columns=[
                Column("campaign", required=True),
                Column("year", "integer", required=True),
                Column("library", required=True),
            ],
            validate=validate_campaign,
            natural_key=lambda row: (row["campaign"], row["year"], row["library"].pk),
            existing_keys=lambda: set(
                CampaignParticipation.objects.values_list("campaign__theme", "campaign__year", "library_id")
            ),
            create=create_campaign_participation,
            order=20,
        )
    )
    register(
        RecordType(
            name="projects",
            label="Development projects and funding applications",
            columns=[
                Column("name", required=True),
                Column("scope", help="regional / national / international (empty: regional)"),
                Column("status", help="empty: from the dates"),
                Column("funder"),
                Column("funder_language", help="fi / sv / en: the language of the funder's name (empty: fi)"),
                Column("submitted_on", "date"),
                Column("starts_on", "date"),
                Column("ends_on", "date"),
            ],
            validate=validate_project,
            natural_key=lambda row: (row["name"],),
            existing_keys=lambda: {
                (name,) for name in DevelopmentProject.objects.values_list("name_fi", flat=True)
            },
            create=create_project,
            order=20,
        )
    )
    register(
        RecordType(
            name="liboppi_modules",
            label="Liboppi learning modules",
            columns=[
                Column("name", required=True),
                Column("first_offered_on", "date", required=True),
                Column("scope", help="national / regional (empty: national)"),
            ],
            validate=validate_liboppi_module,
            natural_key=lambda row: (row["name"].strip().lower(),),
            existing_keys=lambda: {
                (title.strip().lower(),) for title in LiboppiModule.objects.values_list("title", flat=True)
            },
            create=create_liboppi_module,
            order=20,
        )
    )
    register(
        RecordType(
            name="liboppi_completions",
            label="Liboppi course completions",
            columns=[
                Column("completed_on", "date", required=True),
                Column("library", required=True),
                Column("course", required=True),
                Column("completions", "integer", help="empty: 1"),
                Column("person", help="email or name, for one person's completion"),
            ],
            validate=validate_liboppi_completion,
            natural_key=liboppi_completion_key,
            existing_keys=lambda: set(
                LiboppiCompletion.objects.values_list("module_id", "library_id", "completed_on", "person_ref")
            ),
            create=create_liboppi_completion,
            order=21,
        )
    )
