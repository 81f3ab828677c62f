import csv
import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import permission_required
from analytics import charts, engagement, reports
from analytics.reports import Period
from analytics.rollups import local_today

RANGES = [
    (1, gettext_lazy("Today")),
    (7, gettext_lazy("7 days")),
    (30, gettext_lazy("30 days")),
    (90, gettext_lazy("90 days")),
]


def _period(request) -> Period:
    today = local_today()
    try:
        first = dt.date.fromisoformat(request.GET["from"])
        last = dt.date.fromisoformat(request.GET.get("to") or today.isoformat())
        if first <= last and (last - first).days <= 366:
            return Period(first, last)
    except (KeyError, ValueError):
        pass
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = min(max(days, 1), 366)
    return Period(today - dt.timedelta(days=days - 1), today)


# (key, label, format, higher is better)
TILES = [
    ("deflection_rate", gettext_lazy("Deflection rate"), "pct", True),
    ("deflections", gettext_lazy("Deflections"), "int", True),
    ("tickets", gettext_lazy("Tickets"), "int", False),
    ("self_service_score", gettext_lazy("Self-service score"), "ratio", True),
    ("ticket_first_response_hours", gettext_lazy("Ticket first response"), "hours", False),
    ("first_response_hours", gettext_lazy("Community first response"), "hours", False),
    ("first_agent_response_hours", gettext_lazy("First agent response"), "hours", False),
    ("answer_rate", gettext_lazy("Answer rate"), "pct", True),
    ("solution_rate", gettext_lazy("Solution rate"), "pct", True),
    ("questions_unanswered", gettext_lazy("Unanswered questions"), "int", False),
    ("searches_without_results_rate", gettext_lazy("Searches without results"), "pct", False),
    ("article_helpfulness", gettext_lazy("Article helpfulness"), "pct", True),
    ("active_members_month", gettext_lazy("Active members (30 days)"), "int", True),
    ("new_members", gettext_lazy("New members"), "int", True),
    ("flags", gettext_lazy("Flags"), "int", False),
    ("moderation_decision_hours", gettext_lazy("Time to moderation decision"), "hours", False),
]


def _format(value, kind) -> str:
    if value is None:
        return "—"
    if kind == "pct":
        return f"{formats.number_format(value * 100, 0)} %"
    if kind == "ratio":
        return formats.number_format(value, 1)
    if kind == "hours":
        return _("%(n)s h") % {"n": formats.number_format(value, 1)}
    return formats.number_format(value, 0, force_grouping=True)


def _change(delta: float, kind: str) -> tuple[str, int]:
    """A change as the tile shows it, and its sign after rounding to the digits shown.

    The sign is taken from the rounded number, so a change too small to show is
    "0" and neutral, never "-0" in green or "+0" in red.
    """
    digits = 1 if kind in ("ratio", "hours") else 0
    shown = round(delta * 100 if kind == "pct" else delta, digits)
    sign = (shown > 0) - (shown < 0)
    text = formats.number_format(abs(shown), digits if sign else 0, force_grouping=True)
    text = {1: "+", -1: "\u2212", 0: ""}[sign] + text
    if kind == "pct":
        text = _("%(n)s pt") % {"n": text}
    return text, sign


def _tiles(now: dict, before: dict) -> list[dict]:
    tiles = []
    for key, label, kind, higher_is_better in TILES:
        value, previous = now.get(key), before.get(key)
        change, direction = None, ""
        if value is not None and previous is not None:
            change, sign = _change(value - previous, kind)
            direction = "flat" if sign == 0 else ("good" if (sign > 0) == higher_is_better else "bad")
        tiles.append(
            {
                "key": key,
                "label": label,
                "value": _format(value, kind),
                "previous": _format(previous, kind),
                "change": change,
                "direction": direction,
            }
        )
    return tiles


