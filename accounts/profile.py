"""A hook for apps above accounts to add sections to a member's public profile
(community adds questions, answers and badges) without accounts importing them."""

from collections.abc import Callable

# Each provider takes (request, member) and returns (template name, context) or None.
_sections: list[tuple[int, Callable]] = []


def register_section(provider: Callable, *, order: int = 100) -> None:
    _sections.append((order, provider))
    _sections.sort(key=lambda item: item[0])


def sections_for(request, member) -> list[tuple[str, dict]]:
    found = []
    for _order, provider in _sections:
        section = provider(request, member)
        if section:
            found.append(section)
    return found
