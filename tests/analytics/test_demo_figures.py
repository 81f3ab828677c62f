"""The demo's dashboard says what the demo's rows say.

``load_demo`` writes its history through the services (each step at its own past
moment), and the dashboard is rolled up from the events those services record. So
each figure checked here is recounted from the content tables a manager can open:
questions, unanswered questions, answers per member, helpful votes, article views
and tickets.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Exists, OuterRef, Sum
from django.urls import reverse

from analytics import engagement, reports, rollups
from analytics.models import DailyContentStat, Event
from analytics.reports import Period
from community.models import Answer, Question
from knowledge_base.models import Article, ArticleVote
from support.models import Ticket

pytestmark = pytest.mark.django_db


def _window(days):
    today = rollups.local_today()
    period = Period(today - dt.timedelta(days=days - 1), today)
    return period, rollups.day_bounds(period.first)[0], rollups.day_bounds(period.last)[1]


def _unanswered(questions):
    others = Answer.objects.filter(question=OuterRef("pk")).exclude(author=OuterRef("author"))
    return questions.exclude(Exists(others))


def test_demo_dashboard_figures_are_the_counts_of_the_demo_rows(client, staff_mfa_off):
    call_command("load_demo", verbosity=0)
    for days in (30, 90):
        period, start, end = _window(days)
        kpis = reports.kpis(reports.totals(period))
        totals = reports.totals(period)
        asked = Question.objects.filter(created_at__gte=start, created_at__lt=end)
        assert asked.exists()

        # Questions asked, and the unanswered ones: the tile, and the table's rows and links.
        assert totals["questions"] == asked.count()
        unanswered = _unanswered(asked)
        assert kpis["questions_unanswered"] == unanswered.count() > 0
        listed = reports.unanswered_questions(period)
        assert sorted(r["url"] for r in listed) == sorted(q.get_absolute_url() for q in unanswered)
        assert sorted(r["title"] for r in listed) == sorted(q.title for q in unanswered)

        # Answers per member in the champions table: Answer rows of that member in the window.
        champions = engagement.champions(period.first, period.last)
        assert champions
        for row in champions:
            mine = Answer.objects.filter(author_id=row["user_id"], created_at__gte=start, created_at__lt=end)
            assert row["answers"] == mine.count(), row["name"]
            assert row["official"] == mine.filter(is_official=True).count(), row["name"]
            assert row["questions"] == asked.filter(author_id=row["user_id"]).count(), row["name"]

        # Article helpfulness: ArticleVote rows cast in the window.
        votes = ArticleVote.objects.filter(created_at__gte=start, created_at__lt=end)
        assert totals["article_votes"] == votes.count() > 0
        assert totals["article_helpful_votes"] == votes.filter(helpful=True).count()
        assert kpis["article_helpfulness"] == votes.filter(helpful=True).count() / votes.count()

        # Tickets: Ticket rows created in the window.
        tickets = Ticket.objects.filter(created_at__gte=start, created_at__lt=end)
        assert kpis["tickets"] == tickets.count() > 0

    # What each article shows (views, helpful yes/no) is what its votes and view events add up to.
    for article in Article.objects.all():
        votes = ArticleVote.objects.filter(article=article)
        assert (article.helpful_yes, article.helpful_no) == (
            votes.filter(helpful=True).count(),
            votes.filter(helpful=False).count(),
        ), article.title
        stats = DailyContentStat.objects.filter(object_id=article.pk).aggregate(v=Sum("views"))
        assert article.view_count == (stats["v"] or 0), article.title
    assert Article.objects.filter(helpful_yes__gt=0).count() >= 10

    # No event stands for a row that does not exist.
    for event in Event.objects.filter(content_type__isnull=False).order_by().distinct().values(
        "content_type", "object_id"
    )[:5000]:
        from django.contrib.contenttypes.models import ContentType

        model = ContentType.objects.get_for_id(event["content_type"]).model_class()
        assert model._default_manager.filter(pk=event["object_id"]).exists(), (model, event["object_id"])

    # The page shows the same numbers, and links each unanswered question.
    from accounts.models import User

    client.force_login(User.objects.get(email="manager@example.com"))
    page = client.get(reverse("analytics:dashboard") + "?days=30")
    assert page.status_code == 200
    period, start, end = _window(30)
    tiles = {t["key"]: t["value"] for t in page.context["tiles"]}
    assert tiles["questions_unanswered"] == str(_unanswered(
        Question.objects.filter(created_at__gte=start, created_at__lt=end)
    ).count())
    assert tiles["tickets"] == str(Ticket.objects.filter(created_at__gte=start, created_at__lt=end).count())
    html = page.content.decode()
    for question in _unanswered(Question.objects.filter(created_at__gte=start, created_at__lt=end)):
        assert f'href="{question.get_absolute_url()}"' in html

