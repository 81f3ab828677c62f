"""allauth's IP rate limits (login, signup, password reset) read the same client address as Gilde's."""

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_allauths_adapter_asks_gildes_helper(settings):
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.7"
    settings.GILDE_TRUSTED_PROXY_COUNT = 0
    assert get_adapter(request).get_client_ip(request) == "10.0.0.2"


def _login_attempts(forwarded_for, proxy="10.0.0.2"):
    statuses = []
    for n, forwarded in enumerate(forwarded_for):
        client = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded)
        response = client.post(reverse("account_login"), {"login": f"nobody{n}@example.com", "password": "wrong"})
        statuses.append(response.status_code)
    return statuses


def test_behind_the_proxy_clients_do_not_share_the_login_limit(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip", "login_failed": "2/m/ip"}
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    assert 429 not in _login_attempts([f"203.0.113.{n}" for n in range(1, 6)])


def test_without_a_proxy_a_forged_header_does_not_escape_the_login_limit(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip", "login_failed": "2/m/ip"}
    settings.GILDE_TRUSTED_PROXY_COUNT = 0
    assert _login_attempts([f"203.0.113.{n}" for n in range(1, 6)])[-1] == 429
