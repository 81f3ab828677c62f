"""Every write to the knowledge base."""

from __future__ import annotations

import difflib

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

import analytics
from core.markdown import render_markdown
from core.pagecache import PageCache
from knowledge_base.models import Article, ArticleRevision, ArticleVote, Category, Section

# Anonymous cached help-centre home (knowledge_base/views.py): every write below makes it stale.
pages = PageCache("knowledge_base")

EDITABLE_FIELDS = (
    "section",
    "title",
    "body",
    "language",
    "status",
    "visibility",
    "promoted",
    "position",
    "translation_of",
)


def _unique_slug(model, base: str, *, exclude_pk=None) -> str:
    base = slugify(base)[:120] or "item"
    slug, n = base, 2
    qs = model.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@pages.bumps
@transaction.atomic
def category_save(
    *,
    category: Category | None = None,
    name: str,
    description: str = "",
    name_nl: str = "",
    description_nl: str = "",
    position: int = 0,
    slug: str = "",
) -> Category:
    category = category or Category()
    category.name, category.description = name, description
    category.name_nl, category.description_nl = name_nl, description_nl
    category.position = position
    category.slug = _unique_slug(Category, slug or name, exclude_pk=category.pk)
    category.save()
    _reindex_articles(Article.objects.filter(section__category=category))
    from search.services import categories_changed

    categories_changed()  # the search filter names categories in the reader's language
    return category


@pages.bumps
@transaction.atomic
def section_save(
    *,
    section: Section | None = None,
    category: Category,
    name: str,
    description: str = "",
    name_nl: str = "",
    description_nl: str = "",
    position: int = 0,
    slug: str = "",
) -> Section:
    section = section or Section()
    section.category = category
    section.name, section.description = name, description
    section.name_nl, section.description_nl = name_nl, description_nl
    section.position = position
    section.slug = _unique_slug(Section, slug or name, exclude_pk=section.pk)
    section.save()
    _reindex_articles(Article.objects.filter(section=section))
    return section


def _render(article: Article) -> None:
    rendered = render_markdown(article.body)
    article.body_html = rendered.html
    article.headings = [{"level": h.level, "text": h.text, "anchor": h.anchor} for h in rendered.headings]


@pages.bumps
@transaction.atomic
def article_save(
    *,
    author,
    article: Article | None = None,
    labels: list[str] | None = None,
    note: str = "",
    mark_translation_current: bool = False,
    **fields,
) -> Article:
    """Create or update an article; every save stores a revision.

    ``fields`` are Article fields from EDITABLE_FIELDS. A translation keeps its
    "outdated" mark until it is saved with ``mark_translation_current``
    (or created), which records that it matches its source as it is now.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    creating = article is None
    article = article or Article(author=author)
    before = (article.title, article.body)
    for name, value in fields.items():
        setattr(article, name, value)
    if article.translation_of_id and article.translation_of_id == article.pk:
        article.translation_of = None
    now = timezone.now()
    content_changed = creating or before != (article.title, article.body)
    if content_changed:
        article.content_updated_at = now
    if article.translation_of_id and (creating or mark_translation_current or article.source_synced_at is None):
        article.source_synced_at = article.translation_of.content_updated_at
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = now
    article.slug = slugify(article.title)[:200] or "article"
    article.updated_at = now
    _render(article)
    article.save()
    if labels is not None:
        article.labels.set([label.strip()[:100] for label in labels if label.strip()], clear=False)
    _revision_add(article=article, author=author, note=note)
    # Search re-indexes on post_save after commit, so the labels set above are included.
    return article


def _reindex_articles(queryset) -> None:
    from search import registry

    for article in queryset.only("pk"):
        registry.reindex_later(article)


def _revision_add(*, article: Article, author, note: str = "") -> ArticleRevision:
    last = article.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleRevision.objects.create(
        article=article,
        number=last + 1,
        author=author if (author and author.is_authenticated) else None,
        title=article.title,
        body=article.body,
        labels=", ".join(sorted(article.labels.names())),
        status=article.status,
        visibility=article.visibility,
        note=note[:200],
    )


@pages.bumps
@transaction.atomic
def article_restore_revision(*, article: Article, revision: ArticleRevision, author) -> Article:
    """Bring back an old revision's title, body and labels as a new revision."""
    if revision.article_id != article.pk:
        raise ValueError("revision of another article")
    labels = [x.strip() for x in revision.labels.split(",") if x.strip()]
    return article_save(
        author=author,
        article=article,
        labels=labels,
        title=revision.title,
        body=revision.body,
        note=f"restored revision {revision.number}",
    )


