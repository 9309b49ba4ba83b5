"""Swedish and English pages are indexed with their own search configuration (issue #14).

Nothing changes in the schema. Applying this migration makes the post_migrate step
`extranet.search_backend.reindex_after_migrate` index the pages of those languages again once
`migrate` has finished (with the current models), so an existing database whose Swedish and English
pages were indexed with the Finnish configuration finds them by their inflected forms without a
separate `manage.py update_index`.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("extranet", "0007_content_locales")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop, elidable=False)]
