import datetime

from .models import CountedLibraries, Library, LibraryEmailDomain


def library_for_email(email: str) -> Library | None:
    """The library whose registered mail domain the address belongs to (sub-domains included)."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    candidates = []
    parts = domain.split(".")
    for index in range(len(parts) - 1):
        candidates.append(".".join(parts[index:]))
    match = (
        LibraryEmailDomain.objects.filter(domain__in=candidates)
        .select_related("library")
        .order_by("-domain")  # a longer, more specific domain wins
        .first()
    )
    return match.library if match else None


def library_list_counted(*, year: int) -> list[Library]:
    """The library organisations that form the denominator of every share indicator for ``year``.

    AKE's explicit choice for the year when one is saved; otherwise the organisations active on
    31 December of the year.
    """
    decision = CountedLibraries.objects.filter(year=year).first()
    if decision is not None:
        return list(decision.libraries.order_by("name_fi"))
    return list(Library.objects.organisations().active_on(datetime.date(year, 12, 31)).order_by("name_fi"))


def library_organisation_map() -> dict[int, int]:
    """Maps every library id (branches included) to the id of the organisation it counts for."""
    return {pk: parent_id or pk for pk, parent_id in Library.objects.values_list("pk", "parent_id")}
