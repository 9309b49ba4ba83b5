from django.db import migrations


def create_home_page(apps, schema_editor):
    """Replace Wagtail's welcome page with the extranet home page, in the default (Finnish) locale."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("extranet", "HomePage")

    if HomePage.objects.exists():
        return
    locale, _ = Locale.objects.get_or_create(language_code="fi")
    Page.objects.filter(depth=2, slug="home").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="extranet")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Lounais-Suomen kirjastojen extranet",
        draft_title="Lounais-Suomen kirjastojen extranet",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
        introduction="Varsinais-Suomen ja Satakunnan yleisten kirjastojen yhteinen kanava: tiedotteet, "
        "koulutukset, materiaalipankki ja verkostot.",
    )
    root.numchild = max(root.numchild, 1)
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "site_name": "AKE-extranet", "root_page": home},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("extranet", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
