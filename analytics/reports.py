"""Reads of the rollups for the dashboard: any date range, from sums of daily rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum

from analytics.models import DailyContentStat, DailyMetric, DailySearchGap, Event

SUMMED = [f.name for f in DailyMetric._meta.get_fields() if f.concrete and f.name not in ("id", "date", "computed_at")]


def ratio(part, whole):
    return (part / whole) if whole else None


def deflection_rate(deflected: int, tickets: int):
    """deflected ÷ (deflected + tickets)."""
    return ratio(deflected, deflected + tickets)


def self_service_score(help_centre_users: int, ticket_requesters: int):
    """help-centre users ÷ ticket requesters (Zendesk's definition)."""
    return ratio(help_centre_users, ticket_requesters)


@dataclass
class Period:
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        return Period(self.first - dt.timedelta(days=self.days), self.first - dt.timedelta(days=1))


def totals(period: Period) -> dict:
    sums = DailyMetric.objects.filter(date__gte=period.first, date__lte=period.last).aggregate(
        **{name: Sum(name) for name in SUMMED}
    )
    t = {k: (v or 0) for k, v in sums.items()}
    last = DailyMetric.objects.filter(date__gte=period.first, date__lte=period.last).order_by("-date").first()
    t["active_members_month_end"] = last.active_members_month if last else 0
    return t


def kpis(t: dict) -> dict:
    deflected = t["explicit_deflections"] + t["implicit_deflections"]
    return {
        "deflection_rate": deflection_rate(deflected, t["tickets"]),
        "deflections": deflected,
        "explicit_deflections": t["explicit_deflections"],
        "implicit_deflections": t["implicit_deflections"],
        "tickets": t["tickets"],
        "self_service_score": self_service_score(t["help_centre_users"], t["ticket_requesters"]),
        "ticket_first_response_hours": _hours(ratio(t["ticket_first_response_seconds"], t["ticket_first_responses"])),
        "first_response_hours": _hours(ratio(t["first_response_seconds"], t["first_responses"])),
        "first_agent_response_hours": _hours(ratio(t["first_agent_response_seconds"], t["first_agent_responses"])),
        "answer_rate": ratio(t["questions_answered"], t["questions"]),
        "solution_rate": ratio(t["questions_solved"], t["questions"]),
        "questions_unanswered": t["questions_unanswered"],
        "searches_without_results_rate": ratio(t["searches_without_results"], t["searches"]),
        "article_helpfulness": ratio(t["article_helpful_votes"], t["article_votes"]),
        "active_members_month": t["active_members_month_end"],
        "new_members": t["new_members"],
        "flags": t["flags"],
        "moderation_decision_hours": _hours(ratio(t["moderation_decision_seconds"], t["moderation_decisions"])),
    }


def _hours(seconds):
    return None if seconds is None else seconds / 3600


def daily(period: Period) -> list[DailyMetric]:
    return list(DailyMetric.objects.filter(date__gte=period.first, date__lte=period.last).order_by("date"))


def content_gaps(period: Period, *, limit: int = 20) -> list[dict]:
    rows = list(
        DailySearchGap.objects.filter(date__gte=period.first, date__lte=period.last)
        .values("query")
        .annotate(total=Sum("searches"))
        .order_by("-total", "query")[:limit]
    )
    return [{"query": r["query"], "searches": r["total"]} for r in rows]


def _describe(rows: list[dict]) -> list[dict]:
    """Titles and links of the objects, fetched generically (analytics imports no content app)."""
    by_type: dict[int, list[int]] = {}
    for row in rows:
        if row["content_type_id"] is not None:
            by_type.setdefault(row["content_type_id"], []).append(row["object_id"])
    found = {}
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or model is Event:
            continue
        for pk, obj in model._default_manager.in_bulk(ids).items():
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
            found[(ct_id, pk)] = (str(getattr(obj, "title", "") or obj), url)
    for row in rows:
        title, url = found.get((row["content_type_id"], row["object_id"]), (f"#{row['object_id']}", ""))
        row["title"], row["url"] = title, url
    return rows


def least_helpful(period: Period, *, limit: int = 20, min_votes: int = 1) -> list[dict]:
    rows = list(
        DailyContentStat.objects.filter(date__gte=period.first, date__lte=period.last)
        .values("content_type_id", "object_id")
        .annotate(v=Sum("views"), yes=Sum("helpful"), no=Sum("not_helpful"))
        .filter(no__gte=1)
        .order_by("-no", "yes", "object_id")[: limit * 3]
    )
    rows = [
        {
            "content_type_id": r["content_type_id"],
            "object_id": r["object_id"],
            "views": r["v"],
            "helpful": r["yes"],
            "not_helpful": r["no"],
        }
        for r in rows
    ]
    rows = [r for r in rows if r["helpful"] + r["not_helpful"] >= min_votes]
    for row in rows:
        row["helpfulness"] = ratio(row["helpful"], row["helpful"] + row["not_helpful"])
    rows.sort(key=lambda r: (r["helpfulness"], -(r["helpful"] + r["not_helpful"])))
    return _describe(rows[:limit])


def unanswered_questions(period: Period, *, limit: int = 20) -> list[dict]:
    """Questions asked in the period with no answer by anyone but the asker, oldest first."""
    from django.db.models import BigIntegerField, Exists, OuterRef
    from django.db.models.fields.json import KT
    from django.db.models.functions import Cast

    from analytics import events as E
    from analytics.rollups import day_bounds

    start, _ = day_bounds(period.first)
    _, end = day_bounds(period.last)
    answers = Event.objects.filter(name=E.ANSWER_POSTED).annotate(qid=Cast(KT("props__question"), BigIntegerField()))
    rows = list(
        Event.objects.filter(name=E.QUESTION_ASKED, created_at__gte=start, created_at__lt=end, object_id__isnull=False)
        .annotate(answered=Exists(answers.filter(qid=OuterRef("object_id")).exclude(user_id=OuterRef("user_id"))))
        .filter(answered=False)
        .order_by("created_at")
        .values("content_type_id", "object_id", "created_at", "props")[:limit]
    )
    for row in rows:
        row["fallback_title"] = (row.pop("props") or {}).get("title", "")
    rows = _describe(rows)
    for row in rows:
        if row["title"].startswith("#") and row["fallback_title"]:
            row["title"] = row["fallback_title"]
    return rows
