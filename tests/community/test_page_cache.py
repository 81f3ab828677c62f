"""Anonymous pages are served from a shared cache; members never are."""

import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analytics.models import Event
from community import services
from community.models import Answer, Comment, Vote
from moderation import api as moderation
from moderation import services as moderation_services
from moderation.api import ContentState
from tests import factories
from tests.community.conftest import BODY, make_answer, make_question

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_cached_question_page_costs_fewer_queries_and_shows_a_new_answer_at_once(client, question, other_member):
    for i in range(3):
        make_answer(factories.member(), question, body=f"Answer number {i} about cold batteries.")
    url = question.get_absolute_url()
    first, cold = _get(client, url)
    second, warm = _get(client, url)
    assert warm < cold
    assert second.content.count(b'class="post answer') == 3
    make_answer(other_member, question, body="A brand new answer: keep the battery indoors overnight.")
    third, _ = _get(client, url)
    assert b"A brand new answer" in third.content
    assert third.content.count(b'class="post answer') == 4


def test_view_event_is_recorded_on_every_request_also_when_cached(client, question):
    url = question.get_absolute_url()
    for _ in range(3):
        client.get(url)
    assert Event.objects.filter(name="community.question_viewed", object_id=question.pk).count() == 3


def test_members_get_their_own_page_while_the_anonymous_page_is_cached(client, question, other_member):
    url = question.get_absolute_url()
    answer = make_answer(factories.member(), question)
    client.get(url)  # anonymous: cached now
    services.vote_cast(member=other_member, target=answer, value=1)
    anonymous, _ = _get(client, url)
    assert b"Sign in to vote" in anonymous.content and b'aria-pressed="true"' not in anonymous.content
    assert b"Unfollow" not in anonymous.content

    client.force_login(other_member)
    mine = client.get(url).content
    assert mine.count(b'aria-pressed="true"') == 1  # their own up-vote on the answer
    assert b"Sign in to vote" not in mine
    client.logout()

    client.force_login(question.author)  # follows their own question; did not vote
    theirs = client.get(url).content
    assert b'aria-pressed="true"' not in theirs and b"Unfollow" in theirs
    client.logout()

    again, _ = _get(client, url)  # the anonymous page never took a member's state
    assert b'aria-pressed="true"' not in again.content and b"Unfollow" not in again.content
    assert b"Sign in to vote" in again.content


def test_member_requests_never_fill_the_anonymous_cache(client, question, other_member):
    url = question.get_absolute_url()
    client.force_login(other_member)
    client.get(url)
    client.logout()
    response, _ = _get(client, url)
    assert b"Sign in to vote" in response.content and b"Unfollow" not in response.content


def test_cached_question_list_costs_fewer_queries_and_shows_a_new_question_at_once(client, member, topic):
    for i in range(3):
        make_question(member, topic, title=f"Question number {i} about my Velora battery")
    url = "/community/questions/"
    _, cold = _get(client, url)
    _, warm = _get(client, url)
    assert warm < cold
    make_question(member, topic, title="A brand new question about brake pads")
    response, _ = _get(client, url)
    assert b"A brand new question about brake pads" in response.content


def test_list_parameters_are_part_of_the_key(client, member, topic):
    question = make_question(member, topic, title="Solved question about the display")
    make_question(member, topic, title="Open question about the charger")
    answer = make_answer(factories.member(), question)
    services.answer_accept(answer=answer, by=member)
    solved = client.get("/community/questions/?solved=yes").content
    unsolved = client.get("/community/questions/?solved=no").content
    assert b"Solved question about the display" in solved and b"Open question about the charger" not in solved
    assert b"Open question about the charger" in unsolved and b"Solved question about the display" not in unsolved


def test_unknown_parameters_are_not_cached(client, question):
    url = question.get_absolute_url()
    client.get(url + "?utm_source=x")
    _, first = _get(client, url + "?utm_source=x")
    _, second = _get(client, url + "?utm_source=x")
    assert first == second


def test_cached_fragments_never_carry_a_csrf_token(client, question, member, topic):
    # A token in a shared fragment would hand one visitor's token to the next.
    make_question(member, topic, title="Another question to list")
    for url in (question.get_absolute_url(), "/community/questions/", "/help/"):
        for _ in range(2):
            html = client.get(url).content.decode()
            main = html[html.index("<main") : html.index("</main>")]
            assert "csrfmiddlewaretoken" not in main, url


# --- helpers for the tests below -----------------------------------------------------------------------

MARKERS = ("<gilde:csrf>", "<gilde:nonce>", "gildecsrftokenmark", "<!--gs:", "gildelayout")


