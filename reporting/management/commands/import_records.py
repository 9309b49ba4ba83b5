from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ake.records import import_folder, record_types


class Command(BaseCommand):
    help = (
        "Imports earlier years' records from a folder: one CSV or XLSX file per record type, named after "
        "it (see docs/records.md). A file with any error imports nothing; importing a file again adds "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        results, unknown = import_folder(folder)
        for path in unknown:
            known = ", ".join(record_type.name for record_type in record_types())
            self.stderr.write(f"{path.name}: no such record type (known: {known}); skipped")
        failed = 0
        for result in results:
            if result.ok:
                self.stdout.write(
                    f"{result.path.name}: {result.created} added, {result.skipped} already there"
                )
                continue
            failed += 1
            self.stderr.write(f"{result.path.name}: nothing imported, {len(result.errors)} error(s):")
            for problem in result.errors:
                self.stderr.write(f"  {problem}")
        if failed:
            raise CommandError(f"{failed} file(s) had errors and were not imported.")
        if not results:
            self.stdout.write("No files to import.")
