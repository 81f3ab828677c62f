"""Browser: an agent writes an article with a live preview, publishes it, and search finds it."""

import pytest

from knowledge_base.models import Article
from tests.e2e.conftest import login
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db(transaction=True)


def test_agent_writes_previews_publishes_and_finds_article(page, shot, settings):
    from tests import factories

    settings.GILDE_STAFF_MFA_REQUIRED = False
    factories.agent(email="writer@example.com")
    sec = kb.section(kb.category(name="Velora app"), name="Pairing")

    login(page, "writer@example.com")
    page.goto(page.base + "/help/manage/")
    shot(page, "search-01-manage")
    page.click("text=New article")
    page.fill("#id_title", "Resetting the Bluetooth module")
    page.select_option("#id_section", str(sec.pk))
    page.fill("#id_labels", "bluetooth, app")
    page.fill(
        "#id_body",
        "If pairing keeps failing, reset the module.\n\n## Reset\n\nHold the light button for **ten** seconds.",
    )
    page.wait_for_selector("#kb-preview h2#reset")
    assert page.locator("#kb-preview strong").inner_text() == "ten"
    shot(page, "search-02-editor-preview")
    page.click("button[name=save]")
    page.wait_for_selector(".kb-toolbar")
    page.click(".kb-toolbar button:has-text('Publish')")
    page.wait_for_selector(".kb-status-published")
    article = Article.objects.get(title="Resetting the Bluetooth module")
    assert article.status == "published" and article.revisions.count() == 2

    page.goto(page.base + "/search/?q=bluetooth+resetten")
    page.wait_for_selector(".search-result")
    shot(page, "search-03-found")
    assert "Resetting the Bluetooth module" in page.locator(".search-result h2").first.inner_text()
    page.click(".search-result h2 a")
    page.wait_for_selector("h1")
    assert page.url.endswith(article.get_absolute_url())
    assert page.js_errors == []
