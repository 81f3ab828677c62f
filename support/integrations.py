"""Where support reaches into search, community and knowledge_base.

DESIGN.md allows support -> community and support -> knowledge_base (and every
app -> search). Those apps are built in parallel, so every call goes through
this one module: when the other app's function is missing, support still
works and the feature that needs it is simply not offered.
"""

from __future__ import annotations

import html
import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _suggestion(item) -> dict | None:
    """search.services.Result (or a dict of the same shape) -> a plain dict we can store."""
    from django.utils.html import strip_tags

    doc = getattr(item, "document", None)
    get = item.get if isinstance(item, dict) else (lambda k, d=None: getattr(doc, k, None) or getattr(item, k, d))
    url = get("url") or ""
    title = get("title") or ""
    if not url or not title:
        return None
    return {
        "kind": str(get("kind") or "article"),
        "id": str(get("object_id") or get("id") or ""),
        "title": str(title)[:200],
        "url": str(url),
        # search's snippet is HTML (escaped text with <mark>); keep the text only,
        # unescaped once, since the template escapes it again.
        "snippet": html.unescape(strip_tags(str(getattr(item, "snippet", "") or get("snippet") or "")))[:300],
    }


def suggestions(request, query: str, *, limit: int = 6) -> list[dict]:
    """Articles and solved questions for what the customer typed (search's suggestions)."""
    query = (query or "").strip()
    if len(query) < 3:
        return []
    try:
        from search import services as search_services
    except ImportError:
        return []
    fn = getattr(search_services, "suggestions", None) or getattr(search_services, "suggest", None)
    if fn is None:
        return []
    user = getattr(request, "user", None)
    try:
        try:
            found = fn(query, user=user, limit=limit)
        except TypeError:
            found = fn(query, user=user)
    except Exception:
        logger.exception("support: search suggestions failed for %r", query)
        return []
    items = found.get("results", []) if isinstance(found, dict) else found
    out = []
    for item in list(items or [])[:limit]:
        s = _suggestion(item)
        if s:
            out.append(s)
    return out


def community_ask_url(query: str) -> str | None:
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    for name in ("community:ask", "community:question_create", "community:question_new"):
        try:
            return reverse(name) + "?" + urlencode({"title": query[:200]})
        except NoReverseMatch:
            continue
    return None


def question_get(question_id: int):
    """The community question, or None (missing app or missing question)."""
    try:
        from community.models import Question
    except ImportError:
        return None
    return Question.objects.filter(pk=question_id).select_related().first()


def question_info(question) -> dict:
    title = getattr(question, "title", "") or ""
    body = getattr(question, "body", "") or ""
    try:
        url = question.get_absolute_url()
    except Exception:
        url = ""
    author = getattr(question, "author", None) or getattr(question, "user", None)
    return {"id": question.pk, "title": title, "body": body, "url": url, "author": author}


def official_answer_post(*, question_id: int, author, body: str):
    """Post an agent's solution to the thread as an official answer. Returns the answer or None."""
    try:
        from community import services as community_services
    except ImportError:
        return None
    question = question_get(question_id)
    fn = getattr(community_services, "answer_create", None)
    if question is None or fn is None:
        return None
    try:
        with transaction.atomic():
            return fn(question=question, author=author, body=body)
    except Exception:  # a locked thread, a moderation hold...: the ticket is still solved
        logger.exception("support: could not post the solution to question %s", question_id)
        return None


def article_draft_create(*, author, title: str, body: str):
    """Start a knowledge-base draft in the first section (the writer moves it).
    Returns the article, or None when the knowledge base has no section yet."""
    try:
        from knowledge_base import services as kb_services
        from knowledge_base.models import Article, Section
    except ImportError:
        return None
    section = Section.objects.order_by("pk").first()
    if section is None:
        return None
    return kb_services.article_save(
        author=author,
        section=section,
        title=title[:200],
        body=body,
        status=Article.Status.DRAFT,
        language=getattr(author, "language", "") or "en",
    )


def article_edit_url(article) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("knowledge_base:article_edit", args=[article.pk])
    except NoReverseMatch:
        return article.get_absolute_url()


def unanswered_questions(*, older_than):
    """Questions with no answer asked before ``older_than`` (for auto-escalation)."""
    try:
        from community.models import Question
    except ImportError:
        return []
    qs = Question.objects.filter(created_at__lt=older_than)
    field_names = {f.name for f in Question._meta.get_fields()}
    if "answer_count" in field_names:
        qs = qs.filter(answer_count=0)
    else:
        return []
    if "status" in field_names:
        qs = qs.exclude(status__in=["locked", "solved"])
    if "state" in field_names:
        qs = qs.filter(state="published")
    if "is_deleted" in field_names:
        qs = qs.filter(is_deleted=False)
    if "is_locked" in field_names:
        qs = qs.filter(is_locked=False)
    return list(qs.order_by("created_at")[:100])


def member_activity(member, *, limit: int = 10) -> dict:
    """The member's questions, answers and ideas for the agent's customer view."""
    found = {"questions": [], "answers": [], "ideas": []}
    try:
        from community import models as cm
    except ImportError:
        return found
    for key, model_name in (("questions", "Question"), ("answers", "Answer"), ("ideas", "Idea")):
        model = getattr(cm, model_name, None)
        if model is None:
            continue
        fields = {f.name for f in model._meta.get_fields()}
        owner = "author" if "author" in fields else ("user" if "user" in fields else None)
        if owner is None:
            continue
        order = "-created_at" if "created_at" in fields else "-pk"
        qs = model.objects.filter(**{owner: member}).order_by(order)
        if "question" in fields:
            qs = qs.select_related("question")
        found[key] = list(qs[:limit])
    return found
