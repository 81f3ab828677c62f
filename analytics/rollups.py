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
    BooleanField,
    Count,
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


# --- shared lookups -------------------------------------------------------------------------


class Facts:
    """Lookups the rollups join on, each loaded with ONE query the first time it is needed.

    The old per-row correlated subqueries matched on JSON props (no index) and took
    minutes a day at scale. One ``Facts`` is shared by every day of a ``rollup_range``,
    so a 90-day rollup reads each of these sets once.
    """

    def __init__(self, *, many_days: bool = False):
        self.many_days = many_days  # worth reading whole maps that a single day would not need
        self._cache: dict = {}
        self._active: dict[dt.date, set] = {}

    def _get(self, key, load):
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def sessions_with(self, name: str) -> set:
        """Session ids (props.session) that have an event ``name``, at any time."""

        def load():
            rows = Event.objects.filter(name=name).annotate(s=KT("props__session")).values_list("s", flat=True)
            return {s for s in rows.distinct() if s is not None}

        return self._get(("sessions", name), load)

    def answers_by_question(self, qids) -> dict:
        """question id -> [(pk, user_id, created_at, official)] of every answer posted to it.

        For a range, all answers are read once; for one day, only those to ``qids``.
        """

        def load(only=None):
            found = defaultdict(list)
            rows = Event.objects.filter(name=E.ANSWER_POSTED).annotate(qid=_question_id(), official=_official())
            if only is not None:
                rows = rows.filter(qid__in=only)
            rows = rows.values_list("qid", "pk", "user_id", "created_at", "official")
            for qid, pk, user_id, created_at, official in rows.iterator(chunk_size=10_000):
                if qid is not None:
                    found[qid].append((pk, user_id, created_at, bool(official)))
            return found

        if self.many_days:
            return self._get("answers", load)
        qids = sorted({q for q in qids if q is not None})
        return load(qids) if qids else {}

    def accepted_questions(self) -> set:
        """Questions whose latest acceptance event is an acceptance (one taken back is not solved)."""

        def load():
            rows = (
                Event.objects.filter(name__in=[E.ANSWER_ACCEPTED, E.ANSWER_UNACCEPTED])
                .annotate(qid=_question_id())
                .order_by("created_at", "pk")
                .values_list("qid", "name")
            )
            latest = {}
            for qid, name in rows.iterator(chunk_size=10_000):
                if qid is not None:
                    latest[qid] = name
            return {qid for qid, name in latest.items() if name == E.ANSWER_ACCEPTED}

        return self._get("accepted", load)

    def asked(self) -> dict:
        """question id (the asked event's object_id) -> (asker user_id, asked at)."""

        def load():
            found = {}
            rows = (
                Event.objects.filter(name=E.QUESTION_ASKED, object_id__isnull=False)
                .order_by("-created_at", "-pk")
                .values_list("object_id", "user_id", "created_at")
            )
            for object_id, user_id, created_at in rows.iterator(chunk_size=10_000):
                found[object_id] = (user_id, created_at)  # the earliest wins
            return found

        return self._get("asked", load)

    def authors(self) -> dict:
        """(content_type_id, object_id) -> user_id of the earliest event that created the post."""

        def load():
            found = {}
            rows = (
                Event.objects.filter(
                    name__in=[E.QUESTION_ASKED, E.ANSWER_POSTED], content_type__isnull=False, object_id__isnull=False
                )
                .order_by("-created_at", "-pk")
                .values_list("content_type_id", "object_id", "user_id")
            )
            for ct, object_id, user_id in rows.iterator(chunk_size=10_000):
                found[(ct, object_id)] = user_id  # the earliest wins
            return found

        return self._get("authors", load)

    def article_votes(self, object_ids) -> dict:
        """(content_type_id, object_id, user_id, visitor_id) -> [first voted at, helpful now]:
        one entry per voter and article (a vote changed later is still one vote).

        For a range, every vote event is read once; for one day, those on ``object_ids``.
        """

        def load(only=None):
            found = {}
            rows = Event.objects.filter(name=E.ARTICLE_VOTED, object_id__isnull=False)
            if only is not None:
                rows = rows.filter(object_id__in=only)
            rows = rows.order_by("created_at", "pk").values_list(
                "content_type_id", "object_id", "user_id", "visitor_id", "created_at", "props__helpful"
            )
            for ct, object_id, user_id, visitor_id, created_at, helpful in rows.iterator(chunk_size=10_000):
                key = (ct, object_id, user_id, "" if user_id else visitor_id)
                if key in found:
                    found[key][1] = helpful is True
                else:
                    found[key] = [created_at, helpful is True]
            return found

        if self.many_days:
            return self._get("votes", load)
        object_ids = sorted(set(object_ids))
        return load(object_ids) if object_ids else {}

    def active_members(self, day: dt.date) -> set:
        """Members with any non-system event on that (local) day."""
        if day not in self._active:
            start, end = day_bounds(day)
            rows = (
                Event.objects.filter(created_at__gte=start, created_at__lt=end, user__isnull=False)
                .exclude(name__startswith="system.")
                .values_list("user_id", flat=True)
                .distinct()
            )
            self._active[day] = set(rows)
        return self._active[day]


