from celery import shared_task

from analytics.services import event_record


@shared_task(name="analytics.tasks.heartbeat", ignore_result=True)
def heartbeat(source: str = "beat") -> None:
    """Proves the worker and beat run: one event every 15 minutes."""
    event_record(name="system.heartbeat", props={"source": source})


@shared_task(name="analytics.tasks.rollup_today", ignore_result=True)
def rollup_today() -> str:
    """Beat, hourly: today's numbers so far."""
    from analytics import rollups

    day = rollups.local_today()
    rollups.rollup_day(day)
    return day.isoformat()


@shared_task(name="analytics.tasks.rollup_final", ignore_result=True)
def rollup_final() -> str:
    """Beat, nightly: yesterday's final numbers, and the days before it that can
    still change (late answers, deflection windows still open at midnight)."""
    import datetime as dt

    from analytics import rollups

    yesterday = rollups.local_today() - dt.timedelta(days=1)
    first = yesterday - dt.timedelta(days=rollups.settle_days() - 1)
    older = rollups.rollup_settle(yesterday)  # also the older days that late answers changed
    return f"{first.isoformat()}..{yesterday.isoformat()}" + "".join(f" {d.isoformat()}" for d in older)


@shared_task(name="analytics.tasks.rollup_day", ignore_result=True)
def rollup_day(day: str) -> str:
    import datetime as dt

    from analytics import rollups

    rollups.rollup_day(dt.date.fromisoformat(day))
    return day


@shared_task(name="analytics.tasks.flush_event_queue", ignore_result=True, acks_late=True)
def flush_event_queue() -> int:
    """Beat, every few seconds with Redis: write the queued read events (analytics/queue.py)."""
    from analytics import queue

    return queue.drain() if queue.enabled() else 0


@shared_task(name="analytics.tasks.prune_event_batches", ignore_result=True)
def prune_event_batches() -> int:
    from analytics import queue

    return queue.prune_batches()
