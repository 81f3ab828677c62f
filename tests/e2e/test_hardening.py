"""What issue 17's hardening looks like: the brand setting, remote images as links, refused logins."""

import pytest

from community import services
from tests import factories
from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

TRACKER = "https://tracker.example/pixel.png"


def test_manager_sees_the_remote_images_setting(page, shot, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    factories.manager(email="boss@example.com")
    login(page, "boss@example.com")
    page.goto(page.base + "/manage/brand/")
    box = page.get_by_label("Show images from other websites")
    assert not box.is_checked()
    shot(page, "hardening-01-brand-remote-images")
    box.check()
    page.get_by_role("button", name="Save brand").click()
    page.wait_for_load_state()
    assert page.get_by_label("Show images from other websites").is_checked()


def test_a_remote_image_in_a_post_is_a_link_and_the_browser_never_fetches_it(page, shot):
    topic = services.topic_create(name="Screens", description="Displays.")
    question = services.question_create(
        author=factories.member(trust_level=2), topic=topic, title="What is this stripe on my screen?",
        body=f"It looks like this:\n\n![photo of the stripe]({TRACKER})", screen_content=False,
    )
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(page.base + question.get_absolute_url())
    link = page.get_by_role("link", name="Image: photo of the stripe")
    assert link.get_attribute("href") == TRACKER
    assert not [u for u in requested if "tracker.example" in u]
    link.scroll_into_view_if_needed()
    shot(page, "hardening-02-remote-image-as-link")


def test_too_many_failed_logins_keep_the_form(page, shot, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "10/m/ip,2/5m/key"}
    factories.member(email="ann@example.com")
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if r.url.endswith("/accounts/login/") else None)
    for _ in range(3):
        login(page, "ann@example.com", "wrong-password")
    assert statuses[-1] == 429
    assert page.locator("input[name=password]").is_visible()
    assert "Too many failed login attempts" in page.content()
    shot(page, "hardening-03-login-429")