def _official():
    return ExpressionWrapper(Q(props__official=True), output_field=BooleanField())


def _not_by(user_id, other_id) -> bool:
    """SQL's ``NOT (user_id = other AND user_id IS NOT NULL)``: NULL on either side never matches."""
    return user_id is None or (other_id is not None and user_id != other_id)


# --- deflection ---------------------------------------------------------------------------


def deflection(start, end, now, *, facts: Facts | None = None) -> dict:
    """Per help session started in [start, end): explicit, implicit, followed up, pending, abandoned.

    A session is followed up by a ticket or question of the same session, member or
    (non-empty) visitor within [its start, its start + window]; those are read with one
    query over [start, end + window) on the indexed created_at.
    """
    facts = facts or Facts()
    window = deflection_window()
    sessions = list(
        _in(start, end, E.HELP_SESSION_STARTED)
        .annotate(s=KT("props__session"))
        .values_list("s", "user_id", "visitor_id", "created_at")
    )
    follow_ups = list(
        Event.objects.filter(name__in=E.FOLLOW_UP_EVENTS, created_at__gte=start, created_at__lte=end + window)
        .annotate(s=KT("props__session"))
        .values_list("s", "user_id", "visitor_id", "created_at")
    )
    by_session, by_user, by_visitor = defaultdict(list), defaultdict(list), defaultdict(list)
    for f_s, f_user, f_visitor, f_at in follow_ups:
        if f_s is not None:
            by_session[f_s].append(f_at)
        if f_user is not None:
            by_user[f_user].append(f_at)
        if f_visitor != "":
            by_visitor[f_visitor].append(f_at)
    opened_sessions = facts.sessions_with(E.HELP_SUGGESTION_OPENED) if sessions else set()
    explicit_sessions = facts.sessions_with(E.HELP_DEFLECTED) if sessions else set()
    found = dict.fromkeys(
        [
            "help_sessions",
            "sessions_with_open",
            "explicit_deflections",
            "implicit_deflections",
            "sessions_followed_up",
            "sessions_pending",
            "sessions_abandoned",
        ],
        0,
    )
    matured_before = now - window
    for s, user_id, visitor_id, created_at in sessions:
        window_end = created_at + window
        opened = s is not None and s in opened_sessions
        explicit = s is not None and s in explicit_sessions
        candidates = []
        if s is not None:
            candidates += by_session.get(s, ())
        if user_id is not None:
            candidates += by_user.get(user_id, ())
        if visitor_id != "":
            candidates += by_visitor.get(visitor_id, ())
        followed = any(created_at <= f_at <= window_end for f_at in candidates)
        matured = created_at <= matured_before
        found["help_sessions"] += 1
        found["sessions_with_open"] += opened
        found["explicit_deflections"] += explicit and not followed
        found["implicit_deflections"] += not explicit and opened and not followed and matured
        found["sessions_followed_up"] += followed
        found["sessions_pending"] += not explicit and not followed and not matured
        found["sessions_abandoned"] += not explicit and not opened and not followed and matured
    return {k: int(v) for k, v in found.items()}


# --- community ----------------------------------------------------------------------------


def _question_id():
    return Cast(KT("props__question"), BigIntegerField())


def first_responses(start, end, *, facts: Facts | None = None) -> dict:
    """First answers (not by the asker) given in [start, end), and how long the asker waited."""
    facts = facts or Facts()
    todays = list(
        _in(start, end, E.ANSWER_POSTED)
        .annotate(qid=_question_id(), official=_official())
        .values_list("pk", "qid", "user_id", "created_at", "official")
    )
    asked = facts.asked() if todays else {}
    answers = facts.answers_by_question({row[1] for row in todays}) if todays else {}
    n = n_agent = 0
    total = total_agent = dt.timedelta(0)
    for pk, qid, user_id, created_at, official in todays:
        if qid is None or qid not in asked:
            continue
        asker, asked_at = asked[qid]
        if not _not_by(user_id, asker):
            continue
        earlier = [
            other_official
            for other_pk, other_user, other_at, other_official in answers.get(qid, ())
            if (other_at < created_at or (other_at == created_at and other_pk < pk)) and _not_by(other_user, asker)
        ]
        wait = created_at - asked_at
        if not earlier:
            n += 1
            total += wait
        if official and not any(earlier):
            n_agent += 1
            total_agent += wait
    return {
        "first_responses": n,
        "first_response_seconds": total.total_seconds() if n else 0.0,
        "first_agent_responses": n_agent,
        "first_agent_response_seconds": total_agent.total_seconds() if n_agent else 0.0,
    }


