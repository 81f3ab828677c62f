import pytest

from community import services
from community.models import Answer, Question, Revision
from tests import factories
from tests.community.conftest import make_answer

pytestmark = pytest.mark.django_db


def _edit(client, q, **data):
    payload = {"title": q.title, "body": q.body, "tags": "battery", "reason": "added my bike model", **data}
    return client.post(f"/community/edit/question/{q.pk}", payload)


def test_author_edits_with_a_reason_and_history_keeps_both(client, question, member):
    client.force_login(member)
    assert _edit(client, question, body="Now with details: Velora City 2024, 500 Wh battery.").status_code == 302
    q = Question.objects.get(pk=question.pk)
    assert "500 Wh" in q.body_html and q.edited_at
    revisions = Revision.objects.filter(object_id=q.pk, content_type__model="question")
    assert revisions.count() == 2 and revisions.first().reason == "added my bike model"
    html = client.get(f"/community/history/question/{q.pk}").content.decode()
    assert "added my bike model" in html and "Original" in html and "drains fast" in html


def test_other_member_may_not_edit(client, question, other_member):
    client.force_login(other_member)
    assert _edit(client, question, body="Vandalised body text here").status_code == 403
    assert "Vandalised" not in Question.objects.get(pk=question.pk).body


def test_anonymous_may_not_edit(client, question):
    assert _edit(client, question).status_code == 302
    assert Revision.objects.count() == 1


def test_moderator_may_edit(client, question, moderator):
    client.force_login(moderator)
    assert _edit(client, question, body="Removed a phone number from this post.").status_code == 302


def test_edit_needs_a_reason(client, question, member):
    client.force_login(member)
    response = _edit(client, question, body="A changed body without a reason", reason="")
    assert response.status_code == 400 and Revision.objects.count() == 1


def test_answer_edit_and_history(client, question, other_member):
    answer = make_answer(other_member, question)
    client.force_login(other_member)
    response = client.post(f"/community/edit/answer/{answer.pk}", {"body": "Better: keep it at 15-20 °C.",
                                                                   "reason": "typo"})
    assert response.status_code == 302
    assert "15-20" in Answer.objects.get(pk=answer.pk).body
    assert "typo" in client.get(f"/community/history/answer/{answer.pk}").content.decode()


def test_delete_hides_and_restore_brings_back(client, question, member, other_member):
    client.force_login(member)
    assert client.post(f"/community/delete/question/{question.pk}").status_code == 302
    q = Question.objects.get(pk=question.pk)
    assert q.is_deleted and q.title  # kept, not erased
    assert "Deleted" in client.get(q.get_absolute_url()).content.decode()
    client.force_login(other_member)
    assert client.get(q.get_absolute_url()).status_code == 404
    assert client.post(f"/community/delete/question/{question.pk}", {"restore": "1"}).status_code == 404
    client.force_login(member)
    client.post(f"/community/delete/question/{question.pk}", {"restore": "1"})
    assert not Question.objects.get(pk=question.pk).is_deleted


def test_deleting_an_answer_updates_counters(client, question, other_member):
    answer = make_answer(other_member, question)
    client.force_login(other_member)
    client.post(f"/community/delete/answer/{answer.pk}")
    assert Question.objects.get(pk=question.pk).answer_count == 0
    client.force_login(factories.member())
    assert f'id="answer-{answer.pk}"' not in client.get(question.get_absolute_url()).content.decode()


def test_other_member_may_not_delete(client, question, other_member):
    client.force_login(other_member)
    assert client.post(f"/community/delete/question/{question.pk}").status_code == 403
    assert not Question.objects.get(pk=question.pk).is_deleted


def test_question_edit_service_keeps_revision(question, member):
    services.question_edit(question=question, editor=member, title="A clearer title here", body="New body text",
                           reason="clarity")
    assert [r.reason for r in Revision.objects.filter(object_id=question.pk)] == ["clarity", ""]
