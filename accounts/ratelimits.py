"""allauth's rate limits, answered the way Gilde's own are: 429 with Retry-After.

allauth (65.x) answers a tripped limit on signup, password reset and the other
forms with a bare 429 page, and a tripped ``login_failed`` limit with the login
form and an error, status 200. ``AllauthLimitsMiddleware`` adds the
Retry-After header to the first and turns the second into a 429 with the same
friendly form, computing the wait from allauth's own counters (each limit is a
list of attempt times in the cache, newest first).

The per-account ``login_failed`` limit (5 failures in 5 minutes per address
typed) would let anyone keep the real owner out by failing on purpose. Not on a
browser the owner has signed in with before: a successful sign-in leaves a
signed "known device" cookie for that address, and failures from a browser that
carries it count in a bucket of their own (OWASP's device cookies). On a new
browser the lockout ends at most 5 minutes after the last failure, and a
password reset clears it at once (allauth does that on a successful reset).
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time

from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.core.cache import cache
from django.dispatch import receiver

DEVICE_COOKIE = "gilde_device"
DEVICE_MAX_AGE = 60 * 60 * 24 * 180
_SALT = "gilde.accounts.device"
APP = "allauth.account"


# --- the known-device cookie ---------------------------------------------------------


def _base_key(request, login: str) -> str:
    from allauth.account.adapter import DefaultAccountAdapter, get_adapter

    return DefaultAccountAdapter._get_login_attempts_cache_key(get_adapter(request), request, email=login)


def _digest(base: str) -> str:
    return hashlib.sha256(base.encode()).hexdigest()[:24]


def known_device(request, base: str) -> str | None:
    """The device id when this browser has signed in before with the login behind ``base``."""
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("l") != _digest(base):
        return None
    return str(value.get("d", "")) or None


class LoginLockoutMixin:
    """For the account adapter: failures from a known device count apart from everyone else's."""

    def _get_login_attempts_cache_key(self, request, **credentials):
        base = super()._get_login_attempts_cache_key(request, **credentials)
        device = known_device(request, base)
        return f"{base}:device:{device}" if device else base

    def _delete_login_attempts_cached_email(self, request, **credentials):
        from allauth.core import ratelimit

        super()._delete_login_attempts_cached_email(request, **credentials)
        # A reset from a known device must also free the shared bucket.
        shared = super()._get_login_attempts_cache_key(request, **credentials)
        ratelimit.clear(request, action="login_failed", key=shared)


@receiver(user_logged_in, dispatch_uid="gilde.accounts.ratelimits.device")
def _remember_device(sender, request, user, **kwargs):
    if request is not None and getattr(user, "email", ""):
        request._gilde_device_login = user.email


def _device_cookie(request, login: str) -> str:
    base = _base_key(request, login)
    device = known_device(request, base) or secrets.token_hex(8)
    return signing.dumps({"l": _digest(base), "d": device}, salt=_SALT)


# --- Retry-After from allauth's counters ------------------------------------------------


def _wait(request, action: str, key: str | None, now: float) -> tuple[int, int]:
    """(seconds until this action's limits let one more attempt through, longest window)."""
    from allauth.core.internal import ratelimit as rl

    wait, longest = 0, 0
    for rate in rl.get_rates(app=APP, action=action):
        longest = max(longest, math.ceil(rate.duration))
        try:
            cache_key = rl.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        except Exception:  # noqa: BLE001 - per user while anonymous, per key without one: not this request's limit
            continue
        history = [t for t in (cache.get(cache_key) or []) if t > now - rate.duration]
        if len(history) >= rate.amount:
            wait = max(wait, math.ceil(history[rate.amount - 1] + rate.duration - now))
    return wait, longest


def _login(request) -> str:
    return (request.POST.get("login") or request.POST.get("email") or "").strip()


def _actions(request, name: str) -> list[tuple[str, str | None]]:
    from allauth.account.adapter import get_adapter

    if name == "account_login":
        login = _login(request)
        key = get_adapter(request)._get_login_attempts_cache_key(request, email=login) if login else None
        return [("login", None), ("login_failed", key)]
    if name == "account_reset_password":
        return [("reset_password", (request.POST.get("email") or "").strip().lower() or None)]
    return [(action, None) for action in _BY_URL.get(name, ())]


_BY_URL = {
    "account_signup": ("signup",),
    "account_reset_password_from_key": ("reset_password_from_key",),
    "account_change_password": ("change_password",),
    "account_set_password": ("change_password",),
    "account_email": ("manage_email",),
    "account_reauthenticate": ("reauthenticate",),
}


def retry_after(request, name: str) -> int:
    now = time.time()
    wait, longest = 0, 0
    for action, key in _actions(request, name):
        w, window = _wait(request, action, key, now)
        wait, longest = max(wait, w), max(longest, window)
    # Nothing full (allauth could not take its cache lock): the longest window is an honest bound.
    return max(1, wait or longest or 60)


def _login_refused(response) -> bool:
    form = (getattr(response, "context_data", None) or {}).get("form")
    if form is None or not hasattr(form, "errors"):
        return False
    return any(
        error.code == "too_many_login_attempts" for errors in form.errors.as_data().values() for error in errors
    )


class AllauthLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        name = match.url_name if match else ""
        if response.status_code == 429 and name and name.startswith("account_") and not response.has_header(
            "Retry-After"
        ):
            response["Retry-After"] = str(retry_after(request, name))
        elif name == "account_login" and request.method == "POST" and response.status_code == 200:
            if _login_refused(response):
                response.status_code = 429  # the same friendly form, with the status a client can act on
                response["Retry-After"] = str(retry_after(request, name))
        login = getattr(request, "_gilde_device_login", None)
        if login:
            response.set_cookie(
                DEVICE_COOKIE, _device_cookie(request, login), max_age=DEVICE_MAX_AGE, httponly=True,
                samesite="Lax", secure=request.is_secure(),
            )
        return response
