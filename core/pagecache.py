"""Shared caching of rendered pages, for anonymous visitors and for the parts of a page every reader shares.

Two uses:

- ``anonymous_page``: whole pages for anonymous visitors with no session and no
  pending message (help-centre home, categories, sections, articles, question
  lists, question pages). The CSP nonce and every CSRF token are replaced by
  markers when stored and filled in per hit, so each visitor still gets their
  own nonce and a token for their own cookie. The view's access checks ran when
  the page was stored; what would change them goes through a write service
  that bumps the version. ``on_hit`` records what the view would have (a view
  event).
- ``PageCache.key``: keys for shared fragments, like the question thread that
  visitors and members share (community/slots.py fills in each reader's
  controls).

Exactness: each app has ONE version token (``PageCache(namespace)``); the
app's write services are wrapped in ``@pages.bumps``, which replaces the token
at once and again after the transaction commits (a reader racing the commit
may cache the old page under the new token; the second bump drops it). A
change made through the services is therefore visible on the next request.
Every key also holds the ``layout`` version, which a brand change bumps. What
the tokens do not track (an author's display name; "3 minutes ago") is bounded
by the TTL each view gives. Members are never served a whole cached page.
"""

import functools
import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from core.versions import VersionToken


def plain_query(request, params=()) -> bool:
    """A plain GET (no htmx fragment request) whose query string holds only
    ``params``, each once. (Other parameters would each make a new key, and pages
    may echo the full path.)"""
    return (
        request.method == "GET"
        and not getattr(request, "htmx", False)
        and all(name in params for name in request.GET)
        and all(len(request.GET.getlist(name)) == 1 for name in request.GET)
    )


def cacheable(request, params=()) -> bool:
    """An anonymous ``plain_query``: the only requests served whole pages from the cache."""
    return not request.user.is_authenticated and plain_query(request, params)


def query_hash(request) -> str:
    return hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:24]


class PageCache:
    def __init__(self, namespace: str):
        self.namespace = namespace
        self.token = VersionToken(f"{namespace}:pages:version")
        self.version_key = self.token.key

    def bump(self) -> None:
        """Every cached page of this namespace is stale from now on."""
        self.token.bump()

    def bumps(self, fn):
        """Decorator for a write service: cached pages are stale after it ran."""

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            finally:
                self.bump()

        return wrapper

    def fragment(self, key: str, ttl: int, make, *, compile=None):
        """The HTML under ``key`` (from ``make()`` when missing), shared through the
        cache; ``compile(html)``, when given, is applied once per process and its
        result kept in this process (keys hold the versions, so a kept value is
        never stale beyond ``ttl``)."""
        return self.value(key, ttl, lambda: str(make()), compile=compile)

    def value(self, key: str, ttl: int, make, *, compile=None):
        """Like ``fragment`` for any picklable value (e.g. a row every request reads)."""
        found = _local.get(key)
        if found is not None:
            return found
        value = cache.get(key)
        if value is None:
            value = make()
            cache.set(key, value, ttl)
        if compile is not None:
            value = compile(value)
        _local.set(key, value, ttl)
        return value

    def version(self) -> str:
        return self.token.get()

    def key(self, name: str, *parts, request=None) -> str:
        """Language, the page's identity (``parts``), this namespace's version and the
        layout's. With ``request``, the versions are read once per request."""
        extra = ":".join(str(p) for p in parts)
        versions = getattr(request, "_pagecache_versions", {}).get(self.namespace) if request is not None else None
        if versions is None:
            found = cache.get_many([self.version_key, layout.version_key])
            versions = (
                found.get(self.version_key) or self.version(),
                found.get(layout.version_key) or layout.version(),
            )
            if request is not None:
                request.__dict__.setdefault("_pagecache_versions", {})[self.namespace] = versions
        return f"{self.namespace}:page:{name}:{get_language() or ''}:{extra}:{versions[0]}:{versions[1]}"


class ProcessMemo:
    """A small per-process LRU with expiry: in front of the shared cache for values
    under versioned keys (a key's value never changes, it only expires), and for
    renderings whose key holds everything they depend on (the layout, empty forms)."""

    def __init__(self, size: int = 256):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            value, expires = found
            if expires < time.monotonic():
                del self.items[key]
                return None
            self.items.move_to_end(key)
            return value

    def set(self, key, value, ttl: int) -> None:
        with self.lock:
            self.items[key] = (value, time.monotonic() + ttl)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def get_or_set(self, key, make, ttl: int):
        value = self.get(key)
        if value is None:
            value = make()
            self.set(key, value, ttl)
        return value

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_local = ProcessMemo()


# The layout around every page (brand name, colours, logo, footer links): a brand
# change makes every cached page stale (branding.services.brand_update bumps it).
layout = PageCache("layout")


# --- whole anonymous pages --------------------------------------------------------------------------

NONCE_MARK = "<gilde:nonce>"
CSRF_MARK = "<gilde:csrf>"
_CSRF_IN_PAGE = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]+)"|name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _plain_visitor(request) -> bool:
    """No session and no pending message: nothing in the layout is this visitor's own."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def anonymous_page(pages: PageCache, name: str, *, ttl: int, params=(), on_hit=None, bypass=None):
    """Serve a whole page to anonymous visitors from the shared cache.

    The stored HTML has the request's CSP nonce and CSRF token replaced by
    markers; each hit gets its own nonce (so the policy stays a real nonce
    policy) and its own CSRF token (set as a cookie like any page that shows a
    form). Keyed by path, query (only ``params``), language and ``pages``'s
    version, and the layout version. Only 200 responses without cookies of
    their own are stored. ``on_hit(request, meta)`` runs on a hit instead of the
    view (to record what the view would, e.g. a view event); ``meta`` is the
    dict the view left in ``request.pagecache_meta`` when the page was stored.
    ``bypass(request, *args, **kwargs)`` returning True renders the view
    normally (e.g. a visitor who voted on this article).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not (cacheable(request, params) and _plain_visitor(request)) or (
                bypass is not None and bypass(request, *args, **kwargs)
            ):
                return view(request, *args, **kwargs)
            path = hashlib.sha256(request.path.encode()).hexdigest()[:32]
            key = pages.key(f"full:{name}", path, query_hash(request), request=request)
            entry = cache.get(key)
            if entry is not None:
                body, content_type, meta = entry
                if on_hit is not None:
                    on_hit(request, meta)
                if NONCE_MARK in body:
                    body = body.replace(NONCE_MARK, str(request.csp_nonce))
                if CSRF_MARK in body:
                    body = body.replace(CSRF_MARK, get_token(request))
                return HttpResponse(body, content_type=content_type)
            response = view(request, *args, **kwargs)
            messages = getattr(request, "_messages", None)
            shown_or_added = messages is not None and (messages.used or messages.added_new)
            if response.status_code == 200 and not response.streaming and not response.cookies and not shown_or_added:
                body = response.content.decode(response.charset)
                nonce = getattr(request, "_csp_nonce", None)
                if isinstance(nonce, str):
                    body = body.replace(nonce, NONCE_MARK)
                # Every (masked) token the page holds: the layout's and any form's.
                for token in {a or b for a, b in _CSRF_IN_PAGE.findall(body)}:
                    body = body.replace(token, CSRF_MARK)
                cache.set(key, (body, response["Content-Type"], getattr(request, "pagecache_meta", {})), ttl)
            return response

        return wrapper

    return decorator
