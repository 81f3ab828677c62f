import pytest

from community.models import Answer, Comment, Idea, Question, Revision, Topic
from moderation import api as moderation
from moderation.api import ContentState
from tests import factories
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db


def test_every_community_model_is_registered():
    for model in (Question, Answer, Comment, Idea):
        adapter = moderation.adapter_for(model)
        for method in ("author", "text", "url", "topic_id", "set_state", "edit", "lock", "pin", "move", "merge"):
            assert callable(getattr(adapter, method))


def test_hiding_an_answer_through_the_adapter_updates_counters(question, other_member):
    answer = make_answer(other_member, question)
    moderation.adapter_for(answer).set_state(answer, ContentState.HIDDEN)
    assert Question.objects.get(pk=question.pk).answer_count == 0
    moderation.adapter_for(answer).set_state(answer, ContentState.PUBLISHED)
    assert Question.objects.get(pk=question.pk).answer_count == 1


def test_publishing_a_held_question_counts_it(question, topic):
    adapter = moderation.adapter_for(question)
    adapter.set_state(question, ContentState.PENDING)
    topic.refresh_from_db()
    assert topic.question_count == 0
    adapter.set_state(question, ContentState.PUBLISHED)
    topic.refresh_from_db()
    assert topic.question_count == 1


def test_moderator_edit_keeps_a_revision(question, moderator):
    moderation.adapter_for(question).edit(question, body="Edited by a moderator: phone number removed.",
                                          editor=moderator, reason="personal data")
    assert Revision.objects.filter(object_id=question.pk, reason="personal data").exists()
    assert "phone number removed" in Question.objects.get(pk=question.pk).body_html


def test_lock_pin_move(question, moderator):
    adapter = moderation.adapter_for(question)
    adapter.lock(question, locked=True, by=moderator)
    adapter.pin(question, pinned=True, by=moderator)
    motors = Topic.objects.create(name="Motors", slug="motors")
    adapter.move(question, topic_id=motors.pk, by=moderator)
    q = Question.objects.get(pk=question.pk)
    assert q.is_locked and q.is_pinned and q.topic == motors
    motors.refresh_from_db()
    assert motors.question_count == 1
    with pytest.raises(NotImplementedError):
        moderation.adapter_for(Answer).lock(None, locked=True, by=moderator)


def test_merge_moves_answers_and_redirects(client, member, topic, moderator):
    target = make_question(member, topic, title="How far can I ride on one charge?")
    duplicate = make_question(factories.member(), topic, title="What is the range of the battery?")
    answer = make_answer(factories.member(), duplicate, "About 80 km in eco mode.")
    moderation.adapter_for(duplicate).merge(duplicate, into=target, by=moderator)
    assert Answer.objects.get(pk=answer.pk).question_id == target.pk
    assert Question.objects.get(pk=target.pk).answer_count == 1
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 302 and f"/community/q/{target.pk}/" in response["Location"]
