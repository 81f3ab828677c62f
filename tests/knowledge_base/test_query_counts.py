"""Reader pages cost the same number of queries for 3 or 20 articles."""

import pytest
from django.urls import reverse

from knowledge_base import services
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db


def _build(n, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cat = kb.category(name="Battery")
        sec = kb.section(cat, name="Charging")
        for i in range(n):
            art = kb.article(sec, title=f"Battery tip {i}", labels=["battery", f"tip{i}"], promoted=i % 2 == 0)
            kb.article(sec, title=f"Accu tip {i}", language="nl", translation_of=art)
        kb.article(sec, title="Battery internal", visibility="agents")
    return cat, sec, art


def _count(client, url, django_assert_max_num_queries, bound):
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 20])
def test_reader_pages_query_counts(
    n, client, member, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    cat, sec, art = _build(n, django_capture_on_commit_callbacks)
    for i in range(3):
        services.article_vote(article=art, helpful=bool(i % 2), visitor_id=f"visitor{i:020d}")
    client.force_login(member)
    _count(client, reverse("knowledge_base:home"), django_assert_max_num_queries, 12)
    _count(client, cat.get_absolute_url(), django_assert_max_num_queries, 12)
    _count(client, sec.get_absolute_url(), django_assert_max_num_queries, 12)
    _count(client, art.get_absolute_url(), django_assert_max_num_queries, 22)
    _count(client, reverse("search:results") + "?q=battery+tip", django_assert_max_num_queries, 14)
    _count(client, reverse("search:suggest") + "?q=batt", django_assert_max_num_queries, 10)


@pytest.mark.parametrize("n", [3, 20])
def test_manage_query_count(
    n, client, agent, settings, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    _build(n, django_capture_on_commit_callbacks)
    client.force_login(agent)
    _count(client, reverse("knowledge_base:manage"), django_assert_max_num_queries, 16)
