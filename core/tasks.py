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


@shared_task(name="core.tasks.clear_sessions", ignore_result=True)
def clear_sessions() -> None:
    """Beat, nightly: sessions live in the database (a cache restart signs nobody
    out), so expired ones are removed here instead of by the cache's expiry."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.filter(expire_date__lt=timezone.now()).delete()
