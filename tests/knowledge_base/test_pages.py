import pytest
from django.urls import reverse

from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cat = kb.category(name="Battery and charging")
        sec = kb.section(cat, name="Charging")
        public = kb.article(
            sec,
            title="Charge the battery",
            labels=["battery", "charging"],
            body="Intro.\n\n## Before you start\n\nText.\n\n### Cable\n\nPlug in.",
        )
        other = kb.article(sec, title="Battery care in winter", labels=["battery"])
        internal = kb.article(sec, title="Internal: warranty battery swap", visibility="agents")
        members = kb.article(sec, title="Members: firmware beta", visibility="members")
        draft = kb.article(sec, title="Draft: new charger", status="draft")
        archived = kb.article(sec, title="Archived: old charger", status="archived")
    return {
        "cat": cat,
        "sec": sec,
        "public": public,
        "other": other,
        "internal": internal,
        "members": members,
        "draft": draft,
        "archived": archived,
    }


HIDDEN_FROM_CUSTOMERS = ("internal", "draft", "archived")


def _pages(tree):
    return [
        reverse("knowledge_base:home"),
        tree["cat"].get_absolute_url(),
        tree["sec"].get_absolute_url(),
        tree["public"].get_absolute_url(),
        reverse("search:results") + "?q=charger+battery+firmware+warranty+winter",
        reverse("search:suggest") + "?q=charger",
        "/sitemap.xml",
    ]


def test_customer_never_sees_internal_or_unpublished(client, member, tree):
    client.force_login(member)
    for url in _pages(tree):
        html = client.get(url).content.decode()
        for key in HIDDEN_FROM_CUSTOMERS:
            assert tree[key].title not in html, (url, key)
    for key in HIDDEN_FROM_CUSTOMERS:
        assert client.get(tree[key].get_absolute_url()).status_code == 404


def test_anonymous_does_not_see_member_articles(client, tree):
    assert client.get(tree["members"].get_absolute_url()).status_code == 404
    for url in _pages(tree):
        assert tree["members"].title not in client.get(url).content.decode(), url
    assert client.get(tree["public"].get_absolute_url()).status_code == 200


def test_agent_sees_internal_article(client, agent, tree):
    client.force_login(agent)
    response = client.get(tree["internal"].get_absolute_url())
    assert response.status_code == 200
    assert "Internal: agents only" in response.content.decode()


def test_sitemap_lists_only_public_published(client, tree):
    xml = client.get("/sitemap.xml").content.decode()
    assert tree["public"].get_absolute_url() in xml
    for key in ("internal", "members", "draft", "archived"):
        assert tree[key].get_absolute_url() not in xml


def test_article_page_has_toc_breadcrumbs_labels_seo(client, tree):
    html = client.get(tree["public"].get_absolute_url()).content.decode()
    assert 'href="#before-you-start"' in html and 'href="#cable"' in html
    assert 'class="breadcrumbs"' in html and "Battery and charging" in html
    assert 'rel="canonical"' in html and 'property="og:title"' in html
    assert '<script type="application/ld+json" nonce="' in html and '"@type": "Article"' in html
    assert reverse("knowledge_base:label", args=["battery"]) in html
    assert "Battery care in winter" in html  # related through a shared label


def test_wrong_slug_redirects_to_canonical(client, tree):
    art = tree["public"]
    response = client.get(reverse("knowledge_base:article", args=[art.pk, "old-title"]))
    assert response.status_code == 301 and response["Location"] == art.get_absolute_url()


def test_view_is_counted_and_tracked(client, tree):
    from analytics.models import Event

    client.get(tree["public"].get_absolute_url())
    tree["public"].refresh_from_db()
    assert tree["public"].view_count == 1
    assert Event.objects.filter(name="kb.article_viewed", object_id=tree["public"].pk).count() == 1


def test_buffered_views_reach_view_count_when_the_buffer_is_written(client, member_client, tree, settings):
    import analytics
    from analytics import buffer
    from analytics.models import Event

    settings.GILDE_EVENT_BUFFER_SIZE = 100
    settings.GILDE_EVENT_BUFFER_SECONDS = 3600
    buffer._reset_for_tests()
    art, other = tree["public"], tree["other"]
    for c, a in ((client, art), (member_client, art), (client, art), (client, other)):
        assert c.get(a.get_absolute_url()).status_code == 200
    art.refresh_from_db()
    assert art.view_count == 0 and not Event.objects.filter(name="kb.article_viewed").exists()  # no write on read

    assert analytics.flush_events() == 4
    art.refresh_from_db()
    other.refresh_from_db()
    assert (art.view_count, other.view_count) == (3, 1)
    assert Event.objects.filter(name="kb.article_viewed", object_id=art.pk).count() == 3
