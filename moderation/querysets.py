"""Reads for the moderation pages. Query counts do not grow with the rows shown."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from moderation import api
from moderation.models import Appeal, Flag, ModerationAction, PostRecord, ReviewItem, Sanction

AGES = {"1h": timedelta(hours=1), "1d": timedelta(days=1), "7d": timedelta(days=7)}


def open_items(*, reason: str | None = None, topic_id: int | None = None, age: str | None = None):
    items = ReviewItem.objects.filter(state=ReviewItem.State.OPEN)
    if reason:
        # JSON "contains" is not on SQLite; reason codes are plain words, so match the quoted code.
        items = items.filter(reasons__icontains=f'"{reason}"')
    if topic_id:
        items = items.filter(topic_id=topic_id)
    if age in AGES:
        items = items.filter(created_at__lt=timezone.now() - AGES[age])
    return with_details(items).order_by("created_at", "id")


def with_details(items):
    return items.select_related("author", "claimed_by", "resolved_by").prefetch_related(
        Prefetch("flags", queryset=Flag.objects.select_related("reporter").order_by("created_at"), to_attr="flag_list"),
        Prefetch("appeals", queryset=Appeal.objects.order_by("created_at"), to_attr="appeal_list"),
    )


def load_content(rows, *, ct_attr="content_type_id", id_attr="object_id") -> None:
    """Attach ``.obj`` (or None) to each row: one query per kind of content, whatever the number of rows."""
    wanted = defaultdict(set)
    for row in rows:
        ct_id = getattr(row, ct_attr)
        if ct_id:
            wanted[ct_id].add(getattr(row, id_attr))
    found = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or model not in api.registered_models():
            continue
        for obj in api.queryset_for(model).filter(pk__in=ids):
            found[(ct_id, obj.pk)] = obj
    for row in rows:
        row.obj = found.get((getattr(row, ct_attr), getattr(row, id_attr)))
        if row.obj is not None:
            adapter = api.adapter_for(row.obj)
            row.content_text = adapter.text(row.obj)
            row.content_url = adapter.url(row.obj)
            row.content_title = api.content_title(row.obj)
            row.content_state = api.content_state(row.obj)


def author_context(user_ids) -> dict[int, dict]:
    """Posts and earlier sanctions per author: two grouped queries."""
    user_ids = [u for u in set(user_ids) if u]
    context = {u: {"posts": 0, "sanctions": 0, "hidden": 0} for u in user_ids}
    for row in PostRecord.objects.filter(author_id__in=user_ids).values("author_id").annotate(n=Count("id")):
        context[row["author_id"]]["posts"] = row["n"]
    for row in Sanction.objects.filter(member_id__in=user_ids).values("member_id").annotate(n=Count("id")):
        context[row["member_id"]]["sanctions"] = row["n"]
    hidden = (ModerationAction.objects.filter(member_id__in=user_ids, kind__in=["hide", "auto_hide"])
              .values("member_id").annotate(n=Count("id")))
    for row in hidden:
        context[row["member_id"]]["hidden"] = row["n"]
    return context


def decorate_items(items) -> list[ReviewItem]:
    items = list(items)
    load_content(items)
    context = author_context(i.author_id for i in items)
    topics = dict(api.topic_choices())
    for item in items:
        item.author_context = context.get(item.author_id, {})
        item.topic_name = topics.get(item.topic_id, "")
        counts = defaultdict(int)
        for flag in getattr(item, "flag_list", []):
            counts[flag.get_reason_display()] += 1
        item.flag_summary = sorted(counts.items(), key=lambda kv: -kv[1])
    return items


def content_history(obj):
    ct = ContentType.objects.get_for_model(type(obj))
    return (ModerationAction.objects.filter(content_type=ct, object_id=obj.pk)
            .select_related("actor").order_by("-created_at", "-id"))


def log_entries(*, kind: str = "", actor_id: int | None = None, member_id: int | None = None, q: str = "",
                since=None, until=None, before_id: int | None = None):
    entries = ModerationAction.objects.select_related("actor", "member", "content_type")
    if kind:
        entries = entries.filter(kind=kind)
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    if member_id:
        entries = entries.filter(member_id=member_id)
    if q:
        entries = entries.filter(Q(reason__icontains=q) | Q(member__display_name__icontains=q)
                                 | Q(member__email__icontains=q) | Q(actor__display_name__icontains=q))
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    if before_id:
        entries = entries.filter(id__lt=before_id)
    return entries.order_by("-id")


def open_count() -> int:
    return ReviewItem.objects.filter(state=ReviewItem.State.OPEN).count()
