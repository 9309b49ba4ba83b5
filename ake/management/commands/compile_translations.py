from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every .po catalog of the project to .mo (pure Python: no GNU gettext needed)."

    def handle(self, *args, **options):
        roots = [Path(path) for path in settings.LOCALE_PATHS]
        roots += [
            Path(config.path) / "locale"
            for config in apps.get_app_configs()
            if Path(config.path).is_relative_to(settings.BASE_DIR) and ".venv" not in Path(config.path).parts
        ]
        compiled = 0
        for root in roots:
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
        self.stdout.write(f"{compiled} catalogs compiled.")
