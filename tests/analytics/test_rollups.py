"""Every metric from a hand-built day of events equals the hand-computed number."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from analytics import events as E
from analytics import rollups
from analytics.models import DailyContentStat, DailyMetric, DailySearchGap, Event, MemberEngagement
from tests import factories

DAY = dt.date(2026, 3, 10)


def at(hour, minute=0, second=0, day=DAY):
    tz = timezone.get_default_timezone()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute, second)), tz)


def ev(name, when, *, user=None, visitor="", obj=None, **props):
    ct, oid = obj if obj else (None, None)
    event = Event.objects.create(name=name, user=user, visitor_id=visitor, content_type=ct, object_id=oid, props=props)
    Event.objects.filter(pk=event.pk).update(created_at=when)
    return event


@pytest.fixture
def cts(db):
    return {
        "q": ContentType.objects.get_for_model(DailyMetric),  # stand-ins: any two content types do
        "a": ContentType.objects.get_for_model(MemberEngagement),
        "article": ContentType.objects.get_for_model(DailySearchGap),
    }


@pytest.fixture
def day_of_events(db, cts):
    m = {i: factories.member() for i in range(1, 9)}
    ag = factories.agent()
    q, a = cts["q"], cts["a"]
    # Get help: six sessions
    ev(E.HELP_SESSION_STARTED, at(10), visitor="v1", session="s1")
    ev(E.HELP_SUGGESTION_OPENED, at(10, 1), visitor="v1", session="s1")
    ev(E.HELP_DEFLECTED, at(10, 2), visitor="v1", session="s1")  # explicit
    ev(E.HELP_SESSION_STARTED, at(11), visitor="v2", session="s2")
    ev(E.HELP_SUGGESTION_OPENED, at(11, 5), visitor="v2", session="s2")  # implicit
    ev(E.HELP_SESSION_STARTED, at(12), user=m[1], session="s3")
    ev(E.HELP_SUGGESTION_OPENED, at(12, 1), user=m[1], session="s3")
    ev(E.TICKET_CREATED, at(12, 30), user=m[1], session="s3")  # followed up (session)
    ev(E.HELP_SESSION_STARTED, at(13), visitor="v4", session="s4")  # abandoned
    ev(E.HELP_SESSION_STARTED, at(14), user=m[2], session="s5")
    ev(E.HELP_SUGGESTION_OPENED, at(14, 1), user=m[2], session="s5")
    ev(E.QUESTION_ASKED, at(13, day=DAY + dt.timedelta(days=1)), user=m[2], obj=(q, 999))  # followed up (member, <24 h)
    ev(E.HELP_SESSION_STARTED, at(15), user=m[3], session="s6")
    ev(E.HELP_SUGGESTION_OPENED, at(15, 1), user=m[3], session="s6")
    ev(E.HELP_DEFLECTED, at(15, 2), user=m[3], session="s6")
    ev(E.TICKET_CREATED, at(16), user=m[3], session="")  # said solved, filed anyway
    ev(E.TICKET_CREATED, at(9), visitor="v7")  # straight to a ticket
    # self-service
    ev(E.ARTICLE_VIEWED, at(10, 1), visitor="v1", obj=(cts["article"], 55))
    ev(E.ARTICLE_VIEWED, at(10, 3), visitor="v2", obj=(cts["article"], 55))
    ev(E.ARTICLE_VOTED, at(10, 4), visitor="v1", obj=(cts["article"], 55), helpful=True)
    ev(E.ARTICLE_VOTED, at(11, 6), visitor="v2", obj=(cts["article"], 55), helpful=False)
    ev(E.SEARCH_PERFORMED, at(9), visitor="v8", query="Frame Lock", results=0)
    ev(E.SEARCH_PERFORMED, at(9, 5), user=m[1], query="battery", results=3)
    ev(E.SEARCH_PERFORMED, at(9, 6), visitor="v9", query="frame lock", results=0)
    # tickets answered
    ev(E.TICKET_FIRST_RESPONSE, at(13, 30), user=ag, seconds=3600)
    ev(E.TICKET_FIRST_RESPONSE, at(17), user=ag, seconds=1800)
    # community: m4 asks Q100, m5 asks Q101
    ev(E.QUESTION_ASKED, at(8), user=m[4], obj=(q, 100))
    ev(E.ANSWER_POSTED, at(8, 30), user=m[4], obj=(a, 1), question=100, official=False)  # the asker himself
    ev(E.ANSWER_POSTED, at(10), user=m[5], obj=(a, 2), question=100, official=False)  # first response: 2 h
    ev(E.ANSWER_POSTED, at(11), user=ag, obj=(a, 3), question=100, official=True)  # first agent: 3 h
    ev(E.ANSWER_ACCEPTED, at(12), user=m[4], obj=(a, 2), question=100)
    ev(E.QUESTION_ASKED, at(9), user=m[5], obj=(q, 101))
    ev(E.VOTE_CAST, at(12), user=m[4], obj=(a, 2), value=1)
    ev(E.VOTE_CAST, at(12, 1), user=m[5], obj=(a, 2), value=1)  # own post: no credit
    ev(E.VOTE_CAST, at(12, 2), user=ag, obj=(q, 101), value=1)
    # members and moderation
    ev(E.SIGNED_UP, at(7), user=m[5])
    ev(E.FLAGGED, at(9), user=m[4], obj=(a, 3))
    ev(E.MODERATION_DECIDED, at(9, 10), user=ag, obj=(a, 3), seconds_to_decision=600)
    ev("kb.article_viewed", at(9, day=DAY - dt.timedelta(days=5)), user=m[6])
    ev("kb.article_viewed", at(9, day=DAY - dt.timedelta(days=20)), user=m[7])
    ev("kb.article_viewed", at(9, day=DAY - dt.timedelta(days=40)), user=m[8])
    ev("system.heartbeat", at(9), user=m[8])
    return {"m": m, "agent": ag}


NOW = at(12, day=DAY + dt.timedelta(days=3))


@pytest.mark.django_db
def test_deflection_numbers(day_of_events):
    metric = rollups.rollup_day(DAY, now=NOW)
    assert metric.help_sessions == 6
    assert metric.sessions_with_open == 5
    assert metric.explicit_deflections == 1
    assert metric.implicit_deflections == 1
    assert metric.sessions_followed_up == 3
    assert metric.sessions_abandoned == 1
    assert metric.sessions_pending == 0
    assert metric.tickets == 3
    from analytics.reports import deflection_rate, self_service_score

    assert deflection_rate(2, 3) == pytest.approx(0.4)
    assert metric.help_centre_users == 8
    assert metric.ticket_requesters == 3
    assert self_service_score(metric.help_centre_users, metric.ticket_requesters) == pytest.approx(8 / 3)


@pytest.mark.django_db
def test_community_and_other_numbers(day_of_events):
    metric = rollups.rollup_day(DAY, now=NOW)
    assert (metric.questions, metric.questions_answered, metric.questions_solved, metric.questions_unanswered) == (
        2,
        1,
        1,
        1,
    )
    assert metric.answers == 3
    assert (metric.first_responses, metric.first_response_seconds) == (1, 7200)
    assert (metric.first_agent_responses, metric.first_agent_response_seconds) == (1, 10800)
    assert (metric.ticket_first_responses, metric.ticket_first_response_seconds) == (2, 5400)
    assert (metric.searches, metric.searches_without_results) == (3, 2)
    assert (metric.article_views, metric.article_votes, metric.article_helpful_votes) == (2, 2, 1)
    assert metric.new_members == 1
    assert (metric.flags, metric.moderation_decisions, metric.moderation_decision_seconds) == (1, 1, 600)
    assert (metric.active_members_day, metric.active_members_week, metric.active_members_month) == (6, 7, 8)
    assert list(DailySearchGap.objects.values_list("query", "searches")) == [("frame lock", 2)]
    stat = DailyContentStat.objects.get()
    assert (stat.object_id, stat.views, stat.helpful, stat.not_helpful) == (55, 2, 1, 1)


@pytest.mark.django_db
def test_member_engagement(day_of_events):
    rollups.rollup_day(DAY, now=NOW)
    m, ag = day_of_events["m"], day_of_events["agent"]
    rows = {r.user_id: r for r in MemberEngagement.objects.filter(date=DAY)}
    m5 = rows[m[5].pk]
    assert (m5.questions, m5.answers, m5.accepted_answers, m5.votes_received) == (1, 1, 1, 2)
    assert m5.score == 1 + 2 + 10 + 2
    assert (rows[m[4].pk].questions, rows[m[4].pk].answers, rows[m[4].pk].score) == (1, 1, 3)
    assert (rows[ag.pk].answers, rows[ag.pk].official_answers) == (1, 1)
    assert set(rows) == {m[4].pk, m[5].pk, ag.pk}


@pytest.mark.django_db
def test_rollup_is_idempotent(day_of_events):
    rollups.rollup_day(DAY, now=NOW)
    first = DailyMetric.objects.values().get(date=DAY)
    members = sorted(MemberEngagement.objects.values_list("user_id", "score"))
    rollups.rollup_day(DAY, now=NOW)
    again = DailyMetric.objects.values().get(date=DAY)
    first.pop("id"), again.pop("id")
    assert first == again
    assert sorted(MemberEngagement.objects.values_list("user_id", "score")) == members
    assert DailySearchGap.objects.count() == 1 and DailyContentStat.objects.count() == 1


@pytest.mark.django_db
def test_a_rollup_that_fails_while_computing_keeps_the_previous_numbers(day_of_events):
    rollups.rollup_day(DAY, now=NOW)
    ev(E.TICKET_CREATED, at(18), visitor="late")
    with mock.patch.object(rollups, "member_engagement", side_effect=RuntimeError("boom")):
        with pytest.raises(RuntimeError):
            rollups.rollup_day(DAY, now=NOW)
    assert DailyMetric.objects.get(date=DAY).tickets == 3
    assert MemberEngagement.objects.filter(date=DAY).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_rollup_that_fails_while_writing_leaves_no_partial_day(day_of_events):
    rollups.rollup_day(DAY, now=NOW)
    ev(E.TICKET_CREATED, at(18), visitor="late")
    with mock.patch.object(MemberEngagement.objects, "bulk_create", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            rollups.rollup_day(DAY, now=NOW)
    assert DailyMetric.objects.get(date=DAY).tickets == 3
    assert DailySearchGap.objects.filter(date=DAY).count() == 1
    assert MemberEngagement.objects.filter(date=DAY).count() == 3
    rollups.rollup_day(DAY, now=NOW)
    assert DailyMetric.objects.get(date=DAY).tickets == 4


# --- the deflection window's edges ------------------------------------------------------------


def _session_then_ticket(after: dt.timedelta):
    start = at(10)
    ev(E.HELP_SESSION_STARTED, start, visitor="edge", session="e1")
    ev(E.HELP_SUGGESTION_OPENED, start + dt.timedelta(minutes=1), visitor="edge", session="e1")
    ev(E.TICKET_CREATED, start + after, visitor="edge")
    return rollups.rollup_day(DAY, now=NOW)


@pytest.mark.django_db
def test_ticket_at_exactly_the_window_end_still_counts_as_a_follow_up():
    metric = _session_then_ticket(dt.timedelta(hours=24))
    assert metric.implicit_deflections == 0 and metric.sessions_followed_up == 1


@pytest.mark.django_db
def test_ticket_one_second_after_the_window_is_a_new_problem():
    metric = _session_then_ticket(dt.timedelta(hours=24, seconds=1))
    assert metric.implicit_deflections == 1 and metric.sessions_followed_up == 0


@pytest.mark.django_db
def test_ticket_before_the_session_is_no_follow_up():
    metric = _session_then_ticket(-dt.timedelta(minutes=5))
    assert metric.implicit_deflections == 1


@pytest.mark.django_db
def test_window_is_configurable(settings):
    settings.ANALYTICS_DEFLECTION_WINDOW_HOURS = 48
    metric = _session_then_ticket(dt.timedelta(hours=30))
    assert metric.implicit_deflections == 0 and metric.sessions_followed_up == 1


@pytest.mark.django_db
def test_a_session_whose_window_has_not_passed_is_pending_not_deflected():
    start = at(10)
    ev(E.HELP_SESSION_STARTED, start, visitor="p", session="p1")
    ev(E.HELP_SUGGESTION_OPENED, start, visitor="p", session="p1")
    metric = rollups.rollup_day(DAY, now=start + dt.timedelta(hours=23, minutes=59))
    assert (metric.implicit_deflections, metric.sessions_pending) == (0, 1)
    metric = rollups.rollup_day(DAY, now=start + dt.timedelta(hours=24))
    assert (metric.implicit_deflections, metric.sessions_pending) == (1, 0)


@pytest.mark.django_db
def test_another_members_ticket_does_not_end_my_deflection(member, other_member):
    ev(E.HELP_SESSION_STARTED, at(10), user=member, session="x1")
    ev(E.HELP_SUGGESTION_OPENED, at(10, 1), user=member, session="x1")
    ev(E.TICKET_CREATED, at(11), user=other_member)
    metric = rollups.rollup_day(DAY, now=NOW)
    assert metric.implicit_deflections == 1 and metric.tickets == 1


@pytest.mark.django_db
def test_a_range_gives_the_same_numbers_as_each_day_alone(day_of_events):
    """rollup_range shares one rollups.Facts (maps read once) across days; rollup_day reads per day."""
    days = [DAY - dt.timedelta(days=1), DAY, DAY + dt.timedelta(days=1)]

    def snapshot():
        metrics = list(DailyMetric.objects.filter(date__in=days).order_by("date").values())
        for row in metrics:
            row.pop("id")
        members = sorted(
            MemberEngagement.objects.values_list(
                "date", "user_id", "questions", "answers", "accepted_answers", "votes_received", "official_answers"
            )
        )
        return metrics, members

    for day in days:
        rollups.rollup_day(day, now=NOW)
    alone = snapshot()
    assert alone[0][1]["help_sessions"] == 6 and len(alone[1]) == 3 + 1  # DAY's three members, the next day's asker
    rollups.rollup_range(days[0], days[-1], now=NOW)
    assert snapshot() == alone
