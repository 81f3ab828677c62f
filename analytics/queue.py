"""Read events queued in Redis, so no web process holds them (issue 14).

With ``REDIS_URL`` set, ``analytics.track(..., defer=True)`` pushes the event
onto a Redis list instead of the process's memory buffer; a killed web process
then loses none. A Celery beat task (``analytics.tasks.flush_event_queue``,
every few seconds) moves up to ``BATCH`` events at a time onto a batch key of
their own (atomically, in Redis), writes them to the database together with a
row naming the batch (``EventBatch``), and then forgets the batch key:

- killed after the move and before the write: the batch key is still there;
  the next run writes it;
- killed after the write and before forgetting: the next run finds the batch's
  row and only forgets the key. So every event is written exactly once.

If Redis cannot be reached, ``push`` raises and the caller keeps the event in
the process's memory buffer (analytics/buffer.py), written by that process.
"""

from __future__ import annotations

import json
import logging
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import InterfaceError, OperationalError, transaction
from django.utils.dateparse import parse_datetime

logger = logging.getLogger(__name__)

QUEUE = "gilde:events:queue"
BATCH_PREFIX = "gilde:events:batch:"
BATCH = 1000

# Move up to ARGV[1] events from the queue onto a new batch key, in one step.
_MOVE = """
local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #items > 0 then
  redis.call('LTRIM', KEYS[1], #items, -1)
  for i = 1, #items, 500 do
    redis.call('RPUSH', KEYS[2], unpack(items, i, math.min(i + 499, #items)))
  end
end
return #items
"""


def enabled() -> bool:
    return bool(getattr(settings, "REDIS_URL", "")) and settings.CACHES["default"]["BACKEND"].startswith(
        "django_redis"
    )


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _encode(event) -> str:
    return json.dumps(
        {
            "n": event.name,
            "t": event.created_at.isoformat(),
            "u": event.user_id,
            "v": event.visitor_id,
            "c": event.content_type_id,
            "o": event.object_id,
            "p": event.props,
        },
        cls=DjangoJSONEncoder,
        separators=(",", ":"),
    )


def _decode(raw: bytes):
    from analytics.models import Event

    d = json.loads(raw)
    return Event(
        name=d["n"], created_at=parse_datetime(d["t"]), user_id=d["u"], visitor_id=d["v"], content_type_id=d["c"],
        object_id=d["o"], props=d["p"],
    )


def push(event) -> None:
    """Queue one event in Redis. Raises when Redis cannot take it."""
    _redis().rpush(QUEUE, _encode(event))


def queued() -> int:
    return int(_redis().llen(QUEUE))


def drain(*, max_batches: int = 50) -> int:
    """Write queued events to the database; returns how many were written.
    One drain at a time (a Redis lock); one that finds the lock taken does nothing."""
    redis = _redis()
    lock = redis.lock("gilde:events:drain-lock", timeout=120)
    if not lock.acquire(blocking=False):
        return 0
    try:
        return _drain(redis, max_batches)
    finally:
        try:
            lock.release()
        except Exception:  # noqa: BLE001 - expired: nothing to release
            pass


def _drain(redis, max_batches: int) -> int:
    written = 0
    for key in redis.scan_iter(match=BATCH_PREFIX + "*", count=100):  # left by a killed run
        written += _write_batch(redis, key.decode() if isinstance(key, bytes) else key)
    move = redis.register_script(_MOVE)
    for _ in range(max_batches):
        key = BATCH_PREFIX + uuid.uuid4().hex
        if not move(keys=[QUEUE, key], args=[BATCH]):
            break
        written += _write_batch(redis, key)
    return written


def _write_batch(redis, key: str) -> int:
    from analytics import buffer
    from analytics.models import EventBatch

    name = key.removeprefix(BATCH_PREFIX)
    if EventBatch.objects.filter(key=name).exists():
        redis.delete(key)  # written before; the run that wrote it died before this
        return 0
    rows = []
    for raw in redis.lrange(key, 0, -1):
        try:
            rows.append(_decode(raw))
        except (ValueError, KeyError, TypeError):
            logger.error("analytics: dropped an unreadable queued event")
    try:
        with transaction.atomic():
            EventBatch.objects.create(key=name)
            buffer._write(rows)
    except (OperationalError, InterfaceError):
        raise  # the database is away: the batch key stays for the next run
    except Exception:
        # Some row's content was refused: write row by row, each in a savepoint.
        logger.exception("analytics: a queued batch was refused; writing its %d events one by one", len(rows))
        kept = 0
        with transaction.atomic():
            EventBatch.objects.create(key=name)
            for row in rows:
                try:
                    with transaction.atomic():
                        buffer._write([row])
                    kept += 1
                except (OperationalError, InterfaceError):
                    raise
                except Exception:
                    logger.error("analytics: dropped one queued event the database refused: %r", row.name)
        rows = rows[:kept]
    redis.delete(key)
    return len(rows)


def prune_batches(*, older_than_days: int = 2) -> int:
    from datetime import timedelta

    from django.utils import timezone

    from analytics.models import EventBatch

    return EventBatch.objects.filter(written_at__lt=timezone.now() - timedelta(days=older_than_days)).delete()[0]


def queue_metrics():
    """Prometheus gauge (core.metrics): read events queued in Redis, not yet written."""
    from prometheus_client.core import GaugeMetricFamily

    if not enabled():
        return
    try:
        length = queued()
    except Exception:  # Redis away
        return
    yield GaugeMetricFamily("gilde_event_queue_length", "Read events queued and not yet written", value=length)
