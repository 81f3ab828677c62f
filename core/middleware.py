import logging
import secrets

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

VISITOR_COOKIE = "gilde_vid"
logger = logging.getLogger(__name__)


class GildeCSPMiddleware(CSPMiddleware):
    """The strict nonce policy everywhere; the admin, whose templates carry no
    nonces, gets its own looser policy that still allows no inline script."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts.replace = {**(parts.replace or {}), "script-src": [SELF], "style-src": [SELF]}
        if not report_only:
            from core.markdown import local_image_sources, remote_images_allowed

            if not remote_images_allowed():
                # Posts show remote images as links (core/markdown.py); the browser loads none either.
                parts.replace = {**(parts.replace or {}), "img-src": local_image_sources()}
        return parts


class VisitorIdMiddleware:
    """Gives anonymous visitors a random, first-party id (one vote per visitor,
    help sessions, events). The cookie is set only when something used the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        existing = request.COOKIES.get(VISITOR_COOKIE, "")
        valid = existing if (existing.isalnum() and 16 <= len(existing) <= 64) else ""
        state = {"id": valid, "new": False}

        def visitor_id() -> str:
            if not state["id"]:
                state["id"] = secrets.token_hex(16)
                state["new"] = True
            return state["id"]

        request.get_visitor_id = visitor_id
        response = self.get_response(request)
        if state["new"]:
            response.set_cookie(
                VISITOR_COOKIE, state["id"], max_age=60 * 60 * 24 * 365, httponly=True,
                samesite="Lax", secure=request.is_secure(),
            )
        return response


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_STORED_HEADERS = ("HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_ACCEPT_LANGUAGE")


class CleanInputMiddleware:
    """Query strings, form fields and the headers Gilde stores lose the characters
    a database refuses (core/text.py), before any view sees them: a NUL in a
    search box is a search, not a 500 and not a lost batch of other people's
    events. Forms would refuse a NUL anyway (Django's CharField); this covers
    what views read directly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.text import clean, clean_querydict, dirty

        request.GET = clean_querydict(request.GET)
        for name in _STORED_HEADERS:
            value = request.META.get(name)
            if value and dirty(value):
                request.META[name] = clean(value)
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            try:
                request.POST = clean_querydict(request.POST)
            except Exception as exc:  # noqa: BLE001 - too big, malformed multipart, a client that went away
                # The body cannot be read a second time: answer here, never with a 500 later.
                # Read what is left of it first (bounded by Content-Length and the front
                # proxy's limit), or a proxy still sending it sees the connection close and
                # answers 502 instead of this 400.
                logger.warning("bad request body on %s: %s", request.path, type(exc).__name__)
                try:
                    while request._stream.read(64 * 1024):
                        pass
                except Exception:  # noqa: BLE001 - the client went away: nothing to answer
                    pass
                return HttpResponseBadRequest(_("The form could not be read. Please try again."))
        return self.get_response(request)
