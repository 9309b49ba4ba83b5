from django.db import migrations


def create_locales(apps, schema_editor):
    """Every content language has its Wagtail locale (English joined Finnish and Swedish, issue #14)."""
    Locale = apps.get_model("wagtailcore", "Locale")
    for language_code in ("fi", "sv", "en"):
        Locale.objects.get_or_create(language_code=language_code)


class Migration(migrations.Migration):
    dependencies = [
        ("extranet", "0006_translated_texts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
