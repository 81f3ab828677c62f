import pytest
from django.urls import reverse

from analytics.models import Event
from knowledge_base import services
from knowledge_base.models import ArticleVote
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return kb.article(title="Charge the battery")


def _vote(client, article, helpful, note="", htmx=False):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("knowledge_base:vote", args=[article.pk]), {"helpful": helpful, "note": note}, **headers)


def test_member_votes_once_and_can_change(member_client, member, article):
    _vote(member_client, article, "yes")
    _vote(member_client, article, "yes")
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (1, 0)
    _vote(member_client, article, "no", note="How long does it take?")
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (0, 1)
    vote = ArticleVote.objects.get()
    assert vote.user == member and not vote.helpful and vote.note == "How long does it take?"
    assert Event.objects.filter(name="kb.article_voted").count() == 3


def test_anonymous_visitor_votes_once_by_cookie(client, article):
    response = _vote(client, article, "no")
    assert response.status_code == 302
    _vote(client, article, "no", note="Missing the charging time")
    assert ArticleVote.objects.count() == 1
    vote = ArticleVote.objects.get()
    assert vote.user is None and vote.visitor_id and vote.note == "Missing the charging time"
    article.refresh_from_db()
    assert article.helpful_no == 1


def test_two_visitors_two_votes(client, article, django_user_model):
    from django.test import Client

    _vote(client, article, "yes")
    _vote(Client(), article, "yes")
    article.refresh_from_db()
    assert article.helpful_yes == 2


def test_htmx_no_vote_asks_what_was_missing(client, article):
    response = _vote(client, article, "no", htmx=True)
    html = response.content.decode()
    assert response.status_code == 200 and "What was missing?" in html and "<html" not in html


def test_bad_vote_is_refused(member_client, article):
    response = _vote(member_client, article, "maybe")
    assert response.status_code == 302
    assert ArticleVote.objects.count() == 0


def test_cannot_vote_on_invisible_article(member_client):
    internal = kb.article(visibility="agents")
    draft = kb.article(status="draft")
    assert _vote(member_client, internal, "yes").status_code == 404
    assert _vote(member_client, draft, "yes").status_code == 404
    assert ArticleVote.objects.count() == 0


def test_vote_needs_post(member_client, article):
    assert member_client.get(reverse("knowledge_base:vote", args=[article.pk])).status_code == 405


def test_unique_constraint_holds(member, article):
    from django.db import IntegrityError, transaction

    services.article_vote(article=article, helpful=True, user=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleVote.objects.create(article=article, user=member, helpful=False)
