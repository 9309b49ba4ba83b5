from django.core.management.base import BaseCommand, CommandError

from ake import backup as backups
from ake.backup import BackupError, backup_create, backup_dir, backups_list, backups_prune


class Command(BaseCommand):
    help = (
        "Backs up the database (pg_dump) and the media files into AKE_BACKUP_DIR, encrypted with "
        "AKE_BACKUP_KEY when set, and applies the retention (14 daily, 8 weekly, 12 monthly)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="backup folder (default AKE_BACKUP_DIR)")
        parser.add_argument("--no-encrypt", action="store_true", help="ignore AKE_BACKUP_KEY")
        parser.add_argument("--no-prune", action="store_true", help="keep every earlier backup")
        parser.add_argument("--list", action="store_true", help="list the backups and exit")
        parser.add_argument("--prune", action="store_true", help="apply the retention only and exit")
        parser.add_argument(
            "--new-key", action="store_true", help="print a new key for AKE_BACKUP_KEY and exit"
        )

    def handle(self, *args, dir, no_encrypt, no_prune, list, prune, new_key, **options):  # noqa: A002
        if new_key:
            self.stdout.write(backups.new_key())
            return
        directory = dir or backup_dir()
        if list:
            for backup in backups_list(directory):
                manifest = backup.manifest
                self.stdout.write(
                    f"{backup.path}  {backup.created:%Y-%m-%d %H:%M:%S}Z  "
                    f"database {manifest['database']['size']} B  media {manifest['media']['size']} B "
                    f"({manifest['media']['files']} files){'  encrypted' if manifest['encrypted'] else ''}"
                )
            return
        if prune:
            for name in backups_prune(directory):
                self.stdout.write(f"removed {name}")
            return
        try:
            backup = backup_create(directory=directory, key=not no_encrypt, prune=not no_prune)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backup.manifest
        self.stdout.write(
            f"Wrote {backup.path}: database {manifest['database']['size']} B, media "
            f"{manifest['media']['size']} B ({manifest['media']['files']} files)"
            f"{', encrypted' if manifest['encrypted'] else ''}"
        )
