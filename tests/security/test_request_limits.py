"""Search and as-you-type suggestions are limited per client (core/throttle.py): 429 with Retry-After."""

import pytest
from django.test import Client
from django.urls import reverse

from core import throttle
from core.middleware import VISITOR_COOKIE

pytestmark = pytest.mark.django_db

LIMITS = {"search": 3, "suggest": 4, "preview": 2, "ip_factor": 2, "staff_factor": 3}


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.GILDE_RATE_LIMITS = LIMITS


@pytest.fixture
def frozen(monkeypatch):
    """Ten seconds into a window, with nothing from the window before."""
    t = {"now": 1_800_000_000 - 1_800_000_000 % 60 + 10}
    monkeypatch.setattr(throttle.time, "time", lambda: t["now"])
    return t


def visitor(cookie="a" * 32, ip="203.0.113.5"):
    client = Client(REMOTE_ADDR=ip)
    client.cookies[VISITOR_COOKIE] = cookie
    return client


def statuses(client, url, n, **extra):
    return [client.get(url, **extra).status_code for _ in range(n)]


@pytest.mark.parametrize(
    ("name", "url", "limit"),
    [
        ("search", reverse("search:results") + "?q=battery", 3),
        ("search suggestions", reverse("search:suggest") + "?q=bat", 4),
        ("get-help suggestions", reverse("support:get_help") + "?q=battery", 4),
        ("tag completion", reverse("community:tag_suggest") + "?tags=bat", 4),
    ],
)
def test_each_endpoint_answers_429_with_retry_after_past_its_limit(frozen, name, url, limit):
    client = visitor()
    assert statuses(client, url, limit) == [200] * limit
    response = client.get(url)
    assert response.status_code == 429, name
    assert 1 <= int(response["Retry-After"]) <= 120


def test_retry_after_is_when_the_next_request_fits(frozen):
    client = visitor()
    url = reverse("search:suggest") + "?q=bat"
    statuses(client, url, 4)
    response = client.get(url)
    wait = int(response["Retry-After"])
    assert wait == 50 + 15  # the rest of this minute, then until 4 * (1 - t/60) + 1 <= 4
    frozen["now"] += wait - 1
    assert client.get(url).status_code == 429
    frozen["now"] += 1
    assert client.get(url).status_code == 200


def test_a_quiet_client_may_type_in_a_burst_then_about_the_limit_a_minute(frozen, settings):
    settings.GILDE_RATE_LIMITS = {**LIMITS, "suggest": 60}
    client = visitor()
    url = reverse("search:suggest") + "?q=bat"
    assert statuses(client, url, 60) == [200] * 60  # a burst of typing
    assert client.get(url).status_code == 429
    frozen["now"] += 80  # halfway into the next minute: half the burst still weighs
    assert statuses(client, url, 30) == [200] * 30
    assert client.get(url).status_code == 429


def test_the_htmx_answer_is_a_short_message(frozen):
    client = visitor()
    url = reverse("support:get_help") + "?q=battery"
    statuses(client, url, 4, HTTP_HX_REQUEST="true")
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/plain")
    assert b"Please wait" in response.content


def test_json_callers_get_json(frozen):
    client = visitor()
    url = reverse("search:suggest") + "?q=bat"
    statuses(client, url, 4)
    response = client.get(url)
    assert response.json()["retry_after"] == int(response["Retry-After"])


def test_the_results_page_says_slow_down(frozen):
    client = visitor()
    url = reverse("search:results") + "?q=battery"
    statuses(client, url, 3)
    response = client.get(url)
    assert response.status_code == 429
    assert b"Slow down" in response.content


def test_visitors_behind_one_address_each_have_their_own_limit(frozen):
    url = reverse("search:suggest") + "?q=bat"
    assert statuses(visitor("a" * 32), url, 4) == [200] * 4
    assert statuses(visitor("b" * 32), url, 4) == [200] * 4  # same address, other cookie


def test_new_cookies_buy_no_more_than_the_address_ceiling(frozen):
    url = reverse("search:suggest") + "?q=bat"
    results = [visitor(f"{n:032x}").get(url).status_code for n in range(10)]
    assert results == [200] * 8 + [429] * 2  # 4 a client, 2 x 4 an address


def test_clients_without_a_cookie_are_counted_by_address(frozen):
    url = reverse("search:suggest") + "?q=bat"
    results = [Client(REMOTE_ADDR="203.0.113.9").get(url).status_code for _ in range(5)]
    assert results == [200] * 4 + [429]
    assert Client(REMOTE_ADDR="203.0.113.10").get(url).status_code == 200


def test_members_are_counted_by_account(frozen, member):
    url = reverse("search:suggest") + "?q=bat"
    phone, laptop = Client(REMOTE_ADDR="198.51.100.1"), Client(REMOTE_ADDR="198.51.100.2")
    phone.force_login(member)
    laptop.force_login(member)
    assert statuses(phone, url, 2) + statuses(laptop, url, 2) == [200] * 4
    assert laptop.get(url).status_code == 429


def test_staff_have_a_higher_limit_but_still_one(frozen, agent):
    url = reverse("search:suggest") + "?q=bat"
    client = Client(REMOTE_ADDR="198.51.100.3")
    client.force_login(agent)
    assert statuses(client, url, 12) == [200] * 12  # 3 x 4
    assert client.get(url).status_code == 429


def test_preview_is_limited_and_refuses_without_rendering(frozen, member):
    client = Client()
    client.force_login(member)
    url = reverse("community:preview")
    assert [client.post(url, {"body": "**hi**"}).status_code for _ in range(2)] == [200, 200]
    response = client.post(url, {"body": "**hi**"})
    assert response.status_code == 429 and "Retry-After" in response


def test_a_refused_request_is_not_counted(frozen):
    client = visitor()
    url = reverse("search:suggest") + "?q=bat"
    statuses(client, url, 4)
    assert statuses(client, url, 20) == [429] * 20
    frozen["now"] += 60 + 15 + 1  # as if the 20 refused ones never happened
    assert client.get(url).status_code == 200


def test_limits_fail_open_when_the_cache_is_away(frozen, monkeypatch):
    monkeypatch.setattr(throttle.cache, "incr", lambda *a, **k: None)
    client = visitor()
    assert statuses(client, reverse("search:suggest") + "?q=bat", 10) == [200] * 10


def test_defaults_allow_typing():
    assert throttle.DEFAULT_LIMITS["suggest"] >= 60
    assert throttle.DEFAULT_LIMITS["staff_factor"] > 1
