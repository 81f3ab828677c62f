"""A fixed-window rate limit on Django's cache with atomic counters.

``cache.add`` creates the counter only if it is missing and ``cache.incr`` is
atomic on Redis and locmem, so two processes cannot both slip under the limit.
While Redis is unreachable the cache answers None and the limit lets the
request through (fails open): a short outage must not stop customers from
asking for help; the outage itself is what /healthz and the logs report.
"""

import time

from django.conf import settings
from django.core.cache import cache


class Limited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


def ticket_limit() -> tuple[int, int]:
    """(tickets, per seconds); settings.SUPPORT_TICKET_RATE_LIMIT overrides the default 5 per hour."""
    limit, window = getattr(settings, "SUPPORT_TICKET_RATE_LIMIT", (5, 3600))
    return int(limit), int(window)


def ticket_ip_limit() -> tuple[int, int]:
    """The ceiling per client address (settings.SUPPORT_TICKET_IP_RATE_LIMIT, default 30 per hour).

    Tickets are counted per member and per visitor cookie first; everyone behind
    one company network shares only this much higher ceiling, which stops a
    script that throws its cookie away after every ticket.
    """
    limit, window = getattr(settings, "SUPPORT_TICKET_IP_RATE_LIMIT", (30, 3600))
    return int(limit), int(window)


def hit(key: str, *, limit: int, window: int) -> None:
    """Count one attempt for ``key``; raise Limited when this one is over the limit."""
    now = int(time.time())
    bucket = now // window
    cache_key = f"rl:{key}:{bucket}"
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window + 5)
        count = 1
    if count is None:
        return  # the cache is unreachable: limits fail open (docs/operations.md)
    if count > limit:
        raise Limited(retry_after=max(1, (bucket + 1) * window - now))
