"""After the Get help story, a rollup shows the manager a deflection rate of 50 % for the day."""

import pytest
from playwright.sync_api import expect

from analytics import rollups
from tests import factories
from tests.e2e.conftest import login
from tests.e2e.test_support import (  # noqa: F401
    SUGGESTIONS,
    agent_answers,
    customer_files_a_ticket,
    customer_finds_the_answer,
    suggestions,  # noqa: F401  (fixture)
)


@pytest.mark.django_db(transaction=True)
def test_manager_sees_fifty_percent_deflection_after_a_rollup(page, shot, suggestions, staff_mfa_off):  # noqa: F811
    customer = factories.member()
    agent = factories.agent()
    manager = factories.manager()
    customer_finds_the_answer(page, shot)  # one deflection ("This solved my problem")
    page.context.clear_cookies()
    reference = customer_files_a_ticket(page, shot, customer.email)  # one ticket
    agent_answers(page, shot, reference, agent.email)
    rollups.rollup_day(rollups.local_today())
    page.context.clear_cookies()
    login(page, manager.email)
    page.goto(page.base + "/analytics/dashboard/?days=1")
    tile = page.locator("[data-kpi=deflection_rate] .kpi-value")
    expect(tile).to_have_text("50 %")
    today = rollups.local_today().isoformat()
    expect(page.locator(f"tr[data-day='{today}'] .rate")).to_have_text("50 %")
    expect(page.locator("[data-kpi=tickets] .kpi-value")).to_have_text("1")
    shot(page, "dashboard-01-fifty-percent")
    page.goto(page.base + "/analytics/dashboard/?days=1", wait_until="load")
    assert not page.js_errors
