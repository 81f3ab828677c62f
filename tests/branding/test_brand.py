import pytest

from branding.colors import contrast
from branding.models import Brand
from branding.services import brand_get, contrast_warnings

pytestmark = pytest.mark.django_db


def test_contrast_matches_wcag_examples():
    assert round(contrast("#ffffff", "#000000"), 1) == 21.0
    assert round(contrast("#ffffff", "#777777"), 2) == 4.48


def test_brand_is_applied_through_css_custom_properties(client):
    Brand.objects.create(pk=1, name="Velora", primary_color="#0e5c4a", accent_color="#b4451b")
    html = client.get("/").content.decode()
    assert "--brand-primary: #0e5c4a" in html
    assert "Velora" in html


def test_brand_is_cached_not_read_on_every_request(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Brand.objects.create(pk=1, name="Velora")
    client.get("/")
    with django_assert_num_queries(0):
        assert brand_get().name == "Velora"
    with CaptureQueriesContext(connection) as queries:
        assert "Velora" in client.get("/").content.decode()
    assert not [q for q in queries.captured_queries if "branding_brand" in q["sql"]]


def test_manager_changes_colour_and_every_page_shows_it(client, manager, staff_mfa_off):
    client.force_login(manager)
    client.get("/")  # warm the cache
    response = client.post(
        "/manage/brand/",
        {"name": "Velora", "primary_color": "#7a1fa2", "accent_color": "#b4451b", "default_language": "en",
         "footer_links_text": "Shop | https://shop.example"},
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "--brand-primary: #7a1fa2" in html
    assert 'href="https://shop.example"' in html


def test_low_contrast_colour_is_warned(client, manager, staff_mfa_off):
    client.force_login(manager)
    response = client.post(
        "/manage/brand/",
        {"name": "Velora", "primary_color": "#ffd400", "accent_color": "#b4451b", "default_language": "en"},
        follow=True,
    )
    assert "below the 4.5:1" in response.content.decode()
    assert contrast_warnings(primary="#ffd400", accent="#b4451b")


def test_bad_brand_input_saves_nothing(client, manager, staff_mfa_off):
    client.force_login(manager)
    response = client.post(
        "/manage/brand/",
        {"name": "", "primary_color": "red;}</style><script>", "accent_color": "#b4451b", "default_language": "en",
         "footer_links_text": "Evil | javascript:alert(1)"},
    )
    assert response.status_code == 400
    assert not Brand.objects.exists()
    body = response.content.decode()
    assert "at most 7 characters" in body and "not a valid link" in body


def test_member_cannot_change_the_brand(client, member, staff_mfa_off):
    client.force_login(member)
    assert client.post("/manage/brand/", {"name": "Hacked"}).status_code == 403
    assert not Brand.objects.filter(name="Hacked").exists()
