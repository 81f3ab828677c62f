"""A moderator works the review queue: approves one post, hides another with a reason; the author sees why."""

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from moderation.api import ContentState
from tests import factories
from tests.e2e.conftest import login

community = pytest.importorskip("community.services")
models = pytest.importorskip("community.models")


def _ask(author, topic, title):
    return community.question_create(author=author, topic=topic, title=title,
                                     body="I just got my Velora Urban 2 and I have a question about it.", tags=())


@pytest.mark.django_db(transaction=True)
def test_moderator_approves_one_and_hides_one_with_a_reason(page, shot, staff_mfa_off):
    topic = community.topic_create(name="Batteries and charging", description="Range and chargers.")
    newcomer = factories.member(trust_level=0, display_name="Nina Newcomer")
    spammer = factories.member(trust_level=0, display_name="Sam Spammer")
    good = _ask(newcomer, topic, "How long does a full charge take?")
    bad = _ask(spammer, topic, "Best cheap e-bike deals at my shop")
    assert good.state == bad.state == ContentState.PENDING
    moderator = factories.moderator(display_name="Fatima Moderator")

    login(page, moderator.email)
    page.goto(page.base + "/moderation/queue/")
    expect(page.locator("h1")).to_contain_text("2 waiting")
    expect(page.locator(".badge-reason", has_text="First posts of a new member").first).to_be_visible()
    shot(page, "moderation-01-queue")

    good_card = page.locator("article.review-item", has_text="How long does a full charge take?")
    good_card.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved: the post is visible.")).to_be_visible()

    bad_card = page.locator("article.review-item", has_text="Best cheap e-bike deals")
    bad_card.get_by_label("Reason for hiding").fill("Advertising is not allowed in the community.")
    bad_card.get_by_role("button", name="Hide").click()
    expect(page.get_by_text("Hidden: the author is told why.")).to_be_visible()
    shot(page, "moderation-02-decided")

    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.state == ContentState.PUBLISHED and bad.state == ContentState.HIDDEN

    page.reload()
    expect(page.get_by_text("Nothing is waiting")).to_be_visible()
    page.goto(page.base + "/moderation/log/")
    expect(page.locator("table.log-table")).to_contain_text("Advertising is not allowed")
    shot(page, "moderation-03-audit-log")

    page.context.clear_cookies()
    login(page, spammer.email)
    page.goto(page.base + "/moderation/notices/")
    expect(page.locator(".notice-reason")).to_contain_text("Advertising is not allowed in the community.")
    expect(page.get_by_role("link", name="Appeal this decision")).to_be_visible()
    shot(page, "moderation-04-author-sees-reason")
    assert not page.js_errors


@pytest.mark.django_db(transaction=True)
def test_members_flag_a_post_and_a_moderator_hides_it(page, shot, staff_mfa_off):
    topic = community.topic_create(name="Motors", description="Motor and gears.")
    author = factories.member(trust_level=2, display_name="Rude Rider")
    question = _ask(author, topic, "Why is everyone here so clueless about motors?")
    ct = ContentType.objects.get_for_model(models.Question).pk
    reporter = factories.member(trust_level=1)

    login(page, reporter.email)
    page.goto(page.base + f"/moderation/flag/{ct}/{question.pk}/")
    page.get_by_label("Abusive or rude").check()
    page.get_by_label("Note for the moderators").fill("Insulting the people who help.")
    shot(page, "moderation-05-flag-form")
    page.get_by_role("button", name="Send the flag").click()
    expect(page.get_by_text("Thank you. The moderators will look at this post.")).to_be_visible()

    page.context.clear_cookies()
    login(page, factories.moderator().email)
    page.goto(page.base + "/moderation/queue/?reason=flagged")
    card = page.locator("article.review-item", has_text="clueless about motors")
    expect(card).to_contain_text("Insulting the people who help.")
    card.get_by_label("Reason for hiding").fill("Please be kind: see the guidelines on respect.")
    card.get_by_role("button", name="Hide").click()
    expect(page.get_by_text("Hidden: the author is told why.")).to_be_visible()

    page.context.clear_cookies()
    login(page, author.email)
    page.goto(page.base + "/moderation/notices/")
    expect(page.locator(".notice-reason")).to_contain_text("Please be kind")
    shot(page, "moderation-06-author-notice")
    assert not page.js_errors
