import pytest

from community import services
from community.models import Answer, Comment, Question
from moderation import api as moderation
from tests import factories
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db


def _url(q):
    return f"/community/q/{q.pk}/answer"


def test_member_answers_and_counters_follow(client, question, other_member):
    before = Question.objects.get(pk=question.pk).last_activity_at
    client.force_login(other_member)
    response = client.post(_url(question), {"body": "Keep it inside overnight and charge it warm."})
    answer = Answer.objects.get()
    assert response.status_code == 302 and f"answer={answer.pk}" in response["Location"]
    q = Question.objects.get(pk=question.pk)
    assert (q.answer_count, q.status) == (1, "answered")
    assert q.last_activity_at > before
    assert not answer.is_official
    html = client.get(response["Location"]).content.decode()
    assert "Keep it inside overnight" in html


def test_agent_answer_is_marked_official(client, question, agent):
    client.force_login(agent)
    client.post(_url(question), {"body": "Official: the battery works from -10 °C; charge above 0 °C."})
    answer = Answer.objects.get()
    assert answer.is_official
    q = Question.objects.get(pk=question.pk)
    assert q.has_official_answer
    html = client.get(q.get_absolute_url()).content.decode()
    assert "Official · " in html


def test_official_only_for_agents(client, question, moderator):
    client.force_login(moderator)
    client.post(_url(question), {"body": "A moderator answer, not the company's voice."})
    assert not Answer.objects.get().is_official


def test_anonymous_cannot_answer(client, question):
    response = client.post(_url(question), {"body": "Anonymous answer text"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Answer.objects.exists()


def test_suspended_member_cannot_answer(client, question):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.services import user_suspend

    bad = factories.member()
    user_suspend(user=bad, until=timezone.now() + timedelta(days=1), reason="spam")
    client.force_login(bad)
    assert client.post(_url(question), {"body": "I should not be able to post."}).status_code == 403
    assert not Answer.objects.exists()


def test_bad_answer_saves_nothing(client, question, other_member):
    client.force_login(other_member)
    response = client.post(_url(question), {"body": "short"})
    assert response.status_code == 400
    assert "at least 10 characters" in response.content.decode()
    assert not Answer.objects.exists()


def test_answer_honeypot(client, question, other_member):
    client.force_login(other_member)
    response = client.post(_url(question), {"body": "Looks like a fine answer", "website": "x"})
    assert response.status_code == 400 and not Answer.objects.exists()


def test_answer_rate_limit_keeps_text(client, question, other_member, monkeypatch):
    def limited(**kw):
        raise moderation.RateLimited(30, "Slow down a little.")

    monkeypatch.setattr(moderation, "check_rate_limit", limited)
    client.force_login(other_member)
    response = client.post(_url(question), {"body": "My carefully typed answer"})
    assert response.status_code == 429 and response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Slow down a little." in html and "My carefully typed answer" in html
    assert not Answer.objects.exists()


def test_locked_question_takes_no_answers_or_comments(client, question, other_member):
    services.question_set_locked(question=question, locked=True)
    client.force_login(other_member)
    assert client.post(_url(question), {"body": "Answer to a locked question"}).status_code == 403
    assert client.post(f"/community/q/{question.pk}/comment", {"body": "A comment"}).status_code == 403
    assert not Answer.objects.exists() and not Comment.objects.exists()


def test_only_moderators_lock(client, question, member, moderator):
    client.force_login(member)
    assert client.post(f"/community/q/{question.pk}/lock", {"locked": "1"}).status_code == 403
    client.force_login(moderator)
    assert client.post(f"/community/q/{question.pk}/lock", {"locked": "1"}).status_code == 302
    assert Question.objects.get(pk=question.pk).is_locked


def test_comments_on_question_and_answer(client, question, other_member, member):
    answer = make_answer(other_member, question)
    client.force_login(member)
    r1 = client.post(f"/community/q/{question.pk}/comment", {"body": "Which model do you have?"})
    client.force_login(factories.member())  # a second comment within seconds would be rate limited
    r2 = client.post(f"/community/a/{answer.pk}/comment", {"body": "Thanks, that helped!"})
    assert r1.status_code == r2.status_code == 302
    assert Comment.objects.filter(answer=None).count() == 1 and Comment.objects.filter(answer=answer).count() == 1
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Which model do you have?" in html and "Thanks, that helped!" in html
    assert client.post(f"/community/q/{question.pk}/comment", {"body": "x"}).status_code == 400
    assert Comment.objects.count() == 2


def test_anonymous_cannot_comment(client, question):
    assert client.post(f"/community/q/{question.pk}/comment", {"body": "Hello there"}).status_code == 302
    assert not Comment.objects.exists()


def test_answer_order_accepted_then_official_then_score(client, member, topic, agent):
    q = make_question(member, topic)
    a_low = make_answer(factories.member(), q, "A plain answer with no votes at all.")
    a_high = make_answer(factories.member(), q, "A popular answer with many votes.")
    a_official = make_answer(agent, q, "The official answer from support.")
    a_accepted = make_answer(factories.member(), q, "The accepted answer that solved it.")
    for _ in range(3):
        services.vote_cast(member=factories.member(), target=a_high, value=1)
    services.answer_accept(answer=a_accepted, by=member)
    html = client.get(q.get_absolute_url()).content.decode()
    positions = [html.index(f'id="answer-{a.pk}"') for a in (a_accepted, a_official, a_high, a_low)]
    assert positions == sorted(positions)
