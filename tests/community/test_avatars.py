"""Posts show the picture a member uploaded; members without one keep their initials."""

import base64

import pytest
from django.core.files.base import ContentFile

from community import services
from tests import factories
from tests.community.conftest import make_answer, make_question
from tests.html_parse import parse

pytestmark = pytest.mark.django_db

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _with_picture(**kwargs):
    user = factories.member(**kwargs)
    user.avatar.save("face.png", ContentFile(PNG), save=True)
    return user


def _avatars(element):
    return [el for el in element.find_all() if "avatar" in el.classes]


def test_question_answer_and_comment_show_the_uploaded_picture(client, topic):
    asker = _with_picture(display_name="Ada Asker")
    helper = _with_picture(display_name="Hank Helper")
    plain = factories.member(display_name="Pia Plain")
    question = make_question(asker, topic)
    answer = make_answer(helper, question)
    make_answer(plain, question, body="Another answer from someone without a picture.")
    services.comment_create(author=helper, question=question, body="Same here, thanks!")
    services.comment_create(author=plain, question=question, answer=answer, body="That worked for me.")

    page = parse(client.get(question.get_absolute_url()).content)
    question_author = page.find("div", cls="question-post").find("span", cls="post-author")
    [picture] = _avatars(question_author)
    assert picture.tag == "img" and picture.get("src") == asker.avatar.url and picture.get("alt") == ""

    helper_post = page.find(id=f"answer-{answer.pk}").find("span", cls="post-author")
    assert [el.tag for el in _avatars(helper_post)] == ["img"]
    plain_posts = [a for a in page.find_all("article", cls="answer") if "Pia Plain" in a.get("aria-label", "")]
    [initials] = _avatars(plain_posts[0].find("span", cls="post-author"))
    assert initials.tag == "span" and initials.text() == "PP"

    comments = {c.text().split("—")[0].strip(): c for c in page.find_all("li", cls="comment")}
    assert [el.tag for el in _avatars(comments["Same here, thanks!"])] == ["img"]
    assert _avatars(comments["That worked for me."]) == []  # no initials in comments: they only add noise


def test_the_question_list_shows_the_askers_picture(client, topic):
    asker = _with_picture(display_name="Ada Asker")
    make_question(asker, topic)
    make_question(factories.member(display_name="Pia Plain"), topic, title="Which charger fits the Velora Tour?")
    page = parse(client.get("/community/questions/").content)
    rows = {row.find("h3").text(): row for row in page.find_all("li", cls="q-row")}
    [picture] = _avatars(rows["How do I keep my battery warm in winter?"])
    assert picture.tag == "img" and picture.get("src") == asker.avatar.url
    [initials] = _avatars(rows["Which charger fits the Velora Tour?"])
    assert initials.text() == "PP"


def test_the_header_shows_the_readers_own_picture_or_initials(client):
    ada = _with_picture(display_name="Ada Asker")
    client.force_login(ada)
    summary = parse(client.get("/community/").content).find("details", cls="account-menu").find("summary")
    [picture] = _avatars(summary)
    assert picture.tag == "img" and picture.get("src") == ada.avatar.url
    client.force_login(factories.member(display_name="Joris Bakker (Velora support)"))
    summary = parse(client.get("/community/").content).find("details", cls="account-menu").find("summary")
    assert [el.text() for el in _avatars(summary)] == ["JB"]


def test_the_idea_list_shows_the_authors_picture(client):
    ada = _with_picture(display_name="Ada Asker")
    services.idea_create(author=ada, title="Show the battery temperature in the app",
                          body="Then I know when to bring the battery inside.")
    row = parse(client.get("/community/ideas/").content).find("li", cls="idea-row")
    [picture] = _avatars(row)
    assert picture.tag == "img" and picture.get("src") == ada.avatar.url
