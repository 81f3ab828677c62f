from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from search.registry import AGENTS, EVERYONE, MEMBERS


class Visibility(models.TextChoices):
    EVERYONE = EVERYONE, _("Everyone")
    MEMBERS = MEMBERS, _("Signed-in members")
    AGENTS = AGENTS, _("Agents only")


class SearchDocument(models.Model):
    """One findable thing (an article, a question), written only by search.index.

    The full-text part lives beside it: a ``vector`` tsvector column with a GIN
    index on PostgreSQL, the ``search_fts`` FTS5 table (rowid = id) on SQLite;
    both are created by migration 0002 and kept up to date by search.backends.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=300)
    labels = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    language = models.CharField(max_length=8, default="en")
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.EVERYONE)
    category_key = models.CharField(max_length=100, blank=True)
    category_name = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_one_document_per_object"),
        ]
        indexes = [
            models.Index(fields=["kind", "language"]),
            models.Index(fields=["category_key"]),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"
