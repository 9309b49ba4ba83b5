from django.core.management.base import BaseCommand

from networks.models import Library, LibraryEmailDomain
from networks.registry import load_registry


class Command(BaseCommand):
    help = "Create or update the region's libraries from networks/data/libraries.csv (idempotent)."

    def handle(self, *args, **options):
        count = load_registry(Library, LibraryEmailDomain)
        self.stdout.write(f"{count} library organisations in the registry.")
