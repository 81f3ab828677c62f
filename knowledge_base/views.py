"""Reader pages of the help centre. Writer pages are in views_manage.py."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import article_visibilities, can_write_articles
from core import pagecache
from core.htmx import render_fragment
from knowledge_base import services
from knowledge_base.access import get_article_for
from knowledge_base.forms import VoteForm
from knowledge_base.models import Article, ArticleVote, Category, Section
from knowledge_base.related import related_articles

LIST_FIELDS = (
    "id",
    "title",
    "slug",
    "section_id",
    "language",
    "updated_at",
    "promoted",
    "position",
    "translation_of_id",
)


def _reader_language() -> str:
    return "nl" if (get_language() or "en").startswith("nl") else "en"


def _listed(user):
    """Articles for lists: what this user may read, one per translation group."""
    return Article.objects.visible_to(user).for_language(_reader_language()).only(*LIST_FIELDS)


# The anonymous help-centre home is cached (core/pagecache.py): article, section and
# category saves bump the version; 60 s at most for what they do not (the brand name).
HOME_TTL = 60


@pagecache.anonymous_page(services.pages, "home", ttl=HOME_TTL)
def home(request):
    template = "knowledge_base/home.html"
    if request.user.is_authenticated:
        # Members (and agents) share the listing of everyone who may see the same articles.
        audience = "-".join(sorted(article_visibilities(request.user)))
        listing = services.pages.fragment(
            services.pages.key("home-listing", audience, request=request),
            HOME_TTL,
            lambda: render_to_string(f"{template}#listing", _home(request), request),
        )
        return render(request, template, {"listing": mark_safe(listing)})  # noqa: S308 - our template's output
    return render(request, template, _home(request))


def _home(request) -> dict:
    listed = _listed(request.user)
    sections_with_articles = Section.objects.filter(Exists(listed.filter(section=OuterRef("pk")))).order_by(
        "position", "name"
    )
    categories = Category.objects.prefetch_related(
        Prefetch("sections", queryset=sections_with_articles, to_attr="listed_sections")
    )
    categories = [c for c in categories if c.listed_sections]
    promoted = list(listed.filter(promoted=True).order_by("position", "title")[:6])
    recent = list(listed.order_by("-updated_at")[:6])
    return {"categories": categories, "promoted": promoted, "recent": recent}


def home_section(request):
    """Promoted articles for the start page, in the reader's language."""
    articles = list(_listed(request.user).order_by("-promoted", "position", "-updated_at")[:6])
    if not articles:
        return None
    return "knowledge_base/_home_section.html", {"articles": articles}


@pagecache.anonymous_page(services.pages, "category", ttl=HOME_TTL)
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    listed = _listed(request.user)
    sections = list(
        category.sections.filter(Exists(listed.filter(section=OuterRef("pk")))).prefetch_related(
            Prefetch("articles", queryset=listed.order_by("-promoted", "position", "title"), to_attr="listed_articles")
        )
    )
    if not sections and not can_write_articles(request.user):
        # Its name and sections would tell readers what exists only for agents (or nothing).
        raise Http404
    for section in sections:
        section.more = len(section.listed_articles) > 6
        section.listed_articles = section.listed_articles[:6]
    return render(request, "knowledge_base/category.html", {"category": category, "sections": sections})


@pagecache.anonymous_page(services.pages, "section", ttl=HOME_TTL, params=("page",))
def section_detail(request, slug):
    section = get_object_or_404(Section.objects.select_related("category"), slug=slug)
    articles = _listed(request.user).filter(section=section).order_by("-promoted", "position", "title")
    page = Paginator(articles, 30).get_page(request.GET.get("page"))
    if not page.paginator.count and not can_write_articles(request.user):
        # A section is there for a reader only when it holds an article they may read
        # (writers see empty ones, to fill them).
        raise Http404
    return render(
        request, "knowledge_base/section.html", {"section": section, "category": section.category, "page": page}
    )


def article_redirect(request, pk):
    article = get_article_for(request.user, pk)
    return redirect(article.get_absolute_url(), permanent=True)


def _translations(article, user):
    group = article.group_id
    return list(
        Article.objects.visible_to(user).filter(pk=group)
        | Article.objects.visible_to(user).filter(translation_of_id=group)
    )


def _my_vote(request, article):
    if request.user.is_authenticated:
        return ArticleVote.objects.filter(article=article, user=request.user).first()
    visitor = request.COOKIES.get("gilde_vid", "")
    if not visitor:
        return None
    return ArticleVote.objects.filter(article=article, user=None, visitor_id=visitor).first()


def _record_article_view(request, meta):
    services.article_record_view(request=request, article=Article(pk=meta["article"], language=meta["language"]))


