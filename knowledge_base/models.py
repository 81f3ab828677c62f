from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from core.i18n import TranslatedNameMixin
from core.tags import NonEmptySlugMixin
from knowledge_base.querysets import ArticleQuerySet

LANGUAGES = [("en", "English"), ("nl", "Nederlands")]


class Category(TranslatedNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=120)
    name_nl = models.CharField(_("name in Dutch"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_nl = models.TextField(_("description in Dutch"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("knowledge_base:category", args=[self.slug])


class Section(TranslatedNameMixin, models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="sections", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=120)
    name_nl = models.CharField(_("name in Dutch"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_nl = models.TextField(_("description in Dutch"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("knowledge_base:section", args=[self.slug])


class ArticleLabel(NonEmptySlugMixin, TagBase):
    """Labels of articles: a tag model of their own, apart from community tags."""

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(ArticleLabel, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="kb_label_once_per_article")]


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Visibility(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        MEMBERS = "members", _("Signed-in members")
        AGENTS = "agents", _("Agents only")

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section"))
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=False)
    body = models.TextField(_("body"), help_text=_("Markdown. Headings build the table of contents."))
    body_html = models.TextField(editable=False, blank=True)
    headings = models.JSONField(default=list, editable=False, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="en")
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        verbose_name=_("translation of"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.EVERYONE
    )
    promoted = models.BooleanField(_("promoted"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    labels = TaggableManager(through=TaggedArticle, blank=True, verbose_name=_("labels"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When the title or body last changed; a translation is outdated when its
    # source's content changed after the translation was last brought in line.
    content_updated_at = models.DateTimeField(default=timezone.now)
    source_synced_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0)
    helpful_yes = models.PositiveIntegerField(default=0)
    helpful_no = models.PositiveIntegerField(default=0)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["section", "status", "position"]),
            models.Index(fields=["status", "visibility", "-updated_at"]),
            models.Index(fields=["promoted", "status"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge_base:article", args=[self.pk, self.slug or "article"])

    @property
    def group_id(self) -> int:
        return self.translation_of_id or self.pk

    @property
    def is_outdated(self) -> bool:
        source = self.translation_of
        if source is None:
            return False
        return self.source_synced_at is None or source.content_updated_at > self.source_synced_at

    @property
    def vote_count(self) -> int:
        return self.helpful_yes + self.helpful_no

    @property
    def helpful_share(self) -> int | None:
        """Yes votes as a whole percentage, or None before anyone voted."""
        total = self.vote_count
        return round(100 * self.helpful_yes / total) if total else None


class ArticleRevision(models.Model):
    """The article as it was saved: one row per save, never changed."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200)
    body = models.TextField()
    labels = models.TextField(blank=True)
    status = models.CharField(max_length=16)
    visibility = models.CharField(max_length=16)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="kb_revision_number_unique")]

    def __str__(self):
        return f"{self.article_id} r{self.number}"


class ArticleVote(models.Model):
    """'Was this helpful?': one per member, or per anonymous visitor, per article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    visitor_id = models.CharField(max_length=64, blank=True)
    helpful = models.BooleanField()
    note = models.TextField(_("What was missing?"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"],
                condition=models.Q(user__isnull=False),
                name="kb_one_vote_per_member",
            ),
            models.UniqueConstraint(
                fields=["article", "visitor_id"],
                condition=models.Q(user__isnull=True) & ~models.Q(visitor_id=""),
                name="kb_one_vote_per_visitor",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(visitor_id=""),
                name="kb_vote_has_voter",
            ),
        ]

    def __str__(self):
        return f"{'yes' if self.helpful else 'no'} on {self.article_id}"
