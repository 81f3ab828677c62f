"""The "Your answer" card shows only where something can be done or said about answering."""

import pytest

from community import services
from community.models import ContentState
from tests import factories
from tests.community.conftest import make_question
from tests.html_parse import parse

pytestmark = pytest.mark.django_db


def _answer_card(client, question):
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    return parse(response.content).find("section", cls="answer-form")


def test_the_author_of_a_pending_question_sees_no_empty_answer_card(client, topic):
    newcomer = factories.member(trust_level=0)
    question = make_question(newcomer, topic)
    assert question.state == ContentState.PENDING
    client.force_login(newcomer)
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert "Your answer" not in response.content.decode()
    assert parse(response.content).find("section", cls="answer-form") is None


def test_a_member_sees_the_answer_card_with_its_form(client, question, other_member):
    client.force_login(other_member)
    card = _answer_card(client, question)
    assert card is not None and card.find("h2").text() == "Your answer"
    assert card.find("textarea") is not None


def test_a_visitor_sees_the_card_with_a_sign_in_link(client, question):
    card = _answer_card(client, question)
    assert "Sign in to answer." in card.text()


def test_a_locked_question_says_so_in_the_card(client, question, other_member, moderator):
    services.question_set_locked(question=question, locked=True, by=moderator)
    client.force_login(other_member)
    card = _answer_card(client, question)
    assert "locked" in card.text()
    assert card.find("textarea") is None
