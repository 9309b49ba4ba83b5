"""Personal data in the cooperation registers: export and erasure (registered in networks.privacy).

Erasure anonymises: a person's group memberships, rotation periods and course completions keep
counting for their library in the yearly indicators, without the person.
"""

from .privacy import register_eraser, register_exporter


def _visits_export(user) -> list[dict]:
    return [
        {"date": visit.date.isoformat(), "library": visit.place.name_fi, "kind": visit.kind}
        for visit in user.ake_visits.select_related("place").order_by("date")
    ]


def _visits_erase(user) -> None:
    user.ake_visits.clear()


def _groups_export(user) -> dict:
    return {
        "memberships": [
            {
                "group": membership.group.name_fi,
                "role": membership.role,
                "starts_on": membership.starts_on.isoformat() if membership.starts_on else None,
                "ends_on": membership.ends_on.isoformat() if membership.ends_on else None,
            }
            for membership in user.group_memberships.select_related("group")
        ],
        "join_requests": [
            {"group": request.group.name_fi, "status": request.status, "message": request.message}
            for request in user.group_join_requests.select_related("group")
        ],
    }


def _groups_erase(user) -> None:
    # The membership stays for its library (the group's composition that year); the person goes.
    user.group_memberships.update(user=None)
    user.group_join_requests.all().delete()


register_exporter("library_visits", _visits_export)
register_eraser("library_visits", _visits_erase)
register_exporter("working_groups", _groups_export)
register_eraser("working_groups", _groups_erase)


def _rotation_export(user) -> dict:
    return {
        "wishes": [
            {"sent": wish.created_at.isoformat(), "interests": wish.interests, "timing": wish.timing}
            for wish in user.rotation_wishes.all()
        ],
        "periods": [
            {
                "home_library": period.home_library.name_fi,
                "host_library": period.host_library.name_fi,
                "starts_on": period.starts_on.isoformat(),
                "ends_on": period.ends_on.isoformat(),
                "status": period.status,
                "experience_story": period.experience_story,
                "costs": [
                    {
                        "kind": cost.category,
                        "description": cost.description,
                        "claimed": str(cost.claimed_amount) if cost.claimed_amount is not None else None,
                        "status": cost.claim_status or None,
                        "approved": str(cost.amount_budgeted) if cost.counts else None,
                        "paid": str(cost.amount_paid) if cost.amount_paid is not None else None,
                    }
                    for cost in period.grant_costs.all()
                ],
            }
            for period in user.rotation_periods.select_related(
                "home_library", "host_library"
            ).prefetch_related("grant_costs")
        ],
    }


def _rotation_erase(user) -> None:
    from django.db.models import F, Q, Value
    from django.db.models.functions import Concat

    from .models import RotationPeriod

    user.rotation_wishes.all().delete()
    # The period still counts for B7/B8 and its paid costs stay in the books, without the person. The
    # imported reference stays unique so that the import's natural key keeps one period per person.
    RotationPeriod.objects.filter(Q(person=user) | Q(person_ref=user.email.lower())).update(
        person=None,
        person_ref=Concat(Value("erased-"), F("pk")),
        experience_story="",
        story_may_be_published=False,
        home_supervisor="",
        host_supervisor="",
    )


register_exporter("job_rotation", _rotation_export)
register_eraser("job_rotation", _rotation_erase)


def _liboppi_export(user) -> list[dict]:
    return [
        {"module": completion.module.title, "completed_on": completion.completed_on.isoformat()}
        for completion in user.liboppi_completions.select_related("module")
    ]


def _liboppi_erase(user) -> None:
    # The completion still counts for the library (B10); the person's name or address goes. The
    # reference stays unique so that the natural key keeps one row per former person.
    for completion in user.liboppi_completions.all():
        completion.person = None
        completion.person_ref = f"erased-{completion.pk}"
        completion.save(update_fields=["person", "person_ref"])
    from .models import LiboppiCompletion

    for completion in LiboppiCompletion.objects.filter(person_ref=user.email.lower()):
        completion.person_ref = f"erased-{completion.pk}"
        completion.save(update_fields=["person_ref"])


def _campaigns_export(user) -> list[dict]:
    return [
        {"campaign": p.campaign.theme, "year": p.campaign.year, "library": p.library.name_fi}
        for p in user.campaign_sign_ups.select_related("campaign", "library")
    ]


def _campaigns_erase(user) -> None:
    user.campaign_sign_ups.update(signed_up_by=None)


def _library_contact_export(user) -> list[dict]:
    # The libraries whose contact person the account is (erasing the account clears it: SET_NULL).
    return [{"library": library.name_fi} for library in user.contact_for_libraries.all()]


register_exporter("liboppi", _liboppi_export)
register_eraser("liboppi", _liboppi_erase)
register_exporter("campaigns", _campaigns_export)
register_eraser("campaigns", _campaigns_erase)
register_exporter("library_contact_person", _library_contact_export)
