from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def initials(name: str) -> str:
    parts = [p for p in (name or "").split() if p]
    if not parts:
        return "?"
    return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()


@register.filter
def stored_html(value: str):
    """Mark HTML that core.markdown sanitised when it was saved as safe."""
    return mark_safe(value or "")  # noqa: S308 - sanitised by nh3 on save
