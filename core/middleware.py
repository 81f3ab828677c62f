import secrets

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts

VISITOR_COOKIE = "gilde_vid"


class GildeCSPMiddleware(CSPMiddleware):
    """The strict nonce policy everywhere; the admin, whose templates carry no
    nonces, gets its own looser policy that still allows no inline script."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts.replace = {**(parts.replace or {}), "script-src": [SELF], "style-src": [SELF]}
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
