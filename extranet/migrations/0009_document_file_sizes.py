"""Documents saved outside the admin's upload form (the demo data) had no file size, so the material
bank's size column stayed empty. The demo now stores the size; this fills it in for documents saved
before, from the file itself (a missing file leaves the size empty, as Wagtail's ``get_file_size``
does)."""

from django.db import migrations


def fill_file_sizes(apps, schema_editor):
    Document = apps.get_model("wagtaildocs", "Document")
    for document in Document.objects.filter(file_size__isnull=True).iterator():
        try:
            size = document.file.size
        except (OSError, ValueError):
            continue
        Document.objects.filter(pk=document.pk).update(file_size=size)


class Migration(migrations.Migration):
    dependencies = [
        ("extranet", "0008_search_configs_per_language"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(fill_file_sizes, migrations.RunPython.noop)]