def _html(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    html = response.content.decode()
    for marker in MARKERS:
        assert marker not in html, marker
    return html


def _answer(html, answer) -> str:
    """The HTML of one answer's <article> ("" when the page does not show it)."""
    start = html.find(f'<article id="answer-{answer.pk}"')
    if start < 0:
        return ""
    return html[start : html.index("</article>", start)]


def _question_part(html) -> str:
    return html[html.index('<div class="post question-post">') : html.index('<section class="answers"')]


def _pressed(part) -> list[str]:
    return re.findall(r'value="(up|down)" class="vote-btn voted" aria-pressed="true"', part)


def _score(html, kind, pk) -> int:
    match = re.search(rf'id="vote-{kind}-{pk}".*?Score </span>(-?\d+)</span>', html, re.S)
    return int(match.group(1))


def _title(html) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def _nonces(html) -> set:
    return set(re.findall(r'nonce="([^"]+)"', html))


def _token_after(html, action) -> str:
    match = re.search(rf'action="{re.escape(action)}"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" '
                      r'value="([A-Za-z0-9]+)"', html)
    assert match, f"no form posting to {action}"
    return match.group(1)


def _login(user, **kwargs) -> Client:
    c = Client(**kwargs)
    c.force_login(user)
    return c


@pytest.fixture
def thread(question, member):
    """A question by ``member`` (the asker) with answer X by ``author_x`` and answer Y by ``author_y``."""
    author_x, author_y = factories.member(display_name="Xena Author"), factories.member(display_name="Yuri Author")
    x = make_answer(author_x, question, body="Answer X: keep the battery indoors overnight.")
    y = make_answer(author_y, question, body="Answer Y: buy a neoprene battery cover.")
    return SimpleNamespace(question=question, url=question.get_absolute_url(), asker=member, x=x, y=y,
                           author_x=author_x, author_y=author_y)


# --- each reader sees only their own controls ------------------------------------------------------------


@pytest.mark.parametrize("a_first", [True, False])
def test_each_member_sees_only_their_own_pressed_votes(client, thread, a_first):
    a, b = factories.member(), factories.member()
    services.vote_cast(member=a, target=thread.x, value=1)
    services.vote_cast(member=b, target=thread.y, value=-1)
    services.vote_cast(member=b, target=thread.question, value=1)
    _html(client, thread.url)  # the shared rendering is warm
    order = [(a, "a"), (b, "b")] if a_first else [(b, "b"), (a, "a")]
    pages = {name: _html(_login(user), thread.url) for user, name in order}

    assert _pressed(_answer(pages["a"], thread.x)) == ["up"]
    assert _pressed(_answer(pages["a"], thread.y)) == []
    assert _pressed(_question_part(pages["a"])) == []
    assert _pressed(_answer(pages["b"], thread.x)) == []
    assert _pressed(_answer(pages["b"], thread.y)) == ["down"]
    assert _pressed(_question_part(pages["b"])) == ["up"]
    # Scores are the same for everyone.
    for html in pages.values():
        assert (_score(html, "answer", thread.x.pk), _score(html, "answer", thread.y.pk)) == (1, -1)

    c_page = _html(_login(factories.member()), thread.url)
    visitor = _html(client, thread.url)
    for html in (c_page, visitor):
        assert 'aria-pressed="true"' not in html
    assert "Sign in to vote" in visitor and "Sign in to vote" not in c_page


@pytest.mark.parametrize("author_first", [True, False])
def test_only_the_answer_author_sees_edit_and_delete_on_it(client, thread, author_first):
    edit_x = f'href="/community/edit/answer/{thread.x.pk}"'
    delete_x = f'action="/community/delete/answer/{thread.x.pk}"'
    flag_x = "/moderation/flag/"
    _html(client, thread.url)
    readers = [thread.author_x, thread.author_y] if author_first else [thread.author_y, thread.author_x]
    pages = {user.pk: _html(_login(user), thread.url) for user in readers}

    mine = pages[thread.author_x.pk]
    assert edit_x in _answer(mine, thread.x) and delete_x in _answer(mine, thread.x)
    assert flag_x not in _answer(mine, thread.x)  # not one's own post
    assert "/community/edit/answer/" not in _answer(mine, thread.y) and flag_x in _answer(mine, thread.y)
    theirs = pages[thread.author_y.pk]
    assert edit_x not in theirs and delete_x not in theirs
    assert flag_x in _answer(theirs, thread.x)

    for html in (_html(_login(factories.member()), thread.url), _html(client, thread.url)):
        assert "/community/edit/" not in html and "/community/delete/" not in html
    assert flag_x not in _html(client, thread.url)


@pytest.mark.parametrize("asker_first", [True, False])
def test_only_the_asker_sees_accept_as_solution(client, thread, asker_first):
    _html(client, thread.url)
    other = factories.member()
    readers = [thread.asker, other] if asker_first else [other, thread.asker]
    pages = {user.pk: _html(_login(user), thread.url) for user in readers}
    asker_page = pages[thread.asker.pk]
    for answer in (thread.x, thread.y):
        part = _answer(asker_page, answer)
        assert "Accept as solution" in part and f'action="/community/a/{answer.pk}/accept"' in part
    assert "Accept as solution" not in pages[other.pk] and "/accept" not in pages[other.pk]
    assert "Accept as solution" not in _html(client, thread.url)

    services.answer_accept(answer=thread.x, by=thread.asker)
    asker_page = _html(_login(thread.asker), thread.url)
    assert "Unaccept" in _answer(asker_page, thread.x) and "Accept as solution" in _answer(asker_page, thread.y)
    for html in (_html(_login(other), thread.url), _html(client, thread.url)):
        assert "Unaccept" not in html and "Accept as solution" not in html
        assert "Accepted solution" in _answer(html, thread.x)


@pytest.mark.parametrize("moderator_first", [True, False])
def test_moderator_sees_moderate_lock_and_hidden_answers_which_never_leak(client, thread, moderator,
                                                                         moderator_first):
    services.post_set_state(obj=thread.y, state=ContentState.HIDDEN)
    comment = services.comment_create(author=factories.member(), question=thread.question, answer=thread.x,
                                      body="A rude comment to hide")
    services.post_set_state(obj=comment, state=ContentState.HIDDEN)
    other = factories.member()
    _html(client, thread.url)
    readers = [moderator, other] if moderator_first else [other, moderator]
    pages = {user.pk: _html(_login(user), thread.url) for user in readers}

    mod = pages[moderator.pk]
    assert "Answer Y: buy a neoprene battery cover." in _answer(mod, thread.y)
    assert "Hidden by a moderator" in _answer(mod, thread.y)
    assert "A rude comment to hide" in mod
    assert "Moderate" in _question_part(mod) and f'action="/community/q/{thread.question.pk}/lock"' in mod
    assert "Moderate" in _answer(mod, thread.x)
    assert "/community/edit/answer/" in _answer(mod, thread.x)  # moderators edit any post

    for html in (pages[other.pk], _html(_login(factories.member()), thread.url), _html(client, thread.url)):
        assert _answer(html, thread.y) == "" and "neoprene" not in html
        assert "A rude comment to hide" not in html and "Hidden by a moderator" not in html
        assert "Moderate" not in html and "/lock" not in html and "/community/edit/" not in html
        assert "1 answer" in html


@pytest.mark.parametrize("agent_first", [True, False])
def test_agent_sees_the_support_ticket_form_which_never_leaks(client, thread, agent, agent_first):
    escalate = f'action="/support/escalate/{thread.question.pk}/"'
    _html(client, thread.url)
    if not agent_first:
        _html(_login(factories.member()), thread.url)
    agent_page = _html(_login(agent), thread.url)
    assert escalate in agent_page and "Support ticket (open or create)" in agent_page
    assert "Mark “answered by support”" in agent_page
    assert "Your answer will be marked" in agent_page  # the agent's answer form
    assert "Accept as solution" in agent_page  # agents may accept
    for html in (_html(_login(factories.member()), thread.url), _html(client, thread.url)):
        assert escalate not in html and "Support ticket" not in html and "answered by support”" not in html
        assert "Your answer will be marked" not in html


def test_the_header_shows_each_reader_their_own_name_and_menu(client, thread, moderator):
    anna = factories.member(display_name="Anna Zonneveld")
    bert = factories.member(display_name="Bert Hoogland")
    _html(client, thread.url)
    for _ in range(2):
        pages = {user.pk: _html(_login(user), thread.url) for user in (anna, moderator, bert)}
        visitor = _html(client, thread.url)
        assert "Anna Zonneveld" in pages[anna.pk] and "Bert Hoogland" not in pages[anna.pk]
        assert "Bert Hoogland" in pages[bert.pk] and "Anna Zonneveld" not in pages[bert.pk]
        assert "Review queue" in pages[moderator.pk]
        assert "Review queue" not in pages[anna.pk] and "Review queue" not in pages[bert.pk]
        assert f'href="{anna.get_absolute_url()}">Your profile' in pages[anna.pk]
        for name in ("Anna Zonneveld", "Bert Hoogland", "Your profile", "Review queue", "/accounts/logout/"):
            assert name not in visitor
        assert "Sign in" in visitor


# --- own posts that others do not see --------------------------------------------------------------------


@pytest.mark.parametrize("newcomer_first", [True, False])
def test_a_pending_answer_is_shown_to_its_author_only_and_never_cached(client, thread, newcomer_first):
    newcomer = factories.member(trust_level=0)
    pending = make_answer(newcomer, thread.question, body="My first answer: wrap the battery in a towel.")
    assert pending.state == ContentState.PENDING
    other = factories.member()
    if not newcomer_first:
        _html(client, thread.url)
        _html(_login(other), thread.url)
    own = _html(_login(newcomer), thread.url)
    part = _answer(own, pending)
    assert "wrap the battery in a towel" in part and "Awaiting review" in part
    assert 'class="post answer is-muted"' in part or "is-muted" in part
    assert _answer(own, thread.x) and _answer(own, thread.y)

    for html in (_html(_login(other), thread.url), _html(client, thread.url), _html(_login(thread.asker), thread.url)):
        assert "wrap the battery in a towel" not in html and "Awaiting review" not in html
        assert _answer(html, pending) == ""
        assert "2 answers" in html
    assert "wrap the battery in a towel" in _html(_login(newcomer), thread.url)  # and again, shared cache warm


def test_a_pending_comment_is_shown_to_its_author_only(client, thread):
    newcomer = factories.member(trust_level=0)
    comment = services.comment_create(author=newcomer, question=thread.question, answer=thread.x,
                                      body="Pending comment from a newcomer")
    assert comment.state == ContentState.PENDING
    _html(client, thread.url)
    assert "Pending comment from a newcomer" in _html(_login(newcomer), thread.url)
    for html in (_html(_login(factories.member()), thread.url), _html(client, thread.url)):
        assert "Pending comment from a newcomer" not in html


def test_a_deleted_answer_is_shown_to_its_author_with_restore_and_to_nobody_else(client, thread):
    services.post_set_deleted(obj=thread.x, deleted=True, by=thread.author_x)
    _html(client, thread.url)
    own = _html(_login(thread.author_x), thread.url)
    assert "Deleted" in _answer(own, thread.x) and "Restore" in _answer(own, thread.x)
    for html in (_html(_login(thread.author_y), thread.url), _html(client, thread.url)):
        assert _answer(html, thread.x) == "" and "Restore" not in html and "Answer X" not in html


def test_a_members_rejected_answer_and_comment_stay_on_their_own_page(client, thread):
    writer, other = _login(factories.member()), _login(factories.member())
    _html(client, thread.url)
    _html(other, thread.url)
    response = writer.post(f"/community/q/{thread.question.pk}/answer", {"body": "Tiny"})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r">\s*Tiny</textarea>", html) and "<!--gs:" not in html
    response = writer.post(f"/community/a/{thread.x.pk}/comment", {"body": "x"})
    assert response.status_code == 400
    assert '<details class="comment-add" open>' in _answer(response.content.decode(), thread.x)
    for html in (_html(other, thread.url), _html(writer, thread.url), _html(client, thread.url)):
        assert "Tiny" not in html and '<details class="comment-add" open>' not in html


