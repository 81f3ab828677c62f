"""Related articles: shared labels first, then text similarity through search."""

from django.db.models import Count

from knowledge_base.models import Article

LIMIT = 5


def related_articles(article, *, user, labels) -> list[Article]:
    from search.services import search

    found: list[Article] = []
    exclude = {article.pk, article.group_id}
    base = Article.objects.visible_to(user).filter(language=article.language).exclude(pk__in=exclude)
    base = base.exclude(translation_of_id=article.group_id)
    if labels:
        shared = (
            base.filter(labels__in=labels)
            .annotate(shared=Count("pk"))
            .order_by("-shared", "-updated_at")
            .only("id", "title", "slug")[:LIMIT]
        )
        found.extend(shared)
    if len(found) < LIMIT:
        page = search(article.title, user=user, kind="article", language=article.language, page_size=LIMIT + 3)
        ids = [r.document.object_id for r in page.results]
        taken = {a.pk for a in found} | exclude
        ids = [i for i in ids if i not in taken]
        if ids:
            by_id = base.only("id", "title", "slug").in_bulk(ids)
            found.extend(by_id[i] for i in ids if i in by_id)
    return found[:LIMIT]
