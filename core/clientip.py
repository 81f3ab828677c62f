"""The client's address, as every rate limit and every stored IP must read it.

Behind reverse proxies REMOTE_ADDR is the last proxy's address, the same for
every client. Each proxy appends the address it received the request from to
X-Forwarded-For, so with ``GILDE_TRUSTED_PROXY_COUNT`` = N proxies of our own in
front of Django, the client is the Nth address from the right; everything left
of it was written by the client and may be forged. With N = 0 (the default:
Django faces the internet) the header is never read. allauth's login, signup
and password-reset limits ask the same function (accounts.adapters), and
ALLAUTH_TRUSTED_PROXY_COUNT is set from the same environment variable.
"""

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = int(getattr(settings, "GILDE_TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(forwarded) < count:
        # Fewer hops than proxies we run: the request did not come through all of them
        # (or a proxy is misconfigured). Do not guess from what the client wrote.
        if forwarded:
            logger.warning("X-Forwarded-For has %s hops, GILDE_TRUSTED_PROXY_COUNT is %s", len(forwarded), count)
        return remote
    return _clean(forwarded[-count]) or remote