def test_follow_state_is_the_readers_own(client, thread):
    stranger = factories.member()
    _html(client, thread.url)
    follow_form = f'action="/community/q/{thread.question.pk}/follow"'
    assert "Unfollow" in _question_part(_html(_login(thread.author_x), thread.url))  # answering follows
    stranger_page = _question_part(_html(_login(stranger), thread.url))
    assert follow_form in stranger_page and "Unfollow" not in stranger_page and ">Follow<" in stranger_page
    services.follow_set(member=stranger, target=thread.question, on=True)
    assert "Unfollow" in _question_part(_html(_login(stranger), thread.url))
    assert follow_form not in _html(client, thread.url)


def test_an_answer_linked_with_answer_parameter_is_found_on_its_page_and_not_cached(client, question):
    answers = [make_answer(factories.member(), question, body=f"Numbered answer {i:02d} about batteries.")
               for i in range(25)]
    last = answers[-1]
    url = question.get_absolute_url()
    for reader in (client, _login(factories.member())):
        first_page = _html(reader, url)
        assert "Numbered answer 24" not in first_page and "Numbered answer 00" in first_page
        linked = _html(reader, f"{url}?answer={last.pk}")
        assert "Numbered answer 24" in _answer(linked, last)
        assert "Numbered answer 00" not in linked
        again = _html(reader, url)
        assert "Numbered answer 24" not in again and "Numbered answer 00" in again
        assert "Numbered answer 24" in _html(reader, f"{url}?page=2")


