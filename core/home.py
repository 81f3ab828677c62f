"""Sections of the start page, filled by the apps above core (the knowledge
base's popular articles, the community's recent questions) without core
importing them."""

from collections.abc import Callable

# provider(request) -> ("template/name.html", context dict) or None
_sections: list[tuple[int, Callable]] = []


def register_section(provider: Callable, *, order: int = 100) -> None:
    if provider not in [p for _o, p in _sections]:
        _sections.append((order, provider))
        _sections.sort(key=lambda item: item[0])


def sections_for(request) -> list[tuple[str, dict]]:
    found = []
    for _order, provider in _sections:
        section = provider(request)
        if section:
            found.append(section)
    return found
