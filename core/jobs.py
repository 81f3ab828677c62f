"""A transactional outbox for the Celery tasks whose effect must not be lost.

``enqueue(task, *args)`` writes a ``Job`` row in the caller's transaction and
hands the task to the broker after commit. The row, not the broker message, is
the record that the work is owed:

- the broker is down or empties (a Redis restart): the publish fails or the
  message is gone, the row stays pending, and beat's ``core.tasks.requeue_jobs``
  sends it again (at once for a failed publish, after ``GILDE_JOB_REQUEUE_AFTER``
  seconds for one that was sent and never finished);
- a worker is killed mid-task: the broker delivers the message again after its
  visibility timeout, or beat re-sends it, whichever comes first;
- two copies arrive: a worker claims the row with a conditional UPDATE before
  running the task and marks it done after, so a copy that finds the row done or
  held by a live worker does nothing.

Tasks sent this way use ``JobTask`` as their base: it claims, marks done or
failed, and retries with backoff on the errors a retry can fix (a database or
broker that went away). Errors a retry cannot fix fail the job at once, with
the error kept on the row. The task bodies stay idempotent in their own right
(a claim expires with the time limit), so "at least once" here means "exactly
once" in effect.
"""

from __future__ import annotations

import logging
import re
import socket
from datetime import timedelta

import celery
from celery.exceptions import Retry
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from core.models import Job

logger = logging.getLogger(__name__)

try:  # redis is installed with celery[redis]; the embedded broker does not need it
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover
    RedisConnectionError = RedisTimeoutError = OSError

# Errors that say "something we depend on is away", not "this job is wrong".
TRANSIENT = (OperationalError, InterfaceError, BrokerError, RedisConnectionError, RedisTimeoutError, OSError,
             socket.timeout)
PUBLISH_ERRORS = (BrokerError, RedisConnectionError, RedisTimeoutError, OSError)

MAX_SENDS = 12  # sends that reached a worker and never finished; then the job is failed and logged
_TASK_ID = re.compile(r"^gilde-job-(\d+)$")


def task_id(job_id: int) -> str:
    return f"gilde-job-{job_id}"


def job_id_of(task_id_: str | None) -> int | None:
    match = _TASK_ID.match(task_id_ or "")
    return int(match.group(1)) if match else None


def enqueue(task, *args) -> Job:
    """Owe one run of ``task(*args)``: a row now, a broker message after commit."""
    job = Job.objects.create(task=task.name, args=list(args), sent_at=timezone.now())
    transaction.on_commit(lambda: publish(job.pk, task, args))
    return job


def publish(job_id: int, task, args) -> bool:
    """Hand the job to the broker. A broker that is away leaves the job pending
    (marked unsent, so beat sends it on its next run) instead of failing the
    request that caused it."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task.apply_async(args=list(args), task_id=task_id(job_id))
        return True
    try:
        task.apply_async(args=list(args), task_id=task_id(job_id))
    except PUBLISH_ERRORS as exc:
        logger.warning("outbox: job %s (%s) not sent, beat will send it: %s", job_id, task.name, exc)
        try:
            Job.objects.filter(pk=job_id, done_at__isnull=True).update(sent_at=None)
        except DatabaseError:
            pass  # the row still counts as sent; beat re-sends it after GILDE_JOB_REQUEUE_AFTER
        return False
    return True


def _claim_seconds(task) -> int:
    return int(getattr(task, "time_limit", None) or settings.CELERY_TASK_TIME_LIMIT) + 30


class JobTask(celery.Task):
    """Base class of tasks sent through ``enqueue``. Run any other way (called
    directly, or by a task id that is not a job's), it is a plain task."""

    abstract = True
    autoretry_for = TRANSIENT
    retry_backoff = 2
    retry_backoff_max = 120  # well under the broker's visibility timeout
    retry_jitter = True
    max_retries = 6
    acks_late = True
    ignore_result = True

    def __call__(self, *args, **kwargs):
        job_id = job_id_of(getattr(self.request, "id", None))
        if job_id is None:
            return super().__call__(*args, **kwargs)
        now = timezone.now()
        claimed = (
            Job.objects.filter(pk=job_id, done_at__isnull=True, failed_at__isnull=True)
            .filter(Q(running_until__isnull=True) | Q(running_until__lt=now))
            .update(running_until=now + timedelta(seconds=_claim_seconds(self)))
        )
        if not claimed:
            return None  # done already, failed, or a live worker holds it
        try:
            result = super().__call__(*args, **kwargs)
        except Retry as retry:
            cause = retry.exc
            _release(job_id, error=f"{type(cause).__name__}: {cause}" if cause is not None else "retrying")
            raise
        except TRANSIENT as exc:
            _release(job_id, error=f"{type(exc).__name__}: {exc}")
            raise
        except Exception as exc:
            _fail(job_id, f"{type(exc).__name__}: {exc}")
            raise
        Job.objects.filter(pk=job_id).update(done_at=timezone.now(), running_until=None, error="")
        return result


def _release(job_id: int, error: str = "") -> None:
    """Let the next copy (a Celery retry, a redelivery, beat) claim the job."""
    try:
        Job.objects.filter(pk=job_id, done_at__isnull=True).update(running_until=None, error=error[:2000])
    except DatabaseError:
        pass  # the claim expires with the time limit


def _fail(job_id: int, error: str) -> None:
    logger.error("outbox: job %s failed and will not be retried: %s", job_id, error)
    try:
        Job.objects.filter(pk=job_id, done_at__isnull=True).update(
            failed_at=timezone.now(), running_until=None, error=error[:2000]
        )
    except DatabaseError:
        pass


def requeue(*, now=None, limit: int = 5000) -> int:
    """Send again every pending job that never reached the broker, or that was
    sent longer than ``GILDE_JOB_REQUEUE_AFTER`` ago and is not held by a live
    worker. Returns how many were sent."""
    from celery import current_app as app  # the project's app (config/celery.py), without importing config

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.GILDE_JOB_REQUEUE_AFTER)
    due = (
        Job.objects.filter(done_at__isnull=True, failed_at__isnull=True)
        .filter(Q(sent_at__isnull=True) | Q(sent_at__lt=cutoff))
        .exclude(running_until__gt=now)
        .order_by("pk")[:limit]
    )
    sent = 0
    for job in due:
        task = app.tasks.get(job.task)
        if task is None:
            _fail(job.pk, f"no task named {job.task}")
            continue
        was_sent = job.sent_at is not None
        if was_sent and job.sends >= MAX_SENDS:
            _fail(job.pk, f"gave up after {job.sends} sends without finishing")
            continue
        # Claim the re-send, so two beats (there should be one) never both send it.
        claimed = Job.objects.filter(pk=job.pk, sent_at=job.sent_at).update(
            sent_at=now, sends=F("sends") + (1 if was_sent else 0)
        )
        if claimed and publish(job.pk, task, job.args):
            sent += 1
    if sent:
        logger.info("outbox: sent %d pending jobs again", sent)
    return sent


def prune(*, older_than_days: int = 7) -> int:
    """Forget done jobs after a week (failed ones stay for an operator to read)."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    ids = list(Job.objects.filter(done_at__lt=cutoff).values_list("pk", flat=True)[:10_000])
    return Job.objects.filter(pk__in=ids).delete()[0] if ids else 0
