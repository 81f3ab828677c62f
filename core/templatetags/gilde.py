import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@register.filter
def initials(name: str) -> str:
    """First letters of the first and last word: "Joris Bakker (Velora support)" is "JB".

    Parenthesised asides, punctuation and digits are not part of a name; a name
    made only of those falls back to its first letter or digit.
    """
    words = _WORD.findall(_BRACKETED.sub(" ", name or ""))
    if not words:
        first = re.search(r"\w", name or "")
        return first.group(0).upper() if first else "?"
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


@register.simple_tag
def avatar(person, size: str = "sm", *, initials_fallback: bool = True):
    """A member's picture where they uploaded one, else their initials (decorative: the name is always beside it).

    ``{% avatar person "sm" %}``; ``initials_fallback=False`` shows nothing for
    members without a picture (comments, where initials would only add noise).
    """
    picture = getattr(person, "avatar", None)
    if picture:
        return format_html(
            '<img class="avatar avatar-{}" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            size, picture.url, _AVATAR_PX.get(size, 28), _AVATAR_PX.get(size, 28),
        )
    if not initials_fallback:
        return ""
    return format_html('<span class="avatar avatar-{}" aria-hidden="true">{}</span>', size,
                       initials(getattr(person, "name", "")))


_AVATAR_PX = {"xs": 20, "sm": 28, "md": 40, "lg": 96}


@register.filter
def stored_html(value: str):
    """Mark HTML that core.markdown sanitised when it was saved as safe; images from
    other hosts become links unless the manager allows them (core.markdown.shown_html)."""
    from core.markdown import shown_html

    return mark_safe(shown_html(value or ""))  # noqa: S308 - sanitised by nh3 on save
