from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from networks.privacy import retention_jobs, retention_run


class Command(BaseCommand):
    help = (
        "Removes personal data whose retention period has passed (the daily Celery beat job does the same)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="+", metavar="JOB", help="run only these jobs")

    def handle(self, *args, only=None, **options):
        unknown = set(only or []) - set(retention_jobs())
        if unknown:
            raise CommandError(f"Unknown retention job(s): {', '.join(sorted(unknown))}")
        failed = False
        for name, removed in retention_run(only=only).items():
            days = settings.AKE_RETENTION_DAYS[name]
            if removed < 0:
                failed = True
                self.stderr.write(f"{name}: failed (see the log)")
            else:
                self.stdout.write(f"{name}: {removed} removed (kept {days} days)")
        if failed:
            raise CommandError("A retention job failed.")
