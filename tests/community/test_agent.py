import pytest
from django.utils import timezone

from community import services
from community.models import Question
from tests import factories
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db


def test_agent_sees_unanswered_oldest_first_with_waiting_time(client, agent, member, topic, staff_mfa_off):
    old = make_question(member, topic, title="An old unanswered question")
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=3))
    new = make_question(member, topic, title="A fresh unanswered question")
    answered = make_question(member, topic, title="A question with an answer")
    make_answer(factories.member(), answered)
    client.force_login(agent)
    response = client.get("/community/agent/")
    assert [q.pk for q in response.context["page"].rows] == [old.pk, new.pk]
    assert "3\xa0days" in response.content.decode()


def test_without_official_answer_and_followed_topics(client, agent, member, topic, staff_mfa_off):
    q1 = make_question(member, topic, title="Question answered by a member only")
    make_answer(factories.member(), q1)
    q2 = make_question(member, topic, title="Question answered officially")
    make_answer(agent, q2, "Official answer from support.")
    client.force_login(agent)
    rows = client.get("/community/agent/?tab=unofficial").context["page"].rows
    assert q1 in rows and q2 not in rows
    assert client.get("/community/agent/?tab=followed").context["page"].rows == []
    services.follow_set(member=agent, target=topic, on=True)
    assert len(client.get("/community/agent/?tab=followed").context["page"].rows) == 2


def test_members_may_not_see_agent_views(client, member):
    client.force_login(member)
    assert client.get("/community/agent/").status_code == 403
    client.logout()
    assert client.get("/community/agent/").status_code == 302


def test_agent_marks_answered_by_support(client, agent, question, member, staff_mfa_off):
    client.force_login(member)
    assert client.post(f"/community/q/{question.pk}/support", {"value": "1"}).status_code == 403
    client.force_login(agent)
    assert client.post(f"/community/q/{question.pk}/support", {"value": "1"}).status_code == 302
    assert Question.objects.get(pk=question.pk).answered_by_support
    assert "Answered by support" in client.get(question.get_absolute_url()).content.decode()


@pytest.mark.parametrize("rows", [3, 20])
def test_agent_view_queries_do_not_grow(client, agent, topic, rows, staff_mfa_off, django_assert_max_num_queries):
    author = factories.member()
    Question.objects.bulk_create([Question(topic=topic, author=author, title=f"Q {i} about brakes", body="b")
                                  for i in range(rows)])
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        response = client.get("/community/agent/")
    assert len(response.context["page"].rows) == rows


def test_manager_orders_and_adds_topics(client, manager, topic, member, staff_mfa_off):
    client.force_login(member)
    assert client.post("/community/topics/manage", {"name": "Motors"}).status_code == 403
    client.force_login(manager)
    assert client.post("/community/topics/manage", {"name": "Motors", "description": "Drive units"}).status_code == 302
    assert client.post("/community/topics/manage", {"name": ""}).status_code == 400
    from community.models import Topic

    motors = Topic.objects.get(name="Motors")
    client.post(f"/community/topics/{motors.pk}/move", {"direction": "up"})
    assert list(Topic.objects.values_list("name", flat=True)) == ["Motors", topic.name]
