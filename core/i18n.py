"""Names that managers write in English and Dutch (topics, categories, sections,
the brand's tagline): one field for English and a ``<field>_nl`` beside it.

``localized(obj, "name")`` is the one place that picks the field for the active
language; the Dutch field falls back to the English one while it is empty.
Cached pages stay right because their cache keys include the language.
"""

from django.utils.translation import get_language


def dutch_active() -> bool:
    return (get_language() or "en").startswith("nl")


def localized(obj, field: str) -> str:
    english = getattr(obj, field, "") or ""
    if dutch_active():
        return getattr(obj, f"{field}_nl", "") or english
    return english


class TranslatedNameMixin:
    """For models with ``name``/``name_nl`` and ``description``/``description_nl``."""

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def display_description(self):
        return localized(self, "description")
