"""Parts of the site header that apps above core provide (core imports none of them).

``register_header_part("bell", fn)``: ``fn(request) -> safe HTML`` for a signed-in
reader, called once per page by ``{% site_header %}`` (core/templatetags/layout.py).
"""

_parts: dict = {}


def register_header_part(name: str, fn) -> None:
    _parts[name] = fn


def header_part(name: str, request) -> str:
    fn = _parts.get(name)
    return fn(request) if fn is not None else ""
