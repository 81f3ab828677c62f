"""The demo's dashboard: the daily rollups of the past 90 days, computed from the events
that the other apps' demos wrote through their services (community questions and
answers, article views and votes, searches, help sessions and tickets).

Analytics invents nothing here: every figure on the dashboard is computed from
events that stand for rows a manager can open. Idempotent: once any day has been
rolled up, the rollups belong to Celery beat.
"""

import datetime as dt

from django.utils import timezone

from analytics import rollups
from analytics.models import DailyMetric

DAYS = 90


def load(out) -> dict:
    if DailyMetric.objects.exists():
        out("analytics: rollups already computed")
        return {"days": 0}
    today = timezone.localdate()
    days = rollups.rollup_range(today - dt.timedelta(days=DAYS - 1), today)
    out(f"analytics: {days} days rolled up from the demo's events")
    return {"days": days}
