"""Load the demo community. Idempotent: a second run changes nothing.

Each app that has demo content keeps it in ``<app>/demo.py`` with a
``load(out)`` function; they run in dependency order.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# (module, function, set up before the history): each app's demo content, in dependency
# order. Moderation's queue items act on community content, so they come after it.
# What is "set up" is dated before the 90 days of history that the later steps write
# through the services at their own past moments (core.democlock); analytics then
# rolls those events up, so the dashboard shows only what the rows say.
ORDER = [
    ("branding.demo", "load", True),
    ("accounts.demo", "load", True),
    ("moderation.demo", "load", True),
    ("knowledge_base.demo", "load", True),
    ("community.demo", "load", False),
    ("moderation.demo", "load_queue", False),
    ("knowledge_base.demo", "load_history", False),
    ("search.demo", "load", False),
    ("support.demo", "load", False),
    ("analytics.demo", "load", False),
]
SET_UP_DAYS_AGO = 120


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
        from datetime import timedelta

        from django.utils import timezone

        from core import democlock

        self.stdout.write("Loading the demo community…")
        set_up_at = timezone.now() - timedelta(days=SET_UP_DAYS_AGO)
        for module_name, function, set_up in ORDER:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            with transaction.atomic():
                if set_up:
                    with democlock.at(set_up_at):
                        getattr(module, function)(out)
                else:
                    getattr(module, function)(out)
