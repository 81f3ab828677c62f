"""Queries with more matches than services.RANK_LIMIT: a bounded set is ranked, the count says "more than"."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from search import services
from search.services import search, suggest
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def rank_limit(monkeypatch):
    def set_limit(n):
        monkeypatch.setattr(services, "RANK_LIMIT", n)

    return set_limit


def ids(page):
    return [r.document.object_id for r in page.results]


def test_up_to_the_limit_the_count_is_exact(indexed, member, rank_limit):
    rank_limit(3)
    for i in range(3):
        indexed(kb.article, title=f"Battery tip {i}")
    page = search("battery", user=member)
    assert page.total == 3 and page.total_is_exact
    assert len(page.results) == 3 and not page.has_next


def test_past_the_limit_the_count_says_more_than_and_every_match_is_listed(indexed, member, rank_limit):
    rank_limit(3)
    articles = [indexed(kb.article, title=f"Battery tip {i}") for i in range(5)]
    page = search("battery", user=member)
    assert page.total == 3 and not page.total_is_exact
    assert sorted(ids(page)) == sorted(a.pk for a in articles)
    assert not page.has_next


def test_an_older_title_match_is_ranked_with_the_newest_matches(indexed, member, rank_limit):
    rank_limit(2)
    in_title = indexed(kb.article, title="Battery care", body="Keep it dry.")
    body_only = [indexed(kb.article, title=f"Tip {i}", body="Check the battery now and then.") for i in range(3)]
    found = ids(search("battery", user=member))
    # Candidates: the two newest matches and the older title match; the oldest
    # body-only match is not ranked and comes after them.
    assert found[0] == in_title.pk
    assert set(found[1:3]) == {body_only[2].pk, body_only[1].pk}
    assert found[3] == body_only[0].pk


def test_pages_past_the_limit_neither_repeat_nor_skip(indexed, member, rank_limit):
    rank_limit(2)
    articles = [indexed(kb.article, title=f"Saddle {i}", body="saddle " * (i + 1)) for i in range(5)]
    seen, number = [], 1
    while True:
        page = search("saddle", user=member, page=number, page_size=2)
        assert not page.total_is_exact
        seen += ids(page)
        if not page.has_next:
            break
        number += 1
    assert number == 3
    assert sorted(seen) == sorted(a.pk for a in articles)


def test_visibility_is_exact_past_the_limit(indexed, member, agent, rank_limit):
    rank_limit(1)
    internal = indexed(kb.article, title="Motor internal", visibility="agents")
    members = indexed(kb.article, title="Motor members", visibility="members")
    public = [indexed(kb.article, title=f"Motor public {i}", body="motor") for i in range(2)]
    internal_new = indexed(kb.article, title="Motor internal new", visibility="agents")

    def found(user):
        page = search("motor", user=user)
        return set(ids(page)), page.total_is_exact

    assert found(AnonymousUser()) == ({p.pk for p in public}, False)
    assert found(member) == ({p.pk for p in public} | {members.pk}, False)
    assert found(agent) == ({p.pk for p in public} | {members.pk, internal.pk, internal_new.pk}, False)
    assert {r.document.object_id for r in suggest("mot", user=member, limit=10)} == {p.pk for p in public} | {
        members.pk
    }


def test_filters_are_exact_past_the_limit(indexed, member, rank_limit):
    rank_limit(1)
    dutch = [indexed(kb.article, title=f"Accu {i}", language="nl") for i in range(3)]
    indexed(kb.article, title="Accu english", language="en")
    page = search("accu", user=member, language="nl")
    assert sorted(ids(page)) == sorted(a.pk for a in dutch)
    assert page.total == 1 and not page.total_is_exact


def test_results_page_says_more_than_and_pages_without_a_last_page(client, indexed, rank_limit):
    rank_limit(3)
    for i in range(12):
        indexed(kb.article, title=f"Bell {i}")
    html = client.get(reverse("search:results") + "?q=bell").content.decode()
    assert "More than 3 results for “bell”" in html
    assert "Page 1<" in html and "Page 1 of" not in html
    assert 'rel="next"' in html
    html = client.get(reverse("search:results") + "?q=bell&page=2").content.decode()
    assert html.count('class="card search-result"') == 2
    assert 'rel="next"' not in html and 'rel="prev"' in html


def test_results_page_counts_exactly_under_the_limit(client, indexed):
    for i in range(2):
        indexed(kb.article, title=f"Bell {i}")
    html = client.get(reverse("search:results") + "?q=bell").content.decode()
    assert "2 results for “bell”" in html and "More than" not in html


def test_body_only_matches_past_the_limit_follow_newest_first(indexed, member, rank_limit):
    rank_limit(1)
    articles = [indexed(kb.article, title=f"Note {i}", body="The kickstand rattles.") for i in range(3)]
    pages = [search("kickstand", user=member, page=n, page_size=1) for n in (1, 2, 3)]
    assert [ids(p) for p in pages] == [[articles[2].pk], [articles[1].pk], [articles[0].pk]]
    assert [p.has_next for p in pages] == [True, True, False]
