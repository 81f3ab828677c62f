import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from analytics import rollups


class Command(BaseCommand):
    help = "Recompute the daily rollups from events: every day from --since (default today) to --until (default today)."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="first day, YYYY-MM-DD")
        parser.add_argument("--until", help="last day, YYYY-MM-DD (default: today)")

    def handle(self, *args, since=None, until=None, **options):
        today = rollups.local_today()
        try:
            first = dt.date.fromisoformat(since) if since else today
            last = dt.date.fromisoformat(until) if until else today
        except ValueError as exc:
            raise CommandError(f"Dates look like 2026-03-10: {exc}")
        if first > last:
            raise CommandError("--since is after --until.")
        done = rollups.rollup_range(first, last)
        self.stdout.write(self.style.SUCCESS(f"Rolled up {done} day(s): {first} to {last}."))
