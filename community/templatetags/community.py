from django import template

from community.notifications import message, unread_count

register = template.Library()


@register.filter
def notification_text(notification) -> str:
    return message(notification)


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return 0
    return unread_count(user)


@register.filter
def flag_url(obj) -> str:
    """Where members report this post to the moderators."""
    from moderation import api

    return api.flag_url(obj)


@register.filter
def moderate_url(obj) -> str:
    from moderation import api

    return api.moderate_url(obj)
