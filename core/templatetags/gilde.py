import re

from django import template
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


@register.filter
def stored_html(value: str):
    """Mark HTML that core.markdown sanitised when it was saved as safe."""
    return mark_safe(value or "")  # noqa: S308 - sanitised by nh3 on save
