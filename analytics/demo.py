"""90 days of community, search and knowledge-base events for the demo, then
the rollups for those days, so the dashboard tells a story after ``make run``.

Analytics imports no content app: the history is made of events only
(marked ``demo: true``), with titles in their props. support/demo.py adds the
Get help sessions and tickets before this runs.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from analytics import events as E
from analytics import rollups
from analytics.models import Event

DAYS = 90
MARKER = "demo.analytics_history_loaded"
QUESTIONS = [
    "Which tyre pressure for the Velora Stad?",
    "Hoe vervang ik de achterlamp?",
    "Is the battery waterproof?",
    "Welke kettingolie gebruiken jullie?",
    "Can I ride with the battery removed?",
    "Trapondersteuning voelt traag",
    "Best child seat for the Velora Tour?",
    "Winterstalling: accu binnen of buiten?",
]
GAPS = [
    "frame lock reset",
    "accu kalibreren",
    "firmware 3.2",
    "child seat mount",
    "bagagedrager max gewicht",
    "torque sensor",
    "velora tour xl size chart",
]
FOUND = ["battery", "accu laden", "display error", "app koppelen", "gears", "remmen"]


def load(out) -> dict:
    if Event.objects.filter(name=MARKER).exists():
        out("analytics: demo history already loaded")
        return {"events": 0}
    from support.demo import _keep_created_at  # the same small trick; both are demo code

    rng = random.Random(90)
    User = get_user_model()
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.com")}
    askers = [
        people[e]
        for e in (
            "pieter@example.com",
            "daan@example.com",
            "noor@example.com",
            "liam@example.com",
            "ayla@example.com",
            "grace@example.com",
            "member@example.com",
        )
        if e in people
    ]
    helpers = [
        (people[e], w)
        for e, w in (
            ("emma@example.com", 0.45),
            ("tom@example.com", 0.35),
            ("pieter@example.com", 0.1),
            ("noor@example.com", 0.1),
        )
        if e in people
    ]
    agent = people.get("agent@example.com")
    moderator = people.get("moderator@example.com")
    if not askers or not helpers:
        out("analytics: demo members missing, no history")
        return {"events": 0}
    article_ct = ContentType.objects.filter(app_label="knowledge_base", model="article").first()
    article_ids = []
    if article_ct and article_ct.model_class() is not None:
        article_ids = list(article_ct.model_class()._default_manager.values_list("pk", flat=True)[:30])
    tz = timezone.get_current_timezone()
    now = timezone.now()
    today = timezone.localdate(now)
    events = []
    next_q, next_a = 9_000_000, 9_500_000  # ids of demo-only posts, far above real ones

    def at(day, hour_lo=7, hour_hi=22):
        moment = timezone.make_aware(
            dt.datetime.combine(day, dt.time(rng.randint(hour_lo, hour_hi - 1), rng.randint(0, 59))), tz
        )
        return min(moment, now - dt.timedelta(minutes=rng.randint(5, 90)))

    def add(name, when, user=None, visitor="", obj_id=None, **props):
        if when <= now:
            events.append(
                Event(
                    name=name,
                    created_at=when,
                    user=user,
                    visitor_id=visitor,
                    object_id=obj_id,
                    props={**props, "demo": True},
                )
            )

    for back in range(DAYS - 1, -1, -1):
        day = today - dt.timedelta(days=back)
        progress = 1 - back / DAYS
        for _ in range(rng.randint(2, 5)):
            next_q += 1
            asker = rng.choice(askers)
            asked = at(day)
            title = rng.choice(QUESTIONS)
            add(E.QUESTION_ASKED, asked, user=asker, obj_id=next_q, title=title)
            if rng.random() < 0.12 + 0.1 * (1 - progress):
                continue  # stays unanswered
            first_answer = None
            for k in range(rng.randint(1, 3)):
                helper = rng.choices([h for h, _ in helpers], weights=[w for _, w in helpers])[0]
                next_a += 1
                when = asked + dt.timedelta(hours=rng.uniform(0.3, 14) * (1.2 - 0.6 * progress) * (k + 1))
                add(E.ANSWER_POSTED, when, user=helper, obj_id=next_a, question=next_q, official=False)
                first_answer = first_answer or (next_a, helper, when)
                for voter in rng.sample(askers, rng.randint(0, 3)):
                    add(E.VOTE_CAST, when + dt.timedelta(hours=2), user=voter, obj_id=next_a, value=1)
            if agent and rng.random() < 0.3:
                next_a += 1
                add(
                    E.ANSWER_POSTED,
                    asked + dt.timedelta(hours=rng.uniform(2, 20)),
                    user=agent,
                    obj_id=next_a,
                    question=next_q,
                    official=True,
                )
            if first_answer and rng.random() < 0.55:
                add(
                    E.ANSWER_ACCEPTED,
                    first_answer[2] + dt.timedelta(hours=5),
                    user=asker,
                    obj_id=first_answer[0],
                    question=next_q,
                )
        for _ in range(rng.randint(25, 45)):
            who = rng.choice(askers) if rng.random() < 0.3 else None
            visitor = "" if who else f"demosearch{rng.randint(1, 500):05d}"
            if rng.random() < 0.2 - 0.08 * progress:
                add(E.SEARCH_PERFORMED, at(day), user=who, visitor=visitor, query=rng.choice(GAPS), results=0)
            else:
                add(
                    E.SEARCH_PERFORMED,
                    at(day),
                    user=who,
                    visitor=visitor,
                    query=rng.choice(FOUND),
                    results=rng.randint(1, 12),
                )
        for article_id in rng.sample(article_ids, min(len(article_ids), 6)):
            for _ in range(rng.randint(3, 15)):
                visitor = f"demoreader{rng.randint(1, 800):05d}"
                add(E.ARTICLE_VIEWED, at(day), visitor=visitor, obj_id=article_id)
            for _ in range(rng.randint(0, 3)):
                helpful = rng.random() < (0.35 if article_id == article_ids[0] else 0.8)
                add(
                    E.ARTICLE_VOTED,
                    at(day),
                    visitor=f"demoreader{rng.randint(1, 800):05d}",
                    obj_id=article_id,
                    helpful=helpful,
                )
        if rng.random() < 0.35:
            add(E.SIGNED_UP, at(day), user=rng.choice(askers))
        if moderator and rng.random() < 0.3:
            flagged = at(day)
            add(E.FLAGGED, flagged, user=rng.choice(askers), obj_id=next_a)
            add(
                E.MODERATION_DECIDED,
                flagged + dt.timedelta(hours=rng.uniform(0.5, 10)),
                user=moderator,
                seconds_to_decision=rng.randint(1800, 36000),
                decision="approve",
            )

    post_ct = ContentType.objects.get_for_model(Event)  # demo posts exist only as events; any type links them
    for event in events:
        if event.object_id is None:
            continue
        if event.name in (E.ARTICLE_VIEWED, E.ARTICLE_VOTED):
            event.content_type = article_ct
        else:
            event.content_type = post_ct
    events.append(Event(name=MARKER, created_at=now, props={"demo": True}))
    with _keep_created_at():
        Event.objects.bulk_create(events, batch_size=500)
    first = today - dt.timedelta(days=DAYS - 1)
    days = rollups.rollup_range(first, today)
    out(f"analytics: {len(events)} demo events, {days} days rolled up")
    return {"events": len(events), "days": days}