def test_each_language_gets_its_own_shared_rendering(client, thread):
    _html(client, thread.url)
    dutch_member = factories.member(language="nl")
    english_member = factories.member(language="en")
    nl = _html(_login(dutch_member), thread.url)
    assert "Omhoog stemmen" in nl and "Vote up" not in nl
    en = _html(_login(english_member), thread.url)
    assert "Vote up" in en and "Omhoog stemmen" not in en
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    nl_visitor = _html(visitor, thread.url)
    assert "Log in om te stemmen" in nl_visitor and "Sign in to vote" not in nl_visitor
    assert "Sign in to vote" in _html(client, thread.url)


def test_text_that_looks_like_a_marker_in_a_post_is_not_filled(client, thread):
    sneaky = make_answer(factories.member(), thread.question,
                         body="Look: <!--gs:answerform--> and `<!--gs:qactions-->` and <!--gs:vote:question:1:1:99-->")
    services.question_edit(question=thread.question, editor=thread.asker, title="Battery <!--gs:answerform--> help",
                           body=BODY, reason="")
    reader = _login(factories.member())
    for html in (_html(reader, thread.url), _html(reader, thread.url), _html(client, thread.url)):
        assert html.count('class="vote"') == 4
        assert html.count(f'action="/community/q/{thread.question.pk}/follow"') <= 1
        assert html.count(f'action="/community/q/{thread.question.pk}/answer"') <= 1
        assert _answer(html, sneaky)
    member_page = _html(reader, thread.url)
    assert member_page.count(f'action="/community/q/{thread.question.pk}/answer"') == 1


# --- CSRF and CSP on shared pages --------------------------------------------------------------------------


