"""Limits on the requests anyone can make the server work for: searches and as-you-type suggestions.

Each limit is "N requests a minute" counted with a sliding window (two fixed
windows on Django's cache, the previous one weighted by how much of it still
overlaps): a client that has been quiet may send up to N at once (typing fast
into a search box), then about N a minute. Only ``cache.add`` and
``cache.incr`` write, so several processes share one count without races.

Who is counted: a signed-in member by id; else the visitor cookie the browser
sent back (core.middleware.VisitorIdMiddleware; one that we would mint now does
not count, or a script without cookies would get a fresh bucket per request);
else the client address (core/clientip.py). Every request also counts against
a higher ceiling per address, so minting cookies buys little. Staff have their
own, higher limits: a stolen staff session must not be able to flood the site
either. When the cache is unreachable the limits let requests through (fail
open), as every other limit in Gilde does (docs/operations.md).
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from core.clientip import client_ip

# requests a minute per client; the per-address ceiling is ``ip_factor`` times that,
# staff get ``staff_factor`` times that.
DEFAULT_LIMITS: dict = {
    "search": 30,  # the results page
    "suggest": 60,  # search suggestions, get-help suggestions, the ask form's suggestions, tag completion
    "preview": 30,  # Markdown previews
    "ip_factor": 10,
    "staff_factor": 5,
}
WINDOW = 60


def limits() -> dict:
    return {**DEFAULT_LIMITS, **(getattr(settings, "GILDE_RATE_LIMITS", None) or {})}


class Throttled(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


@dataclass
class _Window:
    previous: int
    current: int
    elapsed: float  # seconds into the current window


def _visitor_cookie(request) -> str:
    from core.middleware import VISITOR_COOKIE

    value = request.COOKIES.get(VISITOR_COOKIE, "")
    return value if (value.isalnum() and 16 <= len(value) <= 64) else ""


def _is_staff(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    from accounts.roles import is_staff

    return is_staff(user)


def client_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    cookie = _visitor_cookie(request)
    if cookie:
        return f"v{cookie}"
    return f"ip{client_ip(request)}"


def _count(key: str, t: float) -> _Window | None:
    bucket = int(t // WINDOW)
    current_key, previous_key = f"thr:{key}:{bucket}", f"thr:{key}:{bucket - 1}"
    cache.add(current_key, 0, timeout=2 * WINDOW + 5)
    try:
        current = cache.incr(current_key)
    except ValueError:  # expired between add and incr
        cache.add(current_key, 1, timeout=2 * WINDOW + 5)
        current = 1
    if current is None:
        return None  # cache unreachable: fail open
    previous = cache.get(previous_key) or 0
    return _Window(previous=int(previous), current=int(current), elapsed=t - bucket * WINDOW)


def _uncount(key: str, t: float) -> None:
    try:
        cache.decr(f"thr:{key}:{int(t // WINDOW)}")
    except ValueError:
        pass


def _estimate(w: _Window) -> float:
    return w.previous * (1 - w.elapsed / WINDOW) + w.current


def _wait(w: _Window, limit: int) -> int:
    """Seconds until one more request fits, this one not counted (``w.current`` includes it)."""
    used = w.current - 1
    room = limit - used - 1  # what the previous window's share must fall to
    if room >= 0 and w.previous:
        wait = WINDOW * (1 - room / w.previous) - w.elapsed
    else:
        # Not before the next window, where this window becomes the weighted one.
        wait = (WINDOW - w.elapsed) + (WINDOW * max(0.0, 1 - (limit - 1) / used) if used else 0)
    return max(1, math.ceil(wait))


def check(request, scope: str) -> None:
    """Count one request of ``scope`` for this client; raise Throttled (counting nothing) when over."""
    config = limits()
    per_minute = int(config[scope])
    if per_minute <= 0:
        return
    if _is_staff(getattr(request, "user", None)):
        per_minute *= int(config["staff_factor"])
    t = time.time()
    keys = [(f"{scope}:{client_key(request)}", per_minute)]
    if not keys[0][0].startswith(f"{scope}:ip"):
        keys.append((f"{scope}:ip{client_ip(request)}", per_minute * int(config["ip_factor"])))
    counted = []
    for key, limit in keys:
        w = _count(key, t)
        if w is None:
            continue
        counted.append(key)
        if _estimate(w) > limit:
            for done in counted:
                _uncount(done, t)
            raise Throttled(_wait(w, limit))


def too_many(request, retry_after: int, *, json: bool = False) -> HttpResponse:
    """htmx gets a short text (it keeps what it showed on an error status), JSON callers
    JSON, browsers the "slow down" page; all with Retry-After."""
    message = ngettext(
        "You are sending requests faster than we can answer. Please wait %(seconds)s second.",
        "You are sending requests faster than we can answer. Please wait %(seconds)s seconds.",
        retry_after,
    ) % {"seconds": retry_after}
    if getattr(request, "htmx", False):
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    elif json:
        response = JsonResponse({"error": message, "retry_after": retry_after}, status=429)
    else:
        response = render(request, "429.html", {"retry_message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def throttle(scope: str, *, json: bool = False):
    """View decorator: answer 429 with Retry-After when this client is over ``scope``'s limit.
    ``json``: the view answers non-htmx requests with JSON."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                check(request, scope)
            except Throttled as exc:
                return too_many(request, exc.retry_after, json=json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
