"""Security and access in the browser: a customer opens a suggestion and writes to
support; the agent's ticket page shows what they tried (English, Dutch, 390 px);
a staff member without MFA is pointed to set it up; a section of agents-only
articles is not there for visitors."""

import pytest
from playwright.sync_api import expect

from knowledge_base.models import Article
from support import integrations
from support.models import Ticket
from tests import factories
from tests.e2e.conftest import login
from tests.knowledge_base import helpers as kb

SUGGESTIONS = [
    {"kind": "article", "id": "1", "title": "Charging your Velora battery", "url": "/help/", "snippet": "Eight hours."},
    {"kind": "question", "id": "2", "title": "Battery will not charge after winter", "url": "/community/",
     "snippet": ""},
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def suggestions(monkeypatch):
    monkeypatch.setattr(integrations, "suggestions", lambda request, query, limit=6: [dict(s) for s in SUGGESTIONS])


def _open_account_menu(page):
    toggle = page.locator("[data-menu-toggle]")
    if toggle.is_visible():
        toggle.click()
    page.locator("details.account-menu summary").click()


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.django_db(transaction=True)
def test_the_agent_sees_what_the_customer_tried(page, shot, suggestions, staff_mfa_off):
    customer = factories.member(display_name="Noor Hendriks")
    agent = factories.agent(display_name="Joris Bakker")
    login(page, customer.email)
    page.goto(page.base + "/support/?q=battery does not charge")
    link = page.locator(".suggestion-title").nth(1)
    assert "title=" not in link.get_attribute("href") and "next=" not in link.get_attribute("href")
    link.click()
    assert page.url.endswith("/community/")
    page.go_back()  # reloads Get help (no back-forward cache here): the same visit goes on
    page.get_by_role("link", name="Contact support").last.click()
    page.fill("#id_description", "It stopped charging after the winter.")
    page.get_by_role("button", name="Send to support").click()
    ticket = Ticket.objects.get()

    page.context.clear_cookies()
    login(page, agent.email)
    page.goto(page.base + ticket.get_absolute_url())
    side = page.locator(".ticket-side")
    expect(side).to_contain_text("What we suggested before they wrote")
    expect(side.locator("li", has_text="Battery will not charge after winter")).to_contain_text("Opened")
    expect(side.locator("li", has_text="Charging your Velora battery")).to_contain_text("not opened")
    shot(page, "access-01-ticket-tried-en")
    page.set_viewport_size(PHONE)
    _no_horizontal_scroll(page)
    shot(page, "access-02-ticket-tried-en-390")
    page.context.add_cookies([{"name": "gilde_language", "value": "nl", "url": page.base}])
    page.goto(page.base + ticket.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    _no_horizontal_scroll(page)
    shot(page, "access-03-ticket-tried-nl-390")
    assert not page.js_errors


@pytest.mark.django_db(transaction=True)
def test_staff_without_mfa_are_sent_to_set_it_up(page, shot, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = True
    moderator = factories.moderator(display_name="Fatima Moderator")
    login(page, moderator.email)
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/")
    _open_account_menu(page)
    menu = page.locator("details.account-menu")
    expect(menu).to_contain_text("Turn on two-factor authentication to use your staff tools")
    expect(menu).not_to_contain_text("Review queue")
    shot(page, "access-04-staff-without-mfa-en-390")
    page.goto(page.base + "/moderation/queue/")
    assert page.url.endswith("/accounts/2fa/")
    shot(page, "access-05-sent-to-mfa-en-390")
    page.context.add_cookies([{"name": "gilde_language", "value": "nl", "url": page.base}])
    page.goto(page.base + "/")
    _open_account_menu(page)
    # Two links to the MFA page: the usual one and the staff prompt (its Dutch is in locale/pending).
    expect(page.locator("details.account-menu a[href='/accounts/2fa/']")).to_have_count(2)
    shot(page, "access-06-staff-without-mfa-nl-390")
    assert not page.js_errors


@pytest.mark.django_db(transaction=True)
def test_an_agents_only_section_is_not_there_for_visitors(page, shot):
    section = kb.section(kb.category(name="Internal"), name="Runbooks")
    kb.article(section, title="Override codes", visibility=Article.Visibility.AGENTS)
    response = page.goto(page.base + section.get_absolute_url())
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Runbooks")
    shot(page, "access-07-internal-section-404")
