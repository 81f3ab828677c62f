"""Reads of the index: ``search()`` for the results page, ``suggest()`` for as-you-type.

Same function and behaviour on PostgreSQL and SQLite (see search.backends).
All words must match; when none do, any word may (long questions typed into
"Get help" still find something); results are ranked, then newest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from search import registry, stemming
from search.backends import Filters, get_backend
from search.models import SearchDocument

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12


def visibilities_for(user) -> list[str]:
    if user is None or not user.is_authenticated:
        return [registry.EVERYONE]
    if user.has_perm("accounts.view_internal_articles"):
        return [registry.EVERYONE, registry.MEMBERS, registry.AGENTS]
    return [registry.EVERYONE, registry.MEMBERS]


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
    total: int
    number: int
    page_size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _run(query, *, user, kind, language, category, offset, limit, prefix_last):
    terms = stemming.query_terms((query or "")[:MAX_QUERY_LENGTH])[:MAX_TERMS]
    if not terms:
        return 0, []
    filters = Filters(visibilities=visibilities_for(user), kind=kind, language=language, category=category)
    backend = get_backend()
    total, rows = backend.search(terms, filters, offset=offset, limit=limit, mode="all", prefix_last=prefix_last)
    if total == 0 and len(terms) > 1:
        total, rows = backend.search(terms, filters, offset=offset, limit=limit, mode="any", prefix_last=prefix_last)
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
        limit=page_size,
        prefix_last=False,
    )
    return ResultPage(query=query, results=results, total=total, number=page, page_size=page_size)


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
    )
    return results


def categories(*, user, kind=None) -> list[tuple[str, str]]:
    """(key, name) of the categories that have documents this user may see."""
    qs = SearchDocument.objects.filter(visibility__in=visibilities_for(user)).exclude(category_key="")
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.values_list("category_key", "category_name").distinct().order_by("category_name"))
