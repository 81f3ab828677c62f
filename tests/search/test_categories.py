"""services.categories() is cached, and every index change that could alter it refreshes it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from knowledge_base import services as kb_services
from search.services import categories
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db


def names(user):
    return [name for _, name in categories(user=user)]


def test_second_call_is_served_from_the_cache(indexed, member, django_assert_num_queries):
    indexed(kb.article, kb.section(kb.category(name="Brakes")), title="Pads")
    assert names(member) == ["Brakes"]
    with django_assert_num_queries(0):
        assert names(member) == ["Brakes"]


def test_a_new_document_in_a_new_category_shows_at_once(indexed, member):
    indexed(kb.article, kb.section(kb.category(name="Brakes")), title="Pads")
    assert names(member) == ["Brakes"]
    indexed(kb.article, kb.section(kb.category(name="Lights")), title="Bulbs")
    assert names(member) == ["Brakes", "Lights"]


def test_a_category_goes_when_its_last_document_goes(indexed, member):
    indexed(kb.article, kb.section(kb.category(name="Brakes")), title="Pads")
    lights = indexed(kb.article, kb.section(kb.category(name="Lights")), title="Bulbs")
    assert names(member) == ["Brakes", "Lights"]
    indexed(kb_services.article_set_status, article=lights, status="archived", author=None)
    assert names(member) == ["Brakes"]


def test_a_document_moved_to_another_category_moves_in_the_list(indexed, member):
    art = indexed(kb.article, kb.section(kb.category(name="Brakes")), title="Pads")
    assert names(member) == ["Brakes"]
    lights = kb.section(kb.category(name="Lights"))
    indexed(kb_services.article_save, article=art, author=None, section=lights, title="Pads")
    assert names(member) == ["Lights"]


def test_each_reader_sees_the_categories_of_what_they_may_read(indexed, member, agent):
    indexed(kb.article, kb.section(kb.category(name="Public")), title="One")
    indexed(kb.article, kb.section(kb.category(name="Staff")), title="Two", visibility="agents")
    assert names(AnonymousUser()) == ["Public"]
    assert names(member) == ["Public"]
    assert names(agent) == ["Public", "Staff"]


def test_results_page_offers_the_new_category(client, indexed):
    indexed(kb.article, kb.section(kb.category(name="Brakes")), title="Pads")
    assert "Lights" not in client.get(reverse("search:results")).content.decode()
    indexed(kb.article, kb.section(kb.category(name="Lights")), title="Bulbs")
    assert "Lights" in client.get(reverse("search:results")).content.decode()
