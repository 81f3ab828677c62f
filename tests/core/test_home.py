import pytest

from knowledge_base.models import Article
from tests.knowledge_base import helpers

pytestmark = pytest.mark.django_db


def test_home_shows_popular_articles_but_never_internal_ones(client):
    sec = helpers.section()
    helpers.article(sec, title="Charge your battery", promoted=True)
    helpers.article(sec, title="Internal: warranty codes", visibility=Article.Visibility.AGENTS)
    html = client.get("/").content.decode()
    assert "Charge your battery" in html
    assert "warranty codes" not in html


@pytest.mark.parametrize("count", [2, 12])
def test_home_query_count_does_not_grow_with_articles(client, count, django_assert_max_num_queries):
    sec = helpers.section()
    for i in range(count):
        helpers.article(sec, title=f"Article {i}")
    client.get("/")
    with django_assert_max_num_queries(8):
        client.get("/")


def test_home_shows_recent_community_questions(client, agent):
    from community import services

    topic = services.topic_create(name="Frames", description="Frames and numbers.")
    question = services.question_create(
        author=agent, topic=topic, title="Where do I find my frame number?", body="It is not on the sticker.", tags=()
    )
    assert question.title in client.get("/").content.decode()
