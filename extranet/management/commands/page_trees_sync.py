from django.core.management.base import BaseCommand

from extranet.legal import legal_pages_ensure
from extranet.page_trees import page_trees_sync


class Command(BaseCommand):
    help = (
        "Give every page of the Finnish tree a page in the Swedish and English trees: an alias of the "
        "Finnish page (marked 'not yet translated') where no translation exists. Safe to run again."
    )

    def handle(self, *args, **options):
        created = page_trees_sync()
        legal = legal_pages_ensure()  # the legal pages have their own texts in every language
        self.stdout.write(f"page trees: {len(created)} aliases created, {len(legal)} legal pages translated")
