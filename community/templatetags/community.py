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


@register.simple_tag(takes_context=True)
def vote_widget(context, obj, kind):
    """The score with vote buttons (community.slots.vote_html, the question page's own)."""
    from django.utils.safestring import mark_safe

    from community.slots import Viewer, vote_html

    request = context["request"]
    user = request.user
    viewer = Viewer(request=request, question=None, member_id=user.pk if user.is_authenticated else None)
    html = vote_html(viewer, kind, obj.pk, obj.author_id, obj.score, getattr(obj, "my_vote", 0))
    return mark_safe(html)  # noqa: S308 - built in slots with every value escaped
