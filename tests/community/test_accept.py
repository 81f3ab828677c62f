import pytest

from community import services
from community.models import Answer, MemberStats, Question
from tests.community.conftest import make_answer

pytestmark = pytest.mark.django_db


def _accept(client, answer):
    return client.post(f"/community/a/{answer.pk}/accept")


def test_asker_accepts_and_the_thread_is_solved(client, question, member, other_member):
    answer = make_answer(other_member, question)
    client.force_login(member)
    assert _accept(client, answer).status_code == 302
    q = Question.objects.get(pk=question.pk)
    assert q.status == "solved" and q.accepted_answer_id == answer.pk
    assert Answer.objects.get(pk=answer.pk).is_accepted
    assert MemberStats.objects.get(member=other_member).reputation == 15
    assert MemberStats.objects.get(member=member).reputation == 2
    assert "Accepted solution" in client.get(q.get_absolute_url()).content.decode()


def test_accepted_answer_can_be_changed_and_only_one_is_accepted(question, member, other_member, agent):
    first = make_answer(other_member, question)
    second = make_answer(agent, question, "The official way to do it.")
    services.answer_accept(answer=first, by=member)
    services.answer_accept(answer=second, by=member)
    assert list(Answer.objects.filter(is_accepted=True)) == [second]
    assert Question.objects.get(pk=question.pk).accepted_answer_id == second.pk
    assert MemberStats.objects.get(member=other_member).reputation == 0


def test_accepting_again_unaccepts(question, member, other_member):
    answer = make_answer(other_member, question)
    services.answer_accept(answer=answer, by=member)
    assert services.answer_accept(answer=answer, by=member) is False
    q = Question.objects.get(pk=question.pk)
    assert q.status == "answered" and q.accepted_answer_id is None


@pytest.mark.parametrize("who", ["agent", "moderator"])
def test_agent_or_moderator_may_accept(client, question, other_member, who, request):
    answer = make_answer(other_member, question)
    client.force_login(request.getfixturevalue(who))
    assert _accept(client, answer).status_code == 302
    assert Question.objects.get(pk=question.pk).status == "solved"


def test_other_member_may_not_accept(client, question, other_member):
    from tests import factories

    answer = make_answer(other_member, question)
    client.force_login(factories.member())
    assert _accept(client, answer).status_code == 403
    client.force_login(other_member)  # the answerer is not the asker either
    assert _accept(client, answer).status_code == 403
    assert Question.objects.get(pk=question.pk).status == "answered"


def test_anonymous_may_not_accept(client, question, other_member):
    answer = make_answer(other_member, question)
    assert _accept(client, answer).status_code == 302
    assert not Answer.objects.get(pk=answer.pk).is_accepted


def test_hiding_the_accepted_answer_unsolves(question, member, other_member):
    answer = make_answer(other_member, question)
    services.answer_accept(answer=answer, by=member)
    services.post_set_deleted(obj=answer, deleted=True)
    q = Question.objects.get(pk=question.pk)
    assert (q.status, q.answer_count) == ("open", 0)
