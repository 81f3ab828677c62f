"""A section or category page exists for a reader only when it holds an article they may read."""

import pytest
from django.urls import reverse

from knowledge_base.models import Article
from tests import factories
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db

AGENTS = Article.Visibility.AGENTS
MEMBERS = Article.Visibility.MEMBERS


@pytest.fixture
def internal_section():
    section = kb.section(kb.category(name="Internal runbooks"), name="Escalation scripts")
    kb.article(section, title="Refund override codes", visibility=AGENTS)
    return section


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_a_section_of_agents_only_articles_is_404_to_customers(client, internal_section, who):
    user = factories.member() if who == "member" else None
    response = _get(client, user, reverse("knowledge_base:section", args=[internal_section.slug]))
    assert response.status_code == 404
    assert b"Escalation scripts" not in response.content


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_a_category_of_agents_only_articles_is_404_to_customers(client, internal_section, who):
    user = factories.member() if who == "member" else None
    response = _get(client, user, reverse("knowledge_base:category", args=[internal_section.category.slug]))
    assert response.status_code == 404
    assert b"Internal runbooks" not in response.content


def test_an_agent_reads_the_section_and_its_category(client, internal_section, agent):
    client.force_login(agent)
    section = client.get(reverse("knowledge_base:section", args=[internal_section.slug]))
    assert section.status_code == 200 and b"Refund override codes" in section.content
    category = client.get(reverse("knowledge_base:category", args=[internal_section.category.slug]))
    assert category.status_code == 200 and b"Refund override codes" in category.content


def test_an_agent_without_mfa_is_a_member_here(client, internal_section, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = True
    client.force_login(factories.agent())
    assert client.get(reverse("knowledge_base:section", args=[internal_section.slug])).status_code == 404
    assert client.get(reverse("knowledge_base:category", args=[internal_section.category.slug])).status_code == 404


def test_a_members_only_section_is_404_to_visitors_and_open_to_members(client, member):
    section = kb.section(name="Warranty claims")
    kb.article(section, title="Claim form", visibility=MEMBERS)
    url = reverse("knowledge_base:section", args=[section.slug])
    assert client.get(url).status_code == 404
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200 and b"Claim form" in response.content


def test_a_section_with_one_public_article_shows_only_that_one(client, internal_section):
    kb.article(internal_section, title="How escalation works")
    response = client.get(reverse("knowledge_base:section", args=[internal_section.slug]))
    assert response.status_code == 200
    assert b"How escalation works" in response.content and b"Refund override codes" not in response.content


def test_an_empty_section_is_404_to_readers_but_open_to_writers(client, member, agent):
    section = kb.section(name="Coming soon")
    kb.article(section, title="Draft", status=Article.Status.DRAFT)
    url = reverse("knowledge_base:section", args=[section.slug])
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(agent)
    assert client.get(url).status_code == 200

