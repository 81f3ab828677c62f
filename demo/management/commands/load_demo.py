"""Load the demo community. Idempotent: a second run changes nothing.

Each app that has demo content keeps it in ``<app>/demo.py`` with a
``load(out)`` function; they run in dependency order.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# (module, function): each app's demo content, in dependency order. Moderation's
# queue items act on community content, so they come after it.
ORDER = [
    ("branding.demo", "load"),
    ("accounts.demo", "load"),
    ("moderation.demo", "load"),
    ("knowledge_base.demo", "load"),
    ("community.demo", "load"),
    ("moderation.demo", "load_queue"),
    ("support.demo", "load"),
    ("analytics.demo", "load"),
]


class Command(BaseCommand):
    help = "Load the Velora demo community (idempotent)."

    def handle(self, *args, **options):
        def out(line):
            self.stdout.write(f"  {line}")

        from config.celery import app

        # Index and notify in process: the demo should not leave hundreds of
        # tasks queued for the worker (the demo itself sends no email).
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = True
        try:
            self._load(out)
        finally:
            app.conf.task_always_eager = eager
        self.stdout.write(self.style.SUCCESS("Demo community ready."))

    def _load(self, out):
        self.stdout.write("Loading the demo community…")
        for module_name, function in ORDER:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            with transaction.atomic():
                getattr(module, function)(out)
