"""Small helpers every community view uses."""

from django.http import HttpResponseBadRequest
from django.shortcuts import render

from moderation import api as moderation


def honeypot_refusal():
    """Bots fill the hidden field; refuse quietly and save nothing."""
    return HttpResponseBadRequest(b"")


def check_rate_limit(request, action: str, text: str):
    """None when the member may post now, else the RateLimited exception."""
    try:
        moderation.check_rate_limit(user=request.user, action=action, text=text)
    except moderation.RateLimited as exc:
        return exc
    return None


def rate_limited(request, template: str, context: dict, exc):
    response = render(request, template, {**context, "rate_limit_message": exc.message}, status=429)
    response["Retry-After"] = str(int(exc.retry_after))
    return response


def wants_fragment(request) -> bool:
    return bool(getattr(request, "htmx", False))
