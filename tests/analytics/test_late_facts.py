"""Facts that arrive after a day is settled still change that day's question figures, so the
"Unanswered questions" tile and its table (read live) keep telling the same story."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from analytics import events as E
from analytics import reports, rollups, tasks
from analytics.models import DailyContentStat, DailyMetric, MemberEngagement
from tests import factories
from tests.analytics.test_rollups import at, ev

pytestmark = pytest.mark.django_db


@pytest.fixture
def q_ct():
    return ContentType.objects.get_for_model(MemberEngagement)  # a stand-in: any content type does


def test_a_late_answer_reopens_the_day_the_question_was_asked(q_ct):
    asker, helper = factories.member(), factories.member()
    today = rollups.local_today()
    asked_on = today - dt.timedelta(days=20)  # far outside the settle window
    ev(E.QUESTION_ASKED, at(9, day=asked_on), user=asker, obj=(q_ct, 501))
    rollups.rollup_day(asked_on)
    assert DailyMetric.objects.get(date=asked_on).questions_unanswered == 1

    ev(E.ANSWER_POSTED, at(10, day=today - dt.timedelta(days=1)), user=helper, obj=(q_ct, 9), question=501)
    tasks.rollup_final()

    day = DailyMetric.objects.get(date=asked_on)
    assert (day.questions, day.questions_answered, day.questions_unanswered) == (1, 1, 0)
    period = reports.Period(today - dt.timedelta(days=29), today)
    assert reports.kpis(reports.totals(period))["questions_unanswered"] == 0
    assert reports.unanswered_questions(period) == []


def test_an_answer_by_the_asker_redoes_the_day_but_leaves_the_question_unanswered(q_ct):
    asker = factories.member()
    today = rollups.local_today()
    asked_on = today - dt.timedelta(days=15)
    ev(E.QUESTION_ASKED, at(9, day=asked_on), user=asker, obj=(q_ct, 502))
    ev(E.ANSWER_POSTED, at(10, day=today - dt.timedelta(days=2)), user=asker, obj=(q_ct, 10), question=502)

    assert rollups.reopened_days(today - dt.timedelta(days=7), today - dt.timedelta(days=1)) == {asked_on}
    rollups.rollup_settle(today - dt.timedelta(days=1))
    assert DailyMetric.objects.get(date=asked_on).questions_unanswered == 1  # still waiting for someone else


def test_an_acceptance_taken_back_is_not_a_solution(q_ct):
    asker, helper = factories.member(), factories.member()
    day = rollups.local_today() - dt.timedelta(days=3)
    ev(E.QUESTION_ASKED, at(9, day=day), user=asker, obj=(q_ct, 503))
    ev(E.ANSWER_POSTED, at(10, day=day), user=helper, obj=(q_ct, 11), question=503)
    ev(E.ANSWER_ACCEPTED, at(11, day=day), user=asker, obj=(q_ct, 11), question=503)
    assert rollups.rollup_day(day).questions_solved == 1

    ev(E.ANSWER_UNACCEPTED, at(12, day=day), user=asker, obj=(q_ct, 11), question=503)
    assert rollups.rollup_day(day).questions_solved == 0

    ev(E.ANSWER_ACCEPTED, at(13, day=day), user=asker, obj=(q_ct, 11), question=503)
    assert rollups.rollup_day(day).questions_solved == 1


def test_a_vote_counts_once_on_its_first_day_with_the_answer_it_has_now(q_ct):
    """Re-clicking or changing a vote is the same vote: the dashboard's helpful share is the
    share of ArticleVote rows, as the article's own counters show it."""
    today = rollups.local_today()
    first_day, later = today - dt.timedelta(days=20), today - dt.timedelta(days=2)
    article = (q_ct, 77)
    ev(E.ARTICLE_VOTED, at(9, day=first_day), visitor="v1", obj=article, helpful=False, changed=False)
    ev(E.ARTICLE_VOTED, at(10, day=first_day), visitor="v2", obj=article, helpful=True, changed=False)
    ev(E.ARTICLE_VOTED, at(11, day=first_day), visitor="v2", obj=article, helpful=True, changed=False)  # again
    day = rollups.rollup_day(first_day)
    assert (day.article_votes, day.article_helpful_votes) == (2, 1)

    ev(E.ARTICLE_VOTED, at(12, day=later), visitor="v1", obj=article, helpful=True, changed=True)  # changed mind
    tasks.rollup_final()

    day = DailyMetric.objects.get(date=first_day)
    assert (day.article_votes, day.article_helpful_votes) == (2, 2)
    assert DailyMetric.objects.get(date=later).article_votes == 0
    stat = DailyContentStat.objects.get(date=first_day, object_id=77)
    assert (stat.helpful, stat.not_helpful) == (2, 0)
    period = reports.Period(today - dt.timedelta(days=29), today)
    assert reports.kpis(reports.totals(period))["article_helpfulness"] == 1.0
