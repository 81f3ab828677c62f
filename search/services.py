"""Reads of the index: ``search()`` for the results page, ``suggest()`` for as-you-type.

Same function and behaviour on PostgreSQL and SQLite (see search.backends).
All words must match; when none do, any word may (long questions typed into
"Get help" still find something); results are ranked, then newest first. A
query with more than RANK_LIMIT matches ranks a bounded set of candidates and
says "more than RANK_LIMIT" instead of counting (see search.backends).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language

from accounts.roles import article_visibilities
from core.versions import VersionToken
from search import registry, stemming
from search.backends import Filters, get_backend
from search.models import SearchDocument

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# A common word matches tens of thousands of documents, and ranking (or even
# counting) them all costs far more than a search may. So at most this many
# matches are ranked, the newest ones, plus as many older ones that match in
# their title; the rest follow, newest first (see search.backends). Up to this
# many matches, order and count are exact; past it the page says "more than".
RANK_LIMIT = 500
CATEGORIES_VERSION = VersionToken("search:categories:version")
CATEGORIES_TTL = 24 * 3600


@dataclass
class Result:
    document: SearchDocument
    snippet: str  # safe HTML: escaped text with <mark>
    rank: float
    position: int

    @property
    def title(self):
        return self.document.title

    @property
    def url(self):
        return self.document.url

    @property
    def kind_label(self):
        return dict(registry.kinds()).get(self.document.kind, self.document.kind)


@dataclass
class ResultPage:
    query: str
    results: list[Result]
    total: int  # exact, or when not ``total_is_exact`` a lower bound: there are more than this
    number: int
    page_size: int
    total_is_exact: bool = True
    has_more: bool = False  # results follow this page (what has_next says when the total is not exact)

    @property
    def num_pages(self) -> int:
        """Pages known to exist (all of them when the total is exact)."""
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages if self.total_is_exact else self.has_more

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _run(query, *, user, kind, language, category, offset, limit, prefix_last, rank_limit):
    """(total, results): ``total`` is exact up to ``rank_limit``, else ``rank_limit + 1``."""
    terms = stemming.query_terms((query or "")[:MAX_QUERY_LENGTH])[:MAX_TERMS]
    if not terms:
        return 0, []
    filters = Filters(visibilities=article_visibilities(user), kind=kind, language=language, category=category)
    backend = get_backend()
    options = {"offset": offset, "limit": limit, "prefix_last": prefix_last, "rank_limit": rank_limit}
    total, rows = backend.search(terms, filters, mode="all", **options)
    if total == 0 and len(terms) > 1:
        total, rows = backend.search(terms, filters, mode="any", **options)
    docs = SearchDocument.objects.in_bulk([pk for pk, _, _ in rows])
    results = [
        Result(document=docs[pk], snippet=snippet, rank=rank, position=offset + i + 1)
        for i, (pk, rank, snippet) in enumerate(rows)
        if pk in docs
    ]
    return total, results


def search(query: str, *, user, kind=None, language=None, category=None, page=1, page_size=PAGE_SIZE) -> ResultPage:
    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    total, results = _run(
        query,
        user=user,
        kind=kind,
        language=language,
        category=category,
        offset=(page - 1) * page_size,
        limit=page_size + 1,  # one more: is there a next page?
        prefix_last=False,
        rank_limit=RANK_LIMIT,
    )
    return ResultPage(
        query=query,
        results=results[:page_size],
        total=min(total, RANK_LIMIT),
        number=page,
        page_size=page_size,
        total_is_exact=total <= RANK_LIMIT,
        has_more=len(results) > page_size,
    )


def suggest(query: str, *, user, kind=None, language=None, limit=5) -> list[Result]:
    """As-you-type: the last word may be unfinished, so it matches as a prefix."""
    _, results = _run(
        query,
        user=user,
        kind=kind,
        language=language,
        category=None,
        offset=0,
        limit=max(1, min(int(limit), 10)),
        prefix_last=True,
        rank_limit=RANK_LIMIT,
    )
    return results


def categories(*, user, kind=None) -> list[tuple[str, str]]:
    """(key, name) of the categories that have documents this user may see.

    Cached: the DISTINCT reads every document. search.index calls
    ``categories_changed()`` whenever a document appears, disappears or changes
    its kind, visibility or category, so the list is never stale.
    """
    visibilities = article_visibilities(user)
    language = get_language() or ""
    key = f"search:categories:{CATEGORIES_VERSION.get()}:{language}:{','.join(visibilities)}:{kind or ''}"
    found = cache.get(key)
    if found is None:
        qs = SearchDocument.objects.filter(visibility__in=visibilities).exclude(category_key="")
        if kind:
            qs = qs.filter(kind=kind)
        found = list(qs.values_list("category_key", "category_name").distinct())
        # Named in the reader's language by the app that owns the category (a renamed
        # category calls categories_changed(), so the cached names follow).
        names = registry.category_names([k for k, _ in found])
        found = sorted(((k, names.get(k, name)) for k, name in found), key=lambda pair: pair[1].lower())
        cache.set(key, found, CATEGORIES_TTL)
    return [tuple(pair) for pair in found]


def categories_changed() -> None:
    """Cached category lists are stale: now (for this transaction) and again after
    it commits (a reader racing the commit may have cached the old list under the
    first new version)."""
    CATEGORIES_VERSION.bump()
