"""A customer finds the answer through Get help and says so; another files a
ticket; an agent answers it."""

import re

import pytest
from playwright.sync_api import expect

from support import integrations
from support.models import Ticket
from tests import factories
from tests.e2e.conftest import login

SUGGESTIONS = [
    {
        "kind": "article",
        "id": "1",
        "title": "Charging your Velora battery",
        "url": "/help/",
        "snippet": "Charge the battery for eight hours before the first ride.",
    },
    {
        "kind": "question",
        "id": "2",
        "title": "Battery will not charge after winter (solved)",
        "url": "/help/",
        "snippet": "",
    },
]


@pytest.fixture
def suggestions(monkeypatch):
    # The live server runs in this process: Get help gets these for any query.
    monkeypatch.setattr(integrations, "suggestions", lambda request, query, limit=6: list(SUGGESTIONS))


def customer_finds_the_answer(page, shot):
    page.goto(page.base + "/support/")
    page.fill("#help-q", "battery does not charge")
    expect(page.locator(".suggestion-title").first).to_have_text("Charging your Velora battery")  # as they type (htmx)
    shot(page, "support-01-suggestions")
    page.locator(".suggestion .solved-form button").first.click()
    expect(page.locator("h1")).to_have_text("Glad that solved it")
    shot(page, "support-02-solved")


def customer_files_a_ticket(page, shot, email):
    login(page, email)
    page.goto(page.base + "/support/?q=" + "display shows error E-21")
    page.get_by_role("link", name="Contact support").last.click()
    expect(page.locator("#id_subject")).to_have_value("display shows error E-21")
    page.fill("#id_description", "Since the update the display shows E-21 and the motor does not help.")
    shot(page, "support-03-ticket-form")
    page.get_by_role("button", name="Send to support").click()
    reference = page.locator("[data-reference]").inner_text()
    assert re.fullmatch(r"T-[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    shot(page, "support-04-reference")
    return reference


def agent_answers(page, shot, reference, agent_email):
    page.context.clear_cookies()
    login(page, agent_email)
    page.goto(page.base + "/support/inbox/")
    expect(page.locator("table.inbox")).to_contain_text(reference)
    shot(page, "support-05-inbox")
    page.get_by_role("link", name="display shows error E-21").click()
    page.fill("#reply textarea[name=body]", "Please restart the display: hold the power button for ten seconds.")
    page.locator("#reply button[type=submit]").click()
    expect(page.locator(".message-agent")).to_contain_text("hold the power button")
    expect(page.locator(".ticket header")).to_contain_text("Pending")
    shot(page, "support-06-agent-replied")


@pytest.mark.django_db(transaction=True)
def test_get_help_deflects_and_tickets_reach_an_agent(page, shot, suggestions, staff_mfa_off):
    customer = factories.member(display_name="Noor Hendriks")
    agent = factories.agent(display_name="Joris Bakker")
    customer_finds_the_answer(page, shot)
    page.context.clear_cookies()
    reference = customer_files_a_ticket(page, shot, customer.email)
    agent_answers(page, shot, reference, agent.email)
    ticket = Ticket.objects.get(reference=reference)
    assert ticket.status == "pending" and ticket.first_response_at is not None
    assert not page.js_errors
