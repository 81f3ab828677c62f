"""A controlled clock for writing the demo's history through the real services.

The services take no ``now``: they stamp rows and events with
``django.utils.timezone.now()``. To tell a story that happened over past weeks,
the demo loaders run each service call inside ``at(moment)``, so the row, its
counters, its revisions and its analytics events all carry the same past time,
exactly as if a member had done it then.

``at`` patches ``django.utils.timezone.now`` (what services and ``auto_now``
fields call) and the fields declared with ``default=timezone.now`` (they hold
the original function). It is for a single-threaded loader such as the
``load_demo`` command, never for request handling.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from django.apps import apps
from django.utils import timezone

_real_now = timezone.now
_moments: list[datetime] = []
_patched_fields: list = []


def _now() -> datetime:
    return _moments[-1] if _moments else _real_now()


def real_now() -> datetime:
    """The wall clock, also inside ``at``."""
    return _real_now()


def _install() -> None:
    timezone.now = _now
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.default is _real_now:
                field.default = _now
                field.__dict__.pop("_get_default", None)  # a cached_property holding the old default
                _patched_fields.append(field)


def _uninstall() -> None:
    timezone.now = _real_now
    for field in _patched_fields:
        field.default = _real_now
        field.__dict__.pop("_get_default", None)
    _patched_fields.clear()


@contextmanager
def at(moment: datetime):
    """Inside, ``timezone.now()`` returns ``moment`` (aware). Nestable."""
    if timezone.is_naive(moment):
        raise ValueError("the demo clock needs an aware datetime")
    if not _moments:
        _install()
    _moments.append(moment)
    try:
        yield moment
    finally:
        _moments.pop()
        if not _moments:
            _uninstall()
