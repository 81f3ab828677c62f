"""Text a database will store: no NUL characters (PostgreSQL refuses them in
text and in JSON) and no lone surrogates (not encodable as UTF-8).

One bad byte in a query string must not cost anyone else's data: request input
is cleaned on the way in (``core.middleware.CleanInputMiddleware``) and
anything written in batches is cleaned again at the sink (analytics events).
"""

from django.http import QueryDict


def clean(value: str) -> str:
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "ignore").decode("utf-8")
    return value


def dirty(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def clean_json(value):
    """``value`` (a JSON-able structure) with every string, keys too, cleaned."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(k) if isinstance(k, str) else k: clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    return value


def clean_querydict(query: QueryDict) -> QueryDict:
    """``query`` itself when it holds nothing to clean, else a cleaned immutable copy
    (uploaded files stay in ``request.FILES``, untouched)."""
    if not any(dirty(k) or any(dirty(v) for v in vs if isinstance(v, str)) for k, vs in query.lists()):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(clean(key), [clean(v) if isinstance(v, str) else v for v in values])
    cleaned._mutable = False
    return cleaned
