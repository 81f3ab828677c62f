"""Load the demo community. Idempotent: a second run changes nothing.

Each app that has demo content keeps it in ``<app>/demo.py`` with a
``load(out)`` function; they run in dependency order.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

ORDER = ["branding", "accounts", "moderation", "knowledge_base", "community", "support", "analytics"]


class Command(BaseCommand):
    help = "Load the Velora demo community (idempotent)."

    def handle(self, *args, **options):
        def out(line):
            self.stdout.write(f"  {line}")

        self.stdout.write("Loading the demo community…")
        for app in ORDER:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(out)
        self.stdout.write(self.style.SUCCESS("Demo community ready."))
