"""Uploaded pictures (avatars, the brand's logo) are stored as pictures and nothing else.

Every upload is decoded with Pillow and encoded again: what is stored is pixels
we wrote, so nothing the uploader hid in it survives (EXIF with a location,
PNG text chunks, comments, a script). Files that are something else as well
(a polyglot: an image with a page or an archive after its end) are refused, as
is anything Pillow cannot read as PNG, JPEG, GIF or WebP. The stored file gets a
generated name, so the uploader chooses neither the name nor the extension.
Media are served with nosniff and Content-Disposition (core/media.py and the
front proxy, docs/operations.md).
"""

from __future__ import annotations

import io
import struct
import uuid

from django import forms
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit


class NotAnImage(ValueError):
    pass


# --- where the image ends: nothing may follow it -------------------------------------


def _png_end(data: bytes) -> int:
    pos = 8
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        pos += 12 + length
        if kind == b"IEND":
            return pos
    raise NotAnImage("no IEND")


def _jpeg_end(data: bytes) -> int:
    pos = 2  # after SOI
    while pos + 2 <= len(data):
        if data[pos] != 0xFF:
            raise NotAnImage("marker expected")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # EOI
            return pos + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            while pos + 1 < len(data):
                if data[pos] == 0xFF and data[pos + 1] != 0x00 and not 0xD0 <= data[pos + 1] <= 0xD7:
                    break
                pos += 1
    raise NotAnImage("no EOI")


def _gif_end(data: bytes) -> int:
    def sub_blocks(pos: int) -> int:
        while pos < len(data):
            size = data[pos]
            pos += 1 + size
            if size == 0:
                return pos
        raise NotAnImage("truncated")

    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # trailer
            return pos + 1
        if block == 0x21:  # extension: label, then sub-blocks
            pos = sub_blocks(pos + 2)
        elif block == 0x2C:  # image descriptor, local colour table, LZW minimum code size, data
            local = data[pos + 9]
            pos += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0)
            pos = sub_blocks(pos + 1)
        else:
            raise NotAnImage("unknown block")
    raise NotAnImage("no trailer")


def _webp_end(data: bytes) -> int:
    (size,) = struct.unpack("<I", data[4:8])
    return 8 + size + (size & 1)


_ENDS = {"PNG": _png_end, "JPEG": _jpeg_end, "GIF": _gif_end, "WEBP": _webp_end}


def _check_nothing_follows(data: bytes, fmt: str) -> None:
    try:
        end = _ENDS[fmt](data)
    except (IndexError, struct.error) as exc:
        raise NotAnImage("truncated") from exc
    if data[end:].strip(b"\x00"):
        raise NotAnImage("data after the image")


# --- decode and encode again --------------------------------------------------------


def reencode(data: bytes, *, max_side: int) -> tuple[bytes, str]:
    """The picture in ``data``, drawn anew: (bytes, extension). Raises NotAnImage."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in FORMATS:
                raise NotAnImage(f"format {fmt}")
            if probe.width * probe.height > MAX_PIXELS:
                raise NotAnImage("too many pixels")
        _check_nothing_follows(data, fmt)
        with Image.open(io.BytesIO(data)) as img:
            img.seek(0)  # the first frame of an animation
            img.load()
            picture = ImageOps.exif_transpose(img) or img
            picture.thumbnail((max_side, max_side))
            out = io.BytesIO()
            if fmt == "JPEG":
                picture.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
                return out.getvalue(), "jpg"
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
            picture = picture.convert("RGBA" if has_alpha else "RGB")
            picture.save(out, "PNG", optimize=True)  # no pnginfo: no text chunks, no EXIF, no ICC
            return out.getvalue(), "png"
    except NotAnImage:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, EOFError) as exc:
        raise NotAnImage(str(exc)) from exc


class CleanImageField(forms.ImageField):
    """An ImageField whose cleaned value is the re-encoded picture under a generated name."""

    default_error_messages = {
        "invalid_image": _("Upload a PNG, JPEG, GIF or WebP picture. This file is not one, or not only one."),
        "too_big": _("The picture may be at most %(size)s."),
    }

    def __init__(self, *args, max_side: int = 512, max_bytes: int = 2 * 1024 * 1024, **kwargs):
        self.max_side, self.max_bytes = max_side, max_bytes
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/png,image/jpeg,image/gif,image/webp")

    def to_python(self, data):
        if data in self.empty_values:
            return None
        if getattr(data, "size", 0) > self.max_bytes:
            raise forms.ValidationError(
                self.error_messages["too_big"], code="too_big", params={"size": filesizeformat(self.max_bytes)}
            )
        checked = super().to_python(data)  # Django's own check: Pillow can open it
        if checked is None:
            return None
        checked.seek(0)
        try:
            encoded, ext = reencode(checked.read(), max_side=self.max_side)
        except NotAnImage:
            raise forms.ValidationError(self.error_messages["invalid_image"], code="invalid_image") from None
        clean = ContentFile(encoded, name=f"{uuid.uuid4().hex}.{ext}")
        clean.content_type = "image/jpeg" if ext == "jpg" else "image/png"
        return clean
