"""Tickets are counted per member and per visitor cookie first; the address only has a higher ceiling."""

import pytest
from django.test import Client
from django.urls import reverse

from core.middleware import VISITOR_COOKIE
from support.models import Ticket
from tests import factories

pytestmark = pytest.mark.django_db

DATA = {"subject": "Battery dead", "description": "My battery does not charge any more.", "email": "v@example.com"}
OFFICE = "198.51.100.77"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.SUPPORT_TICKET_RATE_LIMIT = (2, 3600)
    settings.SUPPORT_TICKET_IP_RATE_LIMIT = (6, 3600)


def colleague(n: int) -> Client:
    client = Client(REMOTE_ADDR=OFFICE)
    client.cookies[VISITOR_COOKIE] = f"{n:032x}"
    return client


def test_colleagues_behind_one_office_address_each_have_their_own_tickets():
    sent = [colleague(n).post(reverse("support:contact"), DATA).status_code for n in range(3) for _ in range(2)]
    assert sent == [302] * 6
    assert Ticket.objects.count() == 6


def test_one_visitor_still_hits_their_own_limit_first():
    client = colleague(1)
    assert [client.post(reverse("support:contact"), DATA).status_code for _ in range(3)] == [302, 302, 429]
    assert colleague(2).post(reverse("support:contact"), DATA).status_code == 302


def test_members_are_counted_per_account():
    member = factories.member()
    first, second = Client(REMOTE_ADDR=OFFICE), Client(REMOTE_ADDR="203.0.113.1")
    first.force_login(member)
    second.force_login(member)
    member_data = {k: v for k, v in DATA.items() if k != "email"}
    assert first.post(reverse("support:contact"), member_data).status_code == 302
    assert second.post(reverse("support:contact"), member_data).status_code == 302
    response = second.post(reverse("support:contact"), member_data)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_the_address_ceiling_stops_a_script_that_drops_its_cookie():
    sent = [Client(REMOTE_ADDR=OFFICE).post(reverse("support:contact"), DATA).status_code for _ in range(8)]
    assert sent == [302] * 6 + [429] * 2
    assert Ticket.objects.count() == 6


def test_the_address_ceiling_is_higher_than_one_client_by_default():
    from config import settings as defaults

    assert defaults.SUPPORT_TICKET_IP_RATE_LIMIT == (30, 3600)
    assert defaults.SUPPORT_TICKET_RATE_LIMIT == (5, 3600)
