import pytest
from django.db import IntegrityError, transaction

from community import services
from community.models import MemberStats, Question, Vote
from tests import factories
from tests.community.conftest import make_answer

pytestmark = pytest.mark.django_db


def test_vote_up_then_again_withdraws(client, question, other_member):
    client.force_login(other_member)
    url = f"/community/vote/question/{question.pk}"
    assert client.post(url, {"value": "up"}).status_code == 302
    assert Question.objects.get(pk=question.pk).score == 1
    assert MemberStats.objects.get(member=question.author).reputation == 5
    client.post(url, {"value": "up"})
    assert Question.objects.get(pk=question.pk).score == 0 and not Vote.objects.exists()
    assert MemberStats.objects.get(member=question.author).reputation == 0


def test_vote_change_from_up_to_down(question, other_member):
    services.vote_cast(member=other_member, target=question, value=1)
    services.vote_cast(member=other_member, target=question, value=-1)
    assert Vote.objects.get().value == -1
    assert Question.objects.get(pk=question.pk).score == -1
    assert MemberStats.objects.get(member=question.author).reputation == -2


def test_one_vote_per_member_is_a_database_constraint(question, other_member):
    Vote.objects.create(member=other_member, question=question, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(member=other_member, question=question, value=1)


def test_duplicate_insert_race_is_handled(question, other_member, monkeypatch):
    """A vote row inserted by a concurrent request between our read and our insert."""
    Vote.objects.create(member=other_member, question=question, value=1)
    Question.objects.filter(pk=question.pk).update(score=1)
    assert services.vote_cast(member=other_member, target=question, value=-1) == -1
    assert Vote.objects.count() == 1 and Question.objects.get(pk=question.pk).score == -1


def test_no_vote_on_own_post(client, question, member):
    client.force_login(member)
    response = client.post(f"/community/vote/question/{question.pk}", {"value": "up"})
    assert response.status_code == 403
    assert not Vote.objects.exists() and Question.objects.get(pk=question.pk).score == 0


def test_anonymous_cannot_vote(client, question):
    response = client.post(f"/community/vote/question/{question.pk}", {"value": "up"})
    assert response.status_code == 302 and not Vote.objects.exists()


def test_bad_vote_value(client, question, other_member):
    client.force_login(other_member)
    assert client.post(f"/community/vote/question/{question.pk}", {"value": "sideways"}).status_code == 400
    assert not Vote.objects.exists()


def test_vote_with_htmx_returns_the_fragment(client, question, other_member):
    answer = make_answer(other_member, question)
    client.force_login(factories.member())
    response = client.post(f"/community/vote/answer/{answer.pk}", {"value": "up"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="vote-answer-{answer.pk}"' in html and "voted" in html and ">1</span>" in html
    assert MemberStats.objects.get(member=other_member).reputation == 10


def test_cannot_vote_on_hidden_post(client, question, other_member):
    services.post_set_deleted(obj=question, deleted=True)
    client.force_login(other_member)
    assert client.post(f"/community/vote/question/{question.pk}", {"value": "up"}).status_code == 404
    assert not Vote.objects.exists()


def test_agent_upvote_endorses_the_answer(question, other_member, agent):
    answer = make_answer(other_member, question)
    services.vote_cast(member=agent, target=answer, value=1)
    assert other_member.community_badges.filter(badge="endorsed").exists()
