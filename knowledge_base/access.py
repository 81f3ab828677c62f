from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import article_visibilities, can_write_articles
from knowledge_base.models import Article


def get_article_for(user, pk: int, *, edit: bool = False) -> Article:
    """The article when ``user`` may read it (404 otherwise); with ``edit``,
    403 for readers who may see but not change it.

    Writers also reach drafts and archived articles (with a banner), but only
    those whose visibility they may see.
    """
    qs = Article.objects.select_related("section__category", "translation_of", "author")
    if can_write_articles(user):
        article = get_object_or_404(qs, pk=pk, visibility__in=article_visibilities(user))
    else:
        article = qs.visible_to(user).filter(pk=pk).first()
        if article is None:
            raise Http404
        if edit:
            raise PermissionDenied
    return article
