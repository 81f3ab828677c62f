import pytest

from community.models import Question, Revision
from moderation import api as moderation
from moderation.api import ContentState, Screening
from tests.community.conftest import BODY, make_question

pytestmark = pytest.mark.django_db

ASK = "/community/ask/"


def _data(topic, **extra):
    return {"topic": topic.pk, "title": "Can I ride my Velora in heavy rain?", "body": BODY, "tags": "rain, winter",
            "language": "en", **extra}


def test_member_asks_a_question(member_client, member, topic):
    response = member_client.post(ASK, _data(topic))
    q = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == q.get_absolute_url()
    assert q.author == member and q.status == "open" and q.state == ContentState.PUBLISHED
    assert sorted(t.name for t in q.tags.all()) == ["rain", "winter"]
    assert "<p>My Velora City battery" in q.body_html
    assert Revision.objects.filter(object_id=q.pk).count() == 1
    topic.refresh_from_db()
    assert topic.question_count == 1
    page = member_client.get(q.get_absolute_url()).content.decode()
    assert "Can I ride my Velora in heavy rain?" in page


def test_anonymous_is_sent_to_login(client, topic):
    response = client.post(ASK, _data(topic))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Question.objects.exists()


def test_unverified_member_may_not_ask(client, unverified, topic):
    client.force_login(unverified)
    response = client.post(ASK, _data(topic))
    assert response.status_code == 403
    assert "Verify your email" in response.content.decode()
    assert not Question.objects.exists()


def test_bad_input_saves_nothing_and_explains(member_client, topic):
    response = member_client.post(ASK, _data(topic, title="short", tags="a, b, c, d, e, f"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Use at most 5 tags." in html and "at least 10 characters" in html
    assert BODY in html  # what the member typed is kept
    assert not Question.objects.exists()


def test_honeypot_refuses_quietly(member_client, topic):
    response = member_client.post(ASK, _data(topic, website="http://spam.example"))
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_rate_limited_answers_429_and_keeps_the_form(member_client, topic, monkeypatch):
    def limited(**kwargs):
        raise moderation.RateLimited(120, "You can ask again in 2 minutes.")

    monkeypatch.setattr(moderation, "check_rate_limit", limited)
    response = member_client.post(ASK, _data(topic))
    assert response.status_code == 429
    assert response["Retry-After"] == "120"
    html = response.content.decode()
    assert "You can ask again in 2 minutes." in html and "Can I ride my Velora in heavy rain?" in html
    assert not Question.objects.exists()


def test_held_question_is_visible_to_its_author_and_moderators_only(client, member, other_member, moderator, topic,
                                                                    monkeypatch):
    monkeypatch.setattr(moderation, "screen", lambda **kw: Screening(state=ContentState.PENDING, reasons=["new"]))
    client.force_login(member)
    client.post(ASK, _data(topic))
    q = Question.objects.get()
    assert q.state == ContentState.PENDING
    html = client.get(q.get_absolute_url()).content.decode()
    assert "Awaiting review" in html
    assert q.title not in client.get("/community/questions/").content.decode()
    client.force_login(other_member)
    assert client.get(q.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(q.get_absolute_url()).status_code == 404
    client.force_login(moderator)
    assert client.get(q.get_absolute_url()).status_code == 200
    topic.refresh_from_db()
    assert topic.question_count == 0


def test_first_question_shows_the_guidelines_first(member_client, member, topic):
    html = member_client.get(ASK).content.decode()
    assert "Before your first question" in html and "/moderation/" in html
    assert 'name="title"' not in html
    assert 'name="title"' in member_client.get(ASK + "?guidelines=read").content.decode()
    make_question(member, topic)
    assert 'name="title"' in member_client.get(ASK).content.decode()


def test_preview_renders_markdown_safely(member_client):
    response = member_client.post("/community/preview", {"body": "**bold** <script>alert(1)</script>"},
                                  HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<strong>bold</strong>" in html and "<script>alert" not in html


def test_preview_without_js_keeps_the_form(member_client, member, topic):
    make_question(member, topic, title="An earlier question of mine")
    response = member_client.post(ASK, _data(topic, preview="1", body="*hello* world, this is long enough"))
    html = response.content.decode()
    assert response.status_code == 200 and "<em>hello</em>" in html
    assert Question.objects.count() == 1


def test_tag_suggestions_complete_the_last_tag(client, member, topic):
    make_question(member, topic, tags=["battery", "bafang motor"])
    html = client.get("/community/tags/suggest", {"tags": "rain, ba"}).content.decode()
    assert 'value="rain, battery"' in html and 'value="rain, bafang motor"' in html


def test_xss_in_title_and_body_is_inert(member_client, topic):
    member_client.post(ASK, _data(topic, title="<img src=x onerror=alert(1)> title",
                                  body="[click](javascript:alert(1)) <script>alert(2)</script> plenty of text"))
    q = Question.objects.get()
    html = member_client.get(q.get_absolute_url()).content.decode()
    assert "<img src=x" not in html and "<script>alert(2)" not in html and "href=\"javascript" not in html
