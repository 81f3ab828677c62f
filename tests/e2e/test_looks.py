"""Looks and phones: the compact header and its menu button, no sideways scrolling on
any page at 360 px, logos in proportion, the dashboard's grid, the review queue's
count after an inline decision, and the screenshots a person looks at
(tests/artifacts/looks-*.png)."""

import io

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from accounts.models import User
from tests import factories
from tests import pages as catalogue
from tests.e2e.conftest import ARTIFACTS, login

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.fixture(autouse=True)
def _staff_without_mfa(settings, tmp_path):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


def _context(browser, live_server, *, viewport, user=None, language="en", javascript=True):
    context = browser.new_context(viewport=viewport, locale="nl-NL" if language == "nl" else "en-GB",
                                  java_script_enabled=javascript)
    context.add_cookies([{"name": "gilde_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    if user is not None:
        login(page, user.email)
        assert page.locator(".account-menu").count() == 1, f"{user.email} could not sign in"
    return context, page


def _wide_elements(page) -> list[str]:
    """What sticks out past the right edge (to say where a sideways scroll comes from)."""
    return page.evaluate(
        """() => { const w = document.documentElement.clientWidth; const out = [];
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.right > w + 1 && r.width > 0)
            out.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(r.right));
        } return out.slice(0, 5); }"""
    )


# --- no sideways scrolling -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_page_scrolls_sideways_at_360px_for_any_role(browser, live_server, language):
    """Every page type in tests/pages.py, each opened by a role that may see it (and home
    and a question by every role, for their headers), at 360 px."""
    site = catalogue.build_site(language)
    all_pages = catalogue.pages(site)
    shared = [p for p in all_pages if p.name in ("home", "community:question", "community:questions")]
    problems, seen = [], set()
    for role in catalogue.ROLES:
        user = catalogue.user_for(site, role)
        context, page = _context(browser, live_server, viewport=PHONE, user=user, language=language)
        for p in [p for p in all_pages if p.role == role] + shared:
            response = page.goto(page.base + p.path)
            assert response.status < 400, (role, p.name, response.status)
            seen.add(p.name)
            if page.evaluate(SCROLLS_SIDEWAYS):
                problems.append((role, p.name, page.evaluate("document.documentElement.scrollWidth"),
                                 _wide_elements(page)))
        assert not page.js_errors, page.js_errors
        context.close()
    assert seen == {p.name for p in all_pages}
    assert problems == [], "\n".join(map(str, problems))


# --- the header ----------------------------------------------------------------------------------------


def test_phone_header_folds_into_a_menu_button_that_the_keyboard_works(browser, live_server):
    context, page = _context(browser, live_server, viewport={"width": 390, "height": 800}, language="nl")
    page.goto(page.base + "/")
    toggle = page.locator("[data-menu-toggle]")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("nav.main-nav")).to_be_hidden()
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 80, header_height  # one row: brand and the button

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-menu-toggle')")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # visible focus
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("nav.main-nav")).to_be_visible()
    sign_in = page.locator(".header-tools a").first
    expect(sign_in).to_be_visible()
    box = sign_in.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # not cut off
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#site-menu') !== null")  # into the menu
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.activeElement.hasAttribute('data-menu-toggle')")
    expect(page.locator("nav.main-nav")).to_be_hidden()
    assert not page.js_errors
    context.close()


def test_wide_screens_show_the_whole_header_in_one_row(browser, live_server):
    member = factories.member(display_name="Annemarie van Westerhoven-Blokland")
    for user in (None, member):
        for language in ("en", "nl"):
            context, page = _context(browser, live_server, viewport={"width": 1280, "height": 800}, user=user,
                                     language=language)
            page.goto(page.base + "/community/")
            expect(page.locator("[data-menu-toggle]")).to_be_hidden()
            expect(page.locator("nav.main-nav")).to_be_visible()
            assert page.locator(".site-header").bounding_box()["height"] < 80  # nothing wrapped to a second row
            assert page.locator(".header-search input").bounding_box()["width"] >= 150  # room to type
            expect(page.get_by_role("button", name="Zoeken" if language == "nl" else "Search").first).to_be_visible()
            context.close()


def test_without_javascript_the_phone_menu_is_simply_open(browser, live_server):
    context, page = _context(browser, live_server, viewport=PHONE, javascript=False)
    page.goto(page.base + "/")
    expect(page.locator("[data-menu-toggle]")).to_be_hidden()
    expect(page.locator("nav.main-nav")).to_be_visible()
    expect(page.locator(".header-tools a.button-ghost")).to_be_visible()  # sign in
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    context.close()


def _png(width, height) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 20)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(("width", "height"), [(600, 120), (1200, 100), (120, 480), (64, 64)])
def test_logos_keep_their_proportions(browser, live_server, width, height):
    from branding.services import brand_get, brand_update

    brand = brand_get()
    brand.name = "Velora"
    picture = _png(width, height)
    brand.logo.save(f"logo-{width}x{height}.png", ContentFile(picture), save=False)
    brand_update(brand=brand)
    for viewport in ({"width": 1280, "height": 800}, PHONE):
        context, page = _context(browser, live_server, viewport=viewport)
        # The live server does not serve media (DEBUG is off); the browser gets the file from storage.
        page.route("**/media/**", lambda route: route.fulfill(body=picture, content_type="image/png"))
        page.goto(page.base + "/")
        logo = page.locator(".brand-logo")
        expect(logo).to_be_visible()
        page.wait_for_function("document.querySelector('.brand-logo').complete")
        box = logo.bounding_box()
        assert abs(box["width"] / box["height"] - width / height) < 0.05, (box, width, height)
        assert box["height"] <= 36 and box["width"] <= 176, box
        assert box["height"] >= 30 or box["width"] >= 140, box  # a sensible size, not a thumbnail
        assert not page.evaluate(SCROLLS_SIDEWAYS)
        context.close()


