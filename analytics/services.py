import logging
import time

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from analytics import buffer, queue
from analytics.models import Event
from core.text import clean, clean_json

logger = logging.getLogger(__name__)


def _event_build(*, name: str, user=None, obj=None, visitor_id: str = "", props: dict | None = None) -> Event:
    # Cleaned at the sink too: one NUL must not fail a whole batch of other people's events.
    event = Event(name=clean(name)[:64], visitor_id=clean(visitor_id or "")[:64], props=clean_json(props or {}))
    if user is not None and getattr(user, "is_authenticated", False):
        event.user_id = user.pk
    if obj is not None and getattr(obj, "pk", None) is not None:
        event.content_type = ContentType.objects.get_for_model(obj)
        event.object_id = obj.pk if isinstance(obj.pk, int) else None
    return event


def event_record(*, name: str, user=None, obj=None, visitor_id: str = "", props: dict | None = None) -> Event | None:
    """Write one event. Never raises: a failed write is logged and the request goes on.

    The savepoint keeps a failed insert from breaking the caller's transaction.
    """
    try:
        with transaction.atomic():
            event = _event_build(name=name, user=user, obj=obj, visitor_id=visitor_id, props=props)
            event.save()
            return event
    except Exception:
        logger.exception("analytics: could not record event %r", name)
        return None


def event_defer(*, name: str, user=None, obj=None, visitor_id: str = "", props: dict | None = None) -> None:
    """Buffer one event, stamped now, to be written with others (see analytics.buffer). Never raises."""
    try:
        event = _event_build(name=name, user=user, obj=obj, visitor_id=visitor_id, props=props)
        event.created_at = timezone.now()
        if buffer.buffer_size() > 0 and queue.enabled():
            try:
                queue.push(event)  # no web process holds it: a kill loses nothing (analytics/queue.py)
                return
            except Exception as exc:  # Redis away: this process keeps it and writes it itself
                _log_queue_away(exc)
        buffer.add(event)
    except Exception:
        logger.exception("analytics: could not buffer event %r", name)


_queue_away_logged = 0.0


def _log_queue_away(exc) -> None:
    global _queue_away_logged
    if time.monotonic() - _queue_away_logged > 60:
        _queue_away_logged = time.monotonic()
        logger.warning("analytics: Redis is away, events are buffered in this process: %s", exc)
