"""Demo people: ~600 library staff across the region's libraries, and one account per role."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import Library, User
from .roles import AKE_ADMINS, AKE_EDITORS, LIBRARY_STAFF, PLANNING_GROUP

DEMO_PASSWORD = "demo-extranet-2024"
ROLE_ACCOUNTS = [
    ("admin@turku.fi", "Anna", "Admin", AKE_ADMINS, "Informaatikko"),
    ("editor@turku.fi", "Eero", "Editori", AKE_EDITORS, "Informaatikko"),
    ("planning@pori.fi", "Paula", "Suunnittelija", PLANNING_GROUP, "Kirjastotoimenjohtaja"),
    ("staff@kaarina.fi", "Sanna", "Henkilökunta", LIBRARY_STAFF, "Kirjastovirkailija"),
]
TITLES = [
    "Kirjastovirkailija",
    "Informaatikko",
    "Kirjastonhoitaja",
    "Kirjastotoimenjohtaja",
    "Erikoiskirjastonhoitaja",
]


def load(ctx) -> None:
    from allauth.account.models import EmailAddress

    password = make_password(DEMO_PASSWORD)
    groups = {group.name: group for group in Group.objects.all()}
    libraries = list(Library.objects.organisations().prefetch_related("email_domains"))
    by_domain = {domain.domain: library for library in libraries for domain in library.email_domains.all()}

    for email, first, last, role, title in ROLE_ACCOUNTS:
        user, _ = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "title": title,
                "password": password,
                "library": by_domain.get(email.split("@")[1]),
            },
        )
        user.groups.add(groups[role])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )

    staff_group = groups[LIBRARY_STAFF]
    seen = set(User.objects.values_list("email", flat=True))
    new_users = []
    # Staff in proportion to library size: Turku and Pori large, small municipalities a handful.
    weights = {
        "Turun kaupunginkirjasto": 90,
        "Porin kaupunginkirjasto": 45,
        "Rauman kaupunginkirjasto": 25,
        "Salon kaupunginkirjasto": 25,
        "Kaarinan kaupunginkirjasto": 18,
        "Raision kaupunginkirjasto": 15,
    }
    for library in libraries:
        domain = library.email_domains.all()[0].domain if library.email_domains.all() else "example.fi"
        for _index in range(weights.get(library.name_fi, 10)):
            first, last = ctx.person_name()
            base = f"{first}.{last}".lower().translate(str.maketrans("äöå", "aoa"))
            email, suffix = f"{base}@{domain}", 1
            while email in seen:
                suffix += 1
                email = f"{base}{suffix}@{domain}"
            seen.add(email)
            new_users.append(
                User(
                    email=email,
                    first_name=first,
                    last_name=last,
                    library=library,
                    password=password,
                    title=ctx.rng.choice(TITLES),
                    language="sv" if library.bilingual and ctx.rng.random() < 0.4 else "fi",
                )
            )
    created = User.objects.bulk_create(new_users, batch_size=500)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=staff_group.pk) for user in created], batch_size=1000
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in created],
        batch_size=1000,
    )
    ctx.log(f"  {len(created)} staff accounts, {len(ROLE_ACCOUNTS)} role accounts")