def questions(start, end, *, facts: Facts | None = None) -> dict:
    """Questions asked in [start, end): answered (by someone else), solved, unanswered, as known now."""
    facts = facts or Facts()
    asked = list(_in(start, end, E.QUESTION_ASKED).values_list("object_id", "user_id"))
    answers = facts.answers_by_question({object_id for object_id, _ in asked}) if asked else {}
    accepted = facts.accepted_questions() if asked else set()
    found = {"questions": 0, "questions_answered": 0, "questions_solved": 0, "questions_unanswered": 0}
    for object_id, asker in asked:
        answered = object_id is not None and any(_not_by(a[1], asker) for a in answers.get(object_id, ()))
        found["questions"] += 1
        found["questions_answered"] += answered
        found["questions_unanswered"] += not answered
        found["questions_solved"] += object_id is not None and object_id in accepted
    found = {k: int(v) for k, v in found.items()}
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


def people(day, start, end, *, facts: Facts | None = None) -> dict:
    facts = facts or Facts()

    def active(days: int) -> int:
        members = set()
        for back in range(days):
            members |= facts.active_members(day - dt.timedelta(days=back))
        return len(members)

    return {
        "help_centre_users": _distinct_actors(_in(start, end, *E.HELP_CENTRE_EVENTS)),
        "ticket_requesters": _distinct_actors(_in(start, end, E.TICKET_CREATED)),
        "active_members_day": active(1),
        "active_members_week": active(7),
        "active_members_month": active(30),
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


def article_votes(start, end, *, facts: Facts | None = None) -> dict:
    """(content_type_id, object_id) -> [helpful, not helpful] of the votes first cast in [start, end).

    One vote per voter and article, counted on the day it was cast with the answer it
    has now (as the article's own counters do): a changed vote moves from "not helpful"
    to "helpful" on its first day instead of counting twice (that day is redone, see
    ``reopened_days``).
    """
    facts = facts or Facts()
    today = _in(start, end, E.ARTICLE_VOTED).filter(object_id__isnull=False)
    object_ids = set(today.values_list("object_id", flat=True).distinct())
    found: dict = {}
    if not object_ids:
        return found
    for (ct, object_id, _user, _visitor), (first_at, helpful) in facts.article_votes(object_ids).items():
        if ct is not None and start <= first_at < end:
            counts = found.setdefault((ct, object_id), [0, 0])
            counts[0 if helpful else 1] += 1
    return found


def content_stats(day, start, end, *, votes: dict | None = None) -> list[DailyContentStat]:
    views = (
        _in(start, end, E.ARTICLE_VIEWED)
        .filter(content_type__isnull=False, object_id__isnull=False)
        .values_list("content_type_id", "object_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {(ct, object_id): [n, 0, 0] for ct, object_id, n in views}
    for key, (helpful, not_helpful) in (votes if votes is not None else article_votes(start, end)).items():
        row = found.setdefault(key, [0, 0, 0])
        row[1], row[2] = helpful, not_helpful
    return [
        DailyContentStat(date=day, content_type_id=ct, object_id=object_id, views=v, helpful=h, not_helpful=n)
        for (ct, object_id), (v, h, n) in found.items()
    ]


def member_engagement(day, start, end, *, facts: Facts | None = None) -> list[MemberEngagement]:
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
    value = Cast(KT("props__value"), BigIntegerField())
    if facts is not None and facts.many_days:
        # The same numbers from one map of all authors, read once for the whole range.
        authors = facts.authors()
        accepted_n: dict = defaultdict(int)
        for ct, object_id in _in(start, end, E.ANSWER_ACCEPTED).values_list("content_type_id", "object_id"):
            accepted_n[authors.get((ct, object_id))] += 1
        add(({"who": who, "n": n} for who, n in accepted_n.items()), "accepted_answers")
        received: dict = {}
        votes = _in(start, end, E.VOTE_CAST).annotate(v=value)
        for ct, object_id, user_id, v in votes.values_list("content_type_id", "object_id", "user_id", "v"):
            who = authors.get((ct, object_id))
            if who is not None and _not_by(user_id, who):
                received[who] = received.get(who, 0) + (v or 0)
        add(({"who": who, "n": n} for who, n in received.items()), "votes_received")
    else:
        accepted = _in(start, end, E.ANSWER_ACCEPTED).annotate(who=Subquery(author))
        add(accepted.values("who").annotate(n=Count("pk")).order_by(), "accepted_answers")
        votes = _in(start, end, E.VOTE_CAST).annotate(who=Subquery(author), v=value)
        add(votes.exclude(user_id=F("who")).values("who").annotate(n=Sum("v")).order_by(), "votes_received")

    rows = []
    for user_id, c in counts.items():
        row = MemberEngagement(date=day, user_id=user_id, **{k: v for k, v in c.items()})
        row.score = engagement.score(row)
        rows.append(row)
    return rows


# --- putting a day together --------------------------------------------------------------------


def compute_day(day: dt.date, *, now=None, facts: Facts | None = None) -> dict:
    now = now or timezone.now()
    facts = facts or Facts()
    start, end = day_bounds(day)
    values = {}
    values.update(deflection(start, end, now, facts=facts))
    values.update(simple_counts(start, end))
    values.update(people(day, start, end, facts=facts))
    values.update(questions(start, end, facts=facts))
    values.update(first_responses(start, end, facts=facts))
    votes = article_votes(start, end, facts=facts)
    values["article_votes"] = sum(h + n for h, n in votes.values())
    values["article_helpful_votes"] = sum(h for h, _ in votes.values())
    return {
        "metric": DailyMetric(date=day, computed_at=now, **values),
        "gaps": search_gaps(day, start, end),
        "content": content_stats(day, start, end, votes=votes),
        "members": member_engagement(day, start, end, facts=facts),
    }


def rollup_day(day: dt.date, *, now=None, facts: Facts | None = None) -> DailyMetric:
    """Recompute one day and replace its rows, all or nothing."""
    computed = compute_day(day, now=now, facts=facts)
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


def reopened_days(first: dt.date, last: dt.date) -> set[dt.date]:
    """Days before ``first`` whose figures changed in [first, last]: the days on which the
    questions were asked that got an answer, or an acceptance given or taken back, then, and
    the days on which the article votes changed then were first cast.

    A question's answered/solved/unanswered state is counted on the day it was asked, so a
    late answer changes that old day; without this, a day older than the settle window would
    keep calling the question unanswered while the dashboard's table (read live) no longer
    lists it.
    """
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    days = set()
    changed = _in(start, end, E.ARTICLE_VOTED).filter(props__changed=True, object_id__isnull=False)
    changed_keys = {
        (ct, object_id, user_id, "" if user_id else visitor_id)
        for ct, object_id, user_id, visitor_id in changed.values_list(
            "content_type_id", "object_id", "user_id", "visitor_id"
        )
    }
    if changed_keys:
        votes = Facts().article_votes({key[1] for key in changed_keys})
        days |= {timezone.localdate(votes[k][0]) for k in changed_keys if k in votes and votes[k][0] < start}
    qids = {
        q
        for q in _in(start, end, E.ANSWER_POSTED, E.ANSWER_ACCEPTED, E.ANSWER_UNACCEPTED)
        .annotate(qid=_question_id())
        .values_list("qid", flat=True)
        .distinct()
        if q is not None
    }
    if qids:
        asked = Event.objects.filter(name=E.QUESTION_ASKED, object_id__in=qids, created_at__lt=start)
        days |= {timezone.localdate(when) for when in asked.values_list("created_at", flat=True)}
    return days


def rollup_settle(last: dt.date, *, now=None) -> list[dt.date]:
    """The nightly rollup: ``last`` and the ``settle_days()`` before it, then every older day
    that a late answer or acceptance in that window changed. Returns the older days redone."""
    first = last - dt.timedelta(days=settle_days() - 1)
    rollup_range(first, last, now=now)
    older = sorted(reopened_days(first, last))
    facts = Facts(many_days=len(older) > 1)
    for day in older:
        rollup_day(day, now=now, facts=facts)
    return older


def rollup_range(first: dt.date, last: dt.date, *, now=None) -> int:
    day, done = first, 0
    facts = Facts(many_days=first < last)  # shared lookups: each is read once for the whole range
    while day <= last:
        rollup_day(day, now=now, facts=facts)
        day += dt.timedelta(days=1)
        done += 1
    return done
