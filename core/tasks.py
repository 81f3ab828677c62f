from celery import shared_task


@shared_task(name="core.tasks.requeue_jobs", ignore_result=True)
def requeue_jobs() -> int:
    """Beat, every minute: send again the outbox's pending jobs (core/jobs.py)."""
    from core.jobs import requeue

    return requeue()


@shared_task(name="core.tasks.prune_jobs", ignore_result=True)
def prune_jobs() -> int:
    from core.jobs import prune

    return prune()