def test_each_members_forms_carry_a_token_for_their_own_session(client, thread):
    a, b = factories.member(), factories.member()
    _html(client, thread.url)  # shared rendering warm
    client_a = _login(a, enforce_csrf_checks=True)
    client_b = _login(b, enforce_csrf_checks=True)
    page_a, page_b = _html(client_a, thread.url), _html(client_b, thread.url)
    comment_action = f"/community/a/{thread.x.pk}/comment"
    token_a, token_b = _token_after(page_a, comment_action), _token_after(page_b, comment_action)

    # Another member's token is refused; each member's own is accepted.
    refused = client_b.post(comment_action, {"body": "Comment with the wrong token", "csrfmiddlewaretoken": token_a})
    assert refused.status_code == 403
    for c, token, body in ((client_a, token_a, "Comment by member A"), (client_b, token_b, "Comment by member B")):
        response = c.post(comment_action, {"body": body, "csrfmiddlewaretoken": token})
        assert response.status_code == 302, response.content[:300]
    assert Comment.objects.filter(author=a, body="Comment by member A").exists()
    assert Comment.objects.filter(author=b, body="Comment by member B").exists()

    # The answer form (rendered once per process) and the vote form carry the member's own token too.
    page_a = _html(client_a, thread.url)
    answer_action = f"/community/q/{thread.question.pk}/answer"
    answer_token = re.search(rf'action="{answer_action}" novalidate>\s*<input type="hidden" '
                             r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page_a).group(1)
    response = client_a.post(answer_action, {"body": "Member A answers with a token from the page.",
                                             "csrfmiddlewaretoken": answer_token})
    assert response.status_code == 302
    assert Answer.objects.filter(author=a, body__startswith="Member A answers").exists()
    page_b = _html(client_b, thread.url)
    vote_action = f"/community/vote/answer/{thread.x.pk}"
    response = client_b.post(vote_action, {"value": "up", "csrfmiddlewaretoken": _token_after(page_b, vote_action)})
    assert response.status_code == 302
    assert Vote.objects.filter(member=b, answer=thread.x, value=1).exists()