def _visitor_voted(request, pk, slug) -> bool:
    """A visitor who voted on this article sees their vote: not the shared page.
    (Asked on every cached hit, hence the plain SQL: the ORM costs more to build it than to run it.)"""
    visitor = request.COOKIES.get("gilde_vid", "")
    if not visitor:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {ArticleVote._meta.db_table} WHERE article_id = %s AND user_id IS NULL "  # noqa: S608
            "AND visitor_id = %s LIMIT 1",
            [pk, visitor],
        )
        return cursor.fetchone() is not None


# Article saves bump the version; what they do not track (related questions found
# through search, the brand) lags by at most this long.
ARTICLE_TTL = 120


@pagecache.anonymous_page(
    services.pages, "article", ttl=ARTICLE_TTL, params=("original",), on_hit=_record_article_view,
    bypass=_visitor_voted,
)
def article_detail(request, pk, slug):
    article = get_article_for(request.user, pk)
    if slug != article.slug:
        return redirect(article.get_absolute_url(), permanent=True)
    language = _reader_language()
    translations = [a for a in _translations(article, request.user) if a.pk != article.pk]
    if article.language != language and "original" not in request.GET:
        mine = next((a for a in translations if a.language == language), None)
        if mine is not None:
            return redirect(mine.get_absolute_url())
    not_in_my_language = article.language != language and not any(a.language == language for a in translations)
    services.article_record_view(request=request, article=article)
    request.pagecache_meta = {"article": article.pk, "language": article.language}
    labels = list(article.labels.all())
    context = {
        "article": article,
        "section": article.section,
        "category": article.section.category,
        "labels": labels,
        "toc": [h for h in article.headings if h["level"] in (2, 3)],
        "translations": translations,
        "not_in_my_language": not_in_my_language,
        "related": _related(request, article, labels),
        "vote": _my_vote(request, article),
        "vote_form": VoteForm(),
        "writer": can_write_articles(request.user),
        "json_ld": _json_ld_text(_json_ld(request, article)),
    }
    return render(request, "knowledge_base/article.html", context)


def _related(request, article, labels) -> list:
    """Related articles for readers of the same audience, kept under the knowledge base's
    version (any article saved changes it) and ``ARTICLE_TTL`` (what search adds)."""
    audience = "-".join(sorted(article_visibilities(request.user)))
    return services.pages.value(
        services.pages.key("related", article.pk, audience, request=request),
        ARTICLE_TTL,
        lambda: related_articles(article, user=request.user, labels=labels),
    )


def _json_ld(request, article) -> dict:
    url = request.build_absolute_uri(article.get_absolute_url())
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title[:110],
        "inLanguage": article.language,
        "datePublished": (article.published_at or article.created_at).isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "mainEntityOfPage": url,
        "url": url,
        "author": {"@type": "Organization", "name": _brand_name()},
        "publisher": {"@type": "Organization", "name": _brand_name()},
    }


def _json_ld_text(data: dict) -> str:
    """JSON safe inside <script>: like json_script, <, > and & become \\u escapes."""
    text = json.dumps(data, cls=DjangoJSONEncoder)
    return mark_safe(text.translate({ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}))  # noqa: S308


def _brand_name() -> str:
    from branding.services import brand_get

    return brand_get().name


@require_POST
def article_vote(request, pk):
    article = get_article_for(request.user, pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request,
                "knowledge_base/article.html#vote",
                {"article": article, "vote": _my_vote(request, article), "vote_form": form},
                status=400,
            )
        messages.error(request, _("Choose Yes or No."))
        return redirect(article.get_absolute_url() + "#helpful")
    user = request.user if request.user.is_authenticated else None
    vote = services.article_vote(
        article=article,
        helpful=form.cleaned_data["helpful"],
        user=user,
        visitor_id="" if user else request.get_visitor_id(),
        note=form.cleaned_data["note"],
    )
    if not request.htmx:
        messages.success(request, _("Thank you for your feedback."))
        return redirect(article.get_absolute_url() + "#helpful")
    return render_fragment(
        request,
        "knowledge_base/article.html",
        "vote",
        {"article": article, "vote": vote, "vote_form": VoteForm(), "just_voted": True},
    )


def label_detail(request, slug):
    from knowledge_base.models import ArticleLabel

    label = get_object_or_404(ArticleLabel, slug=slug)
    articles = _listed(request.user).filter(labels=label).select_related("section").order_by("title")
    page = Paginator(articles, 30).get_page(request.GET.get("page"))
    if not page.object_list and page.number == 1:
        raise Http404
    return render(request, "knowledge_base/label.html", {"label": label, "page": page})
