"""No tracking images: images from other hosts are links unless the manager allows them."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from branding.models import Brand
from branding.services import brand_update
from core.markdown import markdown_html, shown_html, without_remote_images
from tests import factories

pytestmark = pytest.mark.django_db

TRACKER = "https://tracker.example/pixel.png?post=1"


def shown(text: str) -> str:
    return Template("{% load gilde %}{{ html|stored_html }}").render(Context({"html": markdown_html(text)}))


def allow_remote_images(on: bool):
    brand = Brand.objects.filter(pk=1).first() or Brand(pk=1)
    brand.allow_remote_images = on
    brand_update(brand=brand)


def test_a_remote_image_is_a_link_by_default():
    html = shown(f"Look: ![our logo]({TRACKER})")
    assert "<img" not in html
    link = '<a href="https://tracker.example/pixel.png?post=1" rel="nofollow ugc noopener" class="remote-image">'
    assert link in html
    assert "Image: our logo" in html


def test_without_a_description_the_link_names_the_host():
    assert "Image: tracker.example" in shown(f"![]({TRACKER})")


def test_protocol_relative_and_plain_http_images_are_remote_too():
    for src in ("//tracker.example/p.gif", "http://tracker.example/p.gif"):
        assert "<img" not in shown(f"![x]({src})")


def test_a_linked_remote_image_becomes_text_inside_its_link():
    html = shown(f"[![badge]({TRACKER})](https://example.org/)")
    assert "<img" not in html
    assert html.count("<a ") == 1  # no link inside a link
    assert '<span class="remote-image">Image: badge</span>' in html


def test_images_on_this_site_stay_images(settings):
    settings.SITE_URL = "https://community.example"
    html = shown("![chart](/media/attachments/chart.png) ![logo](https://community.example/media/brand/logo.png)")
    assert html.count("<img") == 2


def test_the_manager_may_allow_remote_images():
    allow_remote_images(True)
    assert f'<img src="{TRACKER.replace("&", "&amp;")}"' in shown(f"![x]({TRACKER})")
    allow_remote_images(False)
    assert "<img" not in shown(f"![x]({TRACKER})")


def test_posts_saved_before_the_change_are_shown_safely(client):
    """Stored HTML keeps the image; the page decides when it is shown (no re-rendering needed)."""
    from community import services

    topic = services.topic_create(name="Screens", description="Displays.")
    question = services.question_create(
        author=factories.member(trust_level=2), topic=topic, title="What is this stripe on my screen?",
        body=f"My screen looks like this: ![screen]({TRACKER})", screen_content=False,
    )
    assert "<img" in question.body_html
    page = client.get(question.get_absolute_url()).content.decode()
    assert "tracker.example/pixel.png" in page and '<img src="https://tracker.example' not in page
    allow_remote_images(True)
    assert '<img src="https://tracker.example' in client.get(question.get_absolute_url()).content.decode()


def test_a_quote_of_img_markup_in_text_or_code_is_left_alone():
    html = shown('Write `<img src="https://tracker.example/x.png">` in code, or &lt;img&gt; in text.')
    assert "&lt;img" in html
    assert without_remote_images(markdown_html("no images here")) == markdown_html("no images here")


def test_a_description_cannot_break_out_of_the_link():
    html = shown(f'![x" onerror="alert(1)<script>]({TRACKER})')
    assert "<script" not in html and "onerror=\"" not in html


def test_the_preview_follows_the_setting_too(member_client):
    response = member_client.post(reverse("community:preview"), {"body": f"![x]({TRACKER})"})
    assert response.status_code == 200 and "<img" not in response.content.decode()


def test_the_setting_is_on_the_brand_page_for_managers(client, manager, member, staff_mfa_off):
    client.force_login(manager)
    page = client.get("/manage/brand/").content.decode()
    assert 'name="allow_remote_images"' in page
    response = client.post(
        "/manage/brand/",
        {"name": "Velora", "primary_color": "#0e5c4a", "accent_color": "#b4451b", "default_language": "en",
         "allow_remote_images": "on"},
    )
    assert response.status_code == 302 and Brand.objects.get(pk=1).allow_remote_images
    client.force_login(member)
    assert client.post("/manage/brand/", {"name": "X", "allow_remote_images": ""}).status_code == 403
    assert Brand.objects.get(pk=1).allow_remote_images


def test_shown_html_is_cheap_without_images(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert shown_html("<p>plain</p>") == "<p>plain</p>"


def test_the_content_security_policy_allows_no_remote_images_unless_the_manager_does(client):
    def img_src():
        header = client.get("/")["Content-Security-Policy"]
        return next(d for d in header.split(";") if d.strip().startswith("img-src")).split()[1:]

    assert img_src() == ["'self'", "data:"]
    allow_remote_images(True)
    assert "https:" in img_src()


def test_the_policy_is_strict_when_the_brand_cannot_be_read(monkeypatch):
    from core import markdown

    def broken():
        raise RuntimeError("database away")

    monkeypatch.setattr(markdown, "_remote_images_policy", broken)
    assert markdown.remote_images_allowed() is False
    assert "<img" not in markdown.shown_html(markdown_html(f"![x]({TRACKER})"))
