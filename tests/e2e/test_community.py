"""A member asks (and sees an article suggested while typing), another member
answers, an agent answers officially, the asker accepts it, and a follower
sees the notification in the bell."""

import re

import pytest

from tests import factories
from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def switch(page, email):
    page.context.clear_cookies()
    login(page, email)


@pytest.fixture
def world(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.GILDE_STAFF_MFA_REQUIRED = False
    from community import services
    from knowledge_base import services as kb
    from knowledge_base.models import Article
    from search import registry

    author = factories.agent(email="writer@example.com")
    category = kb.category_save(name="Batteries")
    section = kb.section_save(category=category, name="Charging")
    article = kb.article_save(
        author=author, section=section, title="Battery range in cold weather",
        body="Lithium batteries give less range below 5 °C. Store the battery indoors.",
        status=Article.Status.PUBLISHED, language="en",
    )
    registry.index_now(article)
    topic = services.topic_create(name="Batteries and charging", description="Range, chargers and care.")
    asker = factories.member(email="asker@example.com", display_name="Sanne de Vries")
    factories.member(email="first@example.com", display_name="Previous Question")  # not used
    services.question_create(author=asker, topic=topic, title="An earlier question of mine about lights",
                             body="Lights flicker sometimes when riding over cobbles.", screen_content=False)
    helper = factories.member(email="helper@example.com", display_name="Emma Clarke")
    agent = factories.agent(email="agent@example.com", display_name="Joris (Velora support)")
    follower = factories.member(email="follower@example.com", display_name="Noor Hendriks")
    services.follow_set(member=follower, target=topic, on=True)
    return {"topic": topic, "asker": asker, "helper": helper, "agent": agent, "follower": follower}


def test_ask_answer_official_accept_and_notify(page, shot, world):
    login(page, "asker@example.com")
    page.goto(page.base + "/community/ask/")
    page.select_option("#id_topic", label="Batteries and charging")
    page.type("#id_title", "Battery range is much lower in cold weather", delay=15)
    suggestion = page.locator("#title-suggestions a", has_text="Battery range in cold weather")
    suggestion.wait_for()
    page.fill("#id_body", "My Velora City gets 50 km instead of 90 km since it started freezing. Normal?")
    page.fill("#id_tags", "battery, winter")
    page.click("text=Preview")
    page.locator("#preview .post-body", has_text="50 km instead of 90 km").wait_for()
    shot(page, "community-ask-suggestion")
    page.click("button:has-text('Post your question')")
    page.wait_for_url(re.compile(r"/community/q/\d+/"))
    question_url = page.url
    assert page.locator("h1", has_text="Battery range is much lower").is_visible()

    switch(page, "helper@example.com")
    page.goto(question_url)
    page.fill("#id_body", "Keep the battery indoors overnight; cold cells give less range.")
    page.click("button:has-text('Post your answer')")
    page.locator(".answer", has_text="Keep the battery indoors").wait_for()

    switch(page, "agent@example.com")
    page.goto(question_url)
    page.fill("#id_body", "Official: a 30-40 % drop below 5 °C is normal and harmless. Charge indoors.")
    page.click("button:has-text('Post your answer')")
    official = page.locator(".answer.is-official")
    official.wait_for()
    assert "Official" in official.inner_text()
    # The helper's answer gets an up-vote in place (htmx).
    helper_answer = page.locator(".answer", has_text="Keep the battery indoors")
    helper_answer.locator("button[value=up]").click()
    helper_answer.locator(".vote-btn.voted").wait_for()
    assert helper_answer.locator(".vote-score").inner_text().strip().endswith("1")
    shot(page, "community-official-answer")

    switch(page, "asker@example.com")
    page.goto(question_url)
    page.locator(".answer.is-official").locator("button:has-text('Accept as solution')").click()
    page.locator(".thread-badges", has_text="Solved").wait_for()
    first = page.locator(".answer").first
    assert "Accepted solution" in first.inner_text() and "Official" in first.inner_text()
    shot(page, "community-solved")

    switch(page, "follower@example.com")
    page.goto(page.base + "/community/")
    bell = page.locator(".bell-count")
    assert int(bell.inner_text()) >= 1
    page.click(".bell")
    page.locator(".notification", has_text="Battery range is much lower").first.wait_for()
    shot(page, "community-notifications")
    assert not page.js_errors
