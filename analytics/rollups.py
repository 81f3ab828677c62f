"""Daily rollups: Events -> DailyMetric, DailySearchGap, DailyContentStat, MemberEngagement.

``rollup_day(day)`` computes every number of one (local) day with SQL
aggregation, then replaces that day's rows in one transaction: running it
twice gives the same rows, and a failure leaves the previous rows in place.
Formulas and caveats: docs/metrics.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import (
    BigIntegerField,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Lower, Substr
from django.utils import timezone

from analytics import engagement
from analytics import events as E
from analytics.models import DailyContentStat, DailyMetric, DailySearchGap, Event, MemberEngagement


def deflection_window() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "ANALYTICS_DEFLECTION_WINDOW_HOURS", 24))


def settle_days() -> int:
    """How many past days the nightly rollup recomputes (late answers, deflection windows)."""
    return int(getattr(settings, "ANALYTICS_SETTLE_DAYS", 7))


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min), tz)
    return start, end


def local_today(now=None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _in(start, end, *names):
    return Event.objects.filter(name__in=names, created_at__gte=start, created_at__lt=end)


def _seconds(total) -> float:
    if total is None:
        return 0.0
    if isinstance(total, dt.timedelta):
        return total.total_seconds()
    return float(total) / 1_000_000  # SQLite returns microseconds for some duration sums


def _distinct_actors(qs) -> int:
    """Members and anonymous visitors, each counted once."""
    found = qs.aggregate(
        members=Count("user_id", distinct=True),
        visitors=Count("visitor_id", distinct=True, filter=Q(user__isnull=True) & ~Q(visitor_id="")),
    )
    return found["members"] + found["visitors"]


# --- deflection ---------------------------------------------------------------------------


def deflection(start, end, now) -> dict:
    """Per help session started in [start, end): explicit, implicit, followed up, pending, abandoned."""
    window = deflection_window()
    session_of = KT("props__session")
    sessions = (
        _in(start, end, E.HELP_SESSION_STARTED)
        .annotate(s=session_of)
        .annotate(window_end=ExpressionWrapper(F("created_at") + window, output_field=DateTimeField()))
    )
    in_session = Event.objects.annotate(s=session_of).filter(s=OuterRef("s"))
    opened = in_session.filter(name=E.HELP_SUGGESTION_OPENED)
    explicit = in_session.filter(name=E.HELP_DEFLECTED)
    followed = Event.objects.annotate(s=session_of).filter(
        Q(s=OuterRef("s"))
        | Q(user_id=OuterRef("user_id"))
        | (Q(visitor_id=OuterRef("visitor_id")) & ~Q(visitor_id="")),
        name__in=E.FOLLOW_UP_EVENTS,
        created_at__gte=OuterRef("created_at"),
        created_at__lte=OuterRef("window_end"),
    )
    matured = Q(created_at__lte=now - window)
    sessions = sessions.annotate(opened=Exists(opened), explicit=Exists(explicit), followed=Exists(followed))
    found = sessions.aggregate(
        help_sessions=Count("pk"),
        sessions_with_open=Count("pk", filter=Q(opened=True)),
        explicit_deflections=Count("pk", filter=Q(explicit=True, followed=False)),
        implicit_deflections=Count("pk", filter=Q(explicit=False, opened=True, followed=False) & matured),
        sessions_followed_up=Count("pk", filter=Q(followed=True)),
        sessions_pending=Count("pk", filter=Q(explicit=False, followed=False) & ~matured),
        sessions_abandoned=Count("pk", filter=Q(explicit=False, opened=False, followed=False) & matured),
    )
    return found


# --- community ----------------------------------------------------------------------------


def _question_id():
    return Cast(KT("props__question"), BigIntegerField())


def first_responses(start, end) -> dict:
    """First answers (not by the asker) given in [start, end), and how long the asker waited."""
    asked = Event.objects.filter(name=E.QUESTION_ASKED, object_id=OuterRef("qid"))
    answers = Event.objects.filter(name=E.ANSWER_POSTED).annotate(qid=_question_id())
    base = (
        _in(start, end, E.ANSWER_POSTED)
        .annotate(qid=_question_id())
        .annotate(asker=Subquery(asked.values("user_id")[:1]), asked_at=Subquery(asked.values("created_at")[:1]))
        .filter(asked_at__isnull=False)
        .exclude(user_id=F("asker"))
        .annotate(wait=ExpressionWrapper(F("created_at") - F("asked_at"), output_field=DurationField()))
    )

    def earlier(extra: Q):
        return (
            answers.filter(extra, qid=OuterRef("qid"))
            .filter(
                Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
            )
            .exclude(user_id=OuterRef("asker"))
        )

    official = Q(props__official=True)
    first = base.annotate(had=Exists(earlier(Q()))).filter(had=False).aggregate(n=Count("pk"), total=Sum("wait"))
    first_agent = (
        base.filter(official)
        .annotate(had=Exists(earlier(official)))
        .filter(had=False)
        .aggregate(n=Count("pk"), total=Sum("wait"))
    )
    return {
        "first_responses": first["n"],
        "first_response_seconds": _seconds(first["total"]),
        "first_agent_responses": first_agent["n"],
        "first_agent_response_seconds": _seconds(first_agent["total"]),
    }


def questions(start, end) -> dict:
    """Questions asked in [start, end): answered (by someone else), solved, unanswered, as known now."""
    answers = Event.objects.filter(name=E.ANSWER_POSTED).annotate(qid=_question_id())
    accepted = Event.objects.filter(name=E.ANSWER_ACCEPTED).annotate(qid=_question_id())
    asked = _in(start, end, E.QUESTION_ASKED).annotate(
        answered=Exists(answers.filter(qid=OuterRef("object_id")).exclude(user_id=OuterRef("user_id"))),
        solved=Exists(accepted.filter(qid=OuterRef("object_id"))),
    )
    found = asked.aggregate(
        questions=Count("pk"),
        questions_answered=Count("pk", filter=Q(answered=True)),
        questions_solved=Count("pk", filter=Q(solved=True)),
        questions_unanswered=Count("pk", filter=Q(answered=False)),
    )
    found["answers"] = _in(start, end, E.ANSWER_POSTED).count()
    return found


# --- the rest -------------------------------------------------------------------------------


def simple_counts(start, end) -> dict:
    counts = Event.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        tickets=Count("pk", filter=Q(name=E.TICKET_CREATED)),
        tickets_solved=Count("pk", filter=Q(name=E.TICKET_SOLVED)),
        ticket_first_responses=Count("pk", filter=Q(name=E.TICKET_FIRST_RESPONSE)),
        ticket_first_response_seconds=Sum(
            Cast(KT("props__seconds"), FloatField()), filter=Q(name=E.TICKET_FIRST_RESPONSE)
        ),
        searches=Count("pk", filter=Q(name=E.SEARCH_PERFORMED)),
        searches_without_results=Count("pk", filter=Q(name=E.SEARCH_PERFORMED, props__results=0)),
        article_views=Count("pk", filter=Q(name=E.ARTICLE_VIEWED)),
        article_votes=Count("pk", filter=Q(name=E.ARTICLE_VOTED)),
        article_helpful_votes=Count("pk", filter=Q(name=E.ARTICLE_VOTED, props__helpful=True)),
        new_members=Count("pk", filter=Q(name=E.SIGNED_UP)),
        flags=Count("pk", filter=Q(name=E.FLAGGED)),
        moderation_decisions=Count("pk", filter=Q(name=E.MODERATION_DECIDED)),
        moderation_decision_seconds=Sum(
            Cast(KT("props__seconds_to_decision"), FloatField()), filter=Q(name=E.MODERATION_DECIDED)
        ),
    )
    for key in ("ticket_first_response_seconds", "moderation_decision_seconds"):
        counts[key] = float(counts[key] or 0)
    return counts


def people(day, start, end) -> dict:
    def active(since):
        return (
            Event.objects.filter(created_at__gte=since, created_at__lt=end, user__isnull=False)
            .exclude(name__startswith="system.")
            .aggregate(n=Count("user_id", distinct=True))["n"]
        )

    month_start, _ = day_bounds(day - dt.timedelta(days=29))
    week_start, _ = day_bounds(day - dt.timedelta(days=6))
    return {
        "help_centre_users": _distinct_actors(_in(start, end, *E.HELP_CENTRE_EVENTS)),
        "ticket_requesters": _distinct_actors(_in(start, end, E.TICKET_CREATED)),
        "active_members_day": active(start),
        "active_members_week": active(week_start),
        "active_members_month": active(month_start),
    }


def search_gaps(day, start, end, *, limit: int = 200) -> list[DailySearchGap]:
    rows = (
        _in(start, end, E.SEARCH_PERFORMED)
        .filter(props__results=0)
        .annotate(q=Substr(Lower(KT("props__query")), 1, 200))
        .exclude(q__isnull=True)
        .exclude(q="")
        .values("q")
        .annotate(n=Count("pk"))
        .order_by("-n", "q")[:limit]
    )
    return [DailySearchGap(date=day, query=r["q"].strip(), searches=r["n"]) for r in rows]


def content_stats(day, start, end) -> list[DailyContentStat]:
    rows = (
        _in(start, end, E.ARTICLE_VIEWED, E.ARTICLE_VOTED)
        .filter(content_type__isnull=False, object_id__isnull=False)
        .values("content_type_id", "object_id")
        .annotate(
            views=Count("pk", filter=Q(name=E.ARTICLE_VIEWED)),
            helpful=Count("pk", filter=Q(name=E.ARTICLE_VOTED, props__helpful=True)),
            not_helpful=Count("pk", filter=Q(name=E.ARTICLE_VOTED, props__helpful=False)),
        )
        .order_by()
    )
    return [DailyContentStat(date=day, **r) for r in rows]


def member_engagement(day, start, end) -> list[MemberEngagement]:
    """Per member: contributions made that day, and credit received that day."""
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))

    def add(rows, field):
        for row in rows:
            if row["who"] is not None:
                counts[row["who"]][field] += row["n"] or 0

    mine = _in(start, end, E.QUESTION_ASKED, E.ANSWER_POSTED).filter(user__isnull=False)
    for row in (
        mine.values("user_id", "name")
        .annotate(n=Count("pk"), official=Count("pk", filter=Q(props__official=True)))
        .order_by()
    ):
        field = "questions" if row["name"] == E.QUESTION_ASKED else "answers"
        counts[row["user_id"]][field] += row["n"]
        if field == "answers":
            counts[row["user_id"]]["official_answers"] += row["official"]

    # Credit goes to whoever wrote the post: the author is the user of the event that created it.
    author = (
        Event.objects.filter(
            name__in=[E.QUESTION_ASKED, E.ANSWER_POSTED],
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
        )
        .order_by("created_at")
        .values("user_id")[:1]
    )
    accepted = _in(start, end, E.ANSWER_ACCEPTED).annotate(who=Subquery(author))
    add(accepted.values("who").annotate(n=Count("pk")).order_by(), "accepted_answers")
    votes = _in(start, end, E.VOTE_CAST).annotate(who=Subquery(author), v=Cast(KT("props__value"), BigIntegerField()))
    add(votes.exclude(user_id=F("who")).values("who").annotate(n=Sum("v")).order_by(), "votes_received")

    rows = []
    for user_id, c in counts.items():
        row = MemberEngagement(date=day, user_id=user_id, **{k: v for k, v in c.items()})
        row.score = engagement.score(row)
        rows.append(row)
    return rows


# --- putting a day together --------------------------------------------------------------------


def compute_day(day: dt.date, *, now=None) -> dict:
    now = now or timezone.now()
    start, end = day_bounds(day)
    values = {}
    values.update(deflection(start, end, now))
    values.update(simple_counts(start, end))
    values.update(people(day, start, end))
    values.update(questions(start, end))
    values.update(first_responses(start, end))
    return {
        "metric": DailyMetric(date=day, computed_at=now, **values),
        "gaps": search_gaps(day, start, end),
        "content": content_stats(day, start, end),
        "members": member_engagement(day, start, end),
    }


def rollup_day(day: dt.date, *, now=None) -> DailyMetric:
    """Recompute one day and replace its rows, all or nothing."""
    computed = compute_day(day, now=now)
    from django.contrib.auth import get_user_model

    existing_users = set(
        get_user_model().objects.filter(pk__in=[m.user_id for m in computed["members"]]).values_list("pk", flat=True)
    )
    with transaction.atomic():
        DailyMetric.objects.filter(date=day).delete()
        DailySearchGap.objects.filter(date=day).delete()
        DailyContentStat.objects.filter(date=day).delete()
        MemberEngagement.objects.filter(date=day).delete()
        computed["metric"].save()
        DailySearchGap.objects.bulk_create(computed["gaps"])
        DailyContentStat.objects.bulk_create(computed["content"])
        MemberEngagement.objects.bulk_create([m for m in computed["members"] if m.user_id in existing_users])
    return computed["metric"]


def rollup_range(first: dt.date, last: dt.date, *, now=None) -> int:
    day, done = first, 0
    while day <= last:
        rollup_day(day, now=now)
        day += dt.timedelta(days=1)
        done += 1
    return done
