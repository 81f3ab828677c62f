"""Writes to the index. Only this module changes SearchDocument rows."""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from search import registry
from search.backends import MARK_END, MARK_START, get_backend
from search.models import SearchDocument

logger = logging.getLogger(__name__)


def clean_text(text: str) -> str:
    return (text or "").replace(MARK_START, " ").replace(MARK_END, " ")


@transaction.atomic
def index_instance(obj) -> SearchDocument | None:
    """Write (or remove) the document for ``obj``; returns it, or None when removed."""
    reg = registry.get_registration(obj)
    if reg is None:
        raise LookupError(f"{obj._meta.label} is not registered with search.registry")
    ct = ContentType.objects.get_for_model(obj)
    document = reg.to_document(obj)
    if document is None:
        remove(ct.pk, obj.pk)
        return None
    if document.visibility not in registry.VISIBILITIES:
        raise ValueError(f"unknown visibility {document.visibility!r}")
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
    return row


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
    rows = SearchDocument.objects.filter(content_type_id=content_type_id, object_id=object_id)
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        get_backend().delete(ids)
        SearchDocument.objects.filter(pk__in=ids).delete()


def remove_instance(obj) -> None:
    remove(ContentType.objects.get_for_model(obj).pk, obj.pk)


def rebuild(out=None) -> int:
    """Drop and rebuild the whole index from every registration's queryset."""
    count = 0
    with transaction.atomic():
        get_backend().clear()
        SearchDocument.objects.all().delete()
    for reg in registry.registrations():
        for obj in reg.queryset().iterator(chunk_size=500):
            if index_instance(obj) is not None:
                count += 1
        if out:
            out.write(f"indexed {reg.label}")
    return count
