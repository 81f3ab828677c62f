"""The ticket form's per-address limit keys on the client behind the proxies (core/clientip.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from support.models import Ticket

pytestmark = pytest.mark.django_db

DATA = {"subject": "Battery dead", "description": "My battery does not charge any more.", "email": "v@example.com"}


def send_from(forwarded: str, *, proxy="10.0.0.2"):
    """A new visitor (own cookie) whose request reaches Django through the proxy at ``proxy``."""
    return Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded).post(reverse("support:contact"), DATA)


def test_behind_the_proxy_each_client_has_its_own_bucket(settings):
    settings.SUPPORT_TICKET_RATE_LIMIT = (1, 3600)  # 1 per visitor, 4 per address
    settings.SUPPORT_TICKET_IP_RATE_LIMIT = (4, 3600)
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    statuses = [send_from(f"203.0.113.{n}").status_code for n in range(1, 7)]
    assert statuses == [302] * 6
    assert Ticket.objects.count() == 6


def test_behind_the_proxy_one_client_still_hits_its_limit(settings):
    settings.SUPPORT_TICKET_RATE_LIMIT = (1, 3600)
    settings.SUPPORT_TICKET_IP_RATE_LIMIT = (4, 3600)
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    statuses = [send_from(f"198.51.100.{n}, 203.0.113.9").status_code for n in range(1, 6)]
    assert statuses == [302, 302, 302, 302, 429]  # forged left-hand entries do not make new buckets


def test_without_a_configured_proxy_a_forged_header_buys_no_new_bucket(settings):
    settings.SUPPORT_TICKET_RATE_LIMIT = (1, 3600)
    settings.SUPPORT_TICKET_IP_RATE_LIMIT = (4, 3600)
    settings.GILDE_TRUSTED_PROXY_COUNT = 0
    statuses = [send_from(f"203.0.113.{n}", proxy="192.0.2.50").status_code for n in range(1, 6)]
    assert statuses == [302, 302, 302, 302, 429]
    assert Ticket.objects.count() == 4


def test_without_a_proxy_header_the_peer_address_is_the_bucket(settings):
    settings.SUPPORT_TICKET_RATE_LIMIT = (1, 3600)
    settings.SUPPORT_TICKET_IP_RATE_LIMIT = (4, 3600)
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    statuses = [Client(REMOTE_ADDR="192.0.2.60").post(reverse("support:contact"), DATA).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 302, 429]
