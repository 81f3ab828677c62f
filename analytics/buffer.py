"""Read events held in memory and written in batches ("no writes on read").

``analytics.track(..., defer=True)`` puts the event here instead of writing
it, so a page view costs no database write. The buffer is written in one
transaction when it holds ``GILDE_EVENT_BUFFER_SIZE`` events (default 200) or
its oldest event is ``GILDE_EVENT_BUFFER_SECONDS`` old (default 5): checked on
every add, by a daemon thread for a quiet process, at a normal exit (atexit),
and whenever someone calls ``analytics.flush_events()``. Size 0 writes each
event at once, through the same path.

With Redis configured, events go to a Redis list instead (analytics/queue.py)
and Celery writes them, so a killed web process loses none; this buffer then
only holds what arrives while Redis is away. Without Redis (the embedded
default) each process (gunicorn worker, Celery process) has its own buffer; a
forked child starts empty; a clean stop writes it, a hard kill loses what was
waiting, at most ``GILDE_EVENT_BUFFER_SECONDS`` of views. Every event keeps the time it was
tracked, so a flush after midnight still counts a view on its own day.

Hooks registered with ``analytics.on_flush(name)`` run after the rows are
written, in the same transaction, with the number of events per object id
(knowledge_base adds article views to ``Article.view_count`` this way): the
rows and the counters are written together or not at all.

Nothing here raises into the caller. When the database is away the rows are
kept (up to ``max_kept()``) and written at a later flush. A write the database
refuses for a row's content is split in halves and retried, down to the one
bad row, which alone is dropped with an error log: one bad byte never costs
other people's events.
"""

import atexit
import logging
import os
import threading
import time
from collections import Counter, defaultdict

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, router, transaction

logger = logging.getLogger(__name__)

DEFAULT_SIZE = 200
DEFAULT_SECONDS = 5.0

_hooks: dict[str, list] = defaultdict(list)

# Guards everything below; never held while writing to the database.
_lock = threading.Lock()
_pending: list = []  # unsaved analytics.Event objects, oldest first
_pending_since: float | None = None  # time.monotonic() of the oldest pending event
_retry: list = []  # rows of a failed write: one more try, then dropped
_retry_since: float | None = None
_wake = threading.Event()  # set when the buffer stops being empty
_timer: threading.Thread | None = None
_timer_busy = threading.Lock()  # held while the timer writes, so atexit can wait for that batch


def buffer_size() -> int:
    return int(getattr(settings, "GILDE_EVENT_BUFFER_SIZE", DEFAULT_SIZE))


def buffer_seconds() -> float:
    return float(getattr(settings, "GILDE_EVENT_BUFFER_SECONDS", DEFAULT_SECONDS))


def hook_add(name: str, fn) -> None:
    if fn not in _hooks[name]:
        _hooks[name].append(fn)


def add(event) -> None:
    """Buffer one unsaved Event (its ``created_at`` already set); write when due."""
    global _pending_since
    if buffer_size() <= 0:
        _flush(extra=[event])
        return
    with _lock:
        _pending.append(event)
        if len(_pending) == 1:
            _pending_since = time.monotonic()
            _wake.set()
        due = len(_pending) >= buffer_size() or time.monotonic() - _pending_since >= buffer_seconds()
    _timer_ensure()
    if not due:
        return
    if transaction.get_connection().in_atomic_block:
        # The batch holds other requests' views: it must not be rolled back with
        # this caller's transaction, nor lengthen it. If the caller rolls back,
        # the events stay buffered and the timer writes them.
        transaction.on_commit(flush)
    else:
        flush()


def flush() -> int:
    """Write everything buffered now. Never raises; returns the number of rows written."""
    return _flush()


def pending_count() -> int:
    with _lock:
        return len(_pending) + len(_retry)


def _flush(extra=()) -> int:
    global _pending_since, _retry_since
    with _lock:
        rows = [*_retry, *_pending, *extra]
        _pending.clear()
        _retry.clear()
        _pending_since = _retry_since = None
    if not rows:
        return 0
    written, keep = _write_robust(rows)
    if keep:
        with _lock:
            _retry[:0] = keep
            overflow = len(_retry) - max_kept()
            if overflow > 0:
                del _retry[:overflow]
                logger.error("analytics: database away too long, dropped the %d oldest buffered events", overflow)
            _retry_since = time.monotonic()
        _wake.set()
    return written


