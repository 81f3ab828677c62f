import re

import pytest
from django.core import mail

from tests import factories
from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_signs_up_verifies_logs_in_and_switches_to_dutch(page, shot):
    page.goto(page.base + "/")
    page.get_by_role("link", name="Join").click()
    page.fill("input[name=email]", "rider@example.com")
    page.fill("input[name=display_name]", "Rider One")
    page.fill("input[name=password1]", "a-long-passphrase-9")
    page.fill("input[name=password2]", "a-long-passphrase-9")
    shot(page, "foundation-01-signup")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "verify" in page.content().lower() or "confirm" in page.content().lower()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(page.base + "/" + link.split("://", 1)[1].split("/", 1)[1])
    shot(page, "foundation-02-confirm")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    login(page, "rider@example.com", "a-long-passphrase-9")
    assert page.locator(".account-menu summary").inner_text().strip().endswith("Rider One")

    with page.expect_navigation():
        page.select_option("#language-select", "nl")  # the select submits itself
    nav = page.locator("nav.main-nav").inner_text()
    assert "Kennisbank" in nav and "Hulp krijgen" in nav
    assert page.locator("html").get_attribute("lang") == "nl"
    shot(page, "foundation-03-dutch")
    assert not page.js_errors


def test_language_switch_works_without_javascript(browser, live_server, shot):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(live_server.url + "/")
    pg.select_option("#language-select", "nl")
    pg.get_by_role("button", name="Change").click()
    assert "Kennisbank" in pg.locator("nav.main-nav").inner_text()
    context.close()


def test_manager_changes_the_primary_colour_and_the_page_shows_it(page, shot, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    manager = factories.manager()
    login(page, manager.email)
    page.goto(page.base + "/manage/brand/")
    page.fill("input[name=name]", "Velora")
    page.locator("input[name=primary_color]").fill("#7a1fa2")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    shot(page, "foundation-04-brand-saved")
    colour = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert colour == "rgb(122, 31, 162)"
    page.goto(page.base + "/")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == "rgb(122, 31, 162)"
    )


def test_layout_is_usable_at_360px_and_keyboard_reaches_the_skip_link(page, shot):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    shot(page, "foundation-05-mobile")
