"""Keyset (cursor) paging: page N costs the same as page 1, because the
database seeks in an index instead of counting past OFFSET rows."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str = ""
    is_first: bool = True

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)


def _encode(row, field: str | None) -> str:
    if not field:
        return str(row.pk)
    value = getattr(row, field)
    value = value.isoformat() if isinstance(value, datetime) else str(value)
    return f"{value}~{row.pk}"


def _decode(cursor: str, field: str | None, sample):
    """(value, id) or None for a cursor that does not parse (then: first page)."""
    try:
        if not field:
            return None, int(cursor)
        raw, pk = cursor.rsplit("~", 1)
        if isinstance(sample, datetime):
            return datetime.fromisoformat(raw), int(pk)
        return int(raw), int(pk)
    except (ValueError, TypeError):
        return None


def keyset_page(
    qs, *, field: str | None, cursor: str = "", size: int = 20, ascending: bool = False, sample=None
) -> KeysetPage:
    """Order by (field, id), both descending unless ``ascending``; ``field`` None orders by id only.

    ``sample`` is a value of the field's type (to parse the cursor).
    """
    sign = "" if ascending else "-"
    lt = "gt" if ascending else "lt"
    qs = qs.order_by(*([f"{sign}{field}"] if field else []), f"{sign}id")
    parsed = _decode(cursor, field, sample) if cursor else None
    if parsed:
        value, pk = parsed
        if field:
            qs = qs.filter(Q(**{f"{field}__{lt}": value}) | Q(**{field: value, f"id__{lt}": pk}))
        else:
            qs = qs.filter(**{f"id__{lt}": pk})
    rows = list(qs[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return KeysetPage(rows=rows, next_cursor=_encode(rows[-1], field) if has_next else "", is_first=not parsed)
