"""allauth's limits answer 429 with Retry-After, and a stranger cannot lock the owner out (accounts/ratelimits.py)."""

import pytest
from django.test import Client

from accounts.ratelimits import DEVICE_COOKIE
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-9"


@pytest.fixture
def owner(db):
    user = factories.member(email="owner@example.com")
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, password, email="owner@example.com"):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_failed_logins_keep_the_form_but_answer_429_with_retry_after(settings, owner):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "10/m/ip,3/5m/key"}
    client = Client(REMOTE_ADDR="203.0.113.1")
    assert [login(client, "wrong").status_code for _ in range(3)] == [200, 200, 200]
    refused = login(client, "wrong")
    assert refused.status_code == 429
    assert 290 <= int(refused["Retry-After"]) <= 300  # the oldest of the 3 failures leaves the 5-minute window
    assert b"Too many failed login attempts" in refused.content
    assert b'name="password"' in refused.content  # the friendly page, not a bare error


def test_the_per_address_limit_answers_429_too(settings, owner):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/m/ip,50/5m/key"}
    client = Client(REMOTE_ADDR="203.0.113.2")
    for n in range(2):
        login(client, "wrong", email=f"someone{n}@example.com")
    refused = login(client, "wrong", email="someone-else@example.com")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60


def test_a_stranger_cannot_lock_the_owner_out_of_a_browser_they_used_before(settings, owner):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "100/m/ip,3/5m/key"}
    laptop = Client(REMOTE_ADDR="198.51.100.10")
    assert login(laptop, PASSWORD).status_code == 302
    device = laptop.cookies[DEVICE_COOKIE].value
    laptop.logout()  # the test client forgets every cookie here; a browser keeps this one
    laptop.cookies[DEVICE_COOKIE] = device

    attacker = Client(REMOTE_ADDR="203.0.113.66")
    assert [login(attacker, "guess").status_code for _ in range(4)][-1] == 429
    assert login(attacker, PASSWORD).status_code == 429  # the attacker's browser stays locked

    response = login(laptop, PASSWORD)  # the owner's known browser is not
    assert response.status_code == 302


def test_on_a_new_browser_a_password_reset_ends_the_lockout(settings, owner):
    from allauth.account.adapter import get_adapter
    from django.test import RequestFactory

    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "100/m/ip,3/5m/key"}
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(4):
        login(attacker, "guess")
    phone = Client(REMOTE_ADDR="198.51.100.11")
    assert login(phone, PASSWORD).status_code == 429
    get_adapter()._delete_login_attempts_cached_email(RequestFactory().post("/"), email="owner@example.com")
    assert login(phone, PASSWORD).status_code == 302


def test_a_forged_device_cookie_counts_nothing(settings, owner):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "100/m/ip,3/5m/key"}
    attacker = Client(REMOTE_ADDR="203.0.113.67")
    attacker.cookies[DEVICE_COOKIE] = "eyJsIjoiYWJjIiwiZCI6IjEyMyJ9:forged:signature"
    assert [login(attacker, "guess").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_signup_429_carries_retry_after(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    client = Client(REMOTE_ADDR="203.0.113.3")
    for n in range(2):
        client.post("/accounts/signup/", {"email": f"n{n}@example.com", "password1": PASSWORD, "password2": PASSWORD})
    response = client.post("/accounts/signup/", {"email": "n9@example.com", "password1": PASSWORD,
                                                 "password2": PASSWORD})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60


def test_password_reset_429_carries_retry_after(settings, owner):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "20/m/ip,2/10m/key"}
    client = Client(REMOTE_ADDR="203.0.113.4")
    for _ in range(2):
        assert client.post("/accounts/password/reset/", {"email": "owner@example.com"}).status_code == 302
    response = client.post("/accounts/password/reset/", {"email": "owner@example.com"})
    assert response.status_code == 429
    assert 590 <= int(response["Retry-After"]) <= 600


def test_the_documented_defaults_are_the_settings():
    from config import settings as defaults

    assert defaults.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"
    assert defaults.ACCOUNT_RATE_LIMITS["signup"] == "20/m/ip"
    assert defaults.ACCOUNT_RATE_LIMITS["reset_password"] == "20/m/ip,5/m/key"
