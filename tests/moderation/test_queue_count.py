"""After an inline (htmx) decision, the queue's counts on the page follow."""

import pytest
from django.urls import reverse

from moderation import api
from moderation.api import ContentState
from moderation.models import ReviewItem
from tests import factories
from tests.html_parse import parse


def _held(make_post, n):
    for _ in range(n):
        author = factories.member(trust_level=0)
        post = make_post(author=author, state=ContentState.PENDING)
        api.screen(obj=post, author=author, text=post.body)


def _decide(mod_client, item, **data):
    return mod_client.post(reverse("moderation:item_decide", args=[item.pk]), data, HTTP_HX_REQUEST="true")


@pytest.mark.django_db(transaction=True)  # the header's cached count is dropped when the decision commits
def test_an_inline_decision_updates_the_queue_total_and_the_header_count(mod_client, make_post):
    _held(make_post, 3)
    page = parse(mod_client.get(reverse("moderation:queue")).content)
    assert page.find(id="queue-total").text() == "3 waiting"
    assert page.find(id="header-queue-count").text() == "3"

    response = _decide(mod_client, ReviewItem.objects.filter(state="open").first(), decision="approve")
    assert response.status_code == 200
    fragment = parse(response.content)
    total = fragment.find(id="queue-total")
    assert total.get("hx-swap-oob") == "true" and total.text() == "2 waiting"
    header = fragment.find(id="header-queue-count")
    assert header.get("hx-swap-oob") == "true" and header.text() == "2"


@pytest.mark.django_db(transaction=True)
def test_the_header_count_empties_when_the_last_item_is_decided(mod_client, make_post):
    _held(make_post, 1)
    response = _decide(mod_client, ReviewItem.objects.get(state="open"), decision="hide", reason="spam")
    fragment = parse(response.content)
    assert fragment.find(id="queue-total").text() == "0 waiting"
    assert fragment.find(id="header-queue-count").text() == ""


def test_a_refused_decision_still_reports_the_true_count(mod_client, make_post):
    _held(make_post, 2)
    response = _decide(mod_client, ReviewItem.objects.filter(state="open").first(), decision="hide")  # no reason
    assert response.status_code == 400
    assert parse(response.content).find(id="queue-total").text() == "2 waiting"
