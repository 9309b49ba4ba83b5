from django.core.management.base import BaseCommand

from ake.demo import DemoContext, load_all


class Command(BaseCommand):
    help = "Load a realistic AKE year of demo data (idempotent: a second run adds nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="1 = a realistic year; 10 = ten times the activity"
        )
        parser.add_argument("--seed", type=int, default=2024, help="random seed, for repeatable data")
        parser.add_argument("--year", type=int, default=None, help="the demo year (default: this year)")

    def handle(self, *args, scale, seed, year, **options):
        from django.utils import timezone

        ctx = DemoContext(
            scale=scale, seed=seed, year=year or timezone.localdate().year, log=self.stdout.write
        )
        if load_all(ctx):
            # Fresh tables have no planner statistics until autovacuum gets to them: the site (and
            # bench/, which starts right after) would meanwhile run plans made for unknown sizes.
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
