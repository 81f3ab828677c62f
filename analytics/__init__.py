"""Event capture: ``analytics.track(name, *, user=None, obj=None, **props)``.

Apps call this; analytics imports none of them. Rollups are built from events.

Read events (page views, searches) pass ``defer=True``: they are buffered in
memory and written in batches (``analytics.buffer``), so reading costs no
write. ``on_flush(name)`` lets the app that owns a counter add the batch's
counts to it; ``flush_events()`` writes the buffer now.
"""


def track(name, *, user=None, obj=None, visitor_id="", defer=False, **props):
    """Record an event; returns it, or None when it failed or was deferred."""
    from analytics.services import event_defer, event_record

    if defer:
        event_defer(name=name, user=user, obj=obj, visitor_id=visitor_id, props=props)
        return None
    return event_record(name=name, user=user, obj=obj, visitor_id=visitor_id, props=props)


def track_request(request, name, *, obj=None, defer=False, **props):
    """``track`` with the member or the anonymous visitor taken from the request."""
    user = request.user if request.user.is_authenticated else None
    visitor = "" if user else request.get_visitor_id()
    return track(name, user=user, obj=obj, visitor_id=visitor, defer=defer, **props)


def on_flush(name):
    """Register ``fn(counts)``, called after buffered ``name`` events are written.

    ``counts`` maps object id to the number of events in the batch; the hook
    runs in the same transaction as the insert, so an exception in it undoes
    the batch (which is then retried once, see analytics.buffer).
    """
    from analytics import buffer

    def register(fn):
        buffer.hook_add(name, fn)
        return fn

    return register


def flush_events() -> int:
    """Write every buffered (and, with Redis, queued) event now; returns how many
    rows were written. Never raises."""
    from analytics import buffer, queue

    written = buffer.flush()
    if queue.enabled():
        try:
            written += queue.drain()
        except Exception:  # never raises: beat's flush_event_queue writes them later
            import logging

            logging.getLogger(__name__).exception("analytics: could not drain the event queue")
    return written