# --- the dashboard -------------------------------------------------------------------------------------


def _rows(page, selector) -> list[list[dict]]:
    rows: dict = {}
    for box in page.eval_on_selector_all(selector, "els => els.map(e => e.getBoundingClientRect().toJSON())"):
        rows.setdefault(round(box["top"]), []).append(box)
    return [rows[k] for k in sorted(rows)]


CHAMPIONS = [
    {"user_id": n, "name": name, "is_champion": n < 3, "official": n == 4, "score_total": 500 - n * 40,
     "tier": "Champion" if n < 3 else "Contributor", "answers": 80 - n * 7, "accepted": 21 - n, "votes": 130 - n * 9,
     "active_days": 27 - n}
    for n, name in enumerate(["Annemarie van Westerhoven-Blokland", "Tom Peeters", "Noor Hendriks", "Pieter Jansen",
                              "Joris Bakker (Velora support)", "Grace Müller"], start=1)
]


@pytest.mark.parametrize("width", [1280, 1000, 390])
def test_dashboard_tiles_fill_every_row_and_tables_fit_their_cards(browser, live_server, monkeypatch, width):
    from analytics import engagement

    # The live server runs in this process: the dashboard gets these champions for any range.
    monkeypatch.setattr(engagement, "champions", lambda first, last, limit=20: [dict(c) for c in CHAMPIONS])
    manager = factories.manager()
    context, page = _context(browser, live_server, viewport={"width": width, "height": 900}, user=manager)
    page.goto(page.base + "/analytics/dashboard/")
    rows = _rows(page, ".kpi")
    full = rows[0][-1]["right"] - rows[0][0]["left"]
    for row in rows:
        assert abs((row[-1]["right"] - row[0]["left"]) - full) < 2, f"a row of tiles is not full at {width} px"
    expect(page.locator(".tables table").last).to_contain_text("Annemarie van Westerhoven-Blokland")
    if width > 720:
        for card in page.locator(".tables .card").all():
            assert card.evaluate("c => c.scrollWidth <= c.clientWidth"), card.locator("h2").inner_text()
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    context.close()


# --- the review queue ----------------------------------------------------------------------------------


