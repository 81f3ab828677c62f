"""Moderation acting on real community questions and answers through community's adapters."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from moderation import api, services
from moderation.api import ContentState
from moderation.models import ReviewItem
from tests import factories
from tests.moderation.conftest import flaggers

community = pytest.importorskip("community.services")
models = pytest.importorskip("community.models")


@pytest.fixture
def topic(db):
    return community.topic_create(name="Batteries and charging", description="Range and chargers.")


def _ask(author, topic, title="How do I keep my battery warm in winter?"):
    return community.question_create(author=author, topic=topic, title=title,
                                     body="My Velora City battery drains fast when it is cold outside.", tags=())


def test_a_new_members_first_question_waits_and_a_moderator_approves_it(topic, moderator, client):
    new = factories.member(trust_level=0)
    question = _ask(new, topic)
    assert question.state == ContentState.PENDING
    client.force_login(factories.member())
    assert client.get(question.get_absolute_url()).status_code == 404
    item = ReviewItem.objects.get(object_id=question.pk, state="open")
    assert item.kind == "question" and item.reasons == ["new_member"]
    services.review_item_decide(item=item, moderator=moderator, decision="approve")
    question.refresh_from_db()
    assert question.state == ContentState.PUBLISHED
    assert client.get(question.get_absolute_url()).status_code == 200


def test_flags_hide_an_answer_and_it_stays_visible_to_its_author(topic, client):
    question = _ask(factories.member(), topic)
    author = factories.member()
    answer = community.answer_create(author=author, question=question, body="Buy cheap batteries from my shop!")
    for reporter in flaggers(3):
        services.flag_create(reporter=reporter, obj=answer, reason="spam")
    answer.refresh_from_db()
    assert answer.state == ContentState.HIDDEN
    assert models.Answer.objects.filter(pk=answer.pk, body__contains="cheap batteries").exists()
    client.force_login(factories.member())
    assert b"cheap batteries" not in client.get(question.get_absolute_url()).content


def test_moderator_hides_and_restores_a_question(topic, moderator):
    question = _ask(factories.member(trust_level=2), topic)
    services.content_hide(obj=question, moderator=moderator, reason="Off topic")
    question.refresh_from_db()
    assert question.state == ContentState.HIDDEN
    services.content_restore(obj=question, moderator=moderator, reason="Fine after all")
    question.refresh_from_db()
    assert question.state == ContentState.PUBLISHED


def test_merge_moves_every_answer_through_the_queue_page(topic, moderator, staff_mfa_off, client):
    author = factories.member(trust_level=2)
    dup = _ask(author, topic, title="Battery dies in the cold, what now?")
    target = _ask(factories.member(trust_level=2), topic)
    answers = [community.answer_create(author=factories.member(trust_level=2), question=dup,
                                       body=f"Answer {i}: keep it inside") for i in range(3)]
    client.force_login(moderator)
    ct = ContentType.objects.get_for_model(models.Question).pk
    client.post(reverse("moderation:content_action", args=[ct, dup.pk, "merge"]),
                {"into": str(target.pk), "reason": "duplicate"})
    assert set(models.Answer.objects.filter(question=target).values_list("pk", flat=True)) == {a.pk for a in answers}
    assert models.Question.objects.filter(pk=dup.pk).exists()


def test_lock_an_answer_is_refused_with_a_clear_message(topic, moderator):
    question = _ask(factories.member(trust_level=2), topic)
    answer = community.answer_create(author=factories.member(trust_level=2), question=question, body="An answer here")
    with pytest.raises(services.ModerationError):
        services.content_thread_action(obj=answer, moderator=moderator, action="lock")


def test_queue_shows_community_content(topic, staff_mfa_off, client, moderator):
    new = factories.member(trust_level=0)
    _ask(new, topic)
    client.force_login(moderator)
    body = client.get(reverse("moderation:queue")).content.decode()
    assert "How do I keep my battery warm in winter?" in body
    assert api.queue_size() == 1
