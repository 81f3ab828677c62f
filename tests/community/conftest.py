import pytest

from community import services
from community.models import Answer, Question
from tests import factories

BODY = "My Velora City battery drains fast when it is cold outside. What can I do?"


@pytest.fixture
def topic(db):
    return services.topic_create(name="Batteries and charging", description="Range, chargers and battery care.")


def make_question(author, topic, *, title="How do I keep my battery warm in winter?", body=BODY, tags=("battery",),
                  **kwargs) -> Question:
    return services.question_create(author=author, topic=topic, title=title, body=body, tags=tags, **kwargs)


def make_answer(author, question, body="Store it indoors and charge it at room temperature.") -> Answer:
    return services.answer_create(author=author, question=question, body=body)


@pytest.fixture
def question(member, topic):
    return make_question(member, topic)


@pytest.fixture
def unverified(db):
    return factories.member(verified=False)


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login
