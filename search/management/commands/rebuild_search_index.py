from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the whole search index from every registered model."

    def handle(self, *args, **options):
        count = rebuild(out=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"{count} documents indexed"))