def max_kept() -> int:
    """How many events a process keeps while the database is away."""
    return max(10 * buffer_size(), 10_000)


def _write_robust(rows) -> tuple[int, list]:
    """Write ``rows``; returns (rows written, rows to try again later).

    The database being away (a connection-level error) keeps every row for the
    next flush. Any other failure is about some row's content: the batch is
    split in halves and each half written on its own, down to single rows; a
    row that fails twice is dropped (logged). One bad row costs only itself,
    never the others.
    """
    try:
        _write(rows)
        return len(rows), []
    except (OperationalError, InterfaceError) as exc:
        logger.warning("analytics: database unavailable, keeping %d events for the next flush: %s", len(rows), exc)
        return 0, list(rows)
    except Exception:
        if len(rows) == 1:
            row = rows[0]
            row._gilde_failures = getattr(row, "_gilde_failures", 0) + 1
            if row._gilde_failures >= 2:
                logger.exception("analytics: dropped 1 buffered events after a second failed write (%r)", row.name)
                return 0, []
            logger.warning("analytics: could not write 1 buffered events (%r), will try once more", row.name)
            return 0, [row]
    middle = len(rows) // 2
    written_a, keep_a = _write_robust(rows[:middle])
    written_b, keep_b = _write_robust(rows[middle:])
    return written_a + written_b, keep_a + keep_b


def _write(rows) -> None:
    from analytics.models import Event

    using = router.db_for_write(Event)
    with transaction.atomic(using=using):
        _insert(Event, rows, using=using)
        counts = defaultdict(Counter)
        for row in rows:
            if row.object_id is not None and row.name in _hooks:
                counts[row.name][row.object_id] += 1
        for name, per_object in counts.items():
            for hook in _hooks[name]:
                hook(dict(per_object))


def _insert(model, rows, *, using) -> None:
    """Insert the rows as they are (each keeps its own ``created_at``)."""
    model.objects.using(using).bulk_create(rows, batch_size=500)


def _timer_ensure() -> None:
    global _timer
    if _timer is not None and _timer.is_alive():
        return
    with _lock:
        if _timer is None or not _timer.is_alive():
            _timer = threading.Thread(target=_timer_run, name="gilde-event-buffer", daemon=True)
            _timer.start()


def _timer_run() -> None:
    while True:
        with _lock:
            since = _pending_since if _pending else _retry_since if _retry else None
        if since is None:
            _wake.wait()
            _wake.clear()
            continue
        left = since + buffer_seconds() - time.monotonic()
        if left > 0:
            _wake.wait(left)
            _wake.clear()
            continue
        try:
            with _timer_busy:
                flush()
        except Exception:  # flush never raises; this keeps the thread alive if it ever does
            logger.exception("analytics: event buffer timer")
            time.sleep(buffer_seconds())
        finally:
            connections.close_all()  # this thread's connections only


def _after_fork_in_child() -> None:
    # The parent still owns (and will write) what was buffered before the fork,
    # and a lock or thread copied mid-use is not usable here.
    global _lock, _wake, _timer, _timer_busy, _pending_since, _retry_since
    _lock = threading.Lock()
    _wake = threading.Event()
    _timer_busy = threading.Lock()
    _timer = None
    _pending.clear()
    _retry.clear()
    _pending_since = _retry_since = None


def _flush_at_exit() -> None:
    # A daemon thread dies mid-write at exit: let a batch it is writing commit first
    # (and keep it from starting another).
    _timer_busy.acquire(timeout=10)
    if _pending or _retry:
        flush()


def _reset_for_tests() -> None:
    """Forget everything buffered (tests only)."""
    global _pending_since, _retry_since
    with _lock:
        _pending.clear()
        _retry.clear()
        _pending_since = _retry_since = None


os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(_flush_at_exit)
