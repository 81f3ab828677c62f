"""Uploaded pictures carry nothing but pixels (core/images.py) and are served so that no browser runs them."""

import importlib
import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from accounts.models import EmailPreference, User
from branding.models import Brand
from core import media
from core.images import NotAnImage, reencode

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.cookie)</script>"


def png(size=(8, 8), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_text(text: bytes) -> bytes:
    """A valid PNG with a tEXt chunk right after IHDR (8 signature + 25 IHDR bytes)."""
    data = png()
    return data[:33] + chunk(b"tEXt", b"Comment\x00" + text) + data[33:]


def jpeg_with_exif() -> bytes:
    img = Image.new("RGB", (16, 16), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010E] = "secret description " + SCRIPT.decode()  # ImageDescription
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}  # GPS
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (8, 8), 1).save(out, "GIF")
    return out.getvalue()


def upload(data: bytes, name="me.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored(name: str) -> bytes:
    with default_storage.open(name) as f:
        return f.read()


# --- the avatar, through the member's settings page ----------------------------------


def post_avatar(client, data, name="me.png"):
    return client.post(
        reverse("accounts:settings"),
        {"display_name": "Ann", "bio": "", "language": "en", "email_notifications": EmailPreference.IMMEDIATELY,
         "avatar": upload(data, name)},
    )


def test_a_png_with_a_script_in_a_text_chunk_is_accepted_but_stored_without_it(member_client, member):
    data = png_with_text(SCRIPT)
    assert SCRIPT in data and Image.open(io.BytesIO(data)).text["Comment"]
    assert post_avatar(member_client, data).status_code == 302
    member.refresh_from_db()
    kept = stored(member.avatar.name)
    assert SCRIPT not in kept and b"tEXt" not in kept and b"Comment" not in kept
    assert Image.open(io.BytesIO(kept)).size == (8, 8)


def test_the_stored_name_is_generated(member_client, member):
    post_avatar(member_client, png(), name="<img src=x onerror=alert(1)>.html.png")
    member.refresh_from_db()
    folder, name = member.avatar.name.split("/")
    assert folder == "avatars"
    stem, ext = name.split(".")
    assert ext == "png" and len(stem) == 32 and all(c in "0123456789abcdef" for c in stem)


def test_exif_with_a_location_is_dropped(member_client, member):
    data = jpeg_with_exif()
    assert Image.open(io.BytesIO(data)).getexif()
    assert post_avatar(member_client, data, name="holiday.jpg").status_code == 302
    member.refresh_from_db()
    kept = stored(member.avatar.name)
    assert member.avatar.name.endswith(".jpg")
    assert not Image.open(io.BytesIO(kept)).getexif()
    assert b"secret description" not in kept and b"Exif" not in kept


def test_a_large_picture_is_scaled_down(member_client, member):
    assert post_avatar(member_client, png(size=(2000, 1000))).status_code == 302
    member.refresh_from_db()
    assert max(Image.open(io.BytesIO(stored(member.avatar.name))).size) <= 512


@pytest.mark.parametrize(
    ("what", "data"),
    [
        ("PNG with a page after IEND", png() + b"<html><body>" + SCRIPT + b"</body></html>"),
        ("JPEG with a page after EOI", jpeg_with_exif() + b"<!doctype html>" + SCRIPT),
        ("GIF with a page after its trailer", gif() + b"<html>" + SCRIPT),
        ("PNG with a zip after IEND", png() + b"PK\x03\x04" + b"\x00" * 26 + b"evil.html"),
        ("a page named .png", b"<!doctype html><html><body>" + SCRIPT + b"</body></html>"),
        ("an SVG named .png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("a truncated PNG", png()[:40]),
    ],
)
def test_polyglots_and_disguised_files_are_refused(member_client, member, what, data):
    response = post_avatar(member_client, data)
    assert response.status_code == 400, what
    assert b"PNG, JPEG, GIF or WebP" in response.content or b"Upload a valid image" in response.content
    member.refresh_from_db()
    assert not member.avatar


def test_an_oversized_upload_is_refused_before_decoding(member_client, member):
    response = post_avatar(member_client, png() + b"\x00" * (2 * 1024 * 1024))
    assert response.status_code == 400
    assert b"at most 2" in response.content


def test_anonymous_visitors_cannot_upload(client):
    response = client.post(reverse("accounts:settings"), {"avatar": upload(png())})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not User.objects.exclude(avatar="").exists()


def test_trailing_zero_padding_is_not_a_polyglot():
    encoded, ext = reencode(png() + b"\x00\x00", max_side=64)
    assert ext == "png" and encoded.startswith(b"\x89PNG")


def test_a_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG")  # 50 megapixels in a few kB
    with pytest.raises(NotAnImage):
        reencode(out.getvalue(), max_side=64)


# --- the brand's logo, through the manager's branding page -------------------------------

BRAND = {"name": "Velora", "primary_color": "#0e5c4a", "accent_color": "#b4451b", "default_language": "en"}


def test_a_managers_logo_is_reencoded_too(client, manager, staff_mfa_off):
    client.force_login(manager)
    response = client.post("/manage/brand/", {**BRAND, "logo": upload(png_with_text(SCRIPT), "logo.png")})
    assert response.status_code == 302
    logo = Brand.objects.get(pk=1).logo
    assert logo.name.startswith("brand/") and logo.name != "brand/logo.png"
    assert SCRIPT not in stored(logo.name)


def test_a_polyglot_logo_is_refused(client, manager, staff_mfa_off):
    client.force_login(manager)
    response = client.post("/manage/brand/", {**BRAND, "logo": upload(png() + b"<html>" + SCRIPT)})
    assert response.status_code == 400
    assert not Brand.objects.filter(pk=1).exclude(logo="").exists()


def test_a_member_cannot_upload_a_logo(client, member, staff_mfa_off):
    client.force_login(member)
    assert client.post("/manage/brand/", {**BRAND, "logo": upload(png())}).status_code == 403
    assert not Brand.objects.exists()


def test_an_anonymous_visitor_cannot_upload_a_logo(client):
    response = client.post("/manage/brand/", {**BRAND, "logo": upload(png())})
    assert response.status_code in (302, 403)
    assert not Brand.objects.exists()


def test_the_admin_reencodes_uploads_as_well():
    from django.contrib import admin

    from core.images import CleanImageField

    for model in (User, Brand):
        model_admin = admin.site._registry[model]
        field = model_admin.formfield_for_dbfield(model._meta.get_field("logo" if model is Brand else "avatar"),
                                                  request=RequestFactory().get("/"))
        assert isinstance(field, CleanImageField)


# --- serving ------------------------------------------------------------------------------


def test_media_are_served_with_nosniff_and_a_disposition(tmp_path):
    (tmp_path / "avatars").mkdir()
    (tmp_path / "avatars" / "abc.png").write_bytes(png())
    (tmp_path / "old.html").write_bytes(b"<html>" + SCRIPT)
    request = RequestFactory().get("/media/avatars/abc.png")
    picture = media.serve(request, "avatars/abc.png", document_root=str(tmp_path))
    assert picture["X-Content-Type-Options"] == "nosniff"
    assert picture["Content-Disposition"] == 'inline; filename="abc.png"'
    assert "sandbox" in picture["Content-Security-Policy"]
    page = media.serve(request, "old.html", document_root=str(tmp_path))
    assert page["Content-Disposition"].startswith("attachment")
    assert page["X-Content-Type-Options"] == "nosniff"


def test_debug_media_serving_goes_through_the_protecting_view(settings):
    import config.urls

    settings.DEBUG = True
    try:
        urls = importlib.reload(config.urls)
        views = [p.callback for p in urls.urlpatterns if str(p.pattern).startswith("^media/")]
        assert views == [media.serve]
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
