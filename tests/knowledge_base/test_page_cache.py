"""The anonymous help-centre home is cached; members and writers never get the shared copy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from knowledge_base import services
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content, len(ctx.captured_queries)


def test_cached_home_costs_fewer_queries_and_shows_a_new_article_at_once(client):
    sec = kb.section()
    for i in range(3):
        kb.article(sec, title=f"Charging guide {i}")
    url = reverse("knowledge_base:home")
    _, cold = _get(client, url)
    _, warm = _get(client, url)
    assert warm < cold
    kb.article(sec, title="Brand new winter storage guide")
    content, _ = _get(client, url)
    assert b"Brand new winter storage guide" in content


def test_members_see_their_articles_while_the_anonymous_home_is_cached(client, member):
    sec = kb.section()
    kb.article(sec, title="Public charging guide")
    kb.article(sec, title="Members only torque tips", visibility="members")
    url = reverse("knowledge_base:home")
    client.get(url)  # cached for anonymous visitors
    client.force_login(member)
    assert b"Members only torque tips" in client.get(url).content
    client.logout()
    content, _ = _get(client, url)
    assert b"Public charging guide" in content and b"Members only torque tips" not in content


def test_unpublishing_shows_at_once(client, member):
    sec = kb.section()
    article = kb.article(sec, title="Soon withdrawn article")
    url = reverse("knowledge_base:home")
    assert b"Soon withdrawn article" in client.get(url).content
    services.article_set_status(article=article, status="draft", author=None)
    assert b"Soon withdrawn article" not in client.get(url).content
