import pytest

from community import services
from search import registry
from search.models import SearchDocument
from search.services import suggest
from tests import factories
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db


def test_published_questions_are_indexed_with_tags_and_solved(member, topic):
    q = make_question(member, topic, title="Bafang motor makes a clicking noise", tags=["motor"])
    registry.index_now(q)
    doc = SearchDocument.objects.get(object_id=q.pk, kind="question")
    assert doc.visibility == registry.EVERYONE and "motor" in doc.labels and "solved" not in doc.labels
    a = make_answer(factories.member(), q, "Tighten the crank bolt to 40 Nm.")
    services.answer_accept(answer=a, by=member)
    q.refresh_from_db()
    registry.index_now(q)
    assert "solved" in SearchDocument.objects.get(object_id=q.pk, kind="question").labels
    found = suggest("clicking noise", user=factories.member(), kind="question")
    assert [r.url for r in found] == [q.get_absolute_url()]
    # The accepted answer's words find the question too.
    assert [r.url for r in suggest("crank bolt", user=None, kind="question")] == [q.get_absolute_url()]


def test_deleted_and_held_questions_are_not_indexed(member, topic):
    q = make_question(member, topic, title="A question that gets deleted later")
    registry.index_now(q)
    services.post_set_deleted(obj=q, deleted=True)
    registry.index_now(q)
    assert not SearchDocument.objects.filter(object_id=q.pk, kind="question").exists()
    held = make_question(member, topic, title="A held question waiting for review")
    services.post_set_state(obj=held, state="pending")
    registry.index_now(held)
    assert not SearchDocument.objects.filter(object_id=held.pk, kind="question").exists()


def test_ask_form_points_at_the_suggestions_endpoint(member_client, member, topic):
    make_question(member, topic)  # not the first question: the form shows at once
    html = member_client.get("/community/ask/").content.decode()
    assert 'data-suggest-url="/search/suggest"' in html and "js/community.js" in html
