import pytest
from django.utils import timezone

from community import services
from community.models import Answer, Comment, Question
from tests import factories
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db


def _bulk_questions(topic, n, **fields):
    author = factories.member()
    now = timezone.now()
    qs = Question.objects.bulk_create([
        Question(topic=topic, author=author, title=f"Question number {i} about my e-bike", body="Body text",
                 body_html="<p>Body text</p>", last_activity_at=now - timezone.timedelta(minutes=i), **fields)
        for i in range(n)
    ])
    tag_names = ["battery", "motor", "lights"]
    for q in Question.objects.filter(pk__in=[q.pk for q in qs]):
        services._set_tags(q, tag_names)
    return qs


@pytest.mark.parametrize("rows", [3, 20])
def test_question_list_queries_do_not_grow(client, member, topic, rows, django_assert_max_num_queries):
    _bulk_questions(topic, rows)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        response = client.get("/community/questions/?sort=votes")
    assert response.content.decode().count('class="q-row"') == rows


@pytest.mark.parametrize("rows", [3, 20])
def test_topic_page_and_home_queries_do_not_grow(client, topic, rows, django_assert_max_num_queries):
    _bulk_questions(topic, rows)
    with django_assert_max_num_queries(8):
        assert client.get(topic.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/community/").status_code == 200


def test_keyset_paging_walks_every_question_once(client, topic):
    _bulk_questions(topic, 45)
    seen, url = [], "/community/questions/?sort=active"
    for _ in range(5):
        response = client.get(url)
        page = response.context["page"]
        seen += [q.pk for q in page.rows]
        if not response.context["next_url"]:
            break
        url = response.context["next_url"]
    assert len(seen) == 45 and len(set(seen)) == 45


def test_deep_page_uses_a_seek_not_an_offset(client, topic, django_assert_max_num_queries):
    qs = _bulk_questions(topic, 30)
    cursor = f"{qs[10].pk}"
    with django_assert_max_num_queries(8) as ctx:
        client.get(f"/community/questions/?sort=newest&after={cursor}")
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "OFFSET" not in sql.upper()


def test_filters(client, member, topic, agent):
    solved = make_question(member, topic, title="Solved question about the chain", tags=["chain"])
    official = make_question(member, topic, title="Question with an official answer")
    plain = make_question(member, topic, title="A question nobody answered yet")
    a = make_answer(factories.member(), solved)
    services.answer_accept(answer=a, by=member)
    make_answer(agent, official, "Official answer text from support.")

    def titles(query):
        return {q.title for q in client.get("/community/questions/" + query).context["page"].rows}

    assert titles("?solved=yes") == {solved.title}
    assert titles("?solved=no") == {official.title, plain.title}
    assert titles("?official=1") == {official.title}
    assert titles("?sort=unanswered") == {plain.title}
    assert titles("?tag=chain") == {solved.title}
    assert titles("?tag=nope") == set()


def test_bad_cursor_shows_the_first_page(client, topic):
    _bulk_questions(topic, 3)
    assert client.get("/community/questions/?sort=active&after=garbage").status_code == 200


@pytest.mark.parametrize("answers", [3, 60])
def test_question_page_queries_do_not_grow_with_answers(client, member, topic, answers, django_assert_max_num_queries):
    q = make_question(member, topic)
    authors = [factories.member() for _ in range(3)]
    Answer.objects.bulk_create([
        Answer(question=q, author=authors[i % 3], body=f"Answer {i}", body_html=f"<p>Answer {i}</p>", score=i % 7)
        for i in range(answers)
    ])
    created = list(Answer.objects.filter(question=q)[:5])
    Comment.objects.bulk_create([
        Comment(question=q, answer=a, author=authors[0], body="c", body_html="<p>comment</p>") for a in created
    ])
    services.question_refresh(question_id=q.pk)
    client.force_login(authors[1])
    with django_assert_max_num_queries(18):
        response = client.get(q.get_absolute_url())
    html = response.content.decode()
    assert html.count('class="post answer') == min(answers, 20)


def test_five_hundred_answers_are_paged(client, member, topic):
    q = make_question(member, topic)
    author = factories.member()
    Answer.objects.bulk_create([
        Answer(question=q, author=author, body=f"Answer {i}", body_html=f"<p>Answer number {i}</p>")
        for i in range(500)
    ])
    services.question_refresh(question_id=q.pk)
    last = Answer.objects.filter(question=q).order_by("-id").first()
    response = client.get(last.get_absolute_url())
    html = response.content.decode()
    assert "Page 25 of 25" in html and f'id="answer-{last.pk}"' in html
    assert Question.objects.get(pk=q.pk).answer_count == 500
