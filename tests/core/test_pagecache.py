"""core.pagecache: version tokens, keys, and whole anonymous pages served from the cache.

The views below are this module's own URLconf (``pytest.mark.urls``), so every
request goes through the real middleware (CSP nonce, CSRF, sessions, messages,
locale) exactly as a page of the site does.
"""

import re
from collections import Counter

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import path
from django.utils import translation

from core import pagecache
from core.pagecache import PageCache, anonymous_page, cacheable
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.test_pagecache")]

MARKERS = ("<gilde:csrf>", "<gilde:nonce>")

# --- the pages under test ------------------------------------------------------------------------------------

pages = PageCache("pagecache-test")
CALLS: Counter = Counter()
HITS: list = []

PAGE = engines["django"].from_string(
    """{% load i18n %}<!DOCTYPE html><html><head>
<script src="/static/x.js" nonce="{{ request.csp_nonce }}"></script>
<style nonce="{{ request.csp_nonce }}">p { color: black; }</style></head>
<body hx-headers='{"X-CSRFToken": "{{ csrf_token }}"}'>
{% for m in messages %}<p class="message">{{ m }}</p>{% endfor %}
<p id="render">render {{ n }} of {{ name }} in {% get_current_language as lang %}{{ lang }} p={{ request.GET.p }}</p>
<form method="post" action="/post/">{% csrf_token %}<button>One</button></form>
<form method="post" action="/post/">{% csrf_token %}<button>Two</button></form>
</body></html>"""
)


def _render(request, name) -> HttpResponse:
    CALLS[name] += 1
    return HttpResponse(PAGE.render({"n": CALLS[name], "name": name}, request))


def _on_hit(request, *args, **kwargs):
    HITS.append(request.path)


@anonymous_page(pages, "page", ttl=60, params=("p",), on_hit=_on_hit)
def page(request, slug=None):
    request.pagecache_meta = {"page": True}
    return _render(request, "page")


@anonymous_page(pages, "other", ttl=60)
def other(request):
    return _render(request, "other")


@anonymous_page(pages, "not-found", ttl=60)
def not_found(request):
    CALLS["not-found"] += 1
    return HttpResponse("nothing here", status=404)


@anonymous_page(pages, "redirect", ttl=60)
def moved(request):
    CALLS["redirect"] += 1
    return HttpResponseRedirect("/page/")


@anonymous_page(pages, "cookie", ttl=60)
def with_cookie(request):
    response = _render(request, "cookie")
    response.set_cookie("chosen", "1")
    return response


@anonymous_page(pages, "stream", ttl=60)
def stream(request):
    CALLS["stream"] += 1
    return StreamingHttpResponse(iter(["streamed ", str(CALLS["stream"])]))


@anonymous_page(pages, "bypass", ttl=60, bypass=lambda request: "voted" in request.COOKIES)
def with_bypass(request):
    return _render(request, "bypass")


@anonymous_page(pages, "message", ttl=60)
def with_message(request):
    messages.info(request, "Only for the visitor who asked")
    return _render(request, "message")


HEADER_ONLY = engines["django"].from_string(
    """<html><body hx-headers='{"X-CSRFToken": "{{ csrf_token }}"}'><p>No forms, htmx only</p></body></html>"""
)


@anonymous_page(pages, "header-only", ttl=60)
def header_only(request):
    CALLS["header-only"] += 1
    return HttpResponse(HEADER_ONLY.render({}, request))


def post(request):
    return HttpResponse("posted")


urlpatterns = [
    path("page/", page),
    path("page/<str:slug>/", page),
    path("other/", other),
    path("not-found/", not_found),
    path("redirect/", moved),
    path("cookie/", with_cookie),
    path("stream/", stream),
    path("bypass/", with_bypass),
    path("message/", with_message),
    path("header-only/", header_only),
    path("post/", post),
]


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()
    HITS.clear()


def _get(c, url, status=200) -> str:
    response = c.get(url)
    assert response.status_code == status
    html = response.content.decode()
    for marker in MARKERS:
        assert marker not in html
    return html


def _renders(html) -> str:
    return re.search(r'<p id="render">(.*?)</p>', html).group(1)


def _tokens(html) -> set:
    found = re.findall(r'"X-CSRFToken": "([A-Za-z0-9]+)"|name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', html)
    return {a or b for a, b in found}