@pytest.mark.parametrize("moderator_first", [True, False])
def test_every_token_on_a_members_page_works_for_that_member_only(client, thread, moderator, moderator_first):
    """Whoever rendered the shared thread first, no form on another reader's page carries their token."""
    first = _login(moderator if moderator_first else thread.author_x, enforce_csrf_checks=True)
    second = _login(thread.author_x if moderator_first else moderator, enforce_csrf_checks=True)
    third = _login(thread.asker, enforce_csrf_checks=True)
    set_language = reverse("accounts:set_language")
    for c in (first, second, third, first):
        tokens = _all_tokens(_html(c, thread.url))
        assert len(tokens) >= 2
        for token in tokens:
            response = c.post(set_language, {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
            assert response.status_code == 302
    stranger = Client(enforce_csrf_checks=True)
    _html(stranger, "/community/questions/")
    token = next(iter(_all_tokens(_html(third, thread.url))))
    assert stranger.post(set_language, {"language": "en", "csrfmiddlewaretoken": token}).status_code == 403


def _all_tokens(html) -> set:
    found = re.findall(r'"X-CSRFToken": "([A-Za-z0-9]+)"|name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', html)
    return {a or b for a, b in found}


def _language_token(html) -> str:
    return _token_after(html, reverse("accounts:set_language"))


def _hx_token(html) -> str:
    return re.search(r'"X-CSRFToken": "([A-Za-z0-9]+)"', html).group(1)


def test_anonymous_cached_page_gives_each_visitor_a_token_for_their_own_cookie(thread):
    visitors = [Client(enforce_csrf_checks=True) for _ in range(3)]
    visitors[2].get("/")  # this one already has a CSRF cookie from another page
    cookie_before = visitors[2].cookies[settings.CSRF_COOKIE_NAME].value
    pages = [_html(v, thread.url) for v in visitors]  # a miss, then two hits
    cookies = [v.cookies[settings.CSRF_COOKIE_NAME].value for v in visitors]
    assert len(set(cookies)) == 3 and cookies[2] == cookie_before
    assert len({_language_token(p) for p in pages}) == 3
    for html in pages:  # one token per page (header and form), and no other visitor's anywhere
        assert set(re.findall(r"[A-Za-z0-9]{64}", html)) == {_language_token(html)} == {_hx_token(html)}
    set_language = reverse("accounts:set_language")

    # Visitor 1's token does not work with visitor 2's cookie (so a shared token would break forms).
    refused = visitors[1].post(set_language, {"language": "en", "next": thread.url,
                                              "csrfmiddlewaretoken": _language_token(pages[0])})
    assert refused.status_code == 403
    for visitor, html in zip(visitors, pages, strict=True):
        response = visitor.post(set_language, {"language": "en", "next": thread.url,
                                               "csrfmiddlewaretoken": _language_token(html)})
        assert response.status_code == 302, response.content[:300]
        response = visitor.post(set_language, {"language": "en", "next": thread.url},
                                HTTP_X_CSRFTOKEN=_hx_token(html))  # htmx sends the body's header token
        assert response.status_code == 302


def test_anonymous_cached_question_list_gives_each_visitor_a_working_token(thread):
    set_language = reverse("accounts:set_language")
    for url in ("/community/questions/", thread.question.topic.get_absolute_url()):
        for _ in range(2):
            visitor = Client(enforce_csrf_checks=True)
            html = _html(visitor, url)
            response = visitor.post(set_language, {"language": "en", "next": url,
                                                   "csrfmiddlewaretoken": _language_token(html)})
            assert response.status_code == 302


def test_two_cached_hits_get_different_nonces_matching_their_policy(client, thread):
    seen = []
    for _ in range(3):
        response = client.get(thread.url)
        html = response.content.decode()
        policy_nonces = set(re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"]))
        assert len(policy_nonces) == 1
        assert _nonces(html) == policy_nonces
        assert "<gilde:nonce>" not in html
        seen.append(policy_nonces.pop())
    assert len(set(seen)) == 3


def test_no_page_ever_shows_a_marker(client, thread, moderator, agent):
    newcomer = factories.member(trust_level=0)
    make_answer(newcomer, thread.question, body="A held answer from a newcomer.")
    for i in range(22):
        make_answer(factories.member(), thread.question, body=f"Filler answer {i} about the charger.")
    urls = [thread.url, f"{thread.url}?page=2", f"{thread.url}?answer={thread.y.pk}", "/community/questions/",
            thread.question.topic.get_absolute_url(), f"/community/q/{thread.question.pk}/"]
    readers = [client, _login(thread.asker), _login(thread.author_x), _login(moderator), _login(agent),
               _login(newcomer), _login(factories.member(language="nl"))]
    for _ in range(2):
        for reader in readers:
            for url in urls:
                _html(reader, url)  # asserts that no marker is left


# --- a change is visible on the next request --------------------------------------------------------------


def _brand(name):
    from branding.models import Brand
    from branding.services import brand_update

    brand_update(brand=Brand(name=name))


CHANGES = {
    "new_answer": (
        lambda t: make_answer(factories.member(), t.question, body="Fresh answer: use a thermal cover."),
        lambda t, html: "Fresh answer: use a thermal cover." in html and "3 answers" in html,
    ),
    "new_comment": (
        lambda t: services.comment_create(author=t.asker, question=t.question, answer=t.x,
                                          body="Fresh comment: which charger do you use?"),
        lambda t, html: "Fresh comment: which charger do you use?" in _answer(html, t.x),
    ),
    "question_comment": (
        lambda t: services.comment_create(author=t.author_y, question=t.question, body="Fresh question comment"),
        lambda t, html: "Fresh question comment" in _question_part(html),
    ),
    "vote": (
        lambda t: services.vote_cast(member=t.asker, target=t.x, value=1),
        lambda t, html: _score(html, "answer", t.x.pk) == 1,
    ),
    "question_vote": (
        lambda t: services.vote_cast(member=t.author_x, target=t.question, value=-1),
        lambda t, html: _score(html, "question", t.question.pk) == -1,
    ),
    "answer_edit": (
        lambda t: services.answer_edit(answer=t.x, editor=t.author_x, body="Edited: charge at room temperature.",
                                       reason="clearer"),
        lambda t, html: "Edited: charge at room temperature." in _answer(html, t.x)
        and ">edited</a>" in _answer(html, t.x) and "Answer X" not in html,
    ),
    "question_edit": (
        lambda t: services.question_edit(question=t.question, editor=t.asker, title="Battery dies in the frost",
                                         body=BODY, reason=""),
        lambda t, html: "<h1>Battery dies in the frost</h1>" in html,
    ),
    "accept": (
        lambda t: services.answer_accept(answer=t.y, by=t.asker),
        lambda t, html: "Accepted solution" in _answer(html, t.y) and "Solved" in html
        and html.index(f'id="answer-{t.y.pk}"') < html.index(f'id="answer-{t.x.pk}"'),
    ),
    "lock": (
        lambda t: services.question_set_locked(question=t.question, locked=True, by=t.moderator),
        lambda t, html: '<span class="badge">Locked</span>' in html and "This question is locked" in html
        and f"/community/q/{t.question.pk}/answer" not in html and "Add a comment" not in html,
    ),
    "moderator_hides_answer": (
        lambda t: moderation_services.content_hide(obj=t.x, moderator=t.moderator, reason="Advertising"),
        lambda t, html: _answer(html, t.x) == "" and "Answer X" not in html and "1 answer" in html,
    ),
    "adapter_hides_answer": (
        lambda t: moderation.adapter_for(t.y).set_state(t.y, ContentState.HIDDEN),
        lambda t, html: _answer(html, t.y) == "" and "Answer Y" not in html,
    ),
    "moderator_edits_answer": (
        lambda t: moderation_services.content_edit(obj=t.y, moderator=t.moderator, body="Answer Z: [removed link]",
                                                   reason="link removed"),
        lambda t, html: "Answer Z: [removed link]" in _answer(html, t.y),
    ),
    "author_deletes_answer": (
        lambda t: services.post_set_deleted(obj=t.x, deleted=True, by=t.author_x),
        lambda t, html: _answer(html, t.x) == "" and "Answer X" not in html,
    ),
    "question_moved": (
        lambda t: services.question_move(question=t.question, topic_id=services.topic_create(name="Winter riding").pk,
                                         by=t.moderator),
        lambda t, html: ">Winter riding</a></li></ol></nav>" in html,
    ),
    "topic_renamed": (
        lambda t: services.topic_update(topic=t.question.topic, name="Batteries, chargers and range",
                                        description=""),
        lambda t, html: ">Batteries, chargers and range</a></li></ol></nav>" in html,
    ),
    "comment_edit": (
        lambda t: services.comment_edit(comment=t.comment, editor=t.author_y, body="Reworded comment on X",
                                        reason=""),
        lambda t, html: "Reworded comment on X" in _answer(html, t.x) and "A first comment on X" not in html,
    ),
    "comment_deleted_by_author": (
        lambda t: services.post_set_deleted(obj=t.comment, deleted=True, by=t.author_y),
        lambda t, html: "A first comment on X" not in html and f'<li id="comment-{t.comment.pk}"' not in html,
    ),
    "answered_by_support": (
        lambda t: services.question_set_answered_by_support(question=t.question, value=True, by=t.moderator),
        lambda t, html: "Answered by support" in html,
    ),
    "brand_name": (
        lambda t: _brand("Velora Help Centre"),
        lambda t, html: _title(html).strip().endswith("Velora Help Centre"),
    ),
}


@pytest.mark.parametrize("reader", ["visitor", "member"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_is_visible_on_the_next_request(client, thread, moderator, reader, change):
    thread.moderator = moderator
    thread.comment = services.comment_create(author=thread.author_y, question=thread.question, answer=thread.x,
                                             body="A first comment on X")
    if reader == "member":
        client.force_login(factories.member())
    make_change, visible = CHANGES[change]
    for _ in range(2):
        before = _html(client, thread.url)
    assert not visible(thread, before)
    make_change(thread)
    assert visible(thread, _html(client, thread.url))
    assert visible(thread, _html(client, thread.url))


def test_a_brand_change_reaches_the_official_badge_in_the_shared_thread(client, thread, agent):
    make_answer(agent, thread.question, body="Official: our winter battery guide covers this.")
    reader = _login(factories.member())
    for c in (client, reader):
        for _ in range(2):
            assert "Official · Gilde" in _html(c, thread.url)
    _brand("Velora")
    for c in (client, reader):
        html = _html(c, thread.url)
        assert "Official · Velora" in html and "Official · Gilde" not in html
    assert "Your answer will be marked “Official · Velora”" in _html(_login(agent), thread.url)


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_a_hidden_question_is_gone_on_the_next_request(client, thread, moderator, reader):
    if reader == "member":
        client.force_login(factories.member())
    _html(client, thread.url)
    _html(client, thread.url)
    moderation_services.content_hide(obj=thread.question, moderator=moderator, reason="Duplicate")
    _html(client, thread.url, status=404)
    assert thread.question.title not in client.get("/community/questions/").content.decode()
    # The asker and moderators still see it, marked.
    assert "Hidden by a moderator" in _html(_login(thread.asker), thread.url)
    assert "Hidden by a moderator" in _html(_login(moderator), thread.url)


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_a_restored_answer_is_back_on_the_next_request(client, thread, moderator, reader):
    moderation_services.content_hide(obj=thread.x, moderator=moderator, reason="Checking a claim")
    if reader == "member":
        client.force_login(factories.member())
    for _ in range(2):
        assert _answer(_html(client, thread.url), thread.x) == ""
    moderation_services.content_restore(obj=thread.x, moderator=moderator, reason="Claim checked")
    assert "Answer X" in _answer(_html(client, thread.url), thread.x)


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_a_merged_question_redirects_on_the_next_request(client, thread, moderator, reader):
    target = make_question(factories.member(), thread.question.topic, title="Winter range of the Velora battery")
    if reader == "member":
        client.force_login(factories.member())
    for _ in range(2):
        _html(client, thread.url)
    moderation.adapter_for(thread.question).merge(thread.question, into=target, by=moderator)
    response = client.get(thread.url)
    assert response.status_code == 302 and f"/community/q/{target.pk}/" in response["Location"]
    merged = _html(client, target.get_absolute_url())
    assert "Answer X" in merged and "Answer Y" in merged


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_an_approved_question_appears_on_the_next_request(client, member, topic, moderator, reader):
    held = make_question(factories.member(trust_level=0), topic, title="A held question about tyre pressure")
    assert held.state == ContentState.PENDING
    if reader == "member":
        client.force_login(member)
    url = held.get_absolute_url()
    for _ in range(2):
        _html(client, url, status=404)
        assert "tyre pressure" not in _html(client, "/community/questions/")
    assert "Awaiting review" in _html(_login(held.author), url)
    moderation_services.content_restore(obj=held, moderator=moderator, reason="Fine")
    html = _html(client, url)
    assert "A held question about tyre pressure" in html and "Awaiting review" not in html
    assert "tyre pressure" in _html(client, "/community/questions/")


def test_a_member_who_may_not_post_sees_no_forms_and_nothing_leaks(client, thread):
    unverified = factories.member(verified=False)
    poster = factories.member()
    for first, second in ((unverified, poster), (poster, unverified)):
        pages = {user.pk: _html(_login(user), thread.url) for user in (first, second)}
        blocked, allowed = pages[unverified.pk], pages[poster.pk]
        assert "You cannot post right now." in blocked
        assert "Add a comment" not in blocked and f"/community/q/{thread.question.pk}/answer" not in blocked
        assert "You cannot post right now." not in allowed
        assert "Add a comment" in allowed and f"/community/q/{thread.question.pk}/answer" in allowed
    visitor = _html(client, thread.url)
    assert "Sign in to answer." in visitor and "You cannot post right now." not in visitor
    assert "Add a comment" not in visitor


def test_a_vote_posted_through_the_page_shows_for_the_next_visitor(client, thread):
    assert _score(_html(client, thread.url), "answer", thread.x.pk) == 0
    _html(client, thread.url)
    voter = _login(factories.member())
    response = voter.post(f"/community/vote/answer/{thread.x.pk}", {"value": "up"})
    assert response.status_code == 302
    assert _score(_html(client, thread.url), "answer", thread.x.pk) == 1
    assert _pressed(_answer(_html(voter, thread.url), thread.x)) == ["up"]
    assert 'aria-pressed="true"' not in _html(client, thread.url)


def test_an_answer_posted_through_the_page_shows_for_the_next_visitor_and_member(client, thread):
    reader = _login(factories.member())
    for c in (client, reader):
        _html(c, thread.url)
    writer = _login(factories.member())
    response = writer.post(f"/community/q/{thread.question.pk}/answer",
                           {"body": "Posted through the form: park it in the hallway."})
    assert response.status_code == 302
    for c in (client, reader, writer):
        assert "Posted through the form: park it in the hallway." in _html(c, thread.url)


# --- who is not served from the cache ------------------------------------------------------------------------


@pytest.fixture
def renders(monkeypatch):
    """How often the question view really rendered the page (a hit from the whole-page cache does not)."""
    from community.views import questions

    calls = []
    original = questions.question_page

    def counting(request, *args, **kwargs):
        calls.append(request.get_full_path())
        return original(request, *args, **kwargs)

    monkeypatch.setattr(questions, "question_page", counting)
    return calls


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, thread, renders):
    _html(client, thread.url)
    _html(client, thread.url)
    assert len(renders) == 1  # the second was a hit
    with_session = Client()
    session = with_session.session
    session["seen_banner"] = True
    session.save()
    with_session.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    _html(with_session, thread.url)
    _html(with_session, thread.url)
    assert len(renders) == 3


def test_a_flash_message_after_signing_out_shows_on_a_cached_page(client, thread):
    _html(client, thread.url)
    _html(client, thread.url)
    client.force_login(factories.member())
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    html = _html(client, thread.url)
    assert "You have signed out." in html
    assert "You have signed out." not in _html(client, thread.url)  # shown once
    assert "You have signed out." not in _html(Client(), thread.url)  # and to nobody else


def test_a_visitor_with_a_messages_cookie_is_not_served_from_the_cache(client, thread):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    _html(client, thread.url)
    storage = CookieStorage(RequestFactory().get("/"))
    encoded = storage._encode([Message(constants.INFO, "A message just for this visitor")])
    client.cookies["messages"] = encoded
    assert "A message just for this visitor" in _html(client, thread.url)
    assert "A message just for this visitor" not in _html(Client(), thread.url)


@pytest.mark.parametrize("query", ["?utm_source=newsletter", "?page=1&page=1", "?page=1&sort=votes"])
def test_unknown_or_repeated_parameters_are_not_served_from_the_cache(client, thread, query, renders):
    _html(client, thread.url)
    for _ in range(3):
        assert "Answer X" in _html(client, thread.url + query)
    assert len(renders) == 4
    _html(client, thread.url)
    assert len(renders) == 4


def test_htmx_requests_are_not_served_from_the_cache(client, thread, renders):
    _html(client, thread.url)
    for _ in range(2):
        client.get(thread.url, HTTP_HX_REQUEST="true")
    assert len(renders) == 3


def test_a_member_is_never_served_the_anonymous_page(client, thread, renders):
    _html(client, thread.url)
    reader = factories.member(display_name="Carla Reader")
    for _ in range(2):
        html = _html(_login(reader), thread.url)
        assert "Carla Reader" in html and "Sign in to vote" not in html and "Add a comment" in html
    assert len(renders) == 3
    assert "Carla Reader" not in _html(client, thread.url) and len(renders) == 3


# --- queries do not grow with the number of answers ----------------------------------------------------------


def _thread_with(topic, n, voter):
    question = make_question(factories.member(), topic, title=f"A question with {n} answers about range")
    for i in range(n):
        answer = make_answer(factories.member(), question, body=f"Answer {i} to a question with {n} answers.")
        services.comment_create(author=factories.member(), question=question, answer=answer,
                                body=f"A comment on answer {i}.")
        if i % 2:
            services.vote_cast(member=voter, target=answer, value=1)
    return question


def _count(c, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = c.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["visitor", "member", "asker", "moderator", "newcomer_with_pending_answer"])
def test_query_count_does_not_grow_with_answers(topic, who):
    voter = factories.member()
    small, large = _thread_with(topic, 3, voter), _thread_with(topic, 25, voter)
    c = Client()
    if who == "member":
        c.force_login(voter)
    elif who == "asker":
        for q in (small, large):
            q.author = voter
            q.save(update_fields=["author"])
        c.force_login(voter)
    elif who == "moderator":
        c.force_login(factories.moderator())
    elif who == "newcomer_with_pending_answer":
        newcomer = factories.member(trust_level=0)
        for q in (small, large):
            assert make_answer(newcomer, q, body="A held answer by a newcomer.").state == ContentState.PENDING
        c.force_login(newcomer)
    urls = [small.get_absolute_url(), large.get_absolute_url()]
    for url in urls:  # one-time costs (sessions, content types, per-process caches)
        c.get(url)
    cold = []
    for url in urls:
        cache.clear()
        cold.append(_count(c, url))
    for url in urls:
        c.get(url)
    warm = [_count(c, url) for url in urls]
    assert cold[1] <= cold[0], (who, cold)
    assert warm[1] <= warm[0], (who, warm)
    assert warm[0] <= cold[0] and warm[1] <= cold[1]
    if who in ("visitor", "member", "asker"):  # readers of the shared thread: the cache saves queries
        assert warm[1] < cold[1]
