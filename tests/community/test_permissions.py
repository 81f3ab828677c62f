"""Who may see and do what, for every community page and action."""

import pytest

from community import services
from moderation.api import ContentState
from tests import factories
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "author", "other", "agent", "moderator"]


@pytest.fixture
def people(member, other_member, agent, moderator, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    return {"anonymous": None, "author": member, "other": other_member, "agent": agent, "moderator": moderator}


def _as(client, people, role):
    client.logout()
    if people[role]:
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("state, expected", [
    (ContentState.PUBLISHED, {"anonymous": 200, "author": 200, "other": 200, "agent": 200, "moderator": 200}),
    (ContentState.PENDING, {"anonymous": 404, "author": 200, "other": 404, "agent": 404, "moderator": 200}),
    (ContentState.HIDDEN, {"anonymous": 404, "author": 200, "other": 404, "agent": 404, "moderator": 200}),
])
def test_question_visibility_matrix(client, people, topic, state, expected):
    q = make_question(people["author"], topic)
    services.post_set_state(obj=q, state=state)
    got = {role: _as(client, people, role).get(q.get_absolute_url()).status_code for role in ROLES}
    assert got == expected


def test_hidden_answer_is_shown_to_its_author_and_moderators_only(client, people, topic):
    q = make_question(factories.member(), topic)
    a = make_answer(people["author"], q, "This answer will be hidden by a moderator.")
    services.post_set_state(obj=a, state=ContentState.HIDDEN)
    seen = {role: "will be hidden" in _as(client, people, role).get(q.get_absolute_url()).content.decode()
            for role in ROLES}
    assert seen == {"anonymous": False, "author": True, "other": False, "agent": False, "moderator": True}


@pytest.mark.parametrize("action, expected", [
    # the question's author is "author"; the answer is by a third member
    ("accept", {"anonymous": 302, "author": 302, "other": 403, "agent": 302, "moderator": 302}),
    ("lock", {"anonymous": 302, "author": 403, "other": 403, "agent": 403, "moderator": 302}),
    ("support", {"anonymous": 302, "author": 403, "other": 403, "agent": 302, "moderator": 403}),
    ("edit", {"anonymous": 302, "author": 302, "other": 403, "agent": 403, "moderator": 302}),
    ("delete", {"anonymous": 302, "author": 302, "other": 403, "agent": 403, "moderator": 302}),
])
def test_action_matrix(client, people, topic, action, expected):
    got = {}
    for role in ROLES:
        # Unscreened: the same text posted five times would (rightly) be held for review.
        q = make_question(people["author"], topic, title=f"A question for the {action} matrix", screen_content=False)
        a = make_answer(factories.member(), q, f"An answer for the {role} in the {action} matrix.")
        url, data = {
            "accept": (f"/community/a/{a.pk}/accept", {}),
            "lock": (f"/community/q/{q.pk}/lock", {"locked": "1"}),
            "support": (f"/community/q/{q.pk}/support", {"value": "1"}),
            "edit": (f"/community/edit/question/{q.pk}", {"title": q.title, "body": q.body, "tags": "",
                                                          "reason": "matrix"}),
            "delete": (f"/community/delete/question/{q.pk}", {}),
        }[action]
        response = _as(client, people, role).post(url, data)
        got[role] = response.status_code
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]
    assert got == expected


@pytest.mark.parametrize("url, expected", [
    ("/community/agent/", {"anonymous": 302, "author": 403, "other": 403, "agent": 200, "moderator": 403}),
    ("/community/topics/manage", {"anonymous": 302, "author": 403, "other": 403, "agent": 403, "moderator": 403}),
    ("/community/notifications/", {"anonymous": 302, "author": 200, "other": 200, "agent": 200, "moderator": 200}),
    ("/community/", {"anonymous": 200, "author": 200, "other": 200, "agent": 200, "moderator": 200}),
    ("/community/ideas/", {"anonymous": 200, "author": 200, "other": 200, "agent": 200, "moderator": 200}),
])
def test_page_matrix(client, people, url, expected):
    got = {role: _as(client, people, role).get(url).status_code for role in ROLES}
    assert got == expected


def test_posts_are_refused_with_get(client, people, question):
    _as(client, people, "author")
    for url in (f"/community/q/{question.pk}/answer", f"/community/q/{question.pk}/comment",
                f"/community/vote/question/{question.pk}", f"/community/delete/question/{question.pk}"):
        assert client.get(url).status_code == 405


def test_comment_and_idea_xss_is_inert(client, people, question):
    _as(client, people, "other")
    client.post(f"/community/q/{question.pk}/comment", {"body": "<script>alert(1)</script> [x](javascript:alert(2))"})
    html = client.get(question.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and 'href="javascript' not in html
    idea = services.idea_create(author=people["other"], title="<img src=x onerror=alert(1)> idea title",
                                body="<iframe src=//evil></iframe> long enough body")
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "<img src=x" not in html and "<iframe" not in html