# --- version tokens and keys ----------------------------------------------------------------------------------


def test_version_is_stable_until_bumped():
    first = pages.version()
    assert first and pages.version() == first
    pages.bump()
    assert pages.version() not in ("", first)


def test_version_is_recreated_after_the_cache_is_cleared():
    first = pages.version()
    cache.clear()
    second = pages.version()
    assert second and second != first and pages.version() == second


def test_bump_replaces_the_version_now_and_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    before = pages.version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pages.bump()
        during = pages.version()
        assert during != before
    assert len(callbacks) == 1
    assert pages.version() not in (before, during)


def test_a_page_cached_while_the_write_commits_is_dropped_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pages.bump()  # the service ran; its transaction has not committed yet
        racing_key = pages.key("thread", 1)
        cache.set(racing_key, "the page before the change")  # a reader that still saw the old rows
    fresh_key = pages.key("thread", 1)
    assert fresh_key != racing_key and cache.get(fresh_key) is None


def test_bumps_decorator_bumps_after_the_service_and_also_when_it_fails():
    @pages.bumps
    def service_ok(*, value):
        return value * 2

    @pages.bumps
    def service_fails():
        raise ValueError("refused")

    first = pages.version()
    assert service_ok(value=21) == 42
    second = pages.version()
    assert second != first
    with pytest.raises(ValueError):
        service_fails()
    assert pages.version() != second
    assert service_ok.__name__ == "service_ok"


def test_key_holds_the_parts_the_language_and_both_versions():
    other = PageCache("pagecache-test-other")
    key = pages.key("thread", 7, "1")
    assert pages.key("thread", 7, "1") == key
    assert pages.key("thread", 7, "2") != key and pages.key("thread", 8, "1") != key
    assert pages.key("list", 7, "1") != key
    assert other.key("thread", 7, "1") != key
    with translation.override("nl"):
        assert pages.key("thread", 7, "1") != key

    other_key = other.key("thread", 7, "1")
    pages.bump()  # one namespace's bump leaves the others' pages alone
    assert pages.key("thread", 7, "1") != key and other.key("thread", 7, "1") == other_key
    key = pages.key("thread", 7, "1")
    pagecache.layout.bump()  # a brand change reaches every namespace
    assert pages.key("thread", 7, "1") != key and other.key("thread", 7, "1") != other_key


def test_a_shared_value_is_made_once_and_compiled_once_per_process():
    made, compiled = [], []
    key = pages.key("row", 1)

    def make():
        made.append(1)
        return "<p>the row</p>"

    def compile_(html):
        compiled.append(html)
        return html.upper()

    for _ in range(3):
        assert pages.fragment(key, 60, make, compile=compile_) == "<P>THE ROW</P>"
    assert (len(made), len(compiled)) == (1, 1)
    pagecache._local.clear()  # another process: the shared cache has it, this process compiles it once
    for _ in range(2):
        assert pages.fragment(key, 60, make, compile=compile_) == "<P>THE ROW</P>"
    assert (len(made), len(compiled)) == (1, 2)


def test_a_shared_value_is_made_again_after_a_bump():
    rows = iter(["first", "second"])
    assert pages.value(pages.key("row", 1), 60, lambda: next(rows)) == "first"
    assert pages.value(pages.key("row", 1), 60, lambda: next(rows)) == "first"
    pages.bump()
    assert pages.value(pages.key("row", 1), 60, lambda: next(rows)) == "second"


def test_a_bump_reaches_the_next_request_when_versions_are_read_once_per_request():
    first = RequestFactory().get("/page/")
    key = pages.key("thread", 1, request=first)
    assert pages.key("thread", 2, request=first).rsplit(":", 2)[1:] == key.rsplit(":", 2)[1:]
    pages.bump()
    assert pages.key("thread", 1, request=RequestFactory().get("/page/")) != key
    pagecache.layout.bump()
    assert pages.key("thread", 1, request=RequestFactory().get("/page/")) != key


def _request(method="get", url="/page/", user=None, htmx=False, **data):
    request = getattr(RequestFactory(), method)(url, data)
    request.user = user or AnonymousUser()
    request.htmx = htmx
    return request


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("/page/", (), True),
        ("/page/?p=2", ("p",), True),
        ("/page/?p=2", (), False),
        ("/page/?p=2&utm_source=mail", ("p",), False),
        ("/page/?p=1&p=2", ("p",), False),
        ("/page/?p=", ("p",), True),
    ],
)
def test_cacheable_only_for_listed_parameters_given_once(url, params, expected):
    assert cacheable(_request(url=url), params) is expected


