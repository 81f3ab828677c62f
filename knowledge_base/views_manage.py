"""Writer pages: the overview, editing, preview, revisions, categories and sections."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import Cast, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import permission_required
from accounts.roles import article_visibilities
from core.markdown import render_markdown
from knowledge_base import services
from knowledge_base.access import get_article_for
from knowledge_base.forms import ArticleForm, CategoryForm, PreviewForm, SectionForm
from knowledge_base.models import Article, ArticleRevision, ArticleVote, Category, Section

writer_required = permission_required("write_articles")


def _writer_articles(user):
    return Article.objects.filter(visibility__in=article_visibilities(user))


@writer_required
def manage(request):
    """Every article with its helpfulness and views, worst helpfulness first."""
    votes = F("helpful_yes") + F("helpful_no")
    articles = (
        _writer_articles(request.user)
        .select_related("section__category", "translation_of")
        .annotate(
            vote_total=votes,
            yes_share=ExpressionWrapper(
                Cast("helpful_yes", FloatField()) / NullIf(Cast(votes, FloatField()), 0.0), output_field=FloatField()
            ),
        )
        .order_by(F("yes_share").asc(nulls_last=True), "-helpful_no", "-view_count", "title")
    )
    status = request.GET.get("status", "")
    if status in Article.Status.values:
        articles = articles.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        articles = articles.filter(Q(title__icontains=query) | Q(section__name__icontains=query))
    page = Paginator(articles, 50).get_page(request.GET.get("page"))
    notes = (
        ArticleVote.objects.filter(helpful=False, article__visibility__in=article_visibilities(request.user))
        .exclude(note="")
        .select_related("article")
        .order_by("-updated_at")[:10]
    )
    return render(
        request,
        "knowledge_base/manage.html",
        {
            "page": page,
            "status": status,
            "query": query,
            "statuses": Article.Status.choices,
            "notes": notes,
            "categories": Category.objects.prefetch_related("sections"),
        },
    )


@writer_required
def article_create(request):
    initial = {}
    source = None
    if request.GET.get("translate"):
        source = get_article_for(request.user, _int(request.GET["translate"]))
        initial = {
            "translation_of": source,
            "section": source.section,
            "title": source.title,
            "body": source.body,
            "language": "nl" if source.language == "en" else "en",
            "visibility": source.visibility,
            "labels": ", ".join(sorted(source.labels.names())),
        }
    elif request.GET.get("section"):
        initial = {"section": Section.objects.filter(pk=_int(request.GET["section"])).first()}
    form = ArticleForm(request.POST or None, initial=initial)
    if "preview" in request.POST:
        return _preview_page(request, form, {"source": source, "article": None})
    if request.method == "POST" and form.is_valid():
        article = services.article_save(author=request.user, **_article_fields(form))
        messages.success(request, _("Article saved."))
        return redirect("knowledge_base:article_edit", pk=article.pk)
    return render(request, "knowledge_base/article_form.html", {"form": form, "source": source, "article": None})


def _preview_page(request, form, context):
    """Without JavaScript the Preview button posts the form; nothing is saved."""
    preview_html = render_markdown(request.POST.get("body", "")[:200_000]).html
    return render(request, "knowledge_base/article_form.html", {"form": form, "preview_html": preview_html, **context})


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _article_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "labels": data["labels"],
        "note": data.get("note", ""),
        "mark_translation_current": data.get("mark_translation_current", False),
        **{name: data[name] for name in ArticleForm.Meta.fields},
    }


@writer_required
def article_edit(request, pk):
    article = get_article_for(request.user, pk, edit=True)
    form = ArticleForm(request.POST or None, instance=article)
    if "preview" in request.POST:
        return _preview_page(request, form, {"article": article})
    if request.method == "POST" and form.is_valid():
        # The form already wrote cleaned values onto the instance; the service
        # compares with the stored row, so work on a fresh copy.
        fresh = Article.objects.get(pk=article.pk)
        services.article_save(author=request.user, article=fresh, **_article_fields(form))
        messages.success(request, _("Article saved."))
        return redirect("knowledge_base:article_edit", pk=article.pk)
    revisions = list(article.revisions.select_related("author")[:5])
    return render(
        request, "knowledge_base/article_form.html", {"form": form, "article": article, "revisions": revisions}
    )


@writer_required
@require_POST
def preview(request):
    form = PreviewForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    rendered = render_markdown(body)
    return render(request, "knowledge_base/_preview.html", {"html": rendered.html, "headings": rendered.headings})


@writer_required
@require_POST
def article_promote(request, pk):
    article = get_article_for(request.user, pk, edit=True)
    promoted = request.POST.get("promoted") == "1"
    services.article_set_promoted(article=article, promoted=promoted)
    messages.success(request, _("Article promoted.") if promoted else _("Article no longer promoted."))
    return redirect(request.POST.get("next") if _is_local(request.POST.get("next")) else "knowledge_base:manage")


@writer_required
@require_POST
def article_status(request, pk):
    article = get_article_for(request.user, pk, edit=True)
    status = request.POST.get("status", "")
    if status not in Article.Status.values:
        messages.error(request, _("Unknown status."))
    else:
        services.article_set_status(article=Article.objects.get(pk=article.pk), status=status, author=request.user)
        messages.success(request, _("Status changed to %(status)s.") % {"status": Article.Status(status).label})
    return redirect("knowledge_base:article_edit", pk=article.pk)


def _is_local(url) -> bool:
    return bool(url) and url.startswith("/") and not url.startswith("//") and "\\" not in url


@writer_required
def revisions(request, pk):
    article = get_article_for(request.user, pk, edit=True)
    rows = list(article.revisions.select_related("author"))
    older, newer, diff = None, None, None
    if "a" in request.GET and "b" in request.GET:
        by_number = {r.number: r for r in rows}
        older, newer = by_number.get(_int(request.GET["a"])), by_number.get(_int(request.GET["b"]))
        if older is None or newer is None:
            raise Http404
        if older.number > newer.number:
            older, newer = newer, older
        diff = services.revision_diff(older, newer)
    return render(
        request,
        "knowledge_base/revisions.html",
        {"article": article, "revisions": rows, "older": older, "newer": newer, "diff": diff},
    )


@writer_required
@require_POST
def revision_restore(request, pk, number):
    article = get_article_for(request.user, pk, edit=True)
    revision = get_object_or_404(ArticleRevision, article=article, number=number)
    services.article_restore_revision(
        article=Article.objects.get(pk=article.pk), revision=revision, author=request.user
    )
    messages.success(request, _("Revision %(number)s restored as a new revision.") % {"number": number})
    return redirect("knowledge_base:article_edit", pk=article.pk)


@writer_required
def category_form(request, pk=None):
    category = get_object_or_404(Category, pk=pk) if pk else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        services.category_save(category=Category.objects.get(pk=pk) if pk else None, **form.cleaned_data)
        messages.success(request, _("Category saved."))
        return redirect("knowledge_base:manage")
    return render(
        request,
        "knowledge_base/simple_form.html",
        {
            "form": form,
            "title": _("Edit category") if pk else _("New category"),
        },
    )


@writer_required
def section_form(request, pk=None):
    section = get_object_or_404(Section, pk=pk) if pk else None
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        services.section_save(section=Section.objects.get(pk=pk) if pk else None, **form.cleaned_data)
        messages.success(request, _("Section saved."))
        return redirect("knowledge_base:manage")
    return render(
        request,
        "knowledge_base/simple_form.html",
        {
            "form": form,
            "title": _("Edit section") if pk else _("New section"),
        },
    )
