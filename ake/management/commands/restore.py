from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ake.backup import BackupError, backup_latest, backup_restore


class Command(BaseCommand):
    help = (
        "Restores a backup into a NEW database and a NEW (or empty) media folder, after checking the "
        "backup's hashes, decryption and dump; a damaged backup is refused and nothing is touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", help="backup folder (default: the newest in AKE_BACKUP_DIR)")
        parser.add_argument("--database", required=True, help="name of the database to create")
        parser.add_argument("--media-root", required=True, help="folder to restore the media files into")

    def handle(self, *args, backup, database, media_root, **options):
        if backup is None:
            latest = backup_latest()
            if latest is None:
                raise CommandError("No backup found in AKE_BACKUP_DIR.")
            backup = latest.path
        try:
            manifest = backup_restore(Path(backup), database_name=database, media_root=Path(media_root))
        except BackupError as error:
            raise CommandError(f"Refused: {error}") from error
        self.stdout.write(
            f"Restored {backup} (taken {manifest['created']}) into database {database} and {media_root} "
            f"({manifest['media']['files']} media files). Point DATABASE_URL and DJANGO_MEDIA_ROOT at them."
        )
