import datetime as dt

import pytest
from django.urls import reverse

from analytics import events as E
from analytics import rollups
from analytics.models import DailyMetric, DailySearchGap, MemberEngagement
from tests import factories
from tests.analytics.test_rollups import ev

URL = reverse("analytics:dashboard")


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "agent", "moderator"])
def test_only_managers_see_the_dashboard(client, staff_mfa_off, who):
    client.force_login(getattr(factories, who)())
    assert client.get(URL).status_code == 403
    assert client.get(reverse("analytics:export", args=["daily"])).status_code == 403


@pytest.mark.django_db
def test_manager_needs_mfa_unless_turned_off(client, manager):
    client.force_login(factories.manager())
    assert client.get(URL).status_code == 302
    client.force_login(manager)  # the fixture's manager has MFA on
    assert client.get(URL).status_code == 200


def _days(n):
    today = rollups.local_today()
    for i in range(n):
        day = today - dt.timedelta(days=i)
        DailyMetric.objects.create(
            date=day,
            computed_at=rollups.day_bounds(day)[0],
            help_sessions=10,
            explicit_deflections=2,
            implicit_deflections=3,
            tickets=5,
            searches=4,
            searches_without_results=1,
        )
        DailySearchGap.objects.create(date=day, query=f"gap {i}", searches=i + 1)
    users = [factories.member() for _ in range(min(n, 20))]
    for i, u in enumerate(users):
        MemberEngagement.objects.create(date=today - dt.timedelta(days=i), user=u, answers=3, score=6)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 30])
def test_dashboard_query_count_does_not_grow_with_days(
    client, manager, staff_mfa_off, django_assert_max_num_queries, n
):
    _days(n)
    client.force_login(manager)
    with django_assert_max_num_queries(16):
        response = client.get(URL, {"days": 30})
    assert response.status_code == 200
    assert b"Deflection rate" in response.content and b"<svg" in response.content


@pytest.mark.django_db
def test_kpis_compare_with_the_previous_period(client, manager, staff_mfa_off):
    today = rollups.local_today()
    DailyMetric.objects.create(date=today, computed_at=rollups.day_bounds(today)[0], explicit_deflections=1, tickets=1)
    DailyMetric.objects.create(
        date=today - dt.timedelta(days=1), computed_at=rollups.day_bounds(today)[0], explicit_deflections=1, tickets=3
    )
    client.force_login(manager)
    response = client.get(URL, {"days": 1})
    tiles = {t["key"]: t for t in response.context["tiles"]}
    assert tiles["deflection_rate"]["value"] == "50 %"
    assert tiles["deflection_rate"]["previous"] == "25 %"
    assert tiles["deflection_rate"]["change"] == "+25 pt" and tiles["deflection_rate"]["direction"] == "good"
    assert tiles["tickets"]["direction"] == "good"  # fewer tickets


@pytest.mark.django_db
def test_dashboard_in_dutch_has_no_english_range_words(client, manager, staff_mfa_off):
    client.force_login(manager)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200


@pytest.mark.django_db
def test_csv_export_of_every_table(client, manager, staff_mfa_off):
    _days(3)
    q = factories.member()
    ev(E.QUESTION_ASKED, rollups.day_bounds(rollups.local_today())[0], user=q, title="=HYPERLINK(evil)")
    client.force_login(manager)
    for table in ["daily", "content-gaps", "least-helpful", "unanswered", "champions"]:
        response = client.get(reverse("analytics:export", args=[table]), {"days": 7})
        assert response.status_code == 200, table
        assert response["Content-Type"].startswith("text/csv")
    gaps = client.get(reverse("analytics:export", args=["content-gaps"]), {"days": 7}).content.decode()
    assert gaps.splitlines()[0] == "query,searches_without_results" and "gap 2,3" in gaps
    daily = client.get(reverse("analytics:export", args=["daily"]), {"days": 7}).content.decode()
    assert ",50.0," in daily  # 5 deflected / (5 + 5 tickets)
    assert client.get(reverse("analytics:export", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_rollup_command_backfills(db):
    from django.core.management import call_command

    today = rollups.local_today()
    call_command("rollup", "--since", (today - dt.timedelta(days=2)).isoformat())
    assert DailyMetric.objects.count() == 3
    call_command("rollup", "--since", (today - dt.timedelta(days=2)).isoformat())
    assert DailyMetric.objects.count() == 3


@pytest.mark.django_db
def test_beat_tasks_roll_up_today_and_settle_the_past(settings):
    from analytics import tasks

    settings.ANALYTICS_SETTLE_DAYS = 3
    tasks.rollup_today.delay()
    tasks.rollup_final.delay()
    today = rollups.local_today()
    assert sorted(DailyMetric.objects.values_list("date", flat=True)) == [
        today - dt.timedelta(days=3),
        today - dt.timedelta(days=2),
        today - dt.timedelta(days=1),
        today,
    ]


def test_chart_coordinates_are_not_localised_in_dutch(client, settings):
    """Dutch writes 212,0; SVG needs 212.0 or the charts vanish."""
    from django.template.loader import render_to_string
    from django.utils import translation

    chart = {
        "kind": "line", "title": "T", "width": 700, "height": 220, "plot_left": 40, "plot_right": 690,
        "ticks": [{"y": 212.0, "label": "0"}], "xlabels": [],
        "series": [{"css": "s1", "name": "A", "points": "59.0,65.3", "dots": [{"x": 59.0, "y": 65.3}]}],
    }
    with translation.override("nl"):
        html = render_to_string("analytics/_chart.html", {"chart": chart})
    assert 'y1="212.0"' in html and 'cx="59.0" cy="65.3"' in html
