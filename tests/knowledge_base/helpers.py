"""Small builders for knowledge-base tests (articles go through the services)."""

import itertools

from knowledge_base import services
from knowledge_base.models import Article, Category, Section

_n = itertools.count(1)


def category(name=None, **kwargs):
    n = next(_n)
    return services.category_save(name=name or f"Category {n}", **kwargs)


def section(cat=None, name=None, **kwargs):
    n = next(_n)
    return services.section_save(category=cat or category(), name=name or f"Section {n}", **kwargs)


def article(
    sec=None,
    *,
    title=None,
    body="Some text.\n\n## First step\n\nDo this.",
    labels=None,
    status=Article.Status.PUBLISHED,
    visibility=Article.Visibility.EVERYONE,
    language="en",
    author=None,
    **kwargs,
):
    n = next(_n)
    return services.article_save(
        author=author,
        section=sec or section(),
        title=title or f"Article {n}",
        body=body,
        status=status,
        visibility=visibility,
        language=language,
        labels=labels or [],
        **kwargs,
    )


def published(*args, **kwargs):
    return article(*args, **kwargs)


__all__ = ["Article", "Category", "Section", "article", "category", "section", "published"]