def test_the_queue_count_follows_an_inline_decision(browser, live_server):
    from community import services as community

    topic = community.topic_create(name="Batteries and charging")
    for title in ("How long does a full charge take?", "Can I leave the battery on the charger?"):
        community.question_create(author=factories.member(trust_level=0), topic=topic, title=title,
                                  body="I just got my Velora Urban 2 and I have a question about it.", tags=())
    moderator = factories.moderator()
    context, page = _context(browser, live_server, viewport={"width": 1280, "height": 900}, user=moderator)
    page.goto(page.base + "/moderation/queue/")
    expect(page.locator("#queue-total")).to_have_text("2 waiting")
    expect(page.locator("#header-queue-count")).to_have_text("2")
    page.locator("article.review-item").first.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved: the post is visible.")).to_be_visible()
    expect(page.locator("#queue-total")).to_have_text("1 waiting")
    expect(page.locator("#header-queue-count")).to_have_text("1")
    assert not page.js_errors
    context.close()


# --- screenshots to look at ----------------------------------------------------------------------------


def test_screenshots_of_home_question_dashboard_and_queue(browser, live_server):
    """tests/artifacts/looks-<page>-<width>-<language>.png: look at them."""
    ARTIFACTS.mkdir(exist_ok=True)
    site = catalogue.build_site("en")
    shots = [
        ("home", None, "/"),
        ("question", site.member, site.question.get_absolute_url()),
        ("dashboard", site.manager, "/analytics/dashboard/"),
        ("queue", site.moderator, "/moderation/queue/"),
    ]
    for language in ("en", "nl"):
        User.objects.filter(pk__in=[u.pk for _, u, _ in shots if u]).update(language=language)
        for name, user, path in shots:
            for width in (1280, 390):
                context, page = _context(browser, live_server, viewport={"width": width, "height": 900}, user=user,
                                         language=language)
                page.goto(page.base + path)
                assert page.locator("html").get_attribute("lang") == language
                assert not page.evaluate(SCROLLS_SIDEWAYS), (name, width, language)
                if name == "question" and width == 390:
                    # the vote buttons sit above the post on a phone: the text gets the full width
                    post = page.locator(".question-post").bounding_box()
                    body = page.locator(".question-post .post-body").bounding_box()
                    assert body["width"] > 0.85 * post["width"], (body, post)
                page.screenshot(path=str(ARTIFACTS / f"looks-{name}-{width}-{language}.png"), full_page=True)
                context.close()


# --- question lists ------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 390])
def test_question_list_rows_line_up_whatever_their_counts(browser, live_server, width):
    """Solved, answered and unanswered rows, with large and small counts, in Dutch (the longer
    labels): every title starts at the same place and no count wraps."""
    from community import services as community

    topic = community.topic_create(name="Batteries and charging")
    asker, helper = factories.member(), factories.member()
    solved = community.question_create(author=asker, topic=topic, title="Solved: my battery drains in the cold",
                                       body="It drains fast when it freezes outside. What can I do?", tags=())
    community.answer_accept(answer=community.answer_create(author=helper, question=solved,
                                                           body="Keep it indoors overnight."), by=asker)
    answered = community.question_create(author=asker, topic=topic, title="Answered: which charger fits?",
                                         body="I lost my charger; which one should I buy now?", tags=())
    for n in range(12):
        community.answer_create(author=factories.member(), question=answered, body=f"Answer number {n} here.")
    community.question_create(author=asker, topic=topic, title="Unanswered: a rattle at the rear wheel",
                              body="Since yesterday the rear wheel rattles on cobblestones.", tags=())
    context, page = _context(browser, live_server, viewport={"width": width, "height": 900}, language="nl")
    page.goto(page.base + "/community/questions/")
    expect(page.locator(".q-row")).to_have_count(3)
    lefts = {round(x) for x in page.eval_on_selector_all(".q-main", "els => els.map(e => e.getBoundingClientRect().x)")}
    assert len(lefts) == 1, lefts
    for text, height in page.eval_on_selector_all(".q-stat", "els => els.map(e => [e.innerText, e.offsetHeight])"):
        assert height < 30, text  # one line
    widths = {round(w) for w in page.eval_on_selector_all(".q-stat + .q-stat", "els => els.map(e => e.offsetWidth)")}
    assert len(widths) == 1 or width <= 720, widths  # one box shape on wide screens
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    context.close()
