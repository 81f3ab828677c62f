"""/sitemap.xml: public, published articles only (the same visible_to rule)."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from knowledge_base.models import Article


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Article.objects.public().only("id", "slug", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"articles": ArticleSitemap}

# Included at /sitemap.xml by config/urls.py.
urlpatterns = [path("", sitemap, {"sitemaps": SITEMAPS}, name="sitemap")]