def test_cacheable_never_for_members_posts_or_htmx():
    assert cacheable(_request()) is True
    assert cacheable(_request(user=factories.member())) is False
    assert cacheable(_request(method="post")) is False
    assert cacheable(_request(method="head")) is False
    assert cacheable(_request(htmx=True)) is False


# --- whole anonymous pages -----------------------------------------------------------------------------------


def test_a_page_is_rendered_once_and_then_served_from_the_cache(client):
    assert _renders(_get(client, "/page/")) == "render 1 of page in en p="
    for _ in range(3):
        assert _renders(_get(Client(), "/page/")) == "render 1 of page in en p="
    assert CALLS["page"] == 1
    assert HITS == ["/page/"] * 3  # on_hit runs on hits only, in place of the view


def test_a_hit_keeps_the_content_type(client):
    first = client.get("/page/")
    second = client.get("/page/")
    assert second["Content-Type"] == first["Content-Type"] == "text/html; charset=utf-8"


def test_each_hit_gets_its_own_nonce_which_the_policy_names(client):
    seen = set()
    for _ in range(3):
        response = client.get("/page/")
        html = response.content.decode()
        in_policy = set(re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"]))
        in_page = set(re.findall(r'nonce="([^"]+)"', html))
        assert len(in_policy) == 1 and in_page == in_policy
        seen |= in_page
    assert len(seen) == 3 and CALLS["page"] == 1


def test_each_visitor_gets_tokens_for_their_own_cookie(client):
    visitors = [Client(enforce_csrf_checks=True) for _ in range(3)]
    visitors[2].get("/other/")  # already has a CSRF cookie
    existing = visitors[2].cookies[settings.CSRF_COOKIE_NAME].value
    htmls = [_get(v, "/page/") for v in visitors]
    assert CALLS["page"] == 1
    assert visitors[2].cookies[settings.CSRF_COOKIE_NAME].value == existing
    assert len({v.cookies[settings.CSRF_COOKIE_NAME].value for v in visitors}) == 3
    tokens = [_tokens(html) for html in htmls]
    assert all(len(t) == 1 for t in tokens)  # one token, in the header attribute and both forms
    assert len(set.union(*tokens)) == 3

    assert visitors[1].post("/post/", {"csrfmiddlewaretoken": next(iter(tokens[0]))}).status_code == 403
    for visitor, token in zip(visitors, tokens, strict=True):
        token = next(iter(token))
        assert visitor.post("/post/", {"csrfmiddlewaretoken": token}).status_code == 200
        assert visitor.post("/post/", HTTP_X_CSRFTOKEN=token).status_code == 200


def test_a_page_with_only_the_htmx_header_token_gives_each_visitor_their_own(client):
    visitors = [Client(enforce_csrf_checks=True) for _ in range(3)]
    tokens = [next(iter(_tokens(_get(v, "/header-only/")))) for v in visitors]
    assert CALLS["header-only"] == 1 and len(set(tokens)) == 3
    for visitor, token in zip(visitors, tokens, strict=True):
        assert visitor.post("/post/", HTTP_X_CSRFTOKEN=token).status_code == 200


def test_a_cached_page_never_holds_a_visitors_nonce_or_token(client):
    response = client.get("/page/")
    html = response.content.decode()
    nonce = re.search(r'nonce="([^"]+)"', html).group(1)
    token = next(iter(_tokens(html)))
    for _ in range(2):
        hit = _get(Client(), "/page/")
        assert nonce not in hit and token not in hit


def test_members_are_never_served_a_cached_page_and_never_fill_it(client):
    member = factories.member()
    client.force_login(member)
    assert _renders(_get(client, "/page/")) == "render 1 of page in en p="
    assert _renders(_get(client, "/page/")) == "render 2 of page in en p="
    assert _renders(_get(Client(), "/page/")) == "render 3 of page in en p="
    assert _renders(_get(client, "/page/")) == "render 4 of page in en p="
    assert _renders(_get(Client(), "/page/")) == "render 3 of page in en p="


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client):
    _get(client, "/page/")
    visitor = Client()
    session = visitor.session
    session["cart"] = "something of their own"
    session.save()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert _renders(_get(visitor, "/page/")) == "render 2 of page in en p="
    assert _renders(_get(Client(), "/page/")) == "render 1 of page in en p="


