"""The search index's contract with the apps whose content it finds.

search imports no other app: an app *registers* its models here, usually in
its ``AppConfig.ready()``::

    from search import registry

    def question_document(question):
        # Return None when the object must not be found (draft, hidden, deleted).
        if question.is_hidden:
            return None
        return registry.Document(
            title=question.title,
            body=question.body,                  # plain text or Markdown source; never HTML
            url=question.get_absolute_url(),
            language=question.language,          # "en" or "nl": picks the stemmer / text-search config
            visibility=registry.EVERYONE,        # or registry.MEMBERS, registry.AGENTS
            labels=[t.name for t in question.tags.all()],
            category_key=f"topic-{question.topic_id}",   # used by the category filter
            category_name=question.topic.name,
            updated_at=question.updated_at,
        )

    registry.register(
        Question,
        kind="question",                         # the content-type filter value
        kind_label=_("Community questions"),
        to_document=question_document,
        queryset=lambda: Question.objects.select_related("topic").prefetch_related("tags"),
    )

From then on every ``post_save`` of the model re-indexes the object after the
transaction commits (a Celery task, ``search.tasks.index_object``) and every
``post_delete`` removes it at once. When something *else* changes what the
document would contain (a topic renamed, tags changed after save), call
``registry.reindex_later(obj)``; ``registry.index_now(obj)`` does it in-process.
``python manage.py rebuild_search_index`` rebuilds everything from ``queryset``.

In tests, on_commit callbacks only run inside
``django_capture_on_commit_callbacks(execute=True)``; or call ``index_now(obj)``.

Searching and suggestions (for the community and get-help pages)::

    from search.services import search, suggest
    page = search("fietsen accu", user=request.user, kind="article", language="nl", page=1)
    page.results        # list of Result(document, snippet_html, rank)
    page.total, page.has_next, page.number
    page.total_is_exact  # False for a broad query: there are more than page.total
    suggest("accu laden", user=request.user, kind=None, limit=5)  # -> list of Result

Over HTTP: ``GET /search/suggest?q=<text>[&kind=article|question][&limit=5]``
answers JSON ``{"query": ..., "results": [{"title", "url", "kind", "kind_label",
"snippet" (safe HTML, only <mark> tags), "language", "click_url"}]}``, or, when htmx
asks (``HX-Request``), the HTML fragment ``search/_suggestions.html``.
Results always respect the visibility the user may see.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

EVERYONE = "everyone"
MEMBERS = "members"
AGENTS = "agents"
VISIBILITIES = (EVERYONE, MEMBERS, AGENTS)


@dataclass
class Document:
    title: str
    body: str
    url: str
    language: str = "en"
    visibility: str = EVERYONE
    labels: Sequence[str] = field(default_factory=tuple)
    category_key: str = ""
    category_name: str = ""
    updated_at: datetime | None = None


@dataclass
class Registration:
    model: type
    kind: str
    kind_label: str
    to_document: Callable[[object], Document | None]
    queryset: Callable[[], object]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_registry: dict[str, Registration] = {}


def register(model, *, kind: str, to_document, kind_label: str = "", queryset=None, connect_signals: bool = True):
    """Index ``model`` under ``kind``. Safe to call twice (the last call wins)."""
    reg = Registration(
        model=model,
        kind=kind,
        kind_label=kind_label or kind,
        to_document=to_document,
        queryset=queryset or (lambda: model._default_manager.all()),
    )
    _registry[reg.label] = reg
    if connect_signals:
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{reg.label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search-delete-{reg.label}")
    return reg


def registrations() -> list[Registration]:
    return list(_registry.values())


def get_registration(model_or_label) -> Registration | None:
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    return _registry.get(label)


def kinds() -> list[tuple[str, str]]:
    """(kind, label) pairs for the content-type filter."""
    seen = {}
    for reg in _registry.values():
        seen.setdefault(reg.kind, reg.kind_label)
    return list(seen.items())


def reindex_later(obj) -> None:
    """Re-index ``obj`` in a Celery task once the current transaction commits."""
    from core import jobs
    from search.tasks import index_object

    jobs.enqueue(index_object, obj._meta.label_lower, obj.pk)


def index_now(obj) -> None:
    from search.index import index_instance

    index_instance(obj)


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata
        return
    reindex_later(instance)


def _on_delete(sender, instance, **kwargs):
    from search.index import remove_instance

    remove_instance(instance)


# Category names in the reader's language. A document stores its category's
# name as it was when indexed, in one language; an app that owns categories
# registers a resolver per key prefix ("topic-", "kb-") that answers the current
# name in the active language for a set of keys, so filters and results show
# "Accu en opladen" on Dutch pages (search.services.categories caches them per
# language; a renamed category calls categories_changed()).
_category_names: dict[str, Callable[[list[str]], dict[str, str]]] = {}


def register_category_names(prefix: str, resolver: Callable[[list[str]], dict[str, str]]) -> None:
    _category_names[prefix] = resolver


def category_names(keys) -> dict[str, str]:
    """{key: name in the active language} for the keys some app can name."""
    names: dict[str, str] = {}
    for prefix, resolver in _category_names.items():
        mine = sorted({k for k in keys if k.startswith(prefix)})
        if mine:
            names.update(resolver(mine))
    return names
