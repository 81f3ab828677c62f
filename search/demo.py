"""Searches of the past weeks for the Velora demo (idempotent).

Simulated visitors, real answers: every query is run through the real search
once, and its ``search.performed`` events carry the number of results that
search finds now. So a "search without results" on the dashboard is a query
that really finds nothing in the demo's help centre and community.
"""

import datetime as dt
import random

from django.contrib.auth.models import AnonymousUser
from django.test.utils import override_settings
from django.utils import timezone

import analytics
from analytics.models import Event
from search import services

DAYS = 90
VISITOR = "demo-searcher-"
# What riders type. Some of these find nothing in the demo: the content gaps a manager should see.
QUERIES = [
    "battery",
    "accu laden",
    "display error",
    "app koppelen",
    "gears",
    "remmen",
    "winter range",
    "firmware",
    "frame lock reset",
    "torque sensor",
    "bandenspanning",
    "speedpedelec kenteken",
    "dakdrager",
    "helmplicht",
    "regenpak",
    "isofix",
]


def load(out) -> dict:
    if Event.objects.filter(name="search.performed", visitor_id__startswith=VISITOR).exists():
        out("search: demo searches already loaded")
        return {"searches": 0}
    from core.democlock import at

    anonymous = AnonymousUser()
    found = {q: services.search(q, user=anonymous).total for q in QUERIES}
    weights = [3 if found[q] else 1 for q in QUERIES]  # most searches find something
    rng = random.Random(4711)
    now = timezone.now()
    tz = timezone.get_current_timezone()
    made = 0
    with override_settings(GILDE_EVENT_BUFFER_SIZE=0):  # written at once, at the demo clock's time
        for back in range(DAYS - 1, -1, -1):
            day = timezone.localdate(now) - dt.timedelta(days=back)
            progress = 1 - back / DAYS
            for _ in range(rng.randint(6, 12) + int(8 * progress)):
                moment = timezone.make_aware(
                    dt.datetime.combine(day, dt.time(rng.randint(7, 22), rng.randint(0, 59))), tz
                )
                if moment >= now - dt.timedelta(minutes=5):
                    continue
                query = rng.choices(QUERIES, weights=weights)[0]
                with at(moment):
                    analytics.track(
                        "search.performed",
                        visitor_id=f"{VISITOR}{rng.randint(1, 500):04d}",
                        query=query,
                        results=found[query],
                        page=1,
                        kind="",
                        language="",
                        category="",
                        defer=True,
                    )
                made += 1
        analytics.flush_events()  # whatever went another way (a Redis queue) is written before the rollup
    gaps = sorted(q for q, n in found.items() if not n)
    out(f"search: {made} searches over {DAYS} days; without results: {', '.join(gaps) or 'none'}")
    return {"searches": made}
