"""The published engagement score, tiers and champion criteria (docs/metrics.md).

Champions follow the spirit of Discourse's trust level 3 ("regular"):
sustained (active on many different days of the period), helpful (answers
that were accepted, votes from others), not a one-off burst. Staff who answer
officially are listed apart: answering is their job.
"""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

WEIGHTS = {"questions": 1, "answers": 2, "accepted_answers": 10, "votes_received": 1}

TIERS = [  # (minimum score over the period, name)
    (200, _("Champion")),
    (50, _("Regular")),
    (10, _("Contributor")),
    (1, _("Newcomer")),
]

CHAMPION = {
    "min_active_days_share": 0.2,  # contributed on at least 20 % of the period's days ...
    "min_active_days": 5,  # ... and never fewer than 5 days
    "min_answers": 10,
    "min_accepted_answers": 3,
    "min_votes_received": 10,
}


def score(row) -> int:
    return sum(getattr(row, field, 0) * weight for field, weight in WEIGHTS.items())


def tier(points: int):
    for minimum, name in TIERS:
        if points >= minimum:
            return name
    return ""


def leaderboard(first, last, *, limit: int = 20):
    """Members ranked by score over [first, last], one SQL aggregation."""
    from analytics.models import MemberEngagement

    rows = (
        MemberEngagement.objects.filter(date__gte=first, date__lte=last)
        .values("user_id", "user__display_name", "user__email")
        .annotate(
            score_total=Sum("score"),
            n_questions=Sum("questions"),
            n_answers=Sum("answers"),
            accepted=Sum("accepted_answers"),
            votes=Sum("votes_received"),
            official=Sum("official_answers"),
            active_days=Count("date", distinct=True),
        )
        .order_by("-score_total", "user_id")[:limit]
    )
    found = []
    for row in rows:
        row["questions"], row["answers"] = row.pop("n_questions"), row.pop("n_answers")
        found.append(row)
    return found


def champions(first, last, *, limit: int = 20) -> list[dict]:
    days = (last - first).days + 1
    need_days = max(CHAMPION["min_active_days"], round(days * CHAMPION["min_active_days_share"]))
    found = []
    for row in leaderboard(first, last, limit=200):
        row["name"] = row["user__display_name"] or (row["user__email"] or "").split("@")[0]
        row["tier"] = tier(row["score_total"] or 0)
        row["is_champion"] = (
            not row["official"]
            and row["active_days"] >= need_days
            and row["answers"] >= CHAMPION["min_answers"]
            and row["accepted"] >= CHAMPION["min_accepted_answers"]
            and row["votes"] >= CHAMPION["min_votes_received"]
        )
        found.append(row)
    found.sort(key=lambda r: (not r["is_champion"], -(r["score_total"] or 0)))
    return found[:limit]
