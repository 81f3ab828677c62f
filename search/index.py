"""Writes to the index. Only this module changes SearchDocument rows."""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from search import registry
from search.backends import MARK_END, MARK_START, get_backend
from search.models import SearchDocument
from search.services import categories_changed

# What services.categories() lists depends on these; other edits leave it alone.
CATEGORY_FIELDS = ("kind", "visibility", "category_key", "category_name")

logger = logging.getLogger(__name__)


def clean_text(text: str) -> str:
    return (text or "").replace(MARK_START, " ").replace(MARK_END, " ")


@transaction.atomic
def index_instance(obj) -> SearchDocument | None:
    """Write (or remove) the document for ``obj``; returns it, or None when removed."""
    row, categories_differ = _write(obj)
    if categories_differ:
        categories_changed()
    return row


def _write(obj) -> tuple[SearchDocument | None, bool]:
    """The document for ``obj`` (None when removed), and whether what categories() lists may differ now."""
    reg = registry.get_registration(obj)
    if reg is None:
        raise LookupError(f"{obj._meta.label} is not registered with search.registry")
    ct = ContentType.objects.get_for_model(obj)
    document = reg.to_document(obj)
    if document is None:
        return None, _delete(ct.pk, obj.pk)
    if document.visibility not in registry.VISIBILITIES:
        raise ValueError(f"unknown visibility {document.visibility!r}")
    before = SearchDocument.objects.filter(content_type=ct, object_id=obj.pk).values_list(*CATEGORY_FIELDS).first()
    row, _ = SearchDocument.objects.update_or_create(
        content_type=ct,
        object_id=obj.pk,
        defaults={
            "kind": reg.kind,
            "title": clean_text(document.title)[:300],
            "labels": clean_text(" ".join(document.labels)),
            "body": clean_text(document.body),
            "url": document.url[:500],
            "language": document.language or "en",
            "visibility": document.visibility,
            "category_key": document.category_key[:100],
            "category_name": document.category_name[:200],
            "updated_at": document.updated_at,
        },
    )
    get_backend().save(row)
    return row, before != tuple(getattr(row, name) for name in CATEGORY_FIELDS)


def index_by_label(label: str, pk) -> SearchDocument | None:
    reg = registry.get_registration(label)
    if reg is None:
        logger.warning("search: %s is not registered", label)
        return None
    obj = reg.queryset().filter(pk=pk).first()
    if obj is None:
        ct = ContentType.objects.get_for_model(reg.model)
        remove(ct.pk, pk)
        return None
    return index_instance(obj)


def remove(content_type_id: int, object_id) -> None:
    if _delete(content_type_id, object_id):
        categories_changed()


def _delete(content_type_id: int, object_id) -> bool:
    rows = SearchDocument.objects.filter(content_type_id=content_type_id, object_id=object_id)
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        get_backend().delete(ids)
        SearchDocument.objects.filter(pk__in=ids).delete()
    return bool(ids)


def remove_instance(obj) -> None:
    remove(ContentType.objects.get_for_model(obj).pk, obj.pk)


def rebuild(out=None) -> int:
    """Drop and rebuild the whole index from every registration's queryset."""
    count = 0
    with transaction.atomic():
        get_backend().clear()
        SearchDocument.objects.all().delete()
        categories_changed()
    for reg in registry.registrations():
        for obj in reg.queryset().iterator(chunk_size=500):
            with transaction.atomic():
                row, _ = _write(obj)
            if row is not None:
                count += 1
        if out:
            out.write(f"indexed {reg.label}")
    categories_changed()
    return count
