import datetime

from django.core.management.base import BaseCommand

from extranet.services import delivery_sweep


class Command(BaseCommand):
    help = "Re-queue notice deliveries stuck in 'sending' and dispatch the waiting ones (also run by beat)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=int,
            default=None,
            help="Seconds a row may stay in 'sending' (default: EXTRANET_DELIVERY_STALE_SECONDS). "
            "Use 0 only when no worker is running.",
        )

    def handle(self, *args, stale_after=None, **options):
        delta = None if stale_after is None else datetime.timedelta(seconds=stale_after)
        result = delivery_sweep(stale_after=delta)
        self.stdout.write(f"requeued {result['requeued']}, due {result['due']}")