def _charts(days):
    # Translators: a day on a chart's axis, as a Django date format ("Nov 5"); Dutch "j b" ("5 nov").
    labels = [formats.date_format(d.date, _("M j")) for d in days]

    def rate(d):
        return reports.deflection_rate(d.deflections, d.tickets)

    def hours(total, n):
        return None if not n else total / n / 3600

    return [
        charts.build(
            _("Deflection rate"),
            labels,
            [(_("Deflection rate"), [None if rate(d) is None else rate(d) * 100 for d in days])],
            unit="%",
            max_value=100,
        ),
        charts.build(
            _("Tickets and deflections"),
            labels,
            [(_("Tickets"), [d.tickets for d in days]), (_("Deflections"), [d.deflections for d in days])],
            kind="bars",
        ),
        charts.build(
            _("Time to first response"),
            labels,
            [
                (
                    _("Tickets (agents)"),
                    [hours(d.ticket_first_response_seconds, d.ticket_first_responses) for d in days],
                ),
                (_("Community questions"), [hours(d.first_response_seconds, d.first_responses) for d in days]),
            ],
            unit="h",
        ),
    ]


@permission_required("view_metrics")
def dashboard(request):
    period = _period(request)
    previous = period.previous()
    now_kpis = reports.kpis(reports.totals(period))
    days = reports.daily(period)
    context = {
        "period": period,
        "previous": previous,
        "ranges": RANGES,
        "selected_days": period.days if period.last == local_today() and "from" not in request.GET else None,
        "query": f"from={period.first.isoformat()}&to={period.last.isoformat()}",
        "tiles": _tiles(now_kpis, reports.kpis(reports.totals(previous))),
        "charts": _charts(days),
        "days": days,
        "day_rates": [(d, reports.deflection_rate(d.deflections, d.tickets)) for d in reversed(days)],
        "gaps": reports.content_gaps(period),
        "least_helpful": reports.least_helpful(period),
        "unanswered": reports.unanswered_questions(period),
        "champions": engagement.champions(period.first, period.last),
        "computed_at": days[-1].computed_at if days else None,
    }
    return render(request, "analytics/dashboard.html", context)


def _pct(value):
    return "" if value is None else f"{value * 100:.1f}"


EXPORTS = {
    "daily": (
        [
            "date",
            "help_sessions",
            "explicit_deflections",
            "implicit_deflections",
            "tickets",
            "deflection_rate_pct",
            "help_centre_users",
            "ticket_requesters",
            "questions",
            "questions_answered",
            "questions_solved",
            "searches",
            "searches_without_results",
            "active_members_day",
        ],
        lambda p: [
            [
                d.date,
                d.help_sessions,
                d.explicit_deflections,
                d.implicit_deflections,
                d.tickets,
                _pct(reports.deflection_rate(d.deflections, d.tickets)),
                d.help_centre_users,
                d.ticket_requesters,
                d.questions,
                d.questions_answered,
                d.questions_solved,
                d.searches,
                d.searches_without_results,
                d.active_members_day,
            ]
            for d in reports.daily(p)
        ],
    ),
    "content-gaps": (
        ["query", "searches_without_results"],
        lambda p: [[r["query"], r["searches"]] for r in reports.content_gaps(p, limit=1000)],
    ),
    "least-helpful": (
        ["title", "url", "views", "helpful", "not_helpful", "helpfulness_pct"],
        lambda p: [
            [r["title"], r["url"], r["views"], r["helpful"], r["not_helpful"], _pct(r["helpfulness"])]
            for r in reports.least_helpful(p, limit=1000)
        ],
    ),
    "unanswered": (
        ["title", "url", "asked_at"],
        lambda p: [
            [r["title"], r["url"], r["created_at"].isoformat()] for r in reports.unanswered_questions(p, limit=1000)
        ],
    ),
    "champions": (
        [
            "member",
            "score",
            "tier",
            "champion",
            "questions",
            "answers",
            "accepted_answers",
            "votes_received",
            "official_answers",
            "active_days",
        ],
        lambda p: [
            [
                r["name"],
                r["score_total"],
                str(r["tier"]),
                "yes" if r["is_champion"] else "no",
                r["questions"],
                r["answers"],
                r["accepted"],
                r["votes"],
                r["official"],
                r["active_days"],
            ]
            for r in engagement.champions(p.first, p.last, limit=1000)
        ],
    ),
}


def _safe_cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas; member-typed text must not."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


@permission_required("view_metrics")
def export(request, table):
    if table not in EXPORTS:
        raise Http404
    period = _period(request)
    header, rows = EXPORTS[table]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gilde-{table}-{period.first}-{period.last}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows(period):
        writer.writerow([_safe_cell(v) for v in row])
    return response
