"""Anonymous pages are served from a shared cache; members never are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.models import Event
from community import services
from tests import factories
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_cached_question_page_costs_fewer_queries_and_shows_a_new_answer_at_once(client, question, other_member):
    for i in range(3):
        make_answer(factories.member(), question, body=f"Answer number {i} about cold batteries.")
    url = question.get_absolute_url()
    first, cold = _get(client, url)
    second, warm = _get(client, url)
    assert warm < cold
    assert second.content.count(b'class="post answer') == 3
    make_answer(other_member, question, body="A brand new answer: keep the battery indoors overnight.")
    third, _ = _get(client, url)
    assert b"A brand new answer" in third.content
    assert third.content.count(b'class="post answer') == 4


def test_view_event_is_recorded_on_every_request_also_when_cached(client, question):
    url = question.get_absolute_url()
    for _ in range(3):
        client.get(url)
    assert Event.objects.filter(name="community.question_viewed", object_id=question.pk).count() == 3


def test_members_get_their_own_page_while_the_anonymous_page_is_cached(client, question, other_member):
    url = question.get_absolute_url()
    answer = make_answer(factories.member(), question)
    client.get(url)  # anonymous: cached now
    services.vote_cast(member=other_member, target=answer, value=1)
    anonymous, _ = _get(client, url)
    assert b"Sign in to vote" in anonymous.content and b'aria-pressed="true"' not in anonymous.content
    assert b"Unfollow" not in anonymous.content

    client.force_login(other_member)
    mine = client.get(url).content
    assert mine.count(b'aria-pressed="true"') == 1  # their own up-vote on the answer
    assert b"Sign in to vote" not in mine
    client.logout()

    client.force_login(question.author)  # follows their own question; did not vote
    theirs = client.get(url).content
    assert b'aria-pressed="true"' not in theirs and b"Unfollow" in theirs
    client.logout()

    again, _ = _get(client, url)  # the anonymous page never took a member's state
    assert b'aria-pressed="true"' not in again.content and b"Unfollow" not in again.content
    assert b"Sign in to vote" in again.content


def test_member_requests_never_fill_the_anonymous_cache(client, question, other_member):
    url = question.get_absolute_url()
    client.force_login(other_member)
    client.get(url)
    client.logout()
    response, _ = _get(client, url)
    assert b"Sign in to vote" in response.content and b"Unfollow" not in response.content


def test_cached_question_list_costs_fewer_queries_and_shows_a_new_question_at_once(client, member, topic):
    for i in range(3):
        make_question(member, topic, title=f"Question number {i} about my Velora battery")
    url = "/community/questions/"
    _, cold = _get(client, url)
    _, warm = _get(client, url)
    assert warm < cold
    make_question(member, topic, title="A brand new question about brake pads")
    response, _ = _get(client, url)
    assert b"A brand new question about brake pads" in response.content


def test_list_parameters_are_part_of_the_key(client, member, topic):
    question = make_question(member, topic, title="Solved question about the display")
    make_question(member, topic, title="Open question about the charger")
    answer = make_answer(factories.member(), question)
    services.answer_accept(answer=answer, by=member)
    solved = client.get("/community/questions/?solved=yes").content
    unsolved = client.get("/community/questions/?solved=no").content
    assert b"Solved question about the display" in solved and b"Open question about the charger" not in solved
    assert b"Open question about the charger" in unsolved and b"Solved question about the display" not in unsolved


def test_unknown_parameters_are_not_cached(client, question):
    url = question.get_absolute_url()
    client.get(url + "?utm_source=x")
    _, first = _get(client, url + "?utm_source=x")
    _, second = _get(client, url + "?utm_source=x")
    assert first == second


def test_cached_fragments_never_carry_a_csrf_token(client, question, member, topic):
    # A token in a shared fragment would hand one visitor's token to the next.
    make_question(member, topic, title="Another question to list")
    for url in (question.get_absolute_url(), "/community/questions/", "/help/"):
        for _ in range(2):
            html = client.get(url).content.decode()
            main = html[html.index("<main") : html.index("</main>")]
            assert "csrfmiddlewaretoken" not in main, url
