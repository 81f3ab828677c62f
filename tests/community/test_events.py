"""Community facts reach the metrics from the services, whoever calls them (a view,
escalation, the demo, the API), and each exactly once."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from analytics import events as E
from analytics.models import Event
from community import services
from community.models import Answer, Question
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db


def _events(name, obj):
    return list(
        Event.objects.filter(
            name=name, content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )
    )


def test_question_create_alone_records_one_question_asked(member, topic):
    question = make_question(member, topic)

    [event] = _events(E.QUESTION_ASKED, question)
    assert event.user_id == member.pk
    assert Event.objects.filter(name=E.QUESTION_ASKED).count() == 1


def test_answer_create_alone_records_one_answer_posted_with_its_question(question, other_member, agent):
    answer = make_answer(other_member, question)
    official = make_answer(agent, question, body="Official: keep it indoors below 25 degrees.")

    [event] = _events(E.ANSWER_POSTED, answer)
    assert (event.user_id, event.props["question"], event.props["official"]) == (other_member.pk, question.pk, False)
    assert _events(E.ANSWER_POSTED, official)[0].props["official"] is True
    assert Event.objects.filter(name=E.ANSWER_POSTED).count() == 2


def test_answer_accept_alone_records_accepted_then_unaccepted(question, member, other_member):
    answer = make_answer(other_member, question)

    services.answer_accept(answer=answer, by=member)
    [event] = _events(E.ANSWER_ACCEPTED, answer)
    assert (event.user_id, event.props["question"]) == (member.pk, question.pk)

    services.answer_accept(answer=answer, by=member)  # the second click takes it back
    assert len(_events(E.ANSWER_ACCEPTED, answer)) == 1
    assert len(_events(E.ANSWER_UNACCEPTED, answer)) == 1


def test_vote_events_sum_to_the_score(question, other_member):
    services.vote_cast(member=other_member, target=question, value=1)
    services.vote_cast(member=other_member, target=question, value=-1)  # switched
    services.vote_cast(member=other_member, target=question, value=-1)  # withdrawn
    services.vote_cast(member=other_member, target=question, value=1)

    events = _events(E.VOTE_CAST, question)
    assert [e.props["value"] for e in events] == [1, -2, 1, 1]
    question.refresh_from_db()
    assert sum(e.props["value"] for e in events) == question.score == 1


def test_a_refused_vote_records_nothing(question, member):
    with pytest.raises(services.NotAllowed):
        services.vote_cast(member=member, target=question, value=1)  # own post
    assert not Event.objects.filter(name=E.VOTE_CAST).exists()


def test_idea_create_alone_records_one_idea_posted(member):
    idea = services.idea_create(author=member, title="A rear rack for the Cargo", body="It would carry crates.")

    assert len(_events(E.IDEA_POSTED, idea)) == 1


def test_posting_through_the_pages_records_each_fact_once(client, member, other_member, topic):
    """The views no longer track these themselves: one page action, one event."""
    client.force_login(member)
    response = client.post(
        reverse("community:ask") + "?guidelines=read",
        {"topic": topic.pk, "title": "How do I keep my battery warm?", "body": "It drains fast in the cold, why?",
         "tags": "battery", "language": "en"},
    )
    assert response.status_code == 302, response.content[:500]
    question = Question.objects.get()
    client.force_login(other_member)
    client.post(reverse("community:answer_create", args=[question.pk]), {"body": "Keep it indoors overnight."})
    answer = Answer.objects.get()
    client.post(reverse("community:vote", args=["question", question.pk]), {"value": "up"})
    client.force_login(member)
    client.post(reverse("community:answer_accept", args=[answer.pk]))

    assert [
        len(_events(E.QUESTION_ASKED, question)),
        len(_events(E.ANSWER_POSTED, answer)),
        len(_events(E.VOTE_CAST, question)),
        len(_events(E.ANSWER_ACCEPTED, answer)),
    ] == [1, 1, 1, 1]