@pages.bumps
@transaction.atomic
def article_set_status(*, article: Article, status: str, author) -> Article:
    return article_save(author=author, article=article, status=status, note=f"status: {status}")


@pages.bumps
@transaction.atomic
def article_set_promoted(*, article: Article, promoted: bool) -> Article:
    Article.objects.filter(pk=article.pk).update(promoted=promoted)
    article.promoted = promoted
    return article


def article_record_view(*, request, article: Article) -> None:
    """Buffered, not written: ``article_views_add`` counts it when the batch is written."""
    analytics.track_request(request, "kb.article_viewed", obj=article, language=article.language, defer=True)


@analytics.on_flush("kb.article_viewed")
def article_views_add(counts: dict[int, int]) -> None:
    """Add a batch of buffered views to ``view_count``, in the transaction that writes their events."""
    for pk, views in counts.items():
        Article.objects.filter(pk=pk).update(view_count=F("view_count") + views)


@transaction.atomic
def article_vote(*, article: Article, helpful: bool, user=None, visitor_id: str = "", note: str = "") -> ArticleVote:
    """Cast or change the one vote of a member (or anonymous visitor).

    The unique constraints make a second vote impossible; a race that loses
    the insert updates the row the other request wrote.
    """
    member = user if (user is not None and user.is_authenticated) else None
    if member is None and not visitor_id:
        raise ValueError("a vote needs a member or a visitor id")
    lookup = (
        {"article": article, "user": member} if member else {"article": article, "user": None, "visitor_id": visitor_id}
    )
    note = (note or "").strip()[:1000] if not helpful else ""
    vote = ArticleVote.objects.select_for_update().filter(**lookup).first()
    if vote is None:
        try:
            with transaction.atomic():
                vote = ArticleVote.objects.create(**lookup, helpful=helpful, note=note)
        except IntegrityError:
            vote = ArticleVote.objects.select_for_update().get(**lookup)
        else:
            field = "helpful_yes" if helpful else "helpful_no"
            Article.objects.filter(pk=article.pk).update(**{field: F(field) + 1})
            _track_vote(article, vote, member, visitor_id, changed=False)
            return vote
    if vote.helpful != helpful:
        old, new = ("helpful_yes", "helpful_no") if vote.helpful else ("helpful_no", "helpful_yes")
        Article.objects.filter(pk=article.pk).update(**{old: F(old) - 1, new: F(new) + 1})
        changed = True
    else:
        changed = False
    vote.helpful = helpful
    if not helpful and note:
        vote.note = note
    elif helpful:
        vote.note = ""
    vote.updated_at = timezone.now()
    vote.save(update_fields=["helpful", "note", "updated_at"])
    _track_vote(article, vote, member, visitor_id, changed=changed)
    return vote


def _track_vote(article, vote, member, visitor_id, *, changed):
    analytics.track(
        "kb.article_voted",
        user=member,
        obj=article,
        visitor_id="" if member else visitor_id,
        helpful=vote.helpful,
        has_note=bool(vote.note),
        changed=changed,
    )


def revision_diff(older: ArticleRevision, newer: ArticleRevision) -> list[tuple[str, str]]:
    """(kind, line) pairs of a unified diff: kind is 'add', 'del', 'hunk' or 'same'."""
    a = [f"# {older.title}", "", *older.body.splitlines(), "", f"labels: {older.labels}"]
    b = [f"# {newer.title}", "", *newer.body.splitlines(), "", f"labels: {newer.labels}"]
    lines = []
    for line in difflib.unified_diff(a, b, lineterm="", n=3):
        if line.startswith(("---", "+++")):
            continue
        kind = (
            "hunk"
            if line.startswith("@@")
            else "add"
            if line.startswith("+")
            else "del"
            if line.startswith("-")
            else "same"
        )
        lines.append((kind, line))
    return lines
