"""``{% load moderation %}{% moderation_queue_size as n %}``: open review items, for the navigation.

Returns None for people who may not moderate, so the header shows nothing to them.
"""

from django import template

from accounts.roles import is_moderator
from moderation import api

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_queue_size(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and is_moderator(user)):
        return None
    return api.queue_size()


@register.filter
def content_kind(kind):
    """``{{ item.kind|content_kind }}``: "question" in the reader's language."""
    return api.kind_label(kind) if kind else ""


@register.filter
def detail_text(value):
    """A review item's stored detail ("Post 1 of a new member") in the reader's language."""
    from moderation.details import detail_text as text

    return text(value)


@register.filter
def without_details(change):
    """An audit-log change without its "details" (shown translated in the reason column)."""
    return {k: v for k, v in (change or {}).items() if k != "details"}
