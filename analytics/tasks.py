from celery import shared_task

from analytics.services import event_record


@shared_task(name="analytics.tasks.heartbeat", ignore_result=True)
def heartbeat(source: str = "beat") -> None:
    """Proves the worker and beat run: one event every 15 minutes."""
    event_record(name="system.heartbeat", props={"source": source})
