"""Browser: a visitor searches in Dutch, reads, votes No with a note."""

import pytest

from knowledge_base.models import ArticleVote
from tests.e2e.conftest import login  # noqa: F401
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_searches_in_dutch_and_votes_no_with_note(page, shot):
    sec = kb.section(
        kb.category(name="Battery and charging", name_nl="Accu en opladen"), name="Charging", name_nl="Opladen"
    )
    source = kb.article(
        sec,
        title="How to charge your battery",
        labels=["battery"],
        body="Plug in the charger.\n\n## Charging indoors\n\nTake the battery out.",
    )
    article = kb.article(
        sec,
        title="Zo laad je de accu van je fiets op",
        language="nl",
        translation_of=source,
        labels=["accu", "opladen"],
        body="Steek de lader in.\n\n## Binnen opladen\n\nNeem de accu uit.\n\n## Hoe lang het duurt\n\nVier uur.",
    )
    kb.article(sec, title="Internal: accu swap for fietsen", language="nl", visibility="agents")

    page.goto(page.base + "/help/")
    with page.expect_navigation():
        page.select_option("#language-select", "nl")
    page.fill("#kb-search-input", "fietsen accu")
    page.wait_for_selector("#kb-suggestions a")
    shot(page, "kb-01-suggestions-nl")
    page.press("#kb-search-input", "Enter")
    page.wait_for_selector(".search-result")
    assert "Internal" not in page.content()
    assert page.locator(".search-result mark").count() >= 1
    shot(page, "kb-02-results-nl")

    page.click(".search-result h2 a")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == article.title
    assert page.locator(".kb-toc a").count() == 2
    page.click(".kb-vote-buttons button[value=no]")
    page.wait_for_selector("#vote-note")
    page.fill("#vote-note", "Hoe lang gaat een volle accu mee?")
    shot(page, "kb-03-what-was-missing")
    page.click("#helpful button[type=submit]")
    page.wait_for_selector("#helpful [role=status]")
    shot(page, "kb-04-voted")
    vote = ArticleVote.objects.get()
    assert vote.helpful is False and vote.note == "Hoe lang gaat een volle accu mee?" and vote.visitor_id
    assert page.js_errors == []
