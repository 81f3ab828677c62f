"""How articles enter the search index (registered in KnowledgeBaseConfig.ready)."""

import html

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search import registry


def article_document(article):
    if article.status != "published":
        return None
    section = article.section
    return registry.Document(
        title=article.title,
        body=html.unescape(strip_tags(article.body_html)),
        url=article.get_absolute_url(),
        language=article.language,
        visibility={"everyone": registry.EVERYONE, "members": registry.MEMBERS}.get(
            article.visibility, registry.AGENTS
        ),
        labels=[label.name for label in article.labels.all()],
        category_key=f"kb-{section.category.slug}",
        category_name=section.category.name,
        updated_at=article.updated_at,
    )


def register():
    from knowledge_base.models import Article

    registry.register(
        Article,
        kind="article",
        kind_label=_("Articles"),
        to_document=article_document,
        queryset=lambda: Article.objects.select_related("section__category").prefetch_related("labels"),
    )
    registry.register_category_names("kb-", category_names)


def category_names(keys):
    from knowledge_base.models import Category

    slugs = [k.removeprefix("kb-") for k in keys]
    return {f"kb-{c.slug}": c.display_name for c in Category.objects.filter(slug__in=slugs)}
