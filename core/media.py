"""Headers every uploaded file is served with, whoever serves it.

In DEBUG Django serves MEDIA_URL itself (config/urls.py) through ``serve``
below; in production the front proxy or the bucket does, with the same
headers (docs/operations.md). ``nosniff`` stops a browser from guessing that a
picture is a page or a script; ``Content-Disposition`` makes anything that is
not one of the picture types we store a download, never a page on our origin;
the sandboxing CSP keeps even a page that slipped through from running.
"""

from pathlib import PurePosixPath

from django.views.static import serve as static_serve

INLINE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def protect(response, path: str):
    name = PurePosixPath(path).name
    safe_name = "".join(c for c in name if c.isalnum() or c in "._-") or "file"
    disposition = "inline" if PurePosixPath(name).suffix.lower() in INLINE_TYPES else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def serve(request, path, document_root=None, show_indexes=False):
    response = static_serve(request, path, document_root=document_root, show_indexes=False)
    return protect(response, path)
