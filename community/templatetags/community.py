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
