import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from analytics.models import Event

logger = logging.getLogger(__name__)


def event_record(*, name: str, user=None, obj=None, visitor_id: str = "", props: dict | None = None) -> Event | None:
    """Write one event. Never raises: a failed write is logged and the request goes on.

    The savepoint keeps a failed insert from breaking the caller's transaction.
    """
    try:
        with transaction.atomic():
            event = Event(name=name[:64], visitor_id=(visitor_id or "")[:64], props=props or {})
            if user is not None and getattr(user, "is_authenticated", False):
                event.user_id = user.pk
            if obj is not None and getattr(obj, "pk", None) is not None:
                event.content_type = ContentType.objects.get_for_model(obj)
                event.object_id = obj.pk if isinstance(obj.pk, int) else None
            event.save()
            return event
    except Exception:
        logger.exception("analytics: could not record event %r", name)
        return None