def test_a_visitor_with_a_pending_message_sees_it_and_nobody_else_does(client):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    _get(client, "/page/")
    visitor = Client()
    storage = CookieStorage(RequestFactory().get("/"))
    visitor.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Thanks for your feedback")])
    html = _get(visitor, "/page/")
    assert "Thanks for your feedback" in html and _renders(html) == "render 2 of page in en p="
    assert "Thanks for your feedback" not in _get(visitor, "/page/")
    assert "Thanks for your feedback" not in _get(Client(), "/page/")


def test_a_page_that_showed_a_message_is_not_stored(client):
    # The view adds a message for whoever asks; the page that showed it must not be
    # served to the next visitor (each request renders, and shows its own).
    assert _renders(_get(client, "/message/")) == "render 1 of message in en p="
    assert _renders(_get(Client(), "/message/")) == "render 2 of message in en p="


def test_listed_parameters_are_part_of_the_key_and_others_are_not_cached(client):
    assert _renders(_get(client, "/page/?p=1")) == "render 1 of page in en p=1"
    assert _renders(_get(client, "/page/?p=2")) == "render 2 of page in en p=2"
    assert _renders(_get(client, "/page/?p=1")) == "render 1 of page in en p=1"
    for url in ("/page/?p=1&utm_source=mail", "/page/?p=1&p=1", "/page/?q=x"):
        count = CALLS["page"]
        _get(client, url)
        _get(client, url)
        assert CALLS["page"] == count + 2, url


def test_each_path_has_its_own_page(client):
    _get(client, "/page/one/")
    _get(client, "/page/two/")
    _get(client, "/page/one/")
    assert CALLS["page"] == 2


def test_only_plain_200_responses_are_stored(client):
    for url, status in (("/not-found/", 404), ("/redirect/", 302)):
        _get(client, url, status=status)
        _get(client, url, status=status)
    assert CALLS["not-found"] == CALLS["redirect"] == 2
    assert b"".join(client.get("/stream/").streaming_content) == b"streamed 1"
    assert b"".join(client.get("/stream/").streaming_content) == b"streamed 2"
    first = client.get("/cookie/")
    assert first.cookies["chosen"].value == "1"
    second = client.get("/cookie/")
    assert second.cookies["chosen"].value == "1" and CALLS["cookie"] == 2


def test_bypass_renders_the_view_for_that_visitor_only(client):
    _get(client, "/bypass/")
    voter = Client()
    voter.cookies["voted"] = "1"
    assert _renders(_get(voter, "/bypass/")) == "render 2 of bypass in en p="
    assert _renders(_get(Client(), "/bypass/")) == "render 1 of bypass in en p="


def test_htmx_and_post_requests_run_the_view(client):
    _get(client, "/page/")
    client.get("/page/", HTTP_HX_REQUEST="true")
    assert CALLS["page"] == 2
    client.post("/page/")
    assert CALLS["page"] == 3
    assert _renders(_get(client, "/page/")) == "render 1 of page in en p="


def test_a_bump_or_a_layout_bump_renders_the_page_again(client):
    _get(client, "/page/")
    _get(client, "/other/")
    pages.bump()
    assert _renders(_get(client, "/page/")) == "render 2 of page in en p="
    assert _renders(_get(client, "/page/")) == "render 2 of page in en p="
    pagecache.layout.bump()
    assert _renders(_get(client, "/page/")) == "render 3 of page in en p="
    assert _renders(_get(client, "/other/")) == "render 2 of other in en p="


def test_each_language_has_its_own_page(client):
    assert _renders(_get(client, "/page/")).endswith("in en p=")
    dutch = Client()
    dutch.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert _renders(_get(dutch, "/page/")) == "render 2 of page in nl p="
    assert _renders(_get(client, "/page/")) == "render 1 of page in en p="
    assert _renders(_get(dutch, "/page/")) == "render 2 of page in nl p="


def test_the_cache_being_emptied_renders_the_page_again(client):
    _get(client, "/page/")
    cache.clear()
    assert _renders(_get(client, "/page/")) == "render 2 of page in en p="
    assert _renders(_get(Client(), "/page/")) == "render 2 of page in en p="
