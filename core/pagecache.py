"""Shared, anonymous-only caching of a page's main fragment (used by community and knowledge_base).

Only the ``{% block content %}`` HTML of a page an anonymous visitor sees is
cached (the template wraps it in ``{% partialdef main inline %}`` and shows
``cached_main`` instead when given); the layout around it (header, account
menu, the CSRF token of the language switch, messages) is rendered per
request, and the view still does its access checks and records its analytics
event on every request. Signed-in members are never served from, and never
write to, this cache: their pages carry their own votes, follows, edit links
and forms.

Exactness: each app has ONE version token (``PageCache(namespace)``); the
app's write services are wrapped in ``@pages.bumps``, which replaces the token
at once and again after the transaction commits (a reader racing the commit
may cache the old page under the new token; the second bump drops it). A
change made through the services is therefore visible on the next request.
What the token does not track is bounded by the TTL the view gives.
"""

import functools
import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


def cacheable(request, params=()) -> bool:
    """Anonymous plain GET (no htmx fragment request) whose query string holds
    only ``params``, each once: the only requests served from the cache. (Other
    parameters would each make a new key, and pages may echo the full path.)"""
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not getattr(request, "htmx", False)
        and all(name in params for name in request.GET)
        and all(len(request.GET.getlist(name)) == 1 for name in request.GET)
    )


class PageCache:
    def __init__(self, namespace: str):
        self.namespace = namespace
        self.version_key = f"{namespace}:pages:version"

    def _new_version(self) -> None:
        cache.set(self.version_key, uuid.uuid4().hex, None)

    def bump(self) -> None:
        """Every cached page of this namespace is stale from now on."""
        self._new_version()
        transaction.on_commit(self._new_version)

    def bumps(self, fn):
        """Decorator for a write service: cached pages are stale after it ran."""

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            finally:
                self.bump()

        return wrapper

    def version(self) -> str:
        version = cache.get(self.version_key)
        if version is None:
            cache.add(self.version_key, uuid.uuid4().hex, None)
            version = cache.get(self.version_key) or ""
        return version

    def key_for(self, request, name: str, *parts) -> str:
        """Language, the page's own identity (``parts``), the query string (see
        cacheable()) and the current version."""
        query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:24]
        extra = ":".join(str(p) for p in parts)
        return f"{self.namespace}:page:{name}:{get_language() or ''}:{extra}:{query}:{self.version()}"

    def cached_main(self, request, key: str, ttl: int, template: str, make_context) -> dict:
        """Context for ``template`` with ``cached_main``: its ``#main`` partial's
        HTML from the cache, or rendered from ``make_context()`` and stored when
        missing (then the context also holds what the partial was rendered with)."""
        html = cache.get(key)
        if html is not None:
            return {"cached_main": mark_safe(html)}  # noqa: S308 - our own rendered template output
        context = make_context()
        html = render_to_string(f"{template}#main", context, request)
        cache.set(key, html, ttl)
        return {**context, "cached_main": mark_safe(html)}  # noqa: S308 - our own rendered template output
